"""The typical values of each explainable feature, weighted by their training frequency.

A reason says "this value of yours pushes you toward default, compared with what applicants
typically have". What applicants typically have is the feature's distribution in the training
rows: every category with its share of the rows; for a number with few distinct values (the
instalment rate, 1 to 4) every value with its share; for a number with many (the amount) the
midpoints of its ten deciles, a tenth each; for the purpose of the credit, every text the
training applicants wrote with its share (the model reads the words, not a category).

Every feature the model scores is explainable, the free text included: the protected
attributes are not in the model (DEBT-16), and nothing else the model holds against an
applicant may be left out of their reasons.
"""

import numpy as np
import pandas as pd

from ..features.columns import SCORED_CATEGORICAL_FEATURES, SCORED_NUMERIC_FEATURES, TEXT_FEATURE

EXPLAINABLE_FEATURES: tuple[str, ...] = (
    *SCORED_NUMERIC_FEATURES,
    *SCORED_CATEGORICAL_FEATURES,
    TEXT_FEATURE,
)
# A number with at most this many distinct training values keeps every value.
MAX_EXACT_VALUES = 10
QUANTILE_POINTS = 10


def distribution(column: pd.Series, categorical: bool) -> dict:
    """One feature's typical values and their weights (summing to 1).

    Args:
        column: The feature's training values.
        categorical: Whether the feature is a category code or a text.

    Returns:
        `{"values": [...], "weights": [...]}`, values in ascending order.
    """
    if categorical or column.nunique() <= MAX_EXACT_VALUES:
        shares = column.value_counts(normalize=True).sort_index()
        values = [str(value) if categorical else int(value) for value in shares.index]
        return {"values": values, "weights": shares.to_numpy(dtype=float).tolist()}
    levels = (np.arange(QUANTILE_POINTS) + 0.5) / QUANTILE_POINTS
    points = np.round(np.quantile(column.to_numpy(dtype=float), levels)).astype(int)
    values, counts = np.unique(points, return_counts=True)
    return {"values": values.tolist(), "weights": (counts / QUANTILE_POINTS).tolist()}


def typical_values(training: pd.DataFrame) -> dict[str, dict]:
    """The typical values of every explainable feature.

    Args:
        training: The training rows.

    Returns:
        Feature name to `{"values", "weights"}` (the model card's `explanations`).
    """
    return {
        name: distribution(training[name], name not in SCORED_NUMERIC_FEATURES)
        for name in EXPLAINABLE_FEATURES
    }
