"""The scoring API: score one applicant, health and retraining.

Each route parses the request, calls one service function and answers.
"""

from flask import Blueprint, jsonify, request

from ..model.handoff import read_note
from ..training.notebook import run_handoff_notebook
from .context import service
from .scoring import score_applicant

api = Blueprint("api", __name__)


@api.post("/score")
def score():
    """Score one applicant."""
    # DEBT-19 Glue code: per applicant, the glue around the model costs many times the model.
    # DEBT-05 No input validation: a missing field is a 500, age -5 is scored and stored.
    applicant = request.get_json()
    context = service()
    record = score_applicant(applicant, context.settings, context.scores)
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
    settings = service().settings
    run_handoff_notebook(settings)
    return jsonify(status="retrained", test_auc=read_note(settings.model_dir)["test_auc"])
