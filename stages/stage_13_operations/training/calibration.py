"""Calibration of predicted probabilities: Brier score, expected calibration error, bins.

A probability of default is only worth giving out if it means what it says: of the applicants
told 0.2, about one in five should default. The expected calibration error (ECE) is the
size-weighted mean gap between the predicted and the observed bad rate over equal-width bins.
The calibration slope and intercept come from a logistic regression of the outcomes on
logit(p): perfectly calibrated probabilities give slope 1 and intercept 0; a slope above 1
means the scores are too timid (they huddle toward the middle), below 1 too extreme.
"""

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss

CALIBRATION_BINS = 10
# Probabilities are clipped this far from 0 and 1 before taking their logit.
LOGIT_EPSILON = 1e-6


def slope_and_intercept(defaulted: np.ndarray, probabilities: np.ndarray) -> dict:
    """The calibration slope and intercept: outcomes regressed on logit(p), unpenalised.

    Args:
        defaulted: The true outcomes (1 = defaulted); both outcomes must occur.
        probabilities: The predicted probabilities of default.

    Returns:
        `slope` and `intercept` (1 and 0 for perfectly calibrated probabilities).
    """
    clipped = np.clip(np.asarray(probabilities, dtype=float), LOGIT_EPSILON, 1 - LOGIT_EPSILON)
    logits = np.log(clipped / (1 - clipped)).reshape(-1, 1)
    regression = LogisticRegression(C=np.inf).fit(logits, np.asarray(defaulted, dtype=int))
    return {"slope": float(regression.coef_[0][0]), "intercept": float(regression.intercept_[0])}


def calibration_report(defaulted: np.ndarray, probabilities: np.ndarray) -> dict:
    """Brier score, ECE and the reliability table of a set of predictions.

    Args:
        defaulted: The true outcomes (1 = defaulted).
        probabilities: The predicted probabilities of default.

    Returns:
        `brier`, `expected_calibration_error`, `slope` and `intercept`, the mean prediction
        and the observed bad rate, `bins` and `reliability` (one entry per non-empty bin: its
        range, size, mean prediction and observed bad rate).
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
        **slope_and_intercept(defaulted, probabilities),
        "mean_predicted": float(probabilities.mean()),
        "observed_bad_rate": float(defaulted.mean()),
        "bins": CALIBRATION_BINS,
        "reliability": bins,
    }
