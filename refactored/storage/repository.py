"""The repository of scored applications: the one place that writes them.

Services depend on the `ScoreRepository` protocol; unit tests pass a fake with a list inside.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.orm import Session

from ..domain.policy import REVIEW
from .application_ids import FirstAnswer, first_answers, refusing_stored_ids
from .bulk_insert import insert_columns
from .orm import Review, ScoredApplication

# Inserts go through the table (SQLAlchemy Core): the ORM unit of work adds nothing here.
SCORED_APPLICATIONS = ScoredApplication.__table__


@dataclass(frozen=True)
class ScoreRecord:
    """What is stored for one accepted request.

    Attributes:
        request_id: The id this service gave the request.
        application_id: The applicant's id, as sent or generated.
        applicant: The full validated input.
        probability_default: The model's probability of default.
        decision: `"approve"`, `"review"` or `"reject"`.
        decision_cutoff: The cut-off the decision used.
        model_version: The registry version that scored the request.
        scored_at: When it was scored (UTC).
        reasons: The reasons given with a rejection or a review.
    """

    request_id: str
    application_id: str
    applicant: dict
    probability_default: float
    decision: str
    decision_cutoff: float
    model_version: int
    scored_at: datetime
    reasons: list = field(default_factory=list)


@dataclass(frozen=True)
class ScoredBatch:
    """Accepted requests column by column: entry `i` of each list belongs to request `i`.

    Attributes:
        request_ids: The ids this service gave the requests.
        application_ids: The applicants' ids, as sent or generated.
        applicants: The full validated inputs.
        probabilities: The model's probabilities of default.
        decisions: `"approve"`, `"review"` or `"reject"`.
        reasons: The reasons given with each rejection or review (empty for an approval).
        decision_cutoff: The cut-off the decisions used.
        model_version: The registry version that scored the requests.
        scored_at: When they were scored (UTC).
    """

    request_ids: list[str]
    application_ids: list[str]
    applicants: list[dict]
    probabilities: list[float]
    decisions: list[str]
    reasons: list[list]
    decision_cutoff: float
    model_version: int
    scored_at: datetime

    @classmethod
    def of(cls, records: Sequence[ScoreRecord]) -> "ScoredBatch":
        """The batch of `records`, which share their cut-off, model version and time."""
        first = records[0]
        return cls(
            request_ids=[record.request_id for record in records],
            application_ids=[record.application_id for record in records],
            applicants=[record.applicant for record in records],
            probabilities=[record.probability_default for record in records],
            decisions=[record.decision for record in records],
            reasons=[record.reasons for record in records],
            decision_cutoff=first.decision_cutoff,
            model_version=first.model_version,
            scored_at=first.scored_at,
        )

    def records(self) -> list[ScoreRecord]:
        """One record per request."""
        return [
            ScoreRecord(
                request_id=request_id,
                application_id=application_id,
                applicant=applicant,
                probability_default=probability,
                decision=decision,
                decision_cutoff=self.decision_cutoff,
                model_version=self.model_version,
                scored_at=self.scored_at,
                reasons=reasons,
            )
            for request_id, application_id, applicant, probability, decision, reasons in zip(
                self.request_ids,
                self.application_ids,
                self.applicants,
                self.probabilities,
                self.decisions,
                self.reasons,
                strict=True,
            )
        ]


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
    }
    insert_columns(connection, SCORED_APPLICATIONS, per_row, shared)
