"""Choosing among cross-validated candidates: the simplest one close enough to the best.

"Close enough" is judged on what the decisions are made on, not on ranking alone: the mean
out-of-fold AUC (ranking), the out-of-fold Brier score (are the probabilities right?) and the
out-of-fold expected cost per applicant at the policy's cut-off (what the lender pays). The
simplest candidate that keeps the code book's order of risk and is within every tolerance of
the best (benchmarks included) is chosen; when none is (the best ranker is not the cheapest),
the cheapest that keeps the order is.
"""

from dataclasses import dataclass, field

import numpy as np

# How much simplicity may cost on each criterion: differences below these are noise, not
# evidence that the more complex model is better. The fold AUCs spread by about 0.035; the
# paired standard error of the difference in out-of-fold expected cost between two of the
# candidates is 0.022 to 0.026 per applicant on the 800 training rows (measured when this was
# written), that of the Brier score below 0.005.
AUC_TOLERANCE = 0.01
BRIER_TOLERANCE = 0.005
COST_TOLERANCE = 0.03


@dataclass(frozen=True)
class CandidateResult:
    """How one candidate did in cross-validation.

    Attributes:
        name: The candidate's name.
        fold_aucs: The AUC of each fold.
        brier: The Brier score of the out-of-fold probabilities.
        expected_cost: The mean cost per applicant of the out-of-fold decisions.
        out_of_fold: The out-of-fold probability of default of every training row.
        calibration: The out-of-fold calibration slope and intercept (`calibration.py`).
        calibrated: Whether the candidate calibrates its scores inside each fold.
        keeps_order: Whether the candidate keeps the code book's order of risk (else it is a
            benchmark, never chosen).
    """

    name: str
    fold_aucs: np.ndarray
    brier: float
    expected_cost: float
    out_of_fold: np.ndarray
    calibration: dict = field(default_factory=dict)
    calibrated: bool = False
    keeps_order: bool = False

    @property
    def auc_mean(self) -> float:
        """The mean fold AUC."""
        return float(np.mean(self.fold_aucs))

    @property
    def auc_std(self) -> float:
        """The spread of the fold AUCs (standard deviation)."""
        return float(np.std(self.fold_aucs))

    def summary(self) -> dict:
        """The candidate's entry in the model card."""
        return {
            "name": self.name,
            "calibrated_in_cv": self.calibrated,
            "keeps_order": self.keeps_order,
            "cv_auc_mean": self.auc_mean,
            "cv_auc_std": self.auc_std,
            "cv_fold_aucs": self.fold_aucs.tolist(),
            "cv_brier": self.brier,
            "cv_expected_cost": self.expected_cost,
            "cv_calibration": self.calibration,
        }


@dataclass(frozen=True)
class Tolerances:
    """How far from the best a simpler candidate may be on each criterion."""

    auc: float = AUC_TOLERANCE
    brier: float = BRIER_TOLERANCE
    expected_cost: float = COST_TOLERANCE

    def summary(self) -> dict:
        """The tolerances' entry in the model card."""
        return {"auc": self.auc, "brier": self.brier, "expected_cost": self.expected_cost}


def close_to_best(result: CandidateResult, results: list[CandidateResult], tolerances) -> bool:
    """Whether `result` is within every tolerance of the best of `results`."""
    return (
        result.auc_mean >= max(other.auc_mean for other in results) - tolerances.auc
        and result.brier <= min(other.brier for other in results) + tolerances.brier
        and result.expected_cost
        <= min(other.expected_cost for other in results) + tolerances.expected_cost
    )


def choose_simplest(
    results: list[CandidateResult], tolerances: Tolerances = Tolerances()
) -> CandidateResult:
    """The first result (simplest candidate) keeping the order within every tolerance of the best.

    Args:
        results: Cross-validation results, simplest candidate first.
        tolerances: How much AUC, Brier score and expected cost simplicity may cost.

    Returns:
        The chosen result among those that keep the order: the simplest close to the best of
        all on the three criteria, or else the one with the lowest expected cost.

    Raises:
        ValueError: If no candidate keeps the order.
    """
    kept = [result for result in results if result.keeps_order]
    if not kept:
        raise ValueError("no candidate keeps the code book's order of risk")
    close = [result for result in kept if close_to_best(result, results, tolerances)]
    if close:
        return close[0]
    return min(kept, key=lambda result: result.expected_cost)
