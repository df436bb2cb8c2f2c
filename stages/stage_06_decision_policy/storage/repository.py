"""The repository of scored applications: the one place that writes them."""

import json
from dataclasses import dataclass, field

from sqlalchemy import Engine, text


@dataclass(frozen=True)
class ScoreRecord:
    """What is stored for one accepted request.

    Attributes:
        application_id: The applicant's id, as sent or generated.
        probability_default: The model's probability of default.
        decision: `"approve"` or `"reject"`.
        scored_at: When it was scored (UTC, ISO 8601).
        reasons: The reasons given with a rejection.
    """

    application_id: str
    probability_default: float
    decision: str
    scored_at: str
    reasons: list = field(default_factory=list)


class SqlScoreRepository:
    """Scored applications in the `scores` table."""

    def __init__(self, engine: Engine):
        """Write through `engine`."""
        self.engine = engine

    def add(self, record: ScoreRecord) -> None:
        """Store one scored application."""
        # DEBT-08 Act Now, Reflect Never: the inputs are not kept and nothing is monitored.
        # DEBT-17 Flying blind on outcomes: no repayment outcome is ever taken back.
        # DEBT-06 No lineage: nothing records which model or data produced this score.
        with self.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO scores"
                    " (application_id, probability_default, decision, scored_at, reasons)"
                    " VALUES"
                    " (:application_id, :probability_default, :decision, :scored_at, :reasons)"
                ),
                {**vars(record), "reasons": json.dumps(record.reasons)},
            )
