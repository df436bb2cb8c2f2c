"""How a numeric feature is binned for drift.

An integer feature with few distinct values (`people_liable` takes 1 or 2, the installment
rate 1 to 4) is compared value by value, as a category: quantile bins collapse on it (all
of `people_liable` falls in one decile bin, so its PSI would always be 0). Other numbers get
quantile bins.
"""

import numpy as np

# A numeric feature with at most this many distinct values is compared value by value.
FEW_VALUES = 10
QUANTILE_BINS = 10


def has_few_values(values: np.ndarray) -> bool:
    """Whether a numeric feature is better compared value by value than by quantile bins."""
    return len(np.unique(values)) <= FEW_VALUES


def numeric_reference(values: np.ndarray) -> dict:
    """The reference entry of a numeric feature: value shares, or quantile bins.

    Args:
        values: The feature's values in the training rows.

    Returns:
        `{"kind": "categorical", "frequencies": {value: share}}` for few distinct values,
        else `{"kind": "numeric", "edges": [...], "frequencies": [...]}`.
    """
    values = np.asarray(values, dtype=float)
    if has_few_values(values):
        codes, counts = np.unique(values, return_counts=True)
        shares = counts / counts.sum()
        return {
            "kind": "categorical",
            "frequencies": {
                f"{code:g}": float(share) for code, share in zip(codes, shares, strict=True)
            },
        }
    edges = np.unique(np.quantile(values, np.linspace(0.0, 1.0, QUANTILE_BINS + 1)))
    inner = edges[1:-1]
    counts = np.bincount(np.searchsorted(inner, values, side="right"), minlength=len(edges) - 1)
    return {
        "kind": "numeric",
        "edges": edges.tolist(),
        "frequencies": (counts / len(values)).tolist(),
    }
