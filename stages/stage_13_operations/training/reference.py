"""Reference statistics for drift monitoring, taken from the training rows.

Numbers get quantile bins and the share of rows in each (integers with few distinct values the
share of each value), categories the share of each code, the text its length in words, and the
scores their distribution: a later window of requests is compared with these.
"""

import numpy as np
import pandas as pd

from ..features.columns import CATEGORICAL_FEATURES, NUMERIC_FEATURES, TEXT_FEATURE
from ..monitoring.binning import numeric_reference

QUANTILE_BINS = 10
SCORE_BIN_EDGES = tuple(np.round(np.linspace(0.0, 1.0, 11), 2).tolist())


def binned(values: np.ndarray, edges: np.ndarray) -> dict:
    """Share of `values` in each bin between consecutive `edges` (outer bins are open)."""
    inner = edges[1:-1]
    counts = np.bincount(np.searchsorted(inner, values, side="right"), minlength=len(edges) - 1)
    return {"edges": edges.tolist(), "frequencies": (counts / len(values)).tolist()}


def quantile_edges(values: np.ndarray) -> np.ndarray:
    """Distinct quantile edges of `values`, from its minimum to its maximum."""
    return np.unique(np.quantile(values, np.linspace(0.0, 1.0, QUANTILE_BINS + 1)))


def reference_statistics(rows: pd.DataFrame, probabilities: np.ndarray) -> dict:
    """Per-feature bins and frequencies, and the score distribution.

    Args:
        rows: The training rows.
        probabilities: Out-of-fold probabilities of default for those rows (what the model
            does on rows it has not seen, as in serving).

    Returns:
        The `reference_statistics` entry of the model card.
    """
    features = {}
    for name in NUMERIC_FEATURES:
        features[name] = numeric_reference(rows[name].to_numpy(dtype=float))
    for name in CATEGORICAL_FEATURES:
        shares = rows[name].value_counts(normalize=True).sort_index()
        features[name] = {"kind": "categorical", "frequencies": shares.to_dict()}
    word_counts = rows[TEXT_FEATURE].str.split().str.len().to_numpy(dtype=float)
    features[TEXT_FEATURE] = {
        "kind": "text_word_count",
        **binned(word_counts, quantile_edges(word_counts)),
    }
    score = {
        "fixed_bins": binned(probabilities, np.asarray(SCORE_BIN_EDGES)),
        "quantile_bins": binned(probabilities, quantile_edges(probabilities)),
        "mean": float(np.mean(probabilities)),
    }
    return {"rows": len(rows), "features": features, "score": score}
