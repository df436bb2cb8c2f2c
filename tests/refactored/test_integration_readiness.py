"""Readiness (`GET /health/ready`): the database and the champion checked; liveness unaffected."""

import pytest

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
    assert scored.status_code == 500  # the database really is unusable to the service
    assert ready_again.status_code == 200


def test_readiness_names_a_champion_whose_artifact_changed_on_disk(http, instance):
    artifact = next(instance.model_dir.rglob("model.joblib"))
    artifact.write_bytes(artifact.read_bytes() + b"tampered")

    response = http.get("/health/ready")

    assert response.status_code == 503
    assert response.get_json()["failed"] == ["champion"]
    assert http.get("/health").status_code == 200
