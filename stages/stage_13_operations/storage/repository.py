"""The repository of scored applications: the one place that writes them.

Services depend on the `ScoreRepository` protocol; unit tests pass a fake with a list inside.
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from ..domain.policy import REVIEW
from .application_ids import FirstAnswer, first_answers, refusing_stored_ids
from .orm import Review, ScoredApplication


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
        client_address: The address that sent the request (None: not sent over HTTP).
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
    client_address: str | None = None


class ScoreRepository(Protocol):
    """Where scored applications go."""

    def add_all(self, records: Sequence[ScoreRecord]) -> None:
        """Store `records` in one transaction: all of them or none."""

    def first_answers(self, application_ids: Sequence[str]) -> dict[str, FirstAnswer]:
        """The stored applicant and first answer of each of these ids that is stored."""


class SqlScoreRepository:
    """Scored applications in a SQL database."""

    def __init__(self, engine: Engine):
        """Write through `engine`."""
        self.engine = engine

    def add_all(self, records: Sequence[ScoreRecord]) -> None:
        """Store `records` in one short transaction: all of them or none.

        An application id stored already stores nothing (`ApplicationIdStoredError`).

        A request decided `"review"` also opens a pending review, in the same transaction.
        """
        if not records:
            return
        with refusing_stored_ids(), self.engine.begin() as connection:
            connection.execute(
                insert(ScoredApplication.__table__), [asdict(record) for record in records]
            )
            reviewed = [record.request_id for record in records if record.decision == REVIEW]
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
