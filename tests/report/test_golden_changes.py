"""The golden-master changes a stage page shows: which holdout decisions a stage changed."""

from stages.instrument.manifest import load_manifest
from stages.instrument.report.golden_changes import golden_changes


def test_the_human_review_stage_changes_decisions_to_review_and_no_probability():
    manifest = load_manifest()

    changes = golden_changes(manifest, manifest.stage("stages.stage_12_human_review"))

    assert changes.file == "tests/golden/stages.stage_12_human_review.approved.csv"
    assert changes.previous_file == "tests/golden/stages.stage_06_decision_policy.approved.csv"
    assert changes.compared == 200
    assert changes.changed and {row["decision_after"] for row in changes.changed} == {"review"}
    assert changes.largest_shift == 0


def test_a_stage_without_a_file_of_its_own_shares_its_predecessor_s():
    manifest = load_manifest()

    changes = golden_changes(manifest, manifest.stage("stages.stage_07_registry"))

    assert changes.same_file and changes.changed == []
