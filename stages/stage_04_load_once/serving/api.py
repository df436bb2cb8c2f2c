"""The scoring API: score one applicant, health and retraining.

Each route parses the request, calls one service function and answers.

Validation, scoring, decisions and storage live in the service layer (`scoring.py`); domain
errors become HTTP codes in `errors.py`.
"""

import json

from flask import Blueprint, abort, jsonify, request

from ..domain.applicant import InvalidApplicantError
from ..training.notebook import run_handoff_notebook
from .context import service
from .scoring import score_applicant

api = Blueprint("api", __name__)


def json_body(max_bytes: int) -> object:
    """The decoded JSON body: 415 if it is not JSON, 413 if too large, 400 if malformed."""
    request.max_content_length = max_bytes
    if not request.is_json:
        abort(415, description="send the body as JSON, with Content-Type: application/json")
    body = request.get_data(cache=True)
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise InvalidApplicantError({"(body)": ["the body is not valid JSON"]}) from None


@api.post("/score")
def score():
    """Score one applicant."""
    # DEBT-19 Glue code: per applicant, the glue around the model costs many times the model.
    context = service()
    payload = json_body(context.settings.max_score_bytes)
    model = context.champion.current()
    record = score_applicant(payload, model, context.settings, context.scores)
    return jsonify(
        application_id=record.application_id,
        decision=record.decision,
        probability_default=record.probability_default,
    )


@api.get("/health")
def health():
    """Answer that the service is up."""
    return jsonify(status="ok")


@api.post("/retrain")
def retrain():
    """Re-run the notebook on the current data file and serve whatever it produces."""
    # DEBT-13 Unauthenticated admin endpoint: anyone who can reach the service can retrain it.
    # DEBT-07 Silent overwrite: the binaries are replaced in place, with no gate and no rollback.
    context = service()
    run_handoff_notebook(context.settings)
    model = context.champion.reload()
    return jsonify(status="retrained", test_auc=model.note["test_auc"])
