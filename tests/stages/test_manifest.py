"""The manifest: stages in order, the debt catalogue, and the stage list derived from it."""

import re
from pathlib import Path

import pytest

from stages.instrument.manifest import REPOSITORY_ROOT, parse_manifest
from stages.instrument.stage_list import STAGE_PACKAGES

MONOLITH_README = REPOSITORY_ROOT / "monolith" / "README.md"
PROBES = REPOSITORY_ROOT / "stages" / "instrument" / "probes"


def test_stage_list_is_read_from_the_manifest(manifest):
    assert tuple(stage.package for stage in manifest.stages) == STAGE_PACKAGES
    assert manifest.stages[0].package == "monolith"


def test_catalogue_lists_every_debt_the_monolith_plants_with_its_readme_name(manifest):
    planted = dict(re.findall(r"^\| (DEBT-\d\d) \| ([^|]+?) \|", MONOLITH_README.read_text(), re.M))

    assert [debt.id for debt in manifest.debts] == sorted(planted)
    assert {debt.id: debt.name for debt in manifest.debts} == planted


def test_every_debt_has_a_category_literature_and_an_existing_probe(manifest):
    categories = {
        "architecture",
        "code",
        "test",
        "infrastructure",
        "data",
        "model",
        "configuration",
        "ethics",
    }
    for debt in manifest.debts:
        assert debt.category in categories
        assert debt.literature
        assert (PROBES / f"{debt.probe}.py").is_file(), debt.probe


@pytest.mark.parametrize("name", ["00", "0", "monolith"])
def test_a_stage_is_found_by_number_slug_or_package(manifest, name):
    assert manifest.stage(name).package == "monolith"


def test_an_unknown_stage_is_a_key_error_listing_the_known_ones(manifest):
    with pytest.raises(KeyError, match="00 monolith"):
        manifest.stage("99")


def test_a_debt_is_found_by_its_id_or_its_number(manifest):
    assert manifest.debt("DEBT-02") == manifest.debt("02") == manifest.debt("2")


MANIFEST = """
[[stages]]
number = "00"
package = "monolith"
slug = "monolith"
title = "first"
repays = []
changes = []

[[stages]]
number = "01"
package = "refactored"
slug = "refactored"
title = "last"
repays = ["DEBT-01"]
changes = ["**"]

[[debts]]
id = "DEBT-01"
name = "repaid"
category = "code"
literature = "x"
probe = "skew"

[[debts]]
id = "DEBT-02"
name = "never repaid"
category = "code"
literature = "x"
probe = "skew"
"""


def test_a_debt_is_present_before_its_repaying_stage_and_absent_from_it_on():
    manifest = parse_manifest(MANIFEST)
    first, last = manifest.stages
    repaid, open_debt = manifest.debts

    assert manifest.debt_expected_present(repaid, first)
    assert not manifest.debt_expected_present(repaid, last)
    assert manifest.debt_expected_present(open_debt, first)
    assert manifest.debt_expected_present(open_debt, last)


def test_which_stage_repays_a_debt_is_derived_from_the_stages_repays():
    repaid, open_debt = parse_manifest(MANIFEST).debts

    assert repaid.repaid_by == "refactored"
    assert open_debt.repaid_by == ""


def test_every_debt_of_the_catalogue_is_repaid_by_exactly_one_stage(manifest):
    repaid = [debt_id for stage in manifest.stages for debt_id in stage.repays]

    assert sorted(repaid) == sorted(debt.id for debt in manifest.debts)


def test_an_intermediate_stage_lives_in_its_folder_and_is_tagged_by_its_slug(manifest):
    stage = manifest.stage("separated-concerns")

    assert stage.folder == REPOSITORY_ROOT / "stages" / "stage_02_separated_concerns"
    assert stage.tag == "stage-02-separated-concerns"
    assert manifest.stage("02") == manifest.stage("stages.stage_02_separated_concerns") == stage


def test_stage_tags_and_folders_follow_the_naming_rule():
    first, last = parse_manifest(MANIFEST).stages

    assert first.tag == "stage-00-monolith"
    assert last.tag == "stage-01-refactored"
    assert first.folder == REPOSITORY_ROOT / "monolith"
    assert isinstance(last.folder, Path)
