"""The decision policy: when a probability of default means reject.

With calibrated probabilities, rejecting costs `(1 - p) * cost_false_rejection` and approving
costs `p * cost_false_approval`; rejecting is cheaper from
`p = cost_false_rejection / (cost_false_rejection + cost_false_approval)`, which is 1/6 under
the UCI cost matrix (5:1). The cut-off is derived from the costs, or configured explicitly.

A review band sends the applications whose probability lies within `review_band` of the
cut-off to a person (`"review"`): there the model's number decides least, and a wrong
automatic decision is closest to a coin toss between the two costs.
"""

from dataclasses import dataclass

import numpy as np

APPROVE = "approve"
REJECT = "reject"
REVIEW = "review"


@dataclass(frozen=True)
class DecisionPolicy:
    """Reject an applicant when P(default) reaches `cutoff`.

    Attributes:
        cutoff: The probability of default from which an applicant is rejected.
        source: Where the cut-off comes from: `"cost matrix"` or `"configured"`.
        review_band: Applicants with `cutoff - review_band <= p < cutoff + review_band` go to
            a person (`"review"`); 0 turns review off.
    """

    cutoff: float
    source: str
    review_band: float = 0.0

    def __post_init__(self):
        if not 0.0 < self.cutoff <= 1.0:
            raise ValueError(f"the cut-off must be in (0, 1], got {self.cutoff}")
        if not 0.0 <= self.review_band < 0.5:
            raise ValueError(f"the review band must be in [0, 0.5), got {self.review_band}")

    def decide(self, probability_default: float) -> str:
        """Return `"approve"`, `"review"` or `"reject"` for one probability of default."""
        return str(self.decide_many(np.asarray([probability_default]))[0])

    def decide_many(self, probabilities_default: np.ndarray) -> np.ndarray:
        """Return the decision of each probability, as an array of strings."""
        probabilities = np.asarray(probabilities_default)
        decisions = np.where(probabilities >= self.cutoff, REJECT, APPROVE).astype(object)
        if self.review_band > 0:
            band = (probabilities >= self.cutoff - self.review_band) & (
                probabilities < self.cutoff + self.review_band
            )
            decisions[band] = REVIEW
        return decisions.astype(str)


# repays DEBT-09 Fixed threshold: the cut-off follows from the cost matrix.
def cost_minimising_cutoff(cost_false_approval: float, cost_false_rejection: float) -> float:
    """The cut-off that minimises the expected cost for calibrated probabilities.

    Args:
        cost_false_approval: The cost of approving an applicant who defaults.
        cost_false_rejection: The cost of rejecting an applicant who would have repaid.

    Returns:
        `cost_false_rejection / (cost_false_rejection + cost_false_approval)`.
    """
    return cost_false_rejection / (cost_false_rejection + cost_false_approval)


def build_policy(
    cost_false_approval: float,
    cost_false_rejection: float,
    configured_cutoff: float | None,
    review_band: float = 0.0,
) -> DecisionPolicy:
    """The policy in force: the configured cut-off if there is one, else the cost matrix's.

    Args:
        cost_false_approval: The cost of approving an applicant who defaults.
        cost_false_rejection: The cost of rejecting an applicant who would have repaid.
        configured_cutoff: An explicit cut-off, or None.
        review_band: The half-width of the review band around the cut-off (0: no review).

    Returns:
        The decision policy.
    """
    if configured_cutoff is not None:
        return DecisionPolicy(configured_cutoff, "configured", review_band)
    cutoff = cost_minimising_cutoff(cost_false_approval, cost_false_rejection)
    return DecisionPolicy(cutoff, "cost matrix", review_band)


def expected_cost(
    defaulted: np.ndarray,
    rejected: np.ndarray,
    cost_false_approval: float,
    cost_false_rejection: float,
) -> float:
    """The mean cost per applicant of a set of decisions.

    Args:
        defaulted: 1 for an applicant who defaulted, 0 otherwise.
        rejected: True where the applicant is rejected.
        cost_false_approval: The cost of approving an applicant who defaults.
        cost_false_rejection: The cost of rejecting an applicant who would have repaid.

    Returns:
        The average cost per applicant.
    """
    defaulted = np.asarray(defaulted)
    rejected = np.asarray(rejected, dtype=bool)
    approved_bad = np.sum((defaulted == 1) & ~rejected)
    rejected_good = np.sum((defaulted == 0) & rejected)
    total = cost_false_approval * approved_bad + cost_false_rejection * rejected_good
    return float(total / len(defaulted))
