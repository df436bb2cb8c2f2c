"""Integration: `POST /admin/retrain` starts a background job; `GET /admin/jobs/<id>` follows it.

The retrainer here is a fake that blocks until the test releases it, so "while a job runs" is
a state the test holds, not a race it hopes to win. The real child process runs in
`test_reliability_retraining.py` (killed midway) and `test_reliability_several_processes.py`.
"""

import dataclasses
import threading
from datetime import UTC, datetime, timedelta

import pytest

from refactored.serving.jobs import RetrainingJobs
from refactored.serving.retrainer import RetrainingFailedError
from refactored.storage.jobs import STALE_AFTER, SqlJobRepository
from tests.refactored.conftest import ADMIN_TOKEN

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
WAIT = {"wait": 20}


class BlockingRetrainer:
    """Waits for `release`, then answers a fixed gate decision, or fails like a killed child."""

    def __init__(self, decision: dict | None):
        self.decision = decision
        self.started = threading.Event()
        self.release = threading.Event()
        self.requested_by = None

    def run(self, alive, requested_by) -> dict:
        """Beat once, wait for the test, then decide."""
        self.requested_by = requested_by
        self.started.set()
        alive()
        assert self.release.wait(timeout=60)
        if self.decision is None:
            raise RetrainingFailedError("retraining exited with status -9")
        return self.decision


def with_retrainer(service, retrainer, clock=None) -> SqlJobRepository:
    """Make the service's jobs run `retrainer`; return the jobs repository."""
    context = service.extensions["refactored"]
    jobs = RetrainingJobs(context.jobs.repository, retrainer, context.champion)
    if clock is not None:
        jobs.clock = clock
    service.extensions["refactored"] = dataclasses.replace(context, jobs=jobs)
    return jobs.repository


@pytest.mark.parametrize(
    ("decision", "state"),
    [
        ({"promote": True, "reasons": ["passed"]}, "promoted"),
        ({"promote": False, "reasons": ["challenger holdout AUC 0.51"]}, "refused"),
        (None, "failed"),
    ],
)
def test_a_retraining_answers_202_at_once_and_its_job_gives_the_gates_decision(
    service, decision, state
):
    retrainer = BlockingRetrainer(decision)
    with_retrainer(service, retrainer)
    client = service.test_client()

    started = client.post("/admin/retrain", headers=ADMIN)

    assert started.status_code == 202
    job = started.get_json()
    assert job["state"] == "running" and started.headers["Location"] == job["location"]
    running = client.get(job["location"], headers=ADMIN)
    assert running.status_code == 202 and running.get_json()["state"] == "running"
    retrainer.release.set()
    answer = client.get(job["location"], headers={**ADMIN, "Prefer": "wait=20"})
    finished = answer.get_json()
    assert answer.status_code == 200 and finished["state"] == state and finished["finished_at"]
    assert finished["gate"] == decision and finished["model_version"] == 1
    if decision is None:
        assert finished["error"] == "retraining exited with status -9"
    else:
        assert finished["reasons"] == decision["reasons"]
        assert finished["promoted"] is decision["promote"]


def test_a_second_retraining_while_one_runs_gets_409_with_the_running_jobs_id(service):
    retrainer = BlockingRetrainer({"promote": False, "reasons": ["refused"]})
    with_retrainer(service, retrainer)
    client = service.test_client()
    first = client.post("/admin/retrain", headers=ADMIN).get_json()
    assert retrainer.started.wait(timeout=60)

    second = client.post("/admin/retrain", headers=ADMIN)

    assert second.status_code == 409
    assert second.get_json()["job_id"] == first["job_id"]
    retrainer.release.set()
    client.get(first["location"], query_string=WAIT, headers=ADMIN)
    third = client.post("/admin/retrain", headers=ADMIN)
    assert third.status_code == 202
    client.get(third.headers["Location"], query_string=WAIT, headers=ADMIN)


def test_a_job_whose_process_stopped_beating_is_marked_abandoned_and_frees_the_slot(service):
    # A job recorded by a service process that died: its last heartbeat is long past.
    repository = with_retrainer(service, BlockingRetrainer({"promote": False, "reasons": []}))
    long_ago = datetime.now(UTC) - STALE_AFTER - timedelta(seconds=1)
    repository.start("a-dead-process-job", "elsewhere:1", long_ago, "alice")
    client = service.test_client()

    started = client.post("/admin/retrain", headers=ADMIN)

    assert started.status_code == 202
    dead = client.get("/admin/jobs/a-dead-process-job", headers=ADMIN).get_json()
    assert dead["state"] == "failed" and dead["error"].startswith("abandoned")
    service.extensions["refactored"].jobs.retrainer.release.set()
    location = started.get_json()["location"]
    assert client.get(location, query_string=WAIT, headers=ADMIN).get_json()["state"] == "refused"


def test_a_job_still_beating_is_not_abandoned(service):
    repository = with_retrainer(service, BlockingRetrainer({"promote": False, "reasons": []}))
    recently = datetime.now(UTC) - STALE_AFTER + timedelta(seconds=5)
    repository.start("a-live-job", "elsewhere:1", recently, "alice")

    response = service.test_client().post("/admin/retrain", headers=ADMIN)

    assert response.status_code == 409 and response.get_json()["job_id"] == "a-live-job"


def test_an_unknown_job_is_404(http):
    response = http.get("/admin/jobs/no-such-job", headers=ADMIN)

    assert response.status_code == 404 and response.get_json()["error"] == "not_found"
