"""Serve a stage on a free localhost port in a subprocess, with an admin token it is given.

`python -m stages.instrument.replay.server STAGE --port N --instance DIR` is
`python -m stages.instrument.serve` plus the `ADMIN_TOKEN` setting, read from the
`STAGES_ADMIN_TOKEN` environment variable (so the token is not visible in the process list).
A stage without admin routes ignores the setting. As `serve`, a fresh instance's first start
goes through the training cache (`../cache.py`), unless `--train` asks for a training.
"""

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..instance import new_instance
from ..manifest import load_manifest
from .service import HttpService

TOKEN_VARIABLE = "STAGES_ADMIN_TOKEN"
STARTUP_TIMEOUT_SECONDS = 180
POLL_SECONDS = 0.2


def free_port() -> int:
    """Ask the operating system for a free port on localhost."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def new_admin_token() -> str:
    """A fresh, unguessable admin token for one served instance."""
    return secrets.token_urlsafe(24)


@contextmanager
def served_stage(
    package: str,
    instance_folder: Path,
    admin_token: str,
    port: int | None = None,
    cached: bool = True,
) -> Iterator[HttpService]:
    """Serve `package` in a subprocess on `instance_folder`; stop it on exit.

    Args:
        package: The stage's package.
        instance_folder: The instance folder (trained on first start).
        admin_token: The `ADMIN_TOKEN` setting of the served instance.
        port: The port on localhost; a free one when None.
        cached: Whether the first start may copy its models from the training cache; when
            False, the served process trains them.

    Yields:
        The service, once `GET /health` answers 200, calling with the admin token.

    Raises:
        RuntimeError: If the server exits or does not answer in time.
    """
    port = port or free_port()
    command = [sys.executable, "-m", __name__, package, "--port", str(port)]
    command += ["--instance", str(instance_folder)] + ([] if cached else ["--train"])
    environment = {**os.environ, TOKEN_VARIABLE: admin_token}
    # The server logs a line per request: a file, never a pipe nobody reads (a full pipe
    # blocks the server after about a thousand requests).
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, env=environment, stdout=log, stderr=log)
        service = HttpService(f"http://127.0.0.1:{port}", admin_token)
        try:
            wait_until_healthy(server, service, log)
            yield service
        finally:
            server.terminate()
            server.wait(timeout=30)


def wait_until_healthy(server: subprocess.Popen, service: HttpService, log) -> None:
    """Poll `GET /health` until it answers 200; fail if the server exits or takes too long."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while True:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the server exited: {log.read().decode()[-2000:]}")
        try:
            if service.get("/health")[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not answer /health in time")
        time.sleep(POLL_SECONDS)


def main(argv: list[str] | None = None) -> None:
    """Serve one stage with the admin token from the environment until terminated.

    Args:
        argv: Command-line arguments; `sys.argv[1:]` when None.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stage", help="the stage: number (00), slug or package")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--instance", type=Path, required=True)
    parser.add_argument(
        "--train", action="store_true", help="train on first start, never from the cache"
    )
    arguments = parser.parse_args(argv)
    stage = load_manifest().stage(arguments.stage)
    instance = new_instance(stage.package, arguments.instance)
    token = {"ADMIN_TOKEN": os.environ.get(TOKEN_VARIABLE, "")}
    app = instance.create_app(cached=not arguments.train, settings=token)
    app.run(host="127.0.0.1", port=arguments.port)


if __name__ == "__main__":
    main()
