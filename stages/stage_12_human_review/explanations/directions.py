"""Which way each ordinal feature's risk runs, by credit practice: a check on the model.

German Credit is a sample of loans the bank *granted*. Applicants with a "critical account /
other credits existing" history or with no checking account were only granted credit when
something else spoke for them, so in the data these groups have the *lowest* bad rates, and a
model fitted freely learns that a critical history lowers the risk. That is a selection
artefact (only approved applicants have outcomes), not a fact about borrowers.

This table says which way risk runs by credit practice. For the ordinal categories it lists
the values that may count against an applicant (a negative or small balance, past delays or
a problem account, little savings, a short employment); for the numbers where more is riskier
(duration, amount, instalment rate) the value must lie above the typical (frequency-weighted
median) value. Features without an entry are nominal.

The table checks the model; it no longer vetoes reasons. The score keeps the code book's
order itself (`features/monotone.py`): a worse value of an ordinal category never lowers
P(default), which is where the selection artefact is repaid. A value the served model still
holds against an applicant is one of their principal reasons even where the table disagrees
(a push compares a value with every typical value, off-scale ones like "no checking account"
included), and Regulation B's comment 9(b)(2)-4 allows no principal reason to be left out
because its relationship to creditworthiness is unclear. Hiding it would make the reasons
incomplete and the model look sounder than it is; so the reason is given, and the model card
counts such reasons (`summary.py`) for the validator, whose remedy is the model, not the
notice.
"""

from collections.abc import Mapping, Sequence

import numpy as np

# The values of each ordinal category that credit practice may hold against an applicant.
ADVERSE_VALUES: dict[str, frozenset[str]] = {
    "checking_account": frozenset({"lt_0", "0_to_200"}),
    "credit_history": frozenset({"delayed", "critical"}),
    "savings": frozenset({"lt_100", "100_to_500"}),
    "employment_since": frozenset({"unemployed", "lt_1", "1_to_4"}),
}
# Numbers for which more is riskier: a longer or larger loan, a larger share of income.
HIGHER_IS_RISKIER: tuple[str, ...] = ("duration_months", "credit_amount", "installment_rate")


def weighted_median(values: Sequence, weights: Sequence[float]):
    """The first of `values` (in ascending order) at which the cumulative weight reaches half."""
    total, running = float(sum(weights)), 0.0
    for value, weight in zip(values, weights, strict=True):
        running += weight
        if running >= total / 2:
            return value
    return values[-1]


def agrees_with_direction(feature: str, value: object, typical: Mapping) -> bool:
    """Whether credit practice allows `value` to count against the applicant.

    Args:
        feature: The feature's name.
        value: The applicant's value.
        typical: The feature's typical values and weights (`typical.py`).

    Returns:
        For an ordinal category, whether `value` is one of its adverse values; for a number
        where more is riskier, whether `value` exceeds the typical median; else True.
    """
    return bool(agree_with_direction(feature, [value], typical)[0])


def agree_with_direction(feature: str, values: Sequence, typical: Mapping) -> np.ndarray:
    """Whether credit practice allows each of many applicants' values of one feature to count.

    Args:
        feature: The feature's name.
        values: The applicants' values of it.
        typical: The feature's typical values and weights (`typical.py`).

    Returns:
        One boolean per value.
    """
    if feature in ADVERSE_VALUES:
        adverse = ADVERSE_VALUES[feature]
        return np.fromiter(map(adverse.__contains__, values), bool, len(values))
    if feature in HIGHER_IS_RISKIER:
        median = weighted_median(typical["values"], typical["weights"])
        return np.asarray(values) > median
    return np.ones(len(values), dtype=bool)
