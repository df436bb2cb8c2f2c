"""Unit: drift statistics, drift and performance reports, and alerts, on seeded arrays."""

import numpy as np
import pandas as pd
import pytest

from refactored.features.columns import CATEGORICAL_FEATURES, INPUT_FEATURES
from refactored.monitoring.alerts import drift_alerts, performance_alerts
from refactored.monitoring.drift import drift_report
from refactored.monitoring.performance import performance_report
from refactored.monitoring.statistics import MIN_PSI, psi, psi_threshold
from refactored.monitoring.watch import holdout_figures

SHARES = np.full(10, 0.1)


def test_psi_is_zero_for_identical_shares_and_grows_with_the_shift():
    assert psi(SHARES, 800, np.full(10, 50)) == pytest.approx(0.0, abs=1e-9)
    small = psi(SHARES, 800, np.array([60, 60, 50, 50, 50, 50, 50, 50, 40, 40]))
    large = psi(SHARES, 800, np.array([100, 90, 70, 50, 50, 40, 40, 30, 20, 10]))
    assert 0 < small < large


def test_the_threshold_follows_the_noise_of_small_windows_and_a_floor_on_large_ones():
    small, medium, large = (psi_threshold(10, n, 800, 1e-4) for n in (100, 500, 1_000_000))

    assert small > medium > large == MIN_PSI


def test_without_drift_the_scaled_psi_rarely_exceeds_the_threshold():
    rng = np.random.default_rng(11)
    alarms = sum(
        psi(SHARES, 800, np.bincount(rng.integers(0, 10, 500), minlength=10))
        > psi_threshold(10, 500, 800, 0.01)
        for _ in range(2000)
    )

    assert alarms / 2000 < 0.01


@pytest.fixture(scope="module")
def card(champion) -> dict:
    return champion.card


def sample(holdout: pd.DataFrame, size: int, seed: int, weights=None) -> pd.DataFrame:
    """`size` holdout rows drawn with replacement (seeded, optionally weighted)."""
    rng = np.random.default_rng(seed)
    return holdout.iloc[rng.choice(len(holdout), size, p=weights)].reset_index(drop=True)


def report_of(card, champion, rows: pd.DataFrame) -> dict:
    probabilities = champion.pipeline.predict_proba(rows[list(INPUT_FEATURES)])[:, 1]
    return drift_report(
        rows, probabilities, card["reference_statistics"], 1 / 6, holdout_figures(card)
    )


def test_a_window_like_the_reference_raises_no_drift_alert(card, champion, holdout):
    report = report_of(card, champion, sample(holdout, 500, seed=1))

    assert report["drifted"] == [] and drift_alerts(report) == []
    assert set(report["features"]) == set(INPUT_FEATURES)
    assert all(0 <= entry["chi_squared_p_value"] <= 1 for entry in report["features"].values())


def test_larger_amounts_are_an_input_drift_with_their_evidence(card, champion, holdout):
    amounts = holdout["credit_amount"].to_numpy(dtype=float)
    weights = np.exp(1.0 * (amounts - amounts.mean()) / amounts.std())

    report = report_of(card, champion, sample(holdout, 500, 2, weights / weights.sum()))

    assert "credit_amount" in report["drifted"]
    alert = next(a for a in drift_alerts(report) if a["subject"] == "credit_amount")
    evidence = alert["evidence"]
    assert alert["kind"] == "input_drift"
    assert evidence["psi"] > evidence["threshold"] and evidence["ks_p_value"] < 1e-3


def test_an_unseen_category_counts_toward_drift(card, champion, holdout):
    rows = sample(holdout, 500, seed=3)
    rows.loc[:200, "housing"] = "castle"

    report = report_of(card, champion, rows)

    assert report["features"]["housing"]["drifted"]


def labelled(rng, size: int, shift: float = 0.0, segment_shift: float = 0.0):
    """Calibrated synthetic predictions, optionally with a prior or a segment shift."""
    probabilities = rng.uniform(0.02, 0.8, size)
    inputs = pd.DataFrame({name: "a" for name in CATEGORICAL_FEATURES}, index=range(size))
    inputs["checking_account"] = np.where(rng.random(size) < 0.4, "none", "lt_0")
    # The segment's risk rises and the others' falls, holding the overall bad rate.
    none = (inputs["checking_account"] == "none").to_numpy()
    change = segment_shift * np.where(none, 1.0, -0.4 / 0.6)
    truth = np.clip(probabilities + shift + change, 0, 1)
    return (rng.random(size) < truth).astype(int), probabilities, inputs


HOLDOUT = {"auc": 0.8, "brier": 0.16, "rows": 200, "bad_rate": 0.3}


def test_calibrated_outcomes_raise_no_prior_or_concept_alert():
    rng = np.random.default_rng(5)
    alarms = 0
    for _ in range(50):
        report = performance_report(*labelled(rng, 500), list(CATEGORICAL_FEATURES), HOLDOUT)
        alarms += bool(performance_alerts(report))

    assert alarms <= 1


def test_a_higher_bad_rate_is_a_prior_shift():
    report = performance_report(
        *labelled(np.random.default_rng(6), 500, shift=0.15), list(CATEGORICAL_FEATURES), HOLDOUT
    )

    (alert,) = [a for a in performance_alerts(report) if a["kind"] == "prior_shift"]
    assert alert["evidence"]["observed_bad_rate"] > alert["evidence"]["predicted_bad_rate"]


def test_a_segment_whose_risk_changed_is_a_concept_shift():
    defaulted, probabilities, inputs = labelled(np.random.default_rng(7), 500, segment_shift=0.25)

    report = performance_report(
        defaulted, probabilities, inputs, list(CATEGORICAL_FEATURES), HOLDOUT
    )

    subjects = {a["subject"] for a in performance_alerts(report) if a["kind"] == "concept_shift"}
    assert "checking_account=none" in subjects
