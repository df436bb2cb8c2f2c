"""Choosing among cross-validated candidates: the simplest one close enough to the best."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CandidateResult:
    """How one candidate did in cross-validation.

    Attributes:
        name: The candidate's name.
        fold_aucs: The AUC of each fold.
        brier: The Brier score of the out-of-fold probabilities.
        expected_cost: The mean cost per applicant of the out-of-fold decisions.
        out_of_fold: The out-of-fold probability of default of every training row.
    """

    name: str
    fold_aucs: np.ndarray
    brier: float
    expected_cost: float
    out_of_fold: np.ndarray

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
            "cv_auc_mean": self.auc_mean,
            "cv_auc_std": self.auc_std,
            "cv_fold_aucs": self.fold_aucs.tolist(),
            "cv_brier": self.brier,
            "cv_expected_cost": self.expected_cost,
        }


def choose_simplest(results: list[CandidateResult], tolerance: float) -> CandidateResult:
    """The first result (simplest candidate) whose mean AUC is within `tolerance` of the best.

    Args:
        results: Cross-validation results, simplest candidate first.
        tolerance: How much mean AUC simplicity may cost.

    Returns:
        The chosen result.
    """
    best = max(result.auc_mean for result in results)
    return next(result for result in results if result.auc_mean >= best - tolerance)
