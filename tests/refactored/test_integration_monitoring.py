"""Integration: the monitor on a real database, replaying the drift scenarios, and its routes.

Replays report outcomes one batch late and for approved applicants only, as a lender gets
them (`benchmarks/monitor_replay.py`); the all-outcomes replay is the oracle comparison. The
predictions are logged in bulk through the repository (the monitoring probe, DEBT-08,
replays them through HTTP); the routes are checked on a small window.
"""

import dataclasses

import pytest

from benchmarks.monitor_replay import NOW, replay
from benchmarks.scored_log import log_batch
from credit_data.codebook import TARGET
from credit_data.load import applicant_payload
from refactored.monitoring.watch import Monitor
from refactored.storage.engine import build_engine
from refactored.storage.monitoring import SqlMonitoringRepository
from stages.instrument.drift.scenarios import SCENARIOS, scenario
from stages.instrument.drift.stream import stream
from tests.refactored.conftest import ADMIN_TOKEN, build_app

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
EXPECTED_KIND = {
    "covariate": "input_drift",
    "covariate_telephone": "input_drift",
    "prior": "prior_shift",
    "concept": "concept_shift",
    "concept_long_loans": "concept_shift",
}
BASELINE_REPLAYS = 20


def caught_within_budget(shift, result) -> bool:
    """Whether a replay's first alert falls between the earliest fair batch and the deadline."""
    first = result.first_alert
    return first is not None and shift.earliest_fair_alert <= first <= shift.deadline


