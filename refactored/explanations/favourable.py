"""The favourable value of each explainable feature, taken from the training rows.

A reason says "this feature pushes you toward default"; to measure how much, the feature is
moved to its favourable value: the category with the lowest bad rate (among categories with
at least `MIN_CATEGORY_ROWS` rows), or for a number the 10th or the 90th percentile, whichever
end of the range has the lower bad rate.
"""

import pandas as pd

from credit_data.codebook import PROTECTED_ATTRIBUTES, TARGET

from ..features.columns import CATEGORICAL_FEATURES, NUMERIC_FEATURES

MIN_CATEGORY_ROWS = 20
LOW_QUANTILE, HIGH_QUANTILE = 0.1, 0.9
# Protected attributes are never reasons; the free text is no lever an applicant can name.
EXPLAINABLE_FEATURES: tuple[str, ...] = tuple(
    name for name in (*NUMERIC_FEATURES, *CATEGORICAL_FEATURES) if name not in PROTECTED_ATTRIBUTES
)


def favourable_values(training: pd.DataFrame) -> dict[str, object]:
    """The favourable value of every explainable feature.

    Args:
        training: The training rows, with the target.

    Returns:
        Feature name to its favourable value (a category code or an integer).
    """
    values: dict[str, object] = {}
    for name in EXPLAINABLE_FEATURES:
        column = training[name]
        if name in CATEGORICAL_FEATURES:
            rates = training.groupby(name)[TARGET].agg(["mean", "size"])
            values[name] = str(rates[rates["size"] >= MIN_CATEGORY_ROWS]["mean"].idxmin())
            continue
        low_rate = training.loc[column <= column.quantile(0.25), TARGET].mean()
        high_rate = training.loc[column >= column.quantile(0.75), TARGET].mean()
        quantile = LOW_QUANTILE if low_rate < high_rate else HIGH_QUANTILE
        values[name] = round(float(column.quantile(quantile)))
    return values
