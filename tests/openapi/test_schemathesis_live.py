"""Schemathesis against the live last stage: every operation of its document, every check.

A real HTTP server (werkzeug's, on a port the system chooses, in a thread of this process)
serves a trained instance of `refactored` with an admin token. Schemathesis, run as its users
run it (`schemathesis run`), reads the document the server publishes, generates requests from
it (valid and invalid ones, deterministically: the same examples every run) through its
examples, coverage, fuzzing and stateful phases, and applies every check it has: no server
error, a documented status, content type and headers, a body that conforms to the document,
invalid input rejected, valid input accepted, authentication enforced, `Allow` on a 405.
"""

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

import refactored
from stages.instrument.instance import new_instance

ADMIN_TOKEN = "schemathesis-admin-token"
CONFIG = Path(__file__).with_name("schemathesis.toml")


def documented_operations() -> int:
    """How many operations the last stage's committed document has."""
    paths = json.loads((Path(refactored.__file__).parent / "openapi.json").read_text())["paths"]
    return sum(len(item) for item in paths.values())


@pytest.fixture(scope="module")
def live_url(tmp_path_factory) -> Iterator[str]:
    """The base URL of the last stage served over HTTP by a real server, with a token."""
    instance = new_instance("refactored", tmp_path_factory.mktemp("schemathesis"))
    instance.create_app()
    app = refactored.create_app({**instance.settings, "ADMIN_TOKEN": ADMIN_TOKEN})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.mark.slow
def test_schemathesis_finds_no_failure_in_the_live_last_stage(live_url: str, tmp_path):
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(CONFIG),
        "--no-color",
        "run",
        f"{live_url}/openapi.json",
        "--header",
        f"Authorization: Bearer {ADMIN_TOKEN}",
        "--report-dir",
        str(tmp_path),
    ]

    run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)

    print(run.stdout[run.stdout.find("SUMMARY") :])  # shown by `pytest -rP`
    assert run.returncode == 0, run.stdout[-20_000:] + run.stderr[-5_000:]
    # Every operation but the one serving the document Schemathesis reads (`GET
    # /openapi.json`, checked against the committed file by `test_documents.py`).
    assert f"Tested: {documented_operations() - 1}\n" in run.stdout, run.stdout
