"""The retraining jobs repository: one job at a time across every process of the service.

The database, not a process's memory, holds the jobs, so any service process can start one,
refuse a second, and answer where any job stands. A job row's unique `active` column is 1
while it runs: a second insert while one runs fails, in SQLite and PostgreSQL alike. A job
whose process died stops beating; after `STALE_AFTER` without a heartbeat it is marked
abandoned and the next request may start another.
"""

from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .orm import RetrainingJob

RUNNING, PROMOTED, REFUSED, FAILED = "running", "promoted", "refused", "failed"
FINISHED = (PROMOTED, REFUSED, FAILED)
# The runner beats every few seconds (`serving/jobs.py`); a minute of silence means its
# process is gone (a retraining of this data takes seconds to a few minutes of CPU, during
# which the runner's thread still beats).
STALE_AFTER = timedelta(seconds=60)
JOBS = RetrainingJob.__table__


class JobRunningError(RuntimeError):
    """A retraining job is already running.

    Attributes:
        job_id: The running job's id.
    """

    def __init__(self, job_id: str):
        super().__init__(f"retraining job {job_id} is still running")
        self.job_id = job_id


def job_entry(job: RetrainingJob) -> dict:
    """A job as JSON-ready data (the gate's decision and reasons once it finished)."""
    decision = job.decision or {}
    return {
        "job_id": job.id,
        "state": job.state,
        "requested_at": job.requested_at.isoformat(),
        "requested_by": job.requested_by,
        "heartbeat_at": job.heartbeat_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "promoted": decision.get("promote") if job.decision else None,
        "reasons": decision.get("reasons", []),
        "gate": job.decision,
        "error": job.error,
        "model_version": job.model_version,
    }


class SqlJobRepository:
    """Retraining jobs in the scores database."""

    def __init__(self, engine: Engine):
        """Read and write through `engine`."""
        self.engine = engine

    def start(self, job_id: str, runner: str, now: datetime, requested_by: str) -> dict:
        """Record a new running job, unless one is running already.

        A running job that has not beaten for `STALE_AFTER` is first marked failed.

        Args:
            job_id: The new job's id.
            runner: Who runs it (host and process id), for the operators.
            now: The current time (UTC).
            requested_by: Who asked for it (the name of an admin credential).

        Returns:
            The new job.

        Raises:
            JobRunningError: If another job is running, with its id.
        """
        self._abandon_stale(now)
        row = {
            "id": job_id,
            "state": RUNNING,
            "active": 1,
            "runner": runner,
            "requested_at": now,
            "requested_by": requested_by,
            "heartbeat_at": now,
        }
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(JOBS), row)
        except IntegrityError:
            running = self.running()
            raise JobRunningError(running["job_id"] if running else "unknown") from None
        return self.get(job_id)

    def _abandon_stale(self, now: datetime) -> None:
        """Mark failed the running job whose runner stopped beating."""
        with self.engine.begin() as connection:
            connection.execute(
                update(JOBS)
                .where(RetrainingJob.active == 1, RetrainingJob.heartbeat_at < now - STALE_AFTER)
                .values(
                    state=FAILED,
                    active=None,
                    finished_at=now,
                    error="abandoned: the process running it stopped reporting; "
                    "the champion is whatever the registry's alias names",
                )
            )

    def beat(self, job_id: str, now: datetime) -> None:
        """Record that the job's runner is alive."""
        with self.engine.begin() as connection:
            connection.execute(
                update(JOBS)
                .where(RetrainingJob.id == job_id, RetrainingJob.active == 1)
                .values(heartbeat_at=now)
            )

    def finish(
        self,
        job_id: str,
        now: datetime,
        decision: dict | None = None,
        error: str | None = None,
        model_version: int | None = None,
    ) -> None:
        """Record how the job ended and free the slot for the next one.

        Args:
            job_id: The job.
            now: The current time (UTC).
            decision: The gate's decision, when the retraining finished.
            error: What went wrong, when it did not.
            model_version: The version served after the job.
        """
        state = FAILED if decision is None else (PROMOTED if decision.get("promote") else REFUSED)
        with self.engine.begin() as connection:
            connection.execute(
                update(JOBS)
                .where(RetrainingJob.id == job_id)
                .values(
                    state=state,
                    active=None,
                    finished_at=now,
                    heartbeat_at=now,
                    decision=decision,
                    error=error,
                    model_version=model_version,
                )
            )

    def get(self, job_id: str) -> dict | None:
        """The job `job_id`, or None."""
        with Session(self.engine) as session:
            job = session.get(RetrainingJob, job_id)
            return job_entry(job) if job else None

    def running(self) -> dict | None:
        """The running job, or None."""
        with Session(self.engine) as session:
            job = session.scalar(select(RetrainingJob).where(RetrainingJob.active == 1))
            return job_entry(job) if job else None

    def recent(self, limit: int = 10) -> list[dict]:
        """The most recently requested jobs, newest first."""
        query = select(RetrainingJob).order_by(RetrainingJob.requested_at.desc()).limit(limit)
        with Session(self.engine) as session:
            return [job_entry(job) for job in session.scalars(query)]
