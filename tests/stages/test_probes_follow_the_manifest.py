"""Every probe finds its debt on every stage before the one that repays it, and not after.

Parametrized over the manifest's stages (through the session's `stage_instance`) and its
debts: a stage added to the manifest is measured without editing this file.
"""

import json

import pytest

from stages.instrument.manifest import load_manifest
from stages.instrument.matrix import CELL_WIDTH, StageReport

DEBT_IDS = [debt.id for debt in load_manifest().debts]


@pytest.mark.parametrize("debt_id", DEBT_IDS)
def test_probe_reports_what_the_manifest_says_about_the_stage(
    stage_report: StageReport, manifest, debt_id: str
):
    debt = manifest.debt(debt_id)
    result = stage_report.results[debt_id]
    expected = manifest.debt_expected_present(debt, stage_report.stage)

    assert result.present == expected, f"{stage_report.stage.package}: {result.summary}"


def test_every_result_is_one_line_with_json_evidence(stage_report: StageReport):
    for debt_id, result in stage_report.results.items():
        assert result.debt_id == debt_id
        assert result.summary and "\n" not in result.summary
        assert result.figure and len(result.figure) <= CELL_WIDTH - 3
        assert json.loads(json.dumps(result.as_json()))["present"] == result.present


def test_the_ml_test_score_is_computed_from_twenty_observations_or_more(stage_report: StageReport):
    score = stage_report.score

    assert score["computed"] and len(score["measured"]) >= 20
    assert score["final"] == min(score["sections"].values())
    assert set(score["credited"]) <= {line.split(" <- ")[0] for line in score["measured"]}
    if not stage_report.stage.repays:
        assert score["final"] == 0, score["credited"]
