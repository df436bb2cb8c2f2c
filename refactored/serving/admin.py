"""Admin routes: gated retraining and rollback (both need the admin token)."""

from flask import Blueprint, jsonify

from .auth import require_admin
from .context import service

admin = Blueprint("admin", __name__, url_prefix="/admin")
GATE_REFUSED = 422


@admin.post("/retrain")
def retrain():
    """Train a challenger on the data plus outcomes; promote it only if the gate passes.

    Answers 200 with the decision when promoted, 422 with the gate's reasons when refused.
    """
    require_admin()
    context = service()
    decision = context.retrainer.run()
    model = context.champion.current()
    body = {
        "status": "promoted" if decision["promote"] else "refused",
        "model_version": model.version,
        "gate": decision,
    }
    return jsonify(body), 200 if decision["promote"] else GATE_REFUSED


@admin.post("/rollback")
def rollback():
    """Serve the previous champion again: 200, or 404 when there is none."""
    require_admin()
    model = service().champion.rollback()
    return jsonify(status="rolled_back", model_version=model.version)
