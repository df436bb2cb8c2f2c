"""Every stage that monitors its inputs tests a field with few values on its counts.

From the input-monitoring stage on, a category or an integer with few values drifts when the
chi-squared test of the window's counts against the reference's shares says so within the
window's false-alarm budget, not when its PSI passes the floor of 0.1: every shifted window
of the telephone scenario (41 % to 57 % with a telephone) is flagged, some with a PSI under
the floor, and no window of the baseline flags any input. Each stage is measured with its own
modules, on the reference statistics its training would keep.
"""

import importlib
from functools import cache

import numpy as np
import pytest

from credit_data.load import load_dataset, training_rows
from stages.instrument.drift.scenarios import scenario
from stages.instrument.drift.stream import stream
from stages.instrument.manifest import load_manifest

MONITORING_STAGES = [
    stage.package
    for stage in load_manifest().stages
    if (stage.folder / "monitoring" / "drift.py").is_file()
]
HOLDOUT = {"approval_rate": 0.5, "rows": 200}


@pytest.fixture(scope="module")
def batches() -> dict[str, list]:
    """The telephone scenario's shifted batches and the baseline's batches."""
    shifted = [batch for batch in stream(scenario("covariate_telephone")) if batch.shifted]
    return {"shifted": shifted, "baseline": stream(scenario("baseline"))}


@cache
def reference_of(package: str) -> dict:
    """The reference statistics the stage's training keeps of the training rows."""
    reference = importlib.import_module(f"{package}.training.reference")
    rows = training_rows(load_dataset())
    return reference.reference_statistics(rows, np.full(len(rows), 0.3))


def features_report(package: str, applicants) -> dict:
    """The stage's drift report of `applicants`' inputs, per feature (the score left aside)."""
    drift = importlib.import_module(f"{package}.monitoring.drift")
    columns = importlib.import_module(f"{package}.features.columns")
    statistics = reference_of(package)
    inputs = applicants[list(columns.INPUT_FEATURES)]
    scores = np.full(len(inputs), 0.3)
    return drift.drift_report(inputs, scores, statistics, 1 / 6, HOLDOUT)["features"]


def test_the_monitoring_stages_are_those_from_input_monitoring_on():
    assert MONITORING_STAGES[0] == "stages.stage_08_input_monitoring"
    assert MONITORING_STAGES[-1] == "refactored"


@pytest.mark.parametrize("package", MONITORING_STAGES)
def test_a_telephone_share_of_57_percent_drifts_and_the_baseline_does_not(package, batches):
    telephone = [features_report(package, b.applicants)["telephone"] for b in batches["shifted"]]

    assert [entry["drifted"] for entry in telephone] == [True] * len(telephone)
    assert any(entry["psi"] < 0.1 for entry in telephone)
    for batch in batches["baseline"]:
        report = features_report(package, batch.applicants)
        assert [name for name, entry in report.items() if entry["drifted"]] == []
