"""Routes that feed knowledge back: repayment outcomes and reviewers' decisions.

Both need the admin token: they change what the next model learns from.
"""

from functools import partial

from flask import Blueprint, jsonify

from ..domain.outcome import OutcomeReport, ReviewDecision, parse
from ..explanations.words import describe
from .api import json_body
from .auth import require_admin
from .context import service
from .query import number_argument
from .scoring import utc_now

feedback = Blueprint("feedback", __name__)
MAX_FEEDBACK_BYTES = 16 * 1024
DEFAULT_REVIEW_LIST = 100
MAX_REVIEW_LIST = 1000


@feedback.post("/outcomes")
def record_outcome():
    """Record a scored application's outcome: 201 new, 200 repeated, 404 unknown, 409 conflict."""
    require_admin()
    report = parse(OutcomeReport, json_body(MAX_FEEDBACK_BYTES))
    status = service().outcomes.record(report.application_id, report.defaulted, utc_now())
    body = {"status": status, "application_id": report.application_id}
    return jsonify(body | {"defaulted": report.defaulted}), 201 if status == "recorded" else 200


# repays DEBT-15 No human in the loop: close calls wait for a person's decision.
@feedback.get("/reviews")
def pending_reviews():
    """The oldest pending reviews (`?limit=`, default 100, at most 1000)."""
    require_admin()
    limit = number_argument("limit", int, DEFAULT_REVIEW_LIST)
    limit = min(max(limit or DEFAULT_REVIEW_LIST, 1), MAX_REVIEW_LIST)
    return jsonify(reviews=service().reviews.pending(limit))


@feedback.post("/reviews/<application_id>")
def decide_review(application_id: str):
    """Record a reviewer's decision: `{"decision": "approve"|"reject", "reasons", "note"}`.

    A rejection names its reasons, fields the model scores; the review keeps each with the
    applicant's value in words, as the model's reasons are given, and records the reviewer:
    the name of the admin credential that sent it.
    """
    reviewer = require_admin()
    decision = parse(ReviewDecision, json_body(MAX_FEEDBACK_BYTES)).root
    review, changed = service().reviews.decide(
        application_id,
        decision.decision,
        decision.note,
        utc_now(),
        reviewer,
        partial(reviewer_reasons, decision.reasons),
    )
    return jsonify(review=review), 201 if changed else 200


def reviewer_reasons(features: list[str], applicant: dict) -> list[dict]:
    """A reviewer's reasons in the model's form: each field and the applicant's value in words."""
    return [{"feature": name, "text": describe(name, applicant[name])} for name in features]
