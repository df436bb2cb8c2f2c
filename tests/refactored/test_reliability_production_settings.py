"""Reliability: gunicorn with the production settings (`refactored/gunicorn_config.py`).

- A worker told to stop during a retraining ends it within the graceful timeout. A retraining
  job is started and the master is sent SIGTERM at once (the child needs seconds to import,
  train and refit: it is still running). The worker's `worker_exit` hook ends the job: the
  child is terminated, the job is recorded as failed with the reason, the champion and the
  registry are as they were, and the worker exits cleanly (no abort).
- On a fresh instance the release step (`refactored/release.py`) trains the first champion
  before the workers are forked, and no worker trains.
- Every line of the log is one JSON object; a promotion is one line saying who promoted which
  version, and when, with the request's id, which the answer carries back.
"""

import http.client
import json
import signal
from pathlib import Path

import pytest

from refactored.config import load_settings
from refactored.storage.engine import build_engine
from refactored.storage.jobs import SqlJobRepository
from stages.instrument.instance import new_instance
from tests.refactored.conftest import ADMIN_TOKEN, keyed_registry
from tests.refactored.servers import call, start_service

GRACEFUL_TIMEOUT = 30


def processes_of(instance_folder: Path) -> list[int]:
    """The processes whose environment names this instance's folder (service or child)."""
    marker = f"CREDIT_INSTANCE_PATH={instance_folder}".encode()
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
@pytest.mark.databases("sqlite")
def test_sigterm_during_a_retraining_terminates_its_child_and_records_the_job(
    instance, tmp_path, valid_payload
):
    registry = keyed_registry(instance)
    aliases_before = registry.aliases_path.read_bytes()
    service = start_service(instance, tmp_path / "service", ADMIN_TOKEN=ADMIN_TOKEN)
    status, job = call(service.port, "POST", "/admin/retrain", token=ADMIN_TOKEN)
    assert status == 202 and job["state"] == "running", job

    service.process.send_signal(signal.SIGTERM)
    service.process.wait(timeout=GRACEFUL_TIMEOUT)

    log = service.log_path.read_text()
    assert service.process.returncode == 0, log[-3000:]
    assert processes_of(instance.folder) == []
    engine = build_engine(load_settings(instance.settings).database_url)
    stored = SqlJobRepository(engine).get(job["job_id"])
    engine.dispose()
    assert stored["state"] == "failed", stored
    assert stored["error"] == "stopped: the service shut down during the retraining"
    assert registry.aliases_path.read_bytes() == aliases_before
    registry.load(registry.version_of("champion"))
    assert "terminate called" not in log and "SIGABRT" not in log, log[-3000:]
    lines = json_lines(log)
    assert any(line.get("job_id") == job["job_id"] for line in lines), log[-3000:]
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)


def json_lines(log: str) -> list[dict]:
    """The log's lines, each parsed (a line that is not JSON fails the test)."""
    assert all(line.startswith("{") for line in log.splitlines() if line.strip()), log[-3000:]
    return [json.loads(line) for line in log.splitlines() if line.strip()]


@pytest.mark.slow
@pytest.mark.databases("sqlite")
def test_a_promotion_is_one_json_line_saying_who_promoted_which_version_and_when(
    instance, champion, tmp_path
):
    registry = keyed_registry(instance)
    card = {
        key: value for key, value in champion.card.items() if key not in ("version", "artifact")
    }
    other = registry.register(champion.pipeline, card)
    service = start_service(instance, tmp_path / "service", ADMIN_TOKEN=ADMIN_TOKEN)
    connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=120)
    connection.request(
        "POST",
        "/model/champion",
        json.dumps({"version": other}),
        {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {ADMIN_TOKEN}",
            "X-Request-ID": "promotion-by-test",
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    log = service.stop()

    assert response.status == 200 and response.getheader("X-Request-ID") == "promotion-by-test"
    (promotion,) = [line for line in json_lines(log) if line.get("event") == "promotion"]
    assert (promotion["version"], promotion["by"]) == (other, "admin")
    assert promotion["request_id"] == "promotion-by-test" and promotion["model_version"] == 1
    assert promotion["time"].startswith("20") and promotion["level"] == "INFO"


@pytest.mark.slow
def test_on_a_fresh_instance_the_release_step_trains_once_and_no_worker_trains(tmp_path):
    fresh = new_instance("refactored", tmp_path / "fresh")

    # Workers asked to train on first start: the settings file tells them not to.
    service = start_service(fresh, tmp_path / "service", workers=2, TRAIN_ON_FIRST_START="true")
    status, health = call(service.port, "GET", "/health")
    log = service.stop()

    assert status == 200 and health["model_version"] == 1, log[-3000:]
    lines = json_lines(log)
    messages = [line["message"] for line in lines]
    release = next(index for index, text in enumerate(messages) if text.startswith("release"))
    assert json.loads(messages[release].removeprefix("release step: ")) == {
        "champion": 1,
        "trained": True,
    }
    booted = [index for index, text in enumerate(messages) if text.startswith("Booting worker")]
    assert len(booted) == 2 and release < min(booted)
    assert not any("registered model version" in text for text in messages), log[-3000:]
    assert keyed_registry(fresh).versions() == [1]
