"""One application, one record: a retry gets its first answer; a reused id is refused with 409.

Outcomes and reviewers' decisions attach to an application id, so an id must never name two
applications: the second `POST /score` with another applicant is refused and stores nothing,
and the outcome and the review then belong to the first request.
"""

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine

from credit_data.load import applicant_payload
from refactored.storage.outcomes import SqlOutcomeRepository
from refactored.storage.repository import SqlScoreRepository
from tests.refactored.conftest import ADMIN_TOKEN

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def stored_with_id(instance, application_id: str) -> list:
    """Every stored row with `application_id`."""
    return SqlScoreRepository(create_engine(instance.database_url)).by_application_id(
        application_id
    )


def test_a_retry_with_the_same_applicant_gets_the_first_answer_and_stores_one_row(
    http, instance, valid_payload
):
    payload = {**valid_payload, "application_id": "retried"}

    first = http.post("/score", json=payload)
    retry = http.post("/score", json=payload)

    assert (first.status_code, retry.status_code) == (200, 200)
    assert retry.get_json() == first.get_json()
    assert len(stored_with_id(instance, "retried")) == 1


def test_a_reused_id_with_another_applicant_is_refused_and_stores_nothing(
    http, instance, valid_payload
):
    payload = {**valid_payload, "application_id": "reused"}
    http.post("/score", json=payload)

    refused = http.post("/score", json={**payload, "age": 99})

    assert refused.status_code == 409
    assert refused.get_json()["error"] == "application_id_taken"
    assert set(refused.get_json()["fields"]) == {"application_id"}
    (row,) = stored_with_id(instance, "reused")
    assert row.applicant["age"] == valid_payload["age"]


def test_the_review_and_the_outcome_attach_to_the_first_request(http, instance, holdout):
    payloads = [
        {**applicant_payload(row), "application_id": f"first-{number}"}
        for number, (_, row) in enumerate(holdout.head(60).iterrows())
    ]
    answers = http.post("/score/batch", json={"applicants": payloads}).get_json()["results"]
    reviewed = next(answer for answer in answers if answer["decision"] == "review")
    original = next(p for p in payloads if p["application_id"] == reviewed["application_id"])
    key = reviewed["application_id"]

    impostor = http.post("/score", json={**original, "age": 99})
    decided = http.post(f"/reviews/{key}", json={"decision": "approve", "note": ""}, headers=ADMIN)
    outcome = {"application_id": key, "defaulted": 1}
    recorded = http.post("/outcomes", json=outcome, headers=ADMIN)

    assert impostor.status_code == 409
    assert decided.status_code == 201
    assert decided.get_json()["review"]["request_id"] == reviewed["request_id"]
    assert recorded.status_code == 201
    labelled = SqlOutcomeRepository(create_engine(instance.database_url)).labelled_rows()
    (row,) = [entry for entry in labelled if entry.application_id == key]
    assert row.applicant["age"] == original["age"] != 99


def test_a_batch_that_sends_one_id_twice_gets_400_naming_the_later_applicant(
    http, instance, valid_payload
):
    payload = {**valid_payload, "application_id": "twice"}
    other = {**valid_payload, "application_id": "once"}

    response = http.post("/score/batch", json={"applicants": [payload, other, payload]})

    assert response.status_code == 400
    assert set(response.get_json()["fields"]) == {"applicants.2.application_id"}
    assert stored_with_id(instance, "twice") == [] == stored_with_id(instance, "once")


def test_a_batch_retried_in_part_answers_the_stored_and_stores_the_new(
    http, instance, valid_payload
):
    known = {**valid_payload, "application_id": "known"}
    first = http.post("/score", json=known).get_json()
    fresh = {**valid_payload, "application_id": "fresh"}

    response = http.post("/score/batch", json={"applicants": [fresh, known]})

    assert response.status_code == 200
    results = response.get_json()["results"]
    assert results[1] == first
    assert (
        results[0]["application_id"] == "fresh" and results[0]["request_id"] != first["request_id"]
    )
    assert len(stored_with_id(instance, "known")) == 1 == len(stored_with_id(instance, "fresh"))


def test_a_batch_with_a_reused_id_is_refused_whole(http, instance, valid_payload):
    http.post("/score", json={**valid_payload, "application_id": "taken"})
    fresh = {**valid_payload, "application_id": "would-be-new"}
    impostor = {**valid_payload, "application_id": "taken", "age": 99}

    response = http.post("/score/batch", json={"applicants": [fresh, impostor]})

    assert response.status_code == 409
    assert set(response.get_json()["fields"]) == {"applicants.1.application_id"}
    assert stored_with_id(instance, "would-be-new") == []
    assert len(stored_with_id(instance, "taken")) == 1


def test_concurrent_retries_store_one_row_and_all_get_the_same_answer(
    service, instance, valid_payload
):
    payload = {**valid_payload, "application_id": "concurrent"}

    def post(_):
        return service.test_client().post("/score", json=payload)

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(post, range(16)))

    assert {response.status_code for response in responses} == {200}
    assert len({response.get_json()["request_id"] for response in responses}) == 1
    assert len(stored_with_id(instance, "concurrent")) == 1
