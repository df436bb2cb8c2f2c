"""Calibration of predicted probabilities: Brier score, expected calibration error, bins.

A probability of default is only worth giving out if it means what it says: of the applicants
told 0.2, about one in five should default. The expected calibration error (ECE) is the
size-weighted mean gap between the predicted and the observed bad rate over equal-width bins.
"""

import numpy as np
from sklearn.metrics import brier_score_loss

CALIBRATION_BINS = 10


def calibration_report(defaulted: np.ndarray, probabilities: np.ndarray) -> dict:
    """Brier score, ECE and the reliability table of a set of predictions.

    Args:
        defaulted: The true outcomes (1 = defaulted).
        probabilities: The predicted probabilities of default.

    Returns:
        `brier`, `expected_calibration_error`, `bins` (one entry per non-empty bin:
        its range, size, mean prediction and observed bad rate).
    """
    defaulted = np.asarray(defaulted, dtype=float)
    probabilities = np.asarray(probabilities, dtype=float)
    edges = np.linspace(0.0, 1.0, CALIBRATION_BINS + 1)
    index = np.clip(np.digitize(probabilities, edges[1:-1]), 0, CALIBRATION_BINS - 1)
    bins, gap = [], 0.0
    for position in range(CALIBRATION_BINS):
        members = index == position
        if not members.any():
            continue
        predicted, observed = probabilities[members].mean(), defaulted[members].mean()
        gap += members.sum() * abs(predicted - observed)
        bins.append(
            {
                "range": [float(edges[position]), float(edges[position + 1])],
                "applicants": int(members.sum()),
                "mean_predicted": float(predicted),
                "observed_bad_rate": float(observed),
            }
        )
    return {
        "brier": float(brier_score_loss(defaulted, probabilities)),
        "expected_calibration_error": float(gap / len(probabilities)),
        "bins": CALIBRATION_BINS,
        "reliability": bins,
    }
