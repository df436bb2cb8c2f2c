"""The scoring API: score one or many applicants, health, the model card and promotion.

Each route parses the request, calls one service function and answers.

Validation, scoring, decisions and storage live in the service layer (`scoring.py`); domain
errors become HTTP codes in `errors.py`.
"""

import json

import orjson
from flask import Blueprint, Response, abort, current_app, jsonify, request

from ..domain.applicant import InvalidApplicantError, whole_number
from .auth import client_address, require_admin
from .collector_pause import COLLECTOR_PAUSE
from .context import service
from .metrics import count_decisions
from .monitoring_routes import check_windows
from .scoring import score_applicants
from .volume import admit_scoring

api = Blueprint("api", __name__)

MAX_BATCH_APPLICANTS = 20_000


def json_body(max_bytes: int) -> object:
    """The decoded JSON body: 415 if it is not JSON, 413 if too large, 400 if malformed."""
    request.max_content_length = max_bytes
    if not request.is_json:
        abort(415, description="send the body as JSON, with Content-Type: application/json")
    body = request.get_data(cache=True)
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        pass  # The standard library decides what orjson refuses (NaN, a lone surrogate, UTF-16).
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise InvalidApplicantError({"(body)": ["the body is not valid JSON"]}) from None


def json_answer(body: object) -> Response:
    """`body` as a JSON response, encoded by orjson with the keys sorted, as `jsonify` sorts them.

    Answers (dataclasses) become objects; their fields are declared in alphabetical order.
    """
    encoded = orjson.dumps(body, option=orjson.OPT_SORT_KEYS) + b"\n"
    return current_app.response_class(encoded, mimetype="application/json")


@api.post("/score")
def score():
    """Score one applicant."""
    context = service()
    admit_scoring(1)
    payload = json_body(context.settings.max_score_bytes)
    model = context.champion.current()
    (answer,) = score_applicants(
        [payload], model, context.policy, context.scores, client_address=client_address()
    )
    count_decisions([answer.decision])
    check_windows()
    return json_answer(answer)


@api.post("/score/batch")
def score_batch():
    """Score many applicants, `{"applicants": [...]}`; all are stored, or none."""
    with COLLECTOR_PAUSE:
        return scored_batch()


def scored_batch() -> Response:
    """The batch route's work (see `score_batch`)."""
    context = service()
    payload = json_body(context.settings.max_batch_bytes)
    applicants = payload.get("applicants") if isinstance(payload, dict) else None
    if not isinstance(applicants, list) or not 0 < len(applicants) <= MAX_BATCH_APPLICANTS:
        raise InvalidApplicantError(
            {"applicants": [f"must be a list of 1 to {MAX_BATCH_APPLICANTS} applicants"]}
        )
    if set(payload) != {"applicants"}:
        raise InvalidApplicantError({"(body)": ["only the field `applicants` is allowed"]})
    admit_scoring(len(applicants))
    model = context.champion.current()
    answers = score_applicants(
        applicants, model, context.policy, context.scores, client_address=client_address()
    )
    count_decisions(answer.decision for answer in answers)
    check_windows()
    return json_answer({"model_version": model.version, "results": answers})


@api.get("/health")
def health():
    """Answer that the service is up, and which model version it serves."""
    return jsonify(status="ok", model_version=service().champion.current().version)


@api.get("/model")
def model_card():
    """The card of the model being served: lineage, metrics, reference statistics."""
    return jsonify(service().champion.current().card)


@api.post("/model/champion")
def promote():
    """Make a registered version the champion (admin token required): `{"version": n}`."""
    context = service()
    admin_name = require_admin()
    payload = json_body(context.settings.max_score_bytes)
    version = whole_number(payload.get("version")) if isinstance(payload, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        abort(400, description='send the version to promote as {"version": <positive integer>}')
    model = context.champion.promote(version, by=admin_name)
    return jsonify(status="promoted", model_version=model.version, by=admin_name)
