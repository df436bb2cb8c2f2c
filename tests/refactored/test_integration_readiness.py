"""Readiness (`GET /health/ready`): the database and the champion checked; liveness unaffected."""

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from refactored.serving.errors import database_unavailable
from stages.instrument.probes.unusable_database import sqlite_file, unusable

pytestmark = pytest.mark.databases("sqlite")


def test_readiness_answers_200_with_what_it_checked(http, valid_payload):
    assert http.post("/score", json=valid_payload).status_code == 200

    response = http.get("/health/ready")

    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ready",
        "checks": {"database": "answered", "champion": "version 1, verified"},
    }


def stored_rows(database_url: str, application_id: str) -> int:
    """How many scored rows carry `application_id`, read straight from the SQLite file."""
    with sqlite3.connect(sqlite_file(database_url)) as connection:
        query = "SELECT COUNT(*) FROM scored_applications WHERE application_id = ?"
        return connection.execute(query, (application_id,)).fetchone()[0]


def test_readiness_names_an_unusable_database_and_liveness_stays_up(http, instance, valid_payload):
    assert http.post("/score", json=valid_payload).status_code == 200

    with unusable(sqlite_file(instance.database_url)):
        not_ready = http.get("/health/ready")
        live = http.get("/health")
        scored = http.post("/score", json={**valid_payload, "application_id": "while-broken"})
    ready_again = http.get("/health/ready")

    assert not_ready.status_code == 503
    assert not_ready.get_json()["failed"] == ["database"]
    assert not_ready.get_json()["checks"]["champion"] == "version 1, verified"
    assert live.status_code == 200
    assert ready_again.status_code == 200
    assert scored.status_code == 503
    assert scored.headers["Retry-After"] == "5"
    assert scored.get_json()["error"] == "database_unavailable"


def test_scoring_while_the_database_is_unusable_stores_nothing_and_recovers(
    http, instance, valid_payload
):
    payload = {**valid_payload, "application_id": "during-outage"}
    assert http.post("/score", json=valid_payload).status_code == 200

    with unusable(sqlite_file(instance.database_url)):
        refused = http.post("/score", json=payload)
        batch = {"applicants": [payload, {**payload, "application_id": "b"}]}
        refused_batch = http.post("/score/batch", json=batch)
    stored_during = stored_rows(instance.database_url, "during-outage")
    again = http.post("/score", json=payload)

    assert (refused.status_code, refused_batch.status_code) == (503, 503)
    assert stored_during == 0
    assert again.status_code == 200
    assert stored_rows(instance.database_url, "during-outage") == 1


def test_a_statement_error_is_still_a_500_not_a_503():
    broken_constraint = IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))
    locked = OperationalError("INSERT", {}, Exception("database is locked"))

    assert not database_unavailable(broken_constraint)
    assert database_unavailable(locked)


def test_readiness_names_a_champion_whose_artifact_changed_on_disk(http, instance):
    artifact = next(instance.model_dir.rglob("model.joblib"))
    artifact.write_bytes(artifact.read_bytes() + b"tampered")

    response = http.get("/health/ready")

    assert response.status_code == 503
    assert response.get_json()["failed"] == ["champion"]
    assert http.get("/health").status_code == 200
