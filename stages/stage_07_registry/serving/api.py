"""The scoring API: score one applicant, health, the model card and retraining.

Each route parses the request, calls one service function and answers.

Validation, scoring, decisions and storage live in the service layer (`scoring.py`); domain
errors become HTTP codes in `errors.py`.
"""

import json

from flask import Blueprint, abort, jsonify, request

from ..domain.applicant import InvalidApplicantError
from ..registry import CHAMPION
from ..training.train import train_and_register
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
    record = score_applicant(payload, model, context.settings.policy, context.scores)
    return jsonify(
        application_id=record.application_id,
        decision=record.decision,
        probability_default=record.probability_default,
        reasons=record.reasons,
        model_version=record.model_version,
    )


@api.get("/health")
def health():
    """Answer that the service is up, and which model version it serves."""
    return jsonify(status="ok", model_version=service().champion.current().version)


@api.get("/model")
def model_card():
    """The card of the model being served: lineage, metrics, typical values."""
    return jsonify(service().champion.current().card)


@api.post("/retrain")
def retrain():
    """Train again on the current data file and serve whatever it produces."""
    # DEBT-13 Unauthenticated admin endpoint: anyone who can reach the service can retrain it.
    # DEBT-07 Silent overwrite: the new version is the champion at once, with no gate and no
    # rollback.
    context = service()
    settings, registry = context.settings, context.champion.registry
    result = train_and_register(
        settings.data_path, registry, settings.policy, settings.costs, settings.seed
    )
    registry.set_alias(CHAMPION, result.version)
    model = context.champion.current()
    holdout = model.card["metrics"]["holdout"]
    return jsonify(status="retrained", model_version=model.version, holdout_auc=holdout["auc"])
