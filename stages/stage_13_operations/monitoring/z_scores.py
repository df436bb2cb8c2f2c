"""The z statistics of the outcome checks: calibration, a segment against its window, AUC.

Each turns a gap between outcomes and probabilities into standard errors, so that
`performance.py` can compare it with one critical value per test.
"""

import numpy as np


def calibration_z(
    defaulted: np.ndarray, probabilities: np.ndarray, reference_information: float = np.inf
) -> float:
    """How many standard errors the observed defaults are from the predicted ones.

    Args:
        defaulted: The outcomes.
        probabilities: The expected probabilities of default.
        reference_information: The information of a fitted reference offset the
            probabilities were moved by (`reference_period.py`); its uncertainty adds
            `V² / information` to the variance `V = Σ p(1 − p)`.
    """
    variance = np.sum(probabilities * (1 - probabilities))
    variance += variance**2 / reference_information
    return (
        float((defaulted.sum() - probabilities.sum()) / np.sqrt(variance)) if variance > 0 else 0.0
    )


def against_rest_z(defaulted: np.ndarray, within: np.ndarray, mask: np.ndarray) -> float:
    """How many standard errors a segment's defaults are from the rest of its window's.

    The score test of a segment indicator in a logistic model whose only other term is the
    window's own intercept: `within` are the probabilities moved so that the whole window's
    observed and predicted defaults match. Its variance `V_s − V_s² / V` (`V = Σ q(1 − q)`
    over the window, `V_s` over the segment) is the segment's, less what the refitted intercept
    already explains.

    Args:
        defaulted: The window's outcomes.
        within: The window's probabilities, moved by the window's own fitted offset.
        mask: The segment's rows.
    """
    information = within * (1 - within)
    window, segment = information.sum(), information[mask].sum()
    variance = segment - segment**2 / window if window > 0 else 0.0
    if variance <= 0:
        return 0.0
    return float((defaulted[mask] - within[mask]).sum() / np.sqrt(variance))


def auc_standard_error(auc: float, positives: int, negatives: int) -> float:
    """The Hanley–McNeil standard error of an AUC."""
    q1, q2 = auc / (2 - auc), 2 * auc**2 / (1 + auc)
    variance = (
        auc * (1 - auc) + (positives - 1) * (q1 - auc**2) + (negatives - 1) * (q2 - auc**2)
    ) / (positives * negatives)
    return float(np.sqrt(max(variance, 0.0)))
