"""Metrics: `GET /metrics` counts what the service answered and decided, in one process or many.

Under gunicorn with 2 workers (the production settings, `refactored/gunicorn_config.py`),
concurrent clients are served by both workers, each counting in files of its own in the
shared folder; every scrape, whichever worker answers it, reports the sum over both.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.refactored.servers import call, start_service

REQUESTS = 40
# prometheus_client's multiprocess files: one per process and kind of metric.
COUNTER_FILE = re.compile(r"counter_(\d+)\.db")


def names(folder: Path) -> list[str]:
    """The files in the metrics folder."""
    return [path.name for path in folder.iterdir()]


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """The scrape's samples by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scored(values: dict, route: str = "/score") -> float:
    """How many requests to `route` were answered 200."""
    key = ("credit_http_requests_total", (("method", "POST"), ("route", route), ("status", "200")))
    return values.get(key, 0.0)


def decisions(values: dict) -> float:
    """How many decisions were counted, whichever they were."""
    return sum(value for (name, _), value in values.items() if name == "credit_decisions_total")


def test_one_process_counts_requests_decisions_and_the_served_version(http, valid_payload):
    for number in range(3):
        http.post("/score", json={**valid_payload, "application_id": f"metrics-{number}"})
    http.post("/score", json={"age": -5})

    response = http.get("/metrics")

    assert response.status_code == 200 and response.mimetype == "text/plain"
    values = samples(response.get_data(as_text=True))
    assert scored(values) == 3 and decisions(values) == 3
    refused = (
        "credit_http_requests_total",
        (("method", "POST"), ("route", "/score"), ("status", "400")),
    )
    assert values[refused] == 1
    assert values[("credit_served_model_version", ())] == 1
    durations = [key for key in values if key[0] == "credit_http_request_duration_seconds_count"]
    assert durations


def read_text(port: int) -> str:
    """One scrape, on a new connection."""
    connection = HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", "/metrics")
        response = connection.getresponse()
        assert response.status == 200
        return response.read().decode()
    finally:
        connection.close()


@pytest.mark.slow
@pytest.mark.databases("postgresql")
def test_under_gunicorn_every_scrape_reports_both_workers_counts(
    instance, tmp_path, valid_payload, monkeypatch
):
    folder = tmp_path / "metrics"
    folder.mkdir()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    service = start_service(instance, tmp_path / "service", workers=2)

    def score(number: int) -> int:
        payload = {**valid_payload, "application_id": f"gunicorn-metrics-{number}"}
        return call(service.port, "POST", "/score", payload)[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(score, range(REQUESTS)))
    scrapes = [samples(read_text(service.port)) for _ in range(6)]
    log = service.stop()

    assert statuses == [200] * REQUESTS, log[-3000:]
    counting = {int(m.group(1)) for m in map(COUNTER_FILE.fullmatch, names(folder)) if m}
    assert len(counting) == 2, f"{sorted(names(folder))}: one worker served every request"
    for values in scrapes:
        assert scored(values) == REQUESTS and decisions(values) == REQUESTS


def test_the_monitor_s_recent_alerts_are_counted_by_kind_with_their_newest_window(service, http):
    findings = service.extensions["refactored"].findings
    now = datetime.now(UTC)
    for index, kinds in ((3, ["input_drift", "concept_shift"]), (4, ["input_drift"])):
        window = {"index": index, "first_id": index, "last_id": index, "rows": 1, "drift": {}}
        alerts = [
            {"kind": kind, "subject": "age", "message": "a finding", "evidence": {}}
            for kind in kinds
        ]
        assert findings.save_window(window, alerts, now)

    values = samples(http.get("/metrics").get_data(as_text=True))

    assert values[("credit_recent_alerts", (("kind", "input_drift"),))] == 2
    assert values[("credit_recent_alerts", (("kind", "concept_shift"),))] == 1
    assert values[("credit_latest_alert_window", (("kind", "input_drift"),))] == 4
    assert values[("credit_latest_alert_window", (("kind", "concept_shift"),))] == 3
