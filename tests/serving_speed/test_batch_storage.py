"""A batch is stored whole, each accepted row exactly once, or not at all with a clear error."""

from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from credit_data.load import applicant_payload, holdout_rows, load_dataset
from refactored.storage.orm import ScoredApplication

BATCH_SIZE = 60


@pytest.fixture(scope="module")
def applicants() -> list[dict]:
    """The first holdout applicants as request bodies, each with its own id."""
    rows = holdout_rows(load_dataset()).head(BATCH_SIZE)
    return [applicant_payload(row) for _, row in rows.iterrows()]


def stored_request_ids(service) -> list[str]:
    """Every stored request id, in insertion order."""
    engine = service.extensions["refactored"].scores.engine
    with Session(engine) as session:
        return list(session.scalars(select(ScoredApplication.request_id)))


def test_every_accepted_row_of_a_batch_is_stored_exactly_once(service, applicants):
    response = service.test_client().post("/score/batch", json={"applicants": applicants})

    assert response.status_code == 200
    answered = [result["request_id"] for result in response.get_json()["results"]]
    stored = stored_request_ids(service)
    assert len(answered) == BATCH_SIZE
    assert Counter(stored) == Counter(answered)


def test_a_batch_with_a_bad_row_names_the_row_and_field_and_stores_nothing(service, applicants):
    bad = [dict(applicant) for applicant in applicants]
    bad[7]["duration_months"] = -3
    bad[41]["checking_account"] = "A99"

    response = service.test_client().post("/score/batch", json={"applicants": bad})

    assert response.status_code == 400
    fields = response.get_json()["fields"]
    assert set(fields) == {"applicants.7.duration_months", "applicants.41.checking_account"}
    assert stored_request_ids(service) == []
