"""gunicorn's settings for this stage: JSON logs at INFO, and a worker that stops cleanly.

`gunicorn --config <this stage's folder>/gunicorn_config.py` serves the stage whose folder
holds this file (`make serve-prod` serves the last stage with its own):

- every log line, the service's and gunicorn's own (access lines included), is one JSON
  object (`JsonFormatter`) on standard error, at INFO, so that promotions and rollbacks are
  written, with who made them (Python's default level, WARNING, dropped them); a line written
  while a request is served names the request and the model version serving it
  (`serving/request_ids.py`);
- before the workers are forked, the release step (`release.py`: the tables, and the first
  champion on a fresh instance) runs in a process of its own, and the workers are told not
  to train (`TRAIN_ON_FIRST_START`): no web worker trains;
- a worker told to stop (SIGTERM to the master, or a restart) ends its retraining jobs first:
  their children are terminated and the jobs recorded as failed (`serving/jobs.py`), within
  the graceful timeout, so no child promotes a model after its worker has gone;
- the workers count their metrics in files of one folder (`PROMETHEUS_MULTIPROC_DIR`, a new
  temporary folder unless it is set), so that `GET /metrics` in any worker answers for all of
  them (`serving/metrics.py`); a stopped worker's live gauges are dropped.

The master imports nothing of the stage: the formatter is defined here, and only the workers
import the application. A master that imported it would hand the state of the native
libraries it loaded to every worker it forks: in the last stage, where ONNX Runtime serves, a
worker that had terminated a retraining child then aborted on exit.
"""

import importlib
import json
import logging
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask import g, has_request_context

STAGE_FOLDER = Path(__file__).resolve().parent
REPOSITORY_ROOT = next(p for p in STAGE_FOLDER.parents if (p / "pyproject.toml").is_file())
PACKAGE = ".".join(STAGE_FOLDER.relative_to(REPOSITORY_ROOT).parts)
# What a log call may add with `extra=`, written by the formatter.
EXTRA_FIELDS = ("event", "version", "by", "job_id")
# Seconds a stopping worker waits for each retraining job after terminating its child.
JOB_STOP_SECONDS = 10


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        """The record's time, level, logger, message, request and extra fields, as JSON."""
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry["request_id"] = g.get("request_id")
            entry["model_version"] = g.get("model_version")
        entry |= {name: getattr(record, name) for name in EXTRA_FIELDS if hasattr(record, name)}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


# Before any worker imports prometheus_client: it reads the folder once, at import.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="credit-metrics-"))

wsgi_app = f"{PACKAGE}:create_app()"
chdir = str(REPOSITORY_ROOT)
graceful_timeout = 30
accesslog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": JsonFormatter}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        name: {"level": "INFO", "handlers": ["stderr"], "propagate": False}
        for name in ("gunicorn.error", "gunicorn.access")
    },
}


def on_starting(server) -> None:
    """Before the workers start, run the release step; from then on no worker trains."""
    release = subprocess.run(
        [sys.executable, "-m", f"{PACKAGE}.release"],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
    )
    if release.returncode != 0:
        server.log.error("release step failed:\n%s", release.stderr.strip()[-4000:])
        raise SystemExit(release.returncode)
    server.log.info("release step: %s", release.stdout.strip().splitlines()[-1])
    os.environ["CREDIT_TRAIN_ON_FIRST_START"] = "false"


def worker_exit(server, worker) -> None:
    """Before a worker exits, end its application's background work."""
    app = getattr(worker, "wsgi", None)
    if app is not None and hasattr(app, "extensions"):
        context = importlib.import_module(f"{PACKAGE}.serving.context")
        context.stop_background_work(app, JOB_STOP_SECONDS)


def child_exit(server, worker) -> None:
    """After a worker exited, drop its live gauges from the shared metrics."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
