"""Integration: `POST /outcomes` records each scored application's outcome exactly once."""

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from refactored.storage.orm import Outcome
from tests.refactored.conftest import ADMIN_TOKEN

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def stored_outcomes(instance) -> list[tuple[str, int]]:
    with Session(create_engine(instance.database_url)) as session:
        rows = session.execute(select(Outcome.application_id, Outcome.defaulted))
        return [tuple(row) for row in rows]


@pytest.fixture
def scored(http, valid_payload) -> str:
    """The id of an application the service has scored."""
    http.post("/score", json={**valid_payload, "application_id": "known-1"})
    return "known-1"


def test_an_outcome_is_recorded_with_201(http, instance, scored):
    response = http.post(
        "/outcomes", json={"application_id": scored, "defaulted": 1}, headers=ADMIN
    )

    assert response.status_code == 201
    assert response.get_json()["status"] == "recorded"
    assert stored_outcomes(instance) == [(scored, 1)]


def test_the_same_outcome_twice_is_idempotent(http, instance, scored):
    body = {"application_id": scored, "defaulted": 0}
    http.post("/outcomes", json=body, headers=ADMIN)

    again = http.post("/outcomes", json=body, headers=ADMIN)

    assert again.status_code == 200
    assert again.get_json()["status"] == "unchanged"
    assert stored_outcomes(instance) == [(scored, 0)]


def test_a_conflicting_outcome_gets_409_and_changes_nothing(http, instance, scored):
    http.post("/outcomes", json={"application_id": scored, "defaulted": 0}, headers=ADMIN)

    conflict = http.post(
        "/outcomes", json={"application_id": scored, "defaulted": 1}, headers=ADMIN
    )

    assert conflict.status_code == 409
    assert conflict.get_json()["error"] == "conflicting_outcome"
    assert stored_outcomes(instance) == [(scored, 0)]


def test_an_unknown_application_gets_404(http, instance):
    response = http.post(
        "/outcomes", json={"application_id": "never-scored", "defaulted": 1}, headers=ADMIN
    )

    assert response.status_code == 404
    assert stored_outcomes(instance) == []


@pytest.mark.parametrize(
    "body",
    [
        {"application_id": "known-1", "defaulted": True},
        {"application_id": "known-1", "defaulted": 2},
        {"application_id": "known-1", "defaulted": "1"},
        {"application_id": "known-1"},
        {"defaulted": 1},
        {"application_id": "known-1", "defaulted": 1, "extra": 1},
        {"application_id": "", "defaulted": 1},
        [],
    ],
)
def test_an_invalid_outcome_gets_400_naming_the_problem(http, instance, scored, body):
    response = http.post("/outcomes", json=body, headers=ADMIN)

    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_request"
    assert stored_outcomes(instance) == []


def test_outcomes_of_many_applications_are_counted_once_each(http, instance, valid_payload):
    for number in range(3):
        http.post("/score", json={**valid_payload, "application_id": f"many-{number}"})
    for number in (0, 1, 2, 1, 0):
        body = {"application_id": f"many-{number}", "defaulted": number % 2}
        http.post("/outcomes", json=body, headers=ADMIN)

    with Session(create_engine(instance.database_url)) as session:
        assert session.scalar(select(func.count()).select_from(Outcome)) == 3
