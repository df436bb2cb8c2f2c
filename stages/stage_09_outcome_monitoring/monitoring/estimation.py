"""Performance estimated from the probabilities, before (and beside) the outcomes.

Confidence-based performance estimation (the idea behind NannyML's CBPE): if the model is
calibrated, an applicant given probability p defaults with probability p, so a window's
expected bad rate, expected cost and expected AUC follow from its probabilities alone. This
is what a lender can know of a window whose outcomes are late (months, for a loan) or never
come (the rejected). It rests on two assumptions, stated wherever it is shown:

- the probabilities are calibrated (checked on the holdout and, as outcomes arrive, by the
  prior and Brier checks of `performance.py`);
- there is no concept shift: p(default | inputs) is what it was in training. A concept shift
  is exactly what estimation cannot see, which is why realised figures are shown beside the
  estimates once outcomes arrive.

Once the model version's reference period is known (`reference_period.py`), the
probabilities of the approved are moved by its offset: the gap between predicted and observed
defaults among the approved is known and stable, and leaving it in would make every estimate
of the approvals' cost wrong by it. The rejected keep their own probabilities: no outcome
ever measures a gap among them.
"""

import numpy as np
from sklearn.metrics import roc_auc_score

from .reference_period import moved


def expected_auc(probabilities: np.ndarray) -> float | None:
    """The AUC expected if each applicant defaults with its own probability.

    Each ordered pair (i, j) is a (defaulter, repayer) pair with probability p_i (1 - p_j);
    it is ranked correctly when p_i > p_j, and counts half when they tie.
    """
    values, counts = np.unique(np.asarray(probabilities, dtype=float), return_counts=True)
    if counts.sum() < 2:
        return None
    repay_below = np.concatenate([[0.0], np.cumsum(counts * (1 - values))[:-1]])
    correct = np.sum(counts * values * repay_below)
    correct += 0.5 * np.sum(values * (1 - values) * counts * (counts - 1))
    p = np.repeat(values, counts)
    total = p.sum() * (1 - p).sum() - np.sum(p * (1 - p))
    return float(correct / total) if total > 0 else None


def estimated_performance(
    probabilities: np.ndarray,
    approved: np.ndarray,
    costs: tuple[float, float],
    offset: float | None = None,
) -> dict:
    """A window's performance as its calibrated probabilities predict it.

    Args:
        probabilities: The probabilities of default the window was given.
        approved: Whether each applicant was approved.
        costs: The cost of approving a defaulter and of rejecting a repayer.
        offset: The reference period's log-odds offset (`reference_period.known_offset`),
            applied to the approved; None before the reference period is known.

    Returns:
        The approval rate, the expected bad rate among the approved, the expected cost per
        applicant under the cost matrix, the expected AUC (of the probabilities as given), the
        offset applied, and the assumptions.
    """
    p = np.asarray(probabilities, dtype=float)
    approved = np.asarray(approved, dtype=bool)
    p_approved = p[approved] if offset is None else moved(p[approved], offset)
    cost_false_approval, cost_false_rejection = costs
    expected_cost = (
        cost_false_approval * p_approved.sum() + cost_false_rejection * (1 - p[~approved]).sum()
    ) / len(p)
    return {
        "method": "confidence-based estimation from the probabilities (as NannyML's CBPE)",
        "assumptions": "calibrated probabilities, those of the approved moved by the reference "
        "period's offset once it is known; no concept shift",
        "rows": len(p),
        "reference_offset": offset,
        "approval_rate": float(approved.mean()),
        "bad_rate_of_approved": float(p_approved.mean()) if approved.any() else None,
        "expected_cost_per_applicant": float(expected_cost),
        "auc": expected_auc(p),
    }


def realised_beside_estimated(
    defaulted: np.ndarray,
    probabilities: np.ndarray,
    cost_false_approval: float,
    offset: float | None = None,
) -> dict:
    """Realised and estimated figures of the labelled (approved) applicants of a window.

    Only the approved have outcomes: the realised cost is that of the approvals (defaulters
    approved); what rejecting repayers cost is never observed and stays an estimate. The
    estimates move the probabilities by the reference period's `offset` when it is known.
    """
    defaulted = np.asarray(defaulted, dtype=float)
    p = np.asarray(probabilities, dtype=float)
    p = p if offset is None else moved(p, offset)
    both = len(set(defaulted.tolist())) == 2
    return {
        "labelled_rows": len(p),
        "bad_rate": {"estimated": float(p.mean()), "realised": float(defaulted.mean())},
        "cost_of_approvals_per_labelled": {
            "estimated": float(cost_false_approval * p.mean()),
            "realised": float(cost_false_approval * defaulted.mean()),
        },
        "auc": {
            "estimated": expected_auc(p),
            "realised": float(roc_auc_score(defaulted, p)) if both else None,
        },
    }
