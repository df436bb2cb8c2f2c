"""Write scored batches and their outcomes straight into the refactored stage's log.

Shared by the monitoring benchmark and the monitoring tests: both replay drift scenarios far
faster than through HTTP, writing the rows serving would write.
"""

from datetime import datetime

import pandas as pd
from sqlalchemy import Engine, insert

from credit_data.codebook import APPLICATION_ID, TARGET
from refactored.features.columns import INPUT_FEATURES
from refactored.storage.orm import Outcome
from refactored.storage.repository import ScoreRecord, SqlScoreRepository

COST_CUTOFF = 1 / 6


def log_batch(engine: Engine, model, applicants: pd.DataFrame, scored_at: datetime) -> None:
    """Score a batch with `model` and store it as the service does.

    Args:
        engine: The stage's database.
        model: A registered model (its `pipeline` and `version`).
        applicants: One row per applicant, with `application_id`.
        scored_at: The time to record.
    """
    probabilities = model.pipeline.predict_proba(applicants[list(INPUT_FEATURES)])[:, 1]
    records = [
        ScoreRecord(
            request_id=f"r-{row[APPLICATION_ID]}",
            application_id=row[APPLICATION_ID],
            applicant={name: row[name] for name in INPUT_FEATURES},
            probability_default=float(probability),
            decision="reject" if probability >= COST_CUTOFF else "approve",
            decision_cutoff=COST_CUTOFF,
            model_version=model.version,
            scored_at=scored_at,
        )
        for row, probability in zip(applicants.to_dict("records"), probabilities, strict=True)
    ]
    SqlScoreRepository(engine).add_all(records)


def add_outcomes(engine: Engine, outcomes: pd.DataFrame, recorded_at: datetime) -> None:
    """Record a batch of outcomes in one transaction.

    Args:
        engine: The stage's database.
        outcomes: `application_id` and `defaulted` per row.
        recorded_at: The time to record.
    """
    if len(outcomes):
        rows = [
            {
                "application_id": row[APPLICATION_ID],
                "defaulted": int(row[TARGET]),
                "recorded_at": recorded_at,
            }
            for row in outcomes.to_dict("records")
        ]
        with engine.begin() as connection:
            connection.execute(insert(Outcome.__table__), rows)
