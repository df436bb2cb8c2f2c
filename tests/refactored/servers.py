"""Service processes for the reliability tests: gunicorn on a socket the test opened, and HTTP.

The test opens the listening socket itself and hands it to gunicorn (`--bind fd://N`), so
clients can connect at once: their requests wait in the socket's queue until a worker is up,
with no sleeping and no polling.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
# The production settings (`make serve-prod`): JSON logs, a clean stop of retraining jobs.
GUNICORN_CONFIG = REPOSITORY_ROOT / "refactored" / "gunicorn_config.py"


def server_environment(instance, **settings: str) -> dict[str, str]:
    """The instance's settings (and `settings`) as environment variables, one OpenMP thread."""
    extra = {f"CREDIT_{name}": value for name, value in settings.items()}
    return {
        **os.environ,
        "PYTHONPATH": str(REPOSITORY_ROOT),
        "OMP_NUM_THREADS": "1",
        "CREDIT_INSTANCE_PATH": str(instance.folder),
        "CREDIT_DATABASE_URL": instance.database_url,
        "CREDIT_DATA_PATH": str(instance.data_path),
        "CREDIT_MODEL_DIR": str(instance.model_dir),
        "CREDIT_TRAIN_ON_FIRST_START": "false",
        **extra,
    }


@dataclass
class ServiceProcess:
    """A gunicorn master serving the refactored stage.

    Attributes:
        port: The port it listens on (127.0.0.1).
        process: The gunicorn master process.
        log_path: Its combined output.
    """

    port: int
    process: subprocess.Popen
    log_path: Path

    def stop(self) -> str:
        """Stop gunicorn (and its workers); return its log."""
        self.process.terminate()
        self.process.wait(timeout=60)
        return self.log_path.read_text()


def start_service(instance, folder: Path, workers: int = 1, **settings: str) -> ServiceProcess:
    """Start gunicorn with `workers` sync workers on a new port; it serves as soon as it is up.

    It runs with the production settings, `refactored/gunicorn_config.py`.

    Args:
        instance: The instance whose settings the service uses.
        folder: Where its log goes (and its working directory).
        workers: The number of gunicorn workers.
        **settings: Extra settings by name (`ADMIN_TOKEN`, `MONITORING_WINDOW`, ...).
    """
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    port = listener.getsockname()[1]
    folder.mkdir(parents=True, exist_ok=True)
    log_path = folder / f"gunicorn-{port}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        f"fd://{listener.fileno()}",
        "--no-control-socket",
        "--config",
        str(GUNICORN_CONFIG),
        "refactored:create_app()",
    ]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command,
            pass_fds=[listener.fileno()],
            env=server_environment(instance, **settings),
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    listener.close()
    return ServiceProcess(port=port, process=process, log_path=log_path)


def call(
    port: int, method: str, path: str, body: dict | None = None, token: str | None = None
) -> tuple[int, dict]:
    """One request on a new connection; the status and the JSON answer."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        payload = None if body is None else json.dumps(body)
        connection.request(method, path, payload, headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()
