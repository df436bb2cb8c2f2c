"""The route that feeds knowledge back: repayment outcomes."""

from flask import Blueprint, jsonify

from ..domain.outcome import OutcomeReport, parse
from .api import json_body
from .context import service
from .scoring import utc_now

feedback = Blueprint("feedback", __name__)
MAX_FEEDBACK_BYTES = 16 * 1024


@feedback.post("/outcomes")
def record_outcome():
    """Record a scored application's outcome: 201 new, 200 repeated, 404 unknown, 409 conflict."""
    # DEBT-13 Unauthenticated admin endpoint: anyone who can reach the service can report
    # outcomes, and so change what monitoring concludes.
    report = parse(OutcomeReport, json_body(MAX_FEEDBACK_BYTES))
    status = service().outcomes.record(report.application_id, report.defaulted, utc_now())
    body = {"status": status, "application_id": report.application_id}
    return jsonify(body | {"defaulted": report.defaulted}), 201 if status == "recorded" else 200
