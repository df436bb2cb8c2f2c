"""Batch scoring of a table: check the columns, score the valid rows in one call, decide.

The rows are scored by the served runtime (ONNX Runtime past the parity gate, or the pipeline).
"""

from dataclasses import dataclass

import pandas as pd

from credit_data.codebook import APPLICATION_ID

from ..domain.frame_check import check_frame
from ..domain.policy import DecisionPolicy
from ..registry import RegisteredModel


@dataclass(frozen=True)
class TableScores:
    """The answers for a table of applicants.

    Attributes:
        scores: One row per valid applicant: `application_id` (when the table has one),
            `decision`, `probability_default` and `model_version`.
        rejected: One entry per invalid row: its position and problems.
    """

    scores: pd.DataFrame
    rejected: list[dict]


def score_table(table: pd.DataFrame, model: RegisteredModel, policy: DecisionPolicy) -> TableScores:
    """Score every valid row of `table`; report the others, never drop them silently.

    Args:
        table: One row per applicant.
        model: The model to score with.
        policy: The decision policy.

    Returns:
        The scores of the valid rows and the problems of the invalid ones.
    """
    valid, problems = check_frame(table)
    probabilities = model.runtime.predict(valid).probabilities
    scores = pd.DataFrame(index=valid.index)
    if APPLICATION_ID in table.columns:
        scores[APPLICATION_ID] = table.loc[valid.index, APPLICATION_ID]
    scores["decision"] = policy.decide_many(probabilities)
    scores["probability_default"] = probabilities
    scores["model_version"] = model.version
    rejected = [{"row": position, "problems": problems[position]} for position in sorted(problems)]
    return TableScores(scores=scores.reset_index(drop=True), rejected=rejected)
