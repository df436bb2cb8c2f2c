"""The outcomes repository: the real repayment outcome of scored applications, once each."""

from dataclasses import dataclass
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


@dataclass(frozen=True)
class LabelledRow:
    """A scored application whose outcome is known.

    Attributes:
        log_id: The id of its latest score in the prediction log.
        application_id: The application's id.
        applicant: Its stored input.
        defaulted: The outcome (1 = defaulted).
        probability_default: What the model that scored it said.
        model_version: That model's version.
    """

    log_id: int
    application_id: str
    applicant: dict
    defaulted: int
    probability_default: float
    model_version: int


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

    def labelled_rows(self, first_id: int = 0, last_id: int | None = None) -> list[LabelledRow]:
        """Scored applications with an outcome, by prediction-log id range (latest score wins).

        Args:
            first_id: The smallest log id to include.
            last_id: The largest log id to include; no limit when None.
        """
        query = (
            select(ScoredApplication, Outcome.defaulted)
            .join(Outcome, Outcome.application_id == ScoredApplication.application_id)
            .where(ScoredApplication.id >= first_id)
            .order_by(ScoredApplication.id)
        )
        if last_id is not None:
            query = query.where(ScoredApplication.id <= last_id)
        latest: dict[str, LabelledRow] = {}
        with Session(self.engine) as session:
            for scored, defaulted in session.execute(query):
                latest[scored.application_id] = LabelledRow(
                    log_id=scored.id,
                    application_id=scored.application_id,
                    applicant=scored.applicant,
                    defaulted=defaulted,
                    probability_default=scored.probability_default,
                    model_version=scored.model_version,
                )
        return sorted(latest.values(), key=lambda row: row.log_id)
