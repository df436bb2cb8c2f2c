"""Write scored batches and their outcomes straight into the refactored stage's log.

Shared by the monitoring benchmark and the monitoring tests: both replay drift scenarios far
faster than through HTTP, writing the rows serving would write, decided as serving decides
(the cost-matrix cut-off with the default review band).
"""

from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import Engine, insert

from credit_data.codebook import APPLICATION_ID, TARGET
from refactored.config import DEFAULT_REVIEW_BAND
from refactored.features.columns import INPUT_FEATURES
from refactored.storage.orm import Outcome
from refactored.storage.repository import SqlScoreRepository
from refactored.storage.scored_batch import ScoreRecord

COST_CUTOFF = 1 / 6


def decide(probabilities: np.ndarray, cutoff: float = COST_CUTOFF) -> list[str]:
    """Serving's decisions: reject from the cut-off, review within the band around it."""
    probabilities = np.asarray(probabilities)
    decisions = np.where(probabilities >= cutoff, "reject", "approve").astype(object)
    decisions[np.abs(probabilities - cutoff) < DEFAULT_REVIEW_BAND] = "review"
    decisions[probabilities == cutoff - DEFAULT_REVIEW_BAND] = "review"
    return decisions.astype(str).tolist()


def log_batch(engine: Engine, model, applicants: pd.DataFrame, scored_at: datetime) -> list[str]:
    """Score a batch with `model` and store it as the service does.

    Args:
        engine: The stage's database.
        model: A registered model (its `pipeline` and `version`).
        applicants: One row per applicant, with `application_id`.
        scored_at: The time to record.

    Returns:
        The decision of each applicant, in order.
    """
    probabilities = model.pipeline.predict_proba(applicants[list(INPUT_FEATURES)])[:, 1]
    decisions = decide(probabilities)
    records = [
        ScoreRecord(
            request_id=f"r-{row[APPLICATION_ID]}",
            application_id=row[APPLICATION_ID],
            applicant={name: row[name] for name in INPUT_FEATURES},
            probability_default=float(probability),
            decision=decision,
            decision_cutoff=COST_CUTOFF,
            model_version=model.version,
            scored_at=scored_at,
        )
        for row, probability, decision in zip(
            applicants.to_dict("records"), probabilities, decisions, strict=True
        )
    ]
    SqlScoreRepository(engine).add_all(records)
    return decisions


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
