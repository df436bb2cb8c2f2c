"""Integration: scoring leaves the monitoring check to a thread; reads still see every window.

Run on SQLite and PostgreSQL (see `conftest.py`); with `-W error` a connection left open by
the thread when the database is dropped would fail the test at teardown.
"""

import pytest

from credit_data.load import applicant_payload
from refactored.serving.context import CHECKER_KEY, stop_background_checks
from tests.refactored.conftest import ADMIN_TOKEN, build_app

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
WINDOW = 50
TIMEOUT = 60.0


@pytest.fixture
def small_windows(instance):
    """The service with windows of 50 predictions; its thread stopped after the test."""
    app = build_app(instance, ADMIN_TOKEN=ADMIN_TOKEN, MONITORING_WINDOW=WINDOW)
    yield app
    stop_background_checks(app)


def batch_of(holdout, count: int, prefix: str) -> dict:
    """A batch body of the first `count` holdout applicants, with ids."""
    rows = holdout.head(count)
    return {
        "applicants": [
            {**applicant_payload(row), "application_id": f"{prefix}-{number}"}
            for number, (_, row) in enumerate(rows.iterrows())
        ]
    }


def test_a_monitoring_read_right_after_a_batch_sees_all_its_windows(small_windows, holdout):
    client = small_windows.test_client()

    scored = client.post("/score/batch", json=batch_of(holdout, 3 * WINDOW + 10, "read"))
    drift = client.get("/monitoring/drift", headers=ADMIN).get_json()

    assert scored.status_code == 200
    assert drift["logged_rows"] == 3 * WINDOW + 10
    assert sorted(window["index"] for window in drift["windows"]) == [0, 1, 2]


def test_the_thread_checks_the_windows_without_a_read(small_windows, holdout):
    client = small_windows.test_client()
    checker = small_windows.extensions[CHECKER_KEY]

    client.post("/score/batch", json=batch_of(holdout, 2 * WINDOW, "thread"))

    assert checker.wait_idle(TIMEOUT)
    findings = small_windows.extensions["refactored"].findings
    assert [window["index"] for window in findings.windows()] == [1, 0]


def test_stopping_the_service_leaves_no_monitoring_thread(instance, holdout):
    app = build_app(instance, MONITORING_WINDOW=WINDOW)
    checker = app.extensions[CHECKER_KEY]
    app.test_client().post("/score/batch", json=batch_of(holdout, WINDOW, "stop"))
    assert checker.running

    stopped = stop_background_checks(app)

    assert stopped and not checker.running
