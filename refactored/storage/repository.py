"""The repository of scored applications: the one place that writes them.

Services depend on the `ScoreRepository` protocol; unit tests pass a fake with a list inside.
"""

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import orjson
from sqlalchemy import Connection, Dialect, Engine, func, insert, select
from sqlalchemy.engine.interfaces import Compiled
from sqlalchemy.orm import Session

from ..domain.policy import REVIEW
from .orm import Review, ScoredApplication

# Inserts go through the table (SQLAlchemy Core): the ORM unit of work adds nothing here.
SCORED_APPLICATIONS = ScoredApplication.__table__
# The columns an insert fills (the id is the database's).
# The compiled insert of each engine's dialect, for as long as the engine lives.
_COMPILED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
ROW_COLUMNS = tuple(column.name for column in SCORED_APPLICATIONS.columns if column.name != "id")


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

        A request decided `"review"` also opens a pending review, in the same transaction.
        """
        if not batch.request_ids:
            return
        with self.engine.begin() as connection:
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
    """Insert the batch's rows with one `executemany` of the driver.

    SQLAlchemy would serialise each JSON value with the standard library and process each
    parameter of each row in Python, most of a large batch's storage time. Here the JSON
    columns are serialised by orjson, the values shared by every row are processed once by
    their column's type, and the rows go to the driver as they are.
    """
    dialect = connection.dialect
    compiled = compiled_insert(dialect)
    count = len(batch.request_ids)
    shared = {
        "decision_cutoff": batch.decision_cutoff,
        "model_version": batch.model_version,
        "scored_at": batch.scored_at,
    }
    columns = {
        "request_id": batch.request_ids,
        "application_id": batch.application_ids,
        "applicant": json_texts(batch.applicants),
        "probability_default": processed(dialect, "probability_default", batch.probabilities),
        "decision": batch.decisions,
        "reasons": json_texts(batch.reasons),
        **{name: processed(dialect, name, [value])[:1] * count for name, value in shared.items()},
    }
    if compiled.positional:
        rows = list(zip(*(columns[name] for name in compiled.positiontup), strict=True))
    else:
        rows = [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    connection.exec_driver_sql(str(compiled), rows)


def compiled_insert(dialect: Dialect) -> Compiled:
    """The insert of one row of every column but the id, compiled once per dialect."""
    compiled = _COMPILED.get(dialect)
    if compiled is None:
        compiled = insert(SCORED_APPLICATIONS).compile(
            dialect=dialect, column_keys=list(ROW_COLUMNS)
        )
        _COMPILED[dialect] = compiled
    return compiled


def bind_processor(dialect: Dialect, name: str) -> Callable | None:
    """How column `name`'s type hands a value to the driver, or None when it passes it as is."""
    return SCORED_APPLICATIONS.c[name].type.dialect_impl(dialect).bind_processor(dialect)


def json_texts(values: list) -> list[str]:
    """Each value as JSON text (what the JSON columns hold)."""
    return [orjson.dumps(value).decode() for value in values]


def processed(dialect, name: str, values: list) -> list:
    """`values` of column `name` as the column's type hands them to the driver."""
    process = bind_processor(dialect, name)
    return values if process is None else [process(value) for value in values]
