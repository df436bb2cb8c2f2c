"""Figures computed from a stage's answers: expected cost and calibration."""

import numpy as np

from credit_data.codebook import COST_FALSE_APPROVAL, COST_FALSE_REJECTION


def expected_cost(defaulted: np.ndarray, rejected: np.ndarray) -> float:
    """Mean cost per applicant under the 5:1 cost matrix.

    Args:
        defaulted: 1 for a bad applicant, 0 for a good one.
        rejected: True where the applicant is rejected.

    Returns:
        The average cost: 5 per approved bad applicant, 1 per rejected good one.
    """
    approved_bad = np.sum((defaulted == 1) & ~rejected)
    rejected_good = np.sum((defaulted == 0) & rejected)
    cost = COST_FALSE_APPROVAL * approved_bad + COST_FALSE_REJECTION * rejected_good
    return float(cost / len(defaulted))


def best_cutoff(defaulted: np.ndarray, probabilities: np.ndarray) -> tuple[float, float]:
    """The single cut-off with the lowest expected cost on these probabilities.

    Args:
        defaulted: 1 for a bad applicant, 0 for a good one.
        probabilities: Predicted probabilities of default.

    Returns:
        The cut-off (reject at probability >= cut-off) and its expected cost per applicant.
    """
    candidates = [*np.unique(probabilities), np.inf]
    costs = [expected_cost(defaulted, probabilities >= cutoff) for cutoff in candidates]
    best = int(np.argmin(costs))
    return float(candidates[best]), costs[best]


def expected_calibration_error(probabilities: np.ndarray, outcomes: np.ndarray, bins: int = 10):
    """Expected calibration error over equal-width probability bins.

    Args:
        probabilities: Predicted probabilities of default.
        outcomes: 1 for a bad applicant, 0 for a good one.
        bins: How many equal-width bins split [0, 1].

    Returns:
        The bin-size-weighted mean of |mean predicted - observed bad rate|.
    """
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(probabilities, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for index in range(bins):
        members = which == index
        if members.any():
            gap = abs(probabilities[members].mean() - outcomes[members].mean())
            error += members.mean() * gap
    return float(error)