@pytest.mark.parametrize("shift", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_with_approved_only_outcomes_every_shift_alerts_within_budget(tmp_path, champion, shift):
    result = replay(shift, champion, tmp_path / "replay.db")

    assert result.windows and result.labelled
    if shift.detection_budget is None:
        assert result.first_alert is None, result.alerts
    else:
        assert caught_within_budget(shift, result), (result.first_alert, result.alerts)
        assert EXPECTED_KIND[shift.name] in result.kinds
        assert all(alert["window"] >= shift.reference_batches for alert in result.alerts)


def test_with_approved_only_outcomes_the_numeric_segment_of_long_loans_is_the_one_found(
    tmp_path, champion
):
    result = replay(scenario("concept_long_loans"), champion, tmp_path / "replay.db")

    subjects = {alert["subject"] for alert in result.alerts if alert["kind"] == "concept_shift"}
    assert "duration_months=>= 24" in subjects, result.alerts


# The checks spend a false-alarm budget of 0.002 (drift) + 0.001 (outcomes) per window, up to
# about 3.6 % per replay of 12 windows. Measured (`benchmarks.refactored_monitoring
# --drift-only`): one of the 20 replays alarms (seed 20010, a concept check at batch 10: amounts
# under 1,483 DM, observed bad rate 0.155 against 0.100 predicted, z 4.6 against the rest of
# the window); a second alarm would be a regression.
MOST_BASELINE_ALARMS = 1


@pytest.mark.slow
def test_twenty_seeded_baseline_replays_raise_at_most_one_alert(tmp_path, champion):
    baseline = scenario("baseline")
    alarms = [
        replay(dataclasses.replace(baseline, seed=20_000 + seed), champion, tmp_path / f"{seed}.db")
        for seed in range(BASELINE_REPLAYS)
    ]

    alarmed = [result.alerts for result in alarms if result.alerts]
    assert len(alarmed) <= MOST_BASELINE_ALARMS, alarmed


# Windows 250 applicants out of step with the batches leave the second reference window half
# shifted: the reference offset takes in part of the prior shift, and against the world
# (`stages/instrument/drift/world.py`, outside the champion's family) what is left is first
# flagged at batch 10 by a segment check and at batch 11 by the prior check, four batches past
# the allowance (in step with the batches it is caught at batch 5). Strict: the test fails once
# the case is caught again.
STRADDLED_PRIOR_LATE = pytest.mark.xfail(
    strict=True, reason="a half-shifted reference window absorbs the prior shift: batch 10"
)


@pytest.mark.parametrize("name", [pytest.param("prior", marks=STRADDLED_PRIOR_LATE), "concept"])
def test_windows_that_straddle_the_shift_still_catch_it_one_window_later_at_most(
    tmp_path, champion, name
):
    shift = scenario(name)

    result = replay(shift, champion, tmp_path / "replay.db", lead_in=250)

    assert result.first_alert is not None and result.first_alert <= shift.deadline + 1
    assert EXPECTED_KIND[name] in result.kinds


def test_outcome_checks_use_the_approved_only_and_show_estimates_beside_realised(
    tmp_path, champion
):
    result = replay(scenario("baseline"), champion, tmp_path / "replay.db")

    checked = [window for window in result.windows if window["performance"]]
    assert checked
    for window in checked:
        performance, decisions = window["performance"], window["drift"]["decisions"]
        assert performance["approved_rows"] == decisions["approve"] < window["rows"]
        both = performance["estimated_and_realised"]
        assert both["labelled_rows"] == performance["labelled_rows"]
        assert set(both["bad_rate"]) == {"estimated", "realised"}
        assert window["drift"]["estimated_performance"]["assumptions"]
    # The reference period is the first two windows whose outcomes were checked: a window
    # drift-checked before they were has no offset to correct its estimate by, and the last
    # windows, checked long after, have one.
    offsets = [
        window["drift"]["estimated_performance"]["reference_offset"]
        for window in sorted(result.windows, key=lambda window: window["index"])
    ]
    assert offsets[0] is None and offsets[-1] is not None
    first = next(index for index, offset in enumerate(offsets) if offset is not None)
    assert None not in offsets[first:]


def test_the_oracle_with_every_outcome_sees_more_rows_than_a_lender(tmp_path, champion):
    concept = scenario("concept")

    lender = replay(concept, champion, tmp_path / "lender.db")
    oracle = replay(concept, champion, tmp_path / "oracle.db", labels="all")

    assert oracle.labelled > 2 * lender.labelled
    assert oracle.first_alert is not None and oracle.first_alert <= lender.first_alert


def test_checking_twice_stores_each_window_and_alert_once(tmp_path, champion):
    engine = build_engine(f"sqlite:///{tmp_path / 'twice.db'}")
    findings = SqlMonitoringRepository(engine)
    monitor = Monitor(findings, 500, 1 / 6, card=lambda: champion.card, clock=lambda: NOW)
    log_batch(engine, champion, stream(scenario("covariate"))[2].applicants, NOW)

    first, second = monitor.check(), monitor.check()

    assert first > 0 and second == 0
    assert len(findings.windows()) == 1 and len(findings.alerts()) == first


def test_the_monitoring_routes_show_drift_performance_fairness_and_alerts(
    instance, holdout, champion
):
    client = build_app(instance, ADMIN_TOKEN=ADMIN_TOKEN, MONITORING_WINDOW=100).test_client()
    largest = holdout.sort_values("credit_amount").tail(100)
    payloads = [
        {**applicant_payload(row), "application_id": f"big-{number}"}
        for number, (_, row) in enumerate(largest.iterrows())
    ]
    answers = client.post("/score/batch", json={"applicants": payloads}).get_json()["results"]
    approved = [a["application_id"] for a in answers if a["decision"] == "approve"]
    for payload, (_, row) in zip(payloads, largest.iterrows(), strict=True):
        if payload["application_id"] in approved:
            body = {"application_id": payload["application_id"], "defaulted": int(row[TARGET])}
            client.post("/outcomes", json=body, headers=ADMIN)

    alerts = client.get("/monitoring/alerts", headers=ADMIN).get_json()["alerts"]
    drift = client.get("/monitoring/drift", headers=ADMIN).get_json()
    performance = client.get("/monitoring/performance", headers=ADMIN).get_json()
    fairness = client.get("/monitoring/fairness", headers=ADMIN).get_json()

    amount = next(alert for alert in alerts if alert["subject"] == "credit_amount")
    assert amount["kind"] == "input_drift" and amount["window"] == 0
    assert amount["evidence"]["psi"] > amount["evidence"]["threshold"]
    (window,) = drift["windows"]
    assert window["rows"] == 100 and "credit_amount" in window["drift"]["drifted"]
    assert window["drift"]["model_version"] == champion.version
    (checked,) = performance["windows"]
    assert checked["performance"]["labelled_rows"] == len(approved)
    assert checked["estimated"]["rows"] == 100
    assert set(checked["performance"]) >= {"prior", "auc", "brier", "miscalibrated_segments"}
    (rated,) = fairness["windows"]
    assert set(rated["groups"]) == {"sex", "age", "foreign_worker"}
    assert all(0 < entry["ratio"] <= 1 for entry in rated["groups"].values() if entry["ratio"])
