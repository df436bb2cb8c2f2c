"""Integration: the monitor on a real database, replaying every drift scenario, and its routes.

The scenarios' predictions are logged in bulk through the repository (the monitoring probe,
DEBT-08, replays them through HTTP); the routes are checked on a small window.
"""

from datetime import UTC, datetime

import numpy as np
import pytest

from benchmarks.scored_log import add_outcomes, log_batch
from credit_data.codebook import TARGET
from credit_data.load import applicant_payload
from refactored.monitoring.watch import Monitor
from refactored.storage.engine import build_engine
from refactored.storage.monitoring import SqlMonitoringRepository
from stages.instrument.drift.scenarios import SCENARIOS
from stages.instrument.drift.stream import stream
from tests.refactored.conftest import ADMIN_TOKEN, build_app

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
NOW = datetime(2026, 5, 1, tzinfo=UTC)
EXPECTED_KIND = {"covariate": "input_drift", "prior": "prior_shift", "concept": "concept_shift"}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.name for scenario in SCENARIOS])
def test_every_scenario_alerts_within_its_budget_and_the_baseline_stays_quiet(
    tmp_path, champion, scenario
):
    engine = build_engine(f"sqlite:///{tmp_path / 'replay.db'}")
    repository = SqlMonitoringRepository(engine)
    monitor = Monitor(repository, 500, 1 / 6, card=lambda: champion.card, clock=lambda: NOW)
    first_alert = None
    for batch in stream(scenario):
        add_outcomes(engine, batch.outcomes, NOW)
        log_batch(engine, champion, batch.applicants, NOW)
        if monitor.check() and first_alert is None:
            first_alert = batch.index

    if scenario.detection_budget is None:
        assert first_alert is None, repository.alerts()
    else:
        deadline = scenario.reference_batches + scenario.detection_budget - 1
        assert scenario.reference_batches <= first_alert <= deadline
        kinds = {alert["kind"] for alert in repository.alerts()}
        assert EXPECTED_KIND[scenario.name] in kinds
    assert [window["index"] for window in repository.windows()] == [4, 3, 2, 1, 0]


def test_checking_twice_stores_each_window_and_alert_once(tmp_path, champion):
    engine = build_engine(f"sqlite:///{tmp_path / 'twice.db'}")
    repository = SqlMonitoringRepository(engine)
    monitor = Monitor(repository, 500, 1 / 6, card=lambda: champion.card, clock=lambda: NOW)
    covariate = next(scenario for scenario in SCENARIOS if scenario.name == "covariate")
    log_batch(engine, champion, stream(covariate)[2].applicants, NOW)

    first, second = monitor.check(), monitor.check()

    assert first > 0 and second == 0
    assert len(repository.windows()) == 1 and len(repository.alerts()) == first


def test_the_monitoring_routes_show_drift_performance_and_alerts(instance, holdout, champion):
    client = build_app(instance, ADMIN_TOKEN=ADMIN_TOKEN, MONITORING_WINDOW=100).test_client()
    largest = holdout.sort_values("credit_amount").tail(100)
    payloads = [
        {**applicant_payload(row), "application_id": f"big-{number}"}
        for number, (_, row) in enumerate(largest.iterrows())
    ]
    client.post("/score/batch", json={"applicants": payloads})
    for payload, (_, row) in zip(payloads, largest.iterrows(), strict=True):
        body = {"application_id": payload["application_id"], "defaulted": int(row[TARGET])}
        client.post("/outcomes", json=body, headers=ADMIN)

    alerts = client.get("/monitoring/alerts", headers=ADMIN).get_json()["alerts"]
    drift = client.get("/monitoring/drift", headers=ADMIN).get_json()
    performance = client.get("/monitoring/performance", headers=ADMIN).get_json()

    amount = next(alert for alert in alerts if alert["subject"] == "credit_amount")
    assert amount["kind"] == "input_drift" and amount["window"] == 0
    assert amount["evidence"]["psi"] > amount["evidence"]["threshold"]
    (window,) = drift["windows"]
    assert window["rows"] == 100 and "credit_amount" in window["drift"]["drifted"]
    assert window["drift"]["model_version"] == champion.version
    (checked,) = performance["windows"]
    assert checked["performance"]["labelled_rows"] == 100
    assert set(checked["performance"]) >= {"prior", "auc", "brier", "miscalibrated_segments"}
    assert np.isfinite(checked["performance"]["auc"]["value"])
