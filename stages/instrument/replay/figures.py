"""The figures the replayer computes itself, from the outcomes it holds.

Two views of one window. The oracle's: every applicant's outcome is known (the simulator
drew them), so the AUC and the cost cover everyone. The lender's: only approved applicants
ever repay or default, so the AUC is computed among them and the only cost seen is the losses
on approved applicants that defaulted; the good applicants wrongly rejected stay invisible.
Costs follow the UCI cost matrix in `credit_data.codebook` (approving a bad applicant costs 5,
rejecting a good one 1), per applicant of the window.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import roc_auc_score

from credit_data.codebook import COST_FALSE_APPROVAL, COST_FALSE_REJECTION


@dataclass(frozen=True)
class WindowFigures:
    """One window's figures (None where a figure cannot be computed).

    Attributes:
        applicants: Applicants scored in the window.
        approval_rate: Share of applicants the stage approved (`review` is not approved).
        review_rate: Share of applicants the stage sent to a reviewer.
        oracle_auc: AUC of the stage's probability of default, on every outcome.
        oracle_cost: Cost per applicant, on every outcome: 5 per approved default, 1 per
            rejected good applicant.
        lender_auc: AUC among approved applicants only: what a lender can compute.
        lender_cost: Cost per applicant that a lender sees: 5 per approved default.
        bad_rate: The share of applicants who defaulted (every outcome).
    """

    applicants: int
    approval_rate: float | None
    review_rate: float | None
    oracle_auc: float | None
    oracle_cost: float | None
    lender_auc: float | None
    lender_cost: float | None
    bad_rate: float | None


def auc_or_none(outcomes: np.ndarray, probabilities: np.ndarray) -> float | None:
    """The AUC, or None when the outcomes hold a single class."""
    if len(np.unique(outcomes)) < 2:
        return None
    return float(roc_auc_score(outcomes, probabilities))


def window_figures(
    probabilities: np.ndarray,
    approved: np.ndarray,
    defaulted: np.ndarray,
    reviewed: np.ndarray | None = None,
) -> WindowFigures:
    """Compute one window's figures from the stage's answers and the outcomes.

    Args:
        probabilities: The stage's probability of default, per applicant.
        approved: Whether the stage approved each applicant.
        defaulted: Each applicant's outcome (1 defaulted, 0 repaid).
        reviewed: Whether the stage sent each applicant to a reviewer; none when None.

    Returns:
        The window's figures.
    """
    probabilities = np.asarray(probabilities, dtype=float)
    approved = np.asarray(approved, dtype=bool)
    defaulted = np.asarray(defaulted, dtype=int)
    count = len(defaulted)
    if count == 0:
        return WindowFigures(0, None, None, None, None, None, None, None)
    losses = COST_FALSE_APPROVAL * np.sum(approved & (defaulted == 1))
    missed = COST_FALSE_REJECTION * np.sum(~approved & (defaulted == 0))
    return WindowFigures(
        applicants=count,
        approval_rate=float(approved.mean()),
        review_rate=0.0 if reviewed is None else float(np.mean(reviewed)),
        oracle_auc=auc_or_none(defaulted, probabilities),
        oracle_cost=float((losses + missed) / count),
        lender_auc=auc_or_none(defaulted[approved], probabilities[approved]),
        lender_cost=float(losses / count),
        bad_rate=float(defaulted.mean()),
    )
