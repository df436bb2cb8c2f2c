"""Reliability: a retraining job killed midway, and promotion under concurrent scoring load."""

import dataclasses
import fcntl
import signal
import sys
import threading

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sqlalchemy import select
from sqlalchemy.orm import Session

from credit_data.codebook import TARGET
from credit_data.load import applicant_payload
from refactored.bootstrap import exclusive_lock
from refactored.features.columns import INPUT_FEATURES
from refactored.features.frame import applicants_frame
from refactored.features.pipeline import build_pipeline
from refactored.registry import PARITY_BOUND
from refactored.serving.jobs import RetrainingJobs
from refactored.serving.retrainer import SubprocessRetrainer
from refactored.storage.orm import ScoredApplication
from refactored.training.retrain import LOCK_NAME
from tests.refactored.conftest import ADMIN_TOKEN, build_app, keyed_registry

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}

# The child retrains (logistic regression only, for speed) and kills itself with SIGKILL at a
# chosen point: just before the challenger's card is written (its artifact is on disk), or
# just before the promoted aliases file replaces the old one (the gate passed).
CHILD = """
import os, signal, sys
import refactored.registry.files as files
import refactored.registry.signing as signing
import refactored.training.retrain as retrain_module
from refactored.config import load_settings
from refactored.registry import PARITY_BOUND
from refactored.registry.opening import open_registry
from refactored.serving.jobs import RetrainingJobs
from refactored.serving.retrainer import SubprocessRetrainer
from refactored.training.candidates import CANDIDATES

point = sys.argv[1]
original_write, original_replace = signing.write_bytes_atomically, os.replace

def write(path, content):
    if point == "card" and path.name == "card.json" and "0002" in str(path):
        os.kill(os.getpid(), signal.SIGKILL)
    original_write(path, content)

def replace(source, target):
    if point == "aliases" and str(target).endswith("aliases.json"):
        os.kill(os.getpid(), signal.SIGKILL)
    original_replace(source, target)

signing.write_bytes_atomically, files.os.replace = write, replace
settings = load_settings()
retrain_module.retrain(settings, open_registry(settings), candidates=CANDIDATES[:1])
"""


def finished_job(client, location: str) -> dict:
    """Follow a retraining job until it finishes (each request waits up to 20 s for it)."""
    for _ in range(30):
        job = client.get(location, query_string={"wait": 20}, headers=ADMIN).get_json()
        if job["state"] != "running":
            return job
    raise AssertionError(f"the job at {location} did not finish in 10 minutes")


@pytest.mark.slow
@pytest.mark.parametrize("point", ["card", "aliases"])
def test_a_retraining_job_killed_midway_leaves_the_champion_and_registry_intact(
    instance, valid_payload, point
):
    registry = keyed_registry(instance)
    aliases_before = registry.aliases_path.read_bytes()
    service = build_app(instance, ADMIN_TOKEN=ADMIN_TOKEN)
    context = service.extensions["refactored"]
    killed = SubprocessRetrainer(context.settings, command=(sys.executable, "-c", CHILD, point))
    jobs = RetrainingJobs(context.jobs.repository, killed, context.champion)
    service.extensions["refactored"] = dataclasses.replace(context, jobs=jobs)
    client = service.test_client()

    started = client.post("/admin/retrain", headers=ADMIN)

    assert started.status_code == 202
    job = finished_job(client, started.headers["Location"])
    assert job["state"] == "failed" and job["gate"] is None
    assert job["error"].startswith(f"retraining exited with status {-signal.SIGKILL}")
    assert job["model_version"] == 1
    assert registry.aliases_path.read_bytes() == aliases_before
    assert registry.version_of("champion") == 1
    assert registry.versions() == ([1] if point == "card" else [1, 2])
    registry.load(1)
    body = client.post("/score", json=valid_payload).get_json()
    assert body["model_version"] == 1
    # The next retraining is not blocked: the killed process's lock died with it (a held
    # lock makes the non-blocking attempt raise BlockingIOError), and the job freed its slot.
    with open(registry.folder / LOCK_NAME, "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(lock_file, fcntl.LOCK_UN)
    assert context.jobs.repository.running() is None


def test_the_lock_check_above_sees_a_lock_that_is_still_held(tmp_path):
    with (
        exclusive_lock(tmp_path / LOCK_NAME),
        open(tmp_path / LOCK_NAME, "a") as lock_file,
        pytest.raises(BlockingIOError),
    ):
        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)


def logged_rows(app) -> list[ScoredApplication]:
    """Every row of the service's prediction log."""
    with Session(app.extensions["refactored"].scores.engine) as session:
        return list(session.scalars(select(ScoredApplication)))


def test_promotion_under_concurrent_scoring_fails_no_request_and_logs_each_version(
    instance, champion, holdout
):
    registry = keyed_registry(instance)
    other = build_pipeline(LogisticRegression(C=3.0, max_iter=2000)).fit(
        holdout[list(INPUT_FEATURES)], holdout[TARGET]
    )
    card = {
        key: value for key, value in champion.card.items() if key not in ("version", "artifact")
    }
    second = registry.register(other, card)
    app = build_app(instance, ADMIN_TOKEN=ADMIN_TOKEN)
    payloads = [applicant_payload(row) for _, row in holdout.head(40).iterrows()]
    statuses, stop, answered = [], threading.Event(), threading.Condition()

    def score(worker: int) -> None:
        client = app.test_client()
        number = 0
        while not stop.is_set():
            payload = {**payloads[number % len(payloads)], "application_id": f"w{worker}-{number}"}
            status = client.post("/score", json=payload).status_code
            with answered:
                statuses.append(status)
                answered.notify_all()
            number += 1

    workers = [threading.Thread(target=score, args=(n,)) for n in range(4)]
    for worker in workers:
        worker.start()
    admin, promotions = app.test_client(), []
    try:
        for version in [second, 1] * 5:
            response = admin.post("/model/champion", json={"version": version}, headers=ADMIN)
            promotions.append(response.status_code)
            # Let the workers answer a few requests on this version before the next swap.
            with answered:
                target = len(statuses) + 8
                answered.wait_for(lambda target=target: len(statuses) >= target, timeout=60)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=60)

    assert promotions == [200] * 10
    assert set(statuses) == {200}
    rows = logged_rows(app)
    assert len(rows) == len(statuses)
    models = {1: champion.pipeline, second: other}
    assert {row.model_version for row in rows} == set(models)
    for version, model in models.items():
        logged = [row for row in rows if row.model_version == version]
        again = model.predict_proba(applicants_frame([row.applicant for row in logged]))[:, 1]
        # Version 1 is served by ONNX Runtime past the parity gate, the copy by scikit-learn.
        logged_probabilities = [row.probability_default for row in logged]
        assert again == pytest.approx(logged_probabilities, abs=PARITY_BOUND)
    one = applicants_frame(payloads[:5])
    assert not np.allclose(champion.pipeline.predict_proba(one), other.predict_proba(one))
