"""The decision policy: when a probability of default means reject.

With calibrated probabilities, rejecting costs `(1 - p) * cost_false_rejection` and approving
costs `p * cost_false_approval`; rejecting is cheaper from
`p = cost_false_rejection / (cost_false_rejection + cost_false_approval)`, which is 1/6 under
the UCI cost matrix (5:1). The cut-off is derived from the costs, or configured explicitly.

That argument holds for probabilities on the scale where they are used. The model learns
P(default) from a sample whose bad rate is `SAMPLE_BAD_RATE` (German Credit: 300 bad of 1,000,
a stratified sample); where the lender's applicants default at another rate, the odds of
default are the model's odds times the ratio of the population's odds to the sample's (Bayes'
rule, the prior shift of Saerens et al. 2002). With `POPULATION_BAD_RATE` set, the cost
cut-off applies to those corrected probabilities, which is the same as applying
`prior_corrected_cutoff` to the model's own: decisions change, the probabilities served stay
the model's. Unset, the population is taken to be the sample, and nothing changes.
"""

from dataclasses import dataclass

import numpy as np

from credit_data.codebook import SAMPLE_BAD_RATE

APPROVE = "approve"
REJECT = "reject"


@dataclass(frozen=True)
class DecisionPolicy:
    """Reject an applicant when P(default) reaches `cutoff`.

    Attributes:
        cutoff: The probability of default from which an applicant is rejected.
        source: Where the cut-off comes from: `"cost matrix"` or `"configured"`.
    """

    cutoff: float
    source: str

    def __post_init__(self):
        if not 0.0 < self.cutoff <= 1.0:
            raise ValueError(f"the cut-off must be in (0, 1], got {self.cutoff}")

    def decide(self, probability_default: float) -> str:
        """Return `"approve"` or `"reject"` for one probability of default."""
        return str(self.decide_many(np.asarray([probability_default]))[0])

    def decide_many(self, probabilities_default: np.ndarray) -> np.ndarray:
        """Return the decision of each probability, as an array of strings."""
        probabilities = np.asarray(probabilities_default)
        return np.where(probabilities >= self.cutoff, REJECT, APPROVE).astype(str)


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


def odds(probability: float) -> float:
    """The odds of a probability, `p / (1 - p)`."""
    return probability / (1.0 - probability)


def optional_rate(name: str, value: object) -> float | None:
    """A bad-rate setting: None when unset, else a share strictly between 0 and 1.

    Raises:
        ValueError: Naming the setting, if the value is no such share.
    """
    if value in (None, ""):
        return None
    try:
        rate = float(value)
    except (TypeError, ValueError):
        rate = float("nan")
    if not 0.0 < rate < 1.0:
        raise ValueError(f"{name} must be a share strictly between 0 and 1, got {value!r}")
    return rate


def prior_corrected_cutoff(
    cutoff: float, population_bad_rate: float, sample_bad_rate: float = SAMPLE_BAD_RATE
) -> float:
    """The cut-off on the model's scale that decides as `cutoff` does on the population's.

    A probability p learnt where the bad rate is `sample_bad_rate` has, where it is
    `population_bad_rate`, the odds `odds(p) * odds(population) / odds(sample)`; that reaches
    `cutoff` exactly when p reaches the cut-off returned.

    Args:
        cutoff: The cut-off on the population's scale (the cost matrix's).
        population_bad_rate: The share of the lender's applicants who default.
        sample_bad_rate: The share in the model's training sample.

    Returns:
        The cut-off to apply to the model's probabilities.
    """
    if cutoff >= 1.0:
        return cutoff
    target = odds(cutoff) * odds(sample_bad_rate) / odds(population_bad_rate)
    return target / (1.0 + target)


def build_policy(
    cost_false_approval: float,
    cost_false_rejection: float,
    configured_cutoff: float | None,
    *,
    population_bad_rate: float | None = None,
) -> DecisionPolicy:
    """The policy in force: the configured cut-off if there is one, else the cost matrix's.

    Args:
        cost_false_approval: The cost of approving an applicant who defaults.
        cost_false_rejection: The cost of rejecting an applicant who would have repaid.
        configured_cutoff: An explicit cut-off on the model's probabilities, or None.
        population_bad_rate: The lender's bad rate, when it differs from the sample's: the
            cost matrix's cut-off then applies to prior-corrected probabilities.

    Returns:
        The decision policy.
    """
    if configured_cutoff is not None:
        return DecisionPolicy(configured_cutoff, "configured")
    cutoff = cost_minimising_cutoff(cost_false_approval, cost_false_rejection)
    if population_bad_rate is None:
        return DecisionPolicy(cutoff, "cost matrix")
    corrected = prior_corrected_cutoff(cutoff, population_bad_rate)
    return DecisionPolicy(corrected, f"cost matrix, population bad rate {population_bad_rate}")


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
