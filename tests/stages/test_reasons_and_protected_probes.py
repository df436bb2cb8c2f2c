"""The DEBT-14 and DEBT-16 probes catch the cheats they are meant to catch.

Each stand-in stage of `tests/stages/fake_reasons/` scores with the same logistic regression;
only the way its reasons are made, the fields its model scores, or whether its fit keeps the
code book's order of risk, differ.
"""

import pytest

from stages.instrument.manifest import Stage, load_manifest
from stages.instrument.probes import reasons
from stages.instrument.probes.context import ProbeContext
from stages.instrument.probes.result import ProbeResult
from stages.instrument.probes.runner import run_probe


def measure(tmp_path_factory, mode: str, debt_id: str) -> ProbeResult:
    """Run one probe on the stand-in stage of kind `mode`."""
    package = f"tests.stages.fake_reasons.{mode}"
    stage = Stage("97", package, f"fake-{mode}".replace("_", "-"), f"reasons: {mode}", (), ())
    context = ProbeContext.start(stage, tmp_path_factory.mktemp(f"fake-{mode}"))
    return run_probe(context, load_manifest().debt(debt_id))


@pytest.fixture(scope="module")
def reasons_results(tmp_path_factory) -> dict[str, ProbeResult]:
    """The DEBT-14 probe on every stand-in stage, measured once for this module.

    Eight rejections per stage instead of twenty keep the module fast; each cheat shows on
    every rejection.
    """
    modes = ("honest", "constant", "flattering", "protected_reason", "unordered")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reasons, "REJECTIONS_CHECKED", 8)
        return {mode: measure(tmp_path_factory, mode, "DEBT-14") for mode in modes}


def test_honest_reasons_from_the_model_are_found_consistent(reasons_results):
    result = reasons_results["honest"]

    assert not result.present, result.summary
    assert result.evidence["reasons_consistent"] == result.evidence["reasons_checked"] >= 8
    assert result.evidence["ordered_moves"] > result.evidence["ordered_applicants_moved"]
    assert result.evidence["ordered_moves_lowering_p_default"] == 0


def test_honest_reasons_from_a_score_that_rewards_a_worse_value_are_caught(reasons_results):
    result = reasons_results["unordered"]
    worst = result.evidence["order_examples"][0]

    assert result.present
    assert result.evidence["reasons_consistent"] == result.evidence["reasons_checked"] >= 8
    assert result.evidence["ordered_moves_lowering_p_default"] > 0
    assert worst["with_the_worse_value"] < worst["probability_default"]


def test_a_constant_list_of_reasons_is_caught(reasons_results):
    result = reasons_results["constant"]

    assert result.present
    assert result.evidence["reasons_consistent"] < 0.95 * result.evidence["reasons_checked"]


def test_reasons_naming_values_better_than_typical_are_caught(reasons_results):
    result = reasons_results["flattering"]

    assert result.present
    assert result.evidence["reasons_consistent"] == 0 < result.evidence["reasons_checked"]


def test_a_protected_attribute_given_as_a_reason_is_caught(reasons_results):
    result = reasons_results["protected_reason"]

    assert result.present
    assert result.evidence["protected_attribute_given"] == result.evidence["with_reasons"]


def test_a_model_that_scores_protected_attributes_is_caught(tmp_path_factory):
    result = measure(tmp_path_factory, "protected_score", "DEBT-16")

    assert result.present
    assert result.evidence["applicants_whose_probability_moves"] >= 5
    worst = result.evidence["worst"]
    assert worst["probability_before"] != worst["probability_after"]
    assert set(worst["changed"]) <= {"age", "personal_status_sex", "foreign_worker"}


def test_a_model_without_protected_attributes_passes_the_protected_probe(tmp_path_factory):
    result = measure(tmp_path_factory, "honest", "DEBT-16")

    assert not result.present, result.summary
    assert result.evidence["applicants_whose_probability_moves"] == 0
