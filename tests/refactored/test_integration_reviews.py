"""Human in the loop: the review band, pending reviews, and reviewers' decisions."""

import numpy as np
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from credit_data.load import applicant_payload
from refactored.domain.policy import DecisionPolicy, build_policy
from refactored.explanations.words import describe
from refactored.serving.scoring import score_applicants
from refactored.storage.orm import Review, ScoredApplication
from tests.refactored.conftest import ADMIN_TOKEN, FakeRepository, fake_model

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def test_the_band_around_the_cutoff_goes_to_review():
    policy = DecisionPolicy(cutoff=0.2, source="configured", review_band=0.05)

    decisions = policy.decide_many(np.array([0.1, 0.149, 0.151, 0.2, 0.249, 0.251, 0.9]))

    assert decisions.tolist() == [
        "approve",
        "approve",
        "review",
        "review",
        "review",
        "reject",
        "reject",
    ]


def test_a_zero_band_never_reviews_and_a_wide_band_is_refused():
    policy = build_policy(5.0, 1.0, None, review_band=0.0)

    assert set(policy.decide_many(np.linspace(0, 1, 101))) == {"approve", "reject"}
    with pytest.raises(ValueError, match="review band"):
        DecisionPolicy(cutoff=0.2, source="configured", review_band=0.5)


def test_a_reviewed_answer_carries_reasons_and_opens_a_review(valid_payload):
    repository = FakeRepository()
    policy = DecisionPolicy(cutoff=0.2, source="configured", review_band=0.05)

    (answer,) = score_applicants([valid_payload], fake_model(0.21), policy, repository)

    assert answer.decision == "review"
    assert repository.records[0].decision == "review"


def stored_applicant(instance, application_id: str) -> dict:
    """The applicant stored for `application_id`."""
    with Session(create_engine(instance.database_url)) as session:
        return session.scalars(
            select(ScoredApplication.applicant).where(
                ScoredApplication.application_id == application_id
            )
        ).one()


@pytest.fixture
def reviewed(http, holdout) -> list[str]:
    """Score the first 60 holdout applicants; the ids of those sent to review."""
    payloads = [
        {**applicant_payload(row), "application_id": f"band-{number}"}
        for number, (_, row) in enumerate(holdout.head(60).iterrows())
    ]
    results = http.post("/score/batch", json={"applicants": payloads}).get_json()["results"]
    return [answer["application_id"] for answer in results if answer["decision"] == "review"]


def test_borderline_applicants_are_listed_as_pending_with_their_reasons(http, reviewed):
    pending = http.get("/reviews", headers=ADMIN).get_json()["reviews"]

    assert reviewed and [entry["application_id"] for entry in pending] == reviewed
    assert all(entry["status"] == "pending" and entry["reasons"] for entry in pending)
    assert all(abs(entry["probability_default"] - 1 / 6) <= 0.03 for entry in pending)


def test_a_reviewer_decision_and_note_are_stored_and_leave_the_pending_list(
    http, instance, reviewed
):
    first = reviewed[0]

    response = http.post(
        f"/reviews/{first}",
        json={"decision": "approve", "note": "long-standing customer"},
        headers=ADMIN,
    )

    assert response.status_code == 201
    assert response.get_json()["review"]["decision"] == "approve"
    pending = http.get("/reviews", headers=ADMIN).get_json()["reviews"]
    assert first not in [entry["application_id"] for entry in pending]
    with Session(create_engine(instance.database_url)) as session:
        review = session.scalars(
            select(Review)
            .join(ScoredApplication, ScoredApplication.id == Review.scored_application_id)
            .where(ScoredApplication.application_id == first)
        ).one()
        assert (review.decision, review.note) == ("approve", "long-standing customer")
        assert review.reviewed_at is not None


def test_the_same_decision_again_is_idempotent_and_a_different_one_conflicts(http, reviewed):
    body = {"decision": "reject", "reasons": ["savings"], "note": "no"}
    http.post(f"/reviews/{reviewed[0]}", json=body, headers=ADMIN)

    assert http.post(f"/reviews/{reviewed[0]}", json=body, headers=ADMIN).status_code == 200
    for changed in (
        {"decision": "approve", "note": "no"},
        {**body, "reasons": ["credit_amount"]},
    ):
        assert http.post(f"/reviews/{reviewed[0]}", json=changed, headers=ADMIN).status_code == 409


def test_a_rejection_keeps_the_reviewer_s_reasons_in_the_model_s_words(http, instance, reviewed):
    reasons = ["credit_amount", "savings", "purpose_text"]
    body = {"decision": "reject", "reasons": reasons, "note": "income"}

    decided = http.post(f"/reviews/{reviewed[0]}", json=body, headers=ADMIN).get_json()

    applicant = decided["review"]
    stored = stored_applicant(instance, reviewed[0])
    assert applicant["reviewer_reasons"] == [
        {"feature": "credit_amount", "text": describe("credit_amount", stored["credit_amount"])},
        {"feature": "savings", "text": describe("savings", stored["savings"])},
        {"feature": "purpose_text", "text": describe("purpose_text", stored["purpose_text"])},
    ]
    assert applicant["reviewer_reasons"][2]["text"].endswith(f'"{stored["purpose_text"]}"')
    assert applicant["reviewer_reasons"][0]["text"].startswith("Credit amount")
    with Session(create_engine(instance.database_url)) as session:
        kept = session.scalars(select(Review.reviewer_reasons).where(Review.decision.is_not(None)))
        assert kept.one() == applicant["reviewer_reasons"]


@pytest.mark.parametrize(
    ("body", "field", "problem"),
    [
        ({"decision": "reject", "note": "no"}, "reject.reasons", "Field required"),
        ({"decision": "reject", "reasons": []}, "reject.reasons", "at least 1 item"),
        ({"decision": "reject", "reasons": ["age"]}, "reject.reasons.0", "'savings'"),
        ({"decision": "reject", "reasons": ["zodiac"]}, "reject.reasons.0", "'telephone'"),
        ({"decision": "reject", "reasons": ["job", "job"]}, "reject.reasons", "named twice"),
        ({"decision": "approve", "reasons": ["job"]}, "approve.reasons", "Extra inputs"),
        (
            {
                "decision": "reject",
                "reasons": ["savings", "job", "housing", "property", "telephone"],
            },
            "reject.reasons",
            "at most 4 items",
        ),
    ],
)
def test_a_rejection_without_reasons_from_the_model_s_list_gets_400_naming_them(
    http, reviewed, body, field, problem
):
    response = http.post(f"/reviews/{reviewed[0]}", json=body, headers=ADMIN)

    assert response.status_code == 400
    assert problem in " ".join(response.get_json()["fields"][field])
    pending = http.get("/reviews", headers=ADMIN).get_json()["reviews"]
    assert reviewed[0] in [entry["application_id"] for entry in pending]


@pytest.mark.parametrize(
    "body", [{"decision": "review"}, {"decision": "approve", "note": 3}, {"note": "x"}, []]
)
def test_an_invalid_review_gets_400(http, reviewed, body):
    assert http.post(f"/reviews/{reviewed[0]}", json=body, headers=ADMIN).status_code == 400


def test_an_application_never_sent_to_review_gets_404(http):
    body = {"decision": "approve", "note": ""}

    assert http.post("/reviews/unknown", json=body, headers=ADMIN).status_code == 404
