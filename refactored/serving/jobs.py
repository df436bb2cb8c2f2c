"""Retraining in the background: `POST /admin/retrain` starts a job and answers at once.

The job runs the retraining child process (`retrainer.py`) on a thread of the service process
that accepted it, beating in the database while it waits; its state, the gate's decision and
reasons are in the database, so any process of the service can answer for it. One job runs
at a time across all of them (`storage/jobs.py`).

A process that stops (gunicorn's `worker_exit` hook, `gunicorn.conf.py`) calls `stop`: each
of its jobs terminates its child at its next beat and is recorded as failed, so a worker
never outlives its graceful timeout waiting for a retraining, and no child promotes a model
after the process that started it has gone.
"""

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from ..storage.jobs import FINISHED, SqlJobRepository
from .champion import ChampionHolder
from .retrainer import RetrainingFailedError
from .scoring import utc_now

LOGGER = logging.getLogger(__name__)
# How often a request waiting for a job (`GET /admin/jobs/<id>?wait=`) looks at the database.
POLL_SECONDS = 0.2


class JobStoppedError(RuntimeError):
    """The service is stopping: the job's retraining was terminated."""


class Retrainer(Protocol):
    """Runs one gated retraining."""

    def run(self, alive: Callable[[], None], requested_by: str | None) -> dict:
        """Retrain for `requested_by`; call `alive` now and then; return the gate's decision."""


@dataclass
class RetrainingJobs:
    """Starts retraining jobs and tells where they stand.

    Attributes:
        repository: Where jobs are recorded.
        retrainer: What a job runs.
        champion: The served model (re-read after a job, to name the version served).
        clock: The current time (UTC).
        stopping: Set when the process stops: running jobs end at their next beat.
        threads: The threads of the jobs this process started (finished ones dropped).
    """

    repository: SqlJobRepository
    retrainer: Retrainer
    champion: ChampionHolder
    clock: Callable[[], datetime] = utc_now
    stopping: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self, requested_by: str) -> dict:
        """Record a new job and start it on a thread; return it at once.

        Args:
            requested_by: Who asked for it (the name of an admin credential), recorded with
                the job and with the promotion it may make.

        Raises:
            JobRunningError: If a job is already running (in any process of the service).
        """
        job_id = uuid.uuid4().hex
        runner = f"{socket.gethostname()}:{os.getpid()}"
        job = self.repository.start(job_id, runner, self.clock(), requested_by)
        thread = threading.Thread(
            target=self._run, args=(job_id, requested_by), name=f"retrain-{job_id}"
        )
        self.threads[:] = [*(t for t in self.threads if t.is_alive()), thread]
        thread.start()
        return job

    def stop(self, timeout: float) -> None:
        """End this process's running jobs (their children terminated) and wait for them.

        Args:
            timeout: How long to wait for each job's thread, in seconds.
        """
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout)

    def _run(self, job_id: str, requested_by: str) -> None:
        """Run the retraining and record its outcome; the slot is freed whatever happens."""
        decision, error = None, None
        try:
            decision = self.retrainer.run(lambda: self._beat(job_id), requested_by)
        except JobStoppedError:
            error = "stopped: the service shut down during the retraining"
            LOGGER.warning("retraining job %s %s", job_id, error, extra={"job_id": job_id})
        except RetrainingFailedError as failure:
            error = str(failure)
            LOGGER.error("retraining job %s failed: %s", job_id, error)
        except Exception as failure:
            error = f"unexpected error: {failure!r}"
            LOGGER.exception("retraining job %s failed", job_id)
        finally:
            version = self._served_version()
            self.repository.finish(job_id, self.clock(), decision, error, version)

    def _beat(self, job_id: str) -> None:
        """Record that the job is alive; a failed write is logged, never fails the job.

        Raises:
            JobStoppedError: If the process is stopping.
        """
        if self.stopping.is_set():
            raise JobStoppedError(job_id)
        try:
            self.repository.beat(job_id, self.clock())
        except Exception:
            LOGGER.exception("retraining job %s could not record its heartbeat", job_id)

    def _served_version(self) -> int | None:
        """The version this process serves now (a promotion by the child is followed)."""
        try:
            return self.champion.current().version
        except Exception:
            LOGGER.exception("could not read the served version")
            return None

    def get(self, job_id: str, wait_seconds: float = 0.0) -> dict | None:
        """The job, waiting up to `wait_seconds` for it to finish; None if unknown."""
        deadline = time.monotonic() + wait_seconds
        job = self.repository.get(job_id)
        while job is not None and job["state"] not in FINISHED and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            job = self.repository.get(job_id)
        return job
