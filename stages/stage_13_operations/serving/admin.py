"""Admin routes: gated retraining in the background, its jobs, rollback, and who changed what.

`POST /admin/retrain` answers 202 at once with the job's id and a `Location` to follow;
`GET /admin/jobs/<id>` answers 202 with its state while it runs and 200 once it finished,
with the gate's decision and reasons (`?wait=S` or `Prefer: wait=S`, RFC 7240, holds the
answer up to S seconds, at most `MAX_WAIT_SECONDS`, until it finishes). A second retraining
while one runs, in any process of the service, is refused with 409 and the running job's id.
Each job, promotion and rollback records the name of the credential that asked for it;
`GET /admin/champion-changes` lists every change of champion with it, newest first.
"""

import re

from flask import Blueprint, abort, jsonify, request, url_for

from ..registry.promotion import champion_changes
from ..storage.jobs import RUNNING, JobRunningError
from .auth import require_admin
from .context import service
from .query import number_argument

admin = Blueprint("admin", __name__, url_prefix="/admin")
# Below gunicorn's default 30 s worker timeout, so that a waiting request is never killed.
MAX_WAIT_SECONDS = 20.0


@admin.post("/retrain")
def retrain():
    """Start a retraining job: 202 with the job, or 409 with the id of the one running."""
    admin_name = require_admin()
    try:
        job = service().jobs.start(admin_name)
    except JobRunningError as running:
        body = {"error": "retraining_running", "message": str(running), "job_id": running.job_id}
        return jsonify(body), 409
    location = url_for("admin.job", job_id=job["job_id"])
    return jsonify(job | {"location": location}), 202, {"Location": location}


def requested_wait() -> float:
    """The seconds the client will wait for a job: `?wait=S` or `Prefer: wait=S`, bounded."""
    preferred = re.search(r"\bwait=(\d+(?:\.\d+)?)", request.headers.get("Prefer", ""))
    wait = number_argument("wait", float)
    if wait is None:
        wait = float(preferred.group(1)) if preferred else 0.0
    return min(max(wait, 0.0), MAX_WAIT_SECONDS)


@admin.get("/jobs/<job_id>")
def job(job_id: str):
    """A retraining job: 202 while it runs, 200 with the gate's decision once finished."""
    require_admin()
    found = service().jobs.get(job_id, requested_wait())
    if found is None:
        abort(404, description=f"no retraining job {job_id!r}")
    return jsonify(found), 202 if found["state"] == RUNNING else 200


@admin.post("/rollback")
def rollback():
    """Serve the previous champion again: 200, or 404 when there is none."""
    admin_name = require_admin()
    model = service().champion.rollback(by=admin_name)
    return jsonify(status="rolled_back", model_version=model.version, by=admin_name)


@admin.get("/champion-changes")
def changes():
    """Every change of champion, newest first: action, versions, who made it and when."""
    require_admin()
    registry = service().champion.registry
    return jsonify(changes=list(reversed(champion_changes(registry))))
