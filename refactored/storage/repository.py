"""The repository of scored applications: the one place that writes them.

What it stores for each request is in `scored_batch.py`.

Services depend on the `ScoreRepository` protocol; unit tests pass a fake with a list inside.
"""

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.orm import Session

from ..domain.policy import REVIEW
from .application_ids import FirstAnswer, first_answers, refusing_stored_ids
from .bulk_insert import insert_columns
from .orm import Review, ScoredApplication
from .scored_batch import ScoredBatch, ScoreRecord

# Inserts go through the table (SQLAlchemy Core): the ORM unit of work adds nothing here.
SCORED_APPLICATIONS = ScoredApplication.__table__


class ScoreRepository(Protocol):
    """Where scored applications go."""

    def add_batch(self, batch: ScoredBatch) -> None:
        """Store `batch` in one transaction: all of it or nothing."""

    def first_answers(self, application_ids: Sequence[str]) -> dict[str, FirstAnswer]:
        """The stored applicant and first answer of each of these ids that is stored."""


class SqlScoreRepository:
    """Scored applications in a SQL database."""

    def __init__(self, engine: Engine):
        """Write through `engine`."""
        self.engine = engine

    def add_all(self, records: Sequence[ScoreRecord]) -> None:
        """Store `records` (sharing their cut-off, model version and time) in one transaction."""
        if records:
            self.add_batch(ScoredBatch.of(records))

    def add_batch(self, batch: ScoredBatch) -> None:
        """Store `batch` in one short transaction: all of it or nothing.

        A request decided `"review"` also opens a pending review, in the same transaction. An
        application id stored already stores nothing (`ApplicationIdStoredError`).
        """
        if not batch.request_ids:
            return
        with refusing_stored_ids(), self.engine.begin() as connection:
            insert_batch(connection, batch)
            reviewed = [
                request_id
                for request_id, decision in zip(batch.request_ids, batch.decisions, strict=True)
                if decision == REVIEW
            ]
            if reviewed:
                opened = select(ScoredApplication.id, ScoredApplication.scored_at).where(
                    ScoredApplication.request_id.in_(reviewed)
                )
                connection.execute(
                    insert(Review.__table__).from_select(
                        ["scored_application_id", "created_at"], opened
                    )
                )

    def first_answers(self, application_ids: Sequence[str]) -> dict[str, FirstAnswer]:
        """The stored applicant and first answer of each of these ids that is stored."""
        return first_answers(self.engine, application_ids)

    def count(self) -> int:
        """How many scored applications are stored."""
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(ScoredApplication))

    def by_application_id(self, application_id: str) -> list[ScoredApplication]:
        """Every stored score of one application id, oldest first."""
        with Session(self.engine) as session:
            query = (
                select(ScoredApplication)
                .where(ScoredApplication.application_id == application_id)
                .order_by(ScoredApplication.id)
            )
            return list(session.scalars(query))


def insert_batch(connection: Connection, batch: ScoredBatch) -> None:
    """Insert the batch's rows with one `executemany` of the driver (`bulk_insert.py`)."""
    per_row = {
        "request_id": batch.request_ids,
        "application_id": batch.application_ids,
        "applicant": batch.applicants,
        "probability_default": batch.probabilities,
        "decision": batch.decisions,
        "reasons": batch.reasons,
    }
    shared = {
        "decision_cutoff": batch.decision_cutoff,
        "model_version": batch.model_version,
        "scored_at": batch.scored_at,
        "client_address": batch.client_address,
    }
    insert_columns(connection, SCORED_APPLICATIONS, per_row, shared)
