"""Reliability: concurrent scoring through gunicorn, 2 workers and 8 client threads.

The test opens the listening socket itself and hands it to gunicorn (`--bind fd://N`), so the
clients can connect at once: their requests wait in the socket's queue until a worker is up,
with no sleeping and no polling.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, distinct, func, select

from credit_data.load import applicant_payload
from refactored.storage.orm import ScoredApplication
from refactored.storage.repository import SqlScoreRepository
from tests.refactored.conftest import copy_instance, empty_database

WORKERS = 2
CLIENT_THREADS = 8
REQUESTS_PER_THREAD = 250
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]


def server_environment(instance) -> dict[str, str]:
    """The service's settings as environment variables, one OpenMP thread per worker."""
    return {
        **os.environ,
        "PYTHONPATH": str(REPOSITORY_ROOT),
        "OMP_NUM_THREADS": "1",
        "CREDIT_INSTANCE_PATH": str(instance.folder),
        "CREDIT_DATABASE_URL": instance.database_url,
        "CREDIT_DATA_PATH": str(instance.data_path),
        "CREDIT_MODEL_DIR": str(instance.model_dir),
        "CREDIT_TRAIN_ON_FIRST_START": "false",
    }


def post_score(port: int, payload: dict) -> int:
    """POST one applicant on a new connection; return the status code."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        body = json.dumps(payload)
        connection.request("POST", "/score", body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.mark.slow
def test_two_workers_and_eight_clients_answer_every_request_and_store_each_once(
    request, trained_instance, holdout, tmp_path, database
):
    url = empty_database(request, database)
    instance = copy_instance(trained_instance, tmp_path / "gunicorn", url)
    applicants = [applicant_payload(row) for _, row in holdout.iterrows()]
    listener = socket.create_server(("127.0.0.1", 0), backlog=64)
    port = listener.getsockname()[1]
    log_path = tmp_path / "gunicorn.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(WORKERS),
        "--bind",
        f"fd://{listener.fileno()}",
        "--no-control-socket",
        "refactored:create_app()",
    ]
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            command,
            pass_fds=[listener.fileno()],
            env=server_environment(instance),
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    listener.close()

    def client(thread: int) -> list[str]:
        problems = []
        for number in range(REQUESTS_PER_THREAD):
            payload = {
                **applicants[(thread * REQUESTS_PER_THREAD + number) % len(applicants)],
                "application_id": f"gunicorn-{thread}-{number}",
            }
            try:
                status = post_score(port, payload)
            except OSError as error:
                problems.append(f"{payload['application_id']}: {error!r}")
                continue
            if status != 200:
                problems.append(f"{payload['application_id']}: HTTP {status}")
        return problems

    try:
        with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as pool:
            problems = [
                found for result in pool.map(client, range(CLIENT_THREADS)) for found in result
            ]
    finally:
        server.terminate()
        server.wait(timeout=60)

    log_text = log_path.read_text()
    assert problems == [], log_text[-3000:]
    assert log_text.count("Booting worker") == WORKERS
    engine = create_engine(instance.database_url)
    assert SqlScoreRepository(engine).count() == CLIENT_THREADS * REQUESTS_PER_THREAD
    with engine.connect() as connection:
        distinct_ids = connection.execute(
            select(func.count(distinct(ScoredApplication.application_id)))
        ).scalar_one()
    assert distinct_ids == CLIENT_THREADS * REQUESTS_PER_THREAD
