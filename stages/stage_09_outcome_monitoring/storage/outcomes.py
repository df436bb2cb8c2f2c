"""The outcomes repository: the real repayment outcome of scored applications, once each."""

from datetime import datetime

from sqlalchemy import Engine, exists, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .orm import Outcome, ScoredApplication

RECORDED = "recorded"
UNCHANGED = "unchanged"


class UnknownApplicationError(LookupError):
    """No application with this id was ever scored."""


class ConflictingOutcomeError(ValueError):
    """A different outcome is already recorded for this application.

    Attributes:
        recorded: The outcome already recorded.
    """

    def __init__(self, application_id: str, recorded: int):
        super().__init__(f"application {application_id!r} already has outcome {recorded}")
        self.recorded = recorded


class SqlOutcomeRepository:
    """Outcomes in the same SQL database as the scored applications."""

    def __init__(self, engine: Engine):
        """Read and write through `engine`."""
        self.engine = engine

    def record(self, application_id: str, defaulted: int, recorded_at: datetime) -> str:
        """Record an outcome: `"recorded"` the first time, `"unchanged"` when repeated.

        Raises:
            UnknownApplicationError: If the application was never scored.
            ConflictingOutcomeError: If a different outcome is already recorded.
        """
        with self.engine.begin() as connection:
            scored = connection.scalar(
                select(exists().where(ScoredApplication.application_id == application_id))
            )
            if not scored:
                raise UnknownApplicationError(f"no scored application {application_id!r}")
            existing = self._recorded(connection, application_id)
            if existing is None:
                try:
                    with connection.begin_nested():
                        connection.execute(
                            insert(Outcome.__table__),
                            {
                                "application_id": application_id,
                                "defaulted": defaulted,
                                "recorded_at": recorded_at,
                            },
                        )
                    return RECORDED
                except IntegrityError:
                    # Another request recorded this application's outcome meanwhile.
                    existing = self._recorded(connection, application_id)
        if existing != defaulted:
            raise ConflictingOutcomeError(application_id, existing)
        return UNCHANGED

    @staticmethod
    def _recorded(connection, application_id: str) -> int | None:
        """The outcome recorded for `application_id`, or None."""
        return connection.scalar(
            select(Outcome.defaulted).where(Outcome.application_id == application_id)
        )

    def count(self) -> int:
        """How many outcomes are recorded."""
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(Outcome))
