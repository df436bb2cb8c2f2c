"""Readiness: whether this process should get traffic now, its dependencies checked.

`GET /health` (liveness) says the process answers; `GET /health/ready` says whether it can
serve: the scores database answers a cheap query within a short timeout
(`storage/readiness.py`), and the champion is loaded and its files still match the checksums
on its card. 200 lists what was checked; 503 names each dependency that failed. The reasons
go to the log, not to the caller: the route is open to any load balancer.
"""

import logging

from flask import Blueprint, jsonify
from sqlalchemy.exc import SQLAlchemyError

from ..registry import ArtifactRejectedError, ModelNotFoundError, RegisteredModel
from ..registry.files import require_registered_bytes
from ..storage.readiness import check_database
from .context import service

LOGGER = logging.getLogger(__name__)
UNAVAILABLE = 503

readiness = Blueprint("readiness", __name__)


def verify_files(folder, model: RegisteredModel) -> None:
    """Check the champion's artifact against its card.

    Raises:
        ArtifactRejectedError: If the file is missing or its bytes changed since registration.
    """
    artifact = model.card["artifact"]
    require_registered_bytes(folder / artifact["file"], artifact["sha256"], model.version)


def champion_check() -> str:
    """The served version, loaded and verified (raises when it is not)."""
    holder = service().champion
    model = holder.current()
    verify_files(holder.registry.version_folder(model.version), model)
    return f"version {model.version}, verified"


# repays DEBT-18 Unobservable: readiness checks the database and the champion it serves.
@readiness.get("/health/ready")
def ready():
    """200 with what was checked when every dependency answers, else 503 naming the failed."""
    checks, failed = {}, []
    try:
        check_database(service().scores.engine)
        checks["database"] = "answered"
    except SQLAlchemyError as error:
        LOGGER.warning("not ready: the database failed its check: %s", error)
        checks["database"], failed = "unavailable", [*failed, "database"]
    try:
        checks["champion"] = champion_check()
    except (ArtifactRejectedError, ModelNotFoundError, OSError) as error:
        LOGGER.warning("not ready: the champion failed its check: %s", error)
        checks["champion"], failed = "unavailable", [*failed, "champion"]
    if failed:
        return jsonify(status="unavailable", failed=failed, checks=checks), UNAVAILABLE
    return jsonify(status="ready", checks=checks)
