"""Fairness monitoring: the approval-rate ratio between groups of a protected attribute.

The protected attributes are not in the score, but they stay in the stored request so that
this can be measured. Per window and per attribute (sex from `personal_status_sex`, age under
25 or 25 and over, `foreign_worker`), the approval rate of each group is computed, and the
ratio of the lowest to the highest. A ratio below 0.8 raises a fairness alert: the
four-fifths convention of US employment law (29 CFR 1607.4(D)).

The rates are those of fairlearn's `MetricFrame` with `selection_rate` (approved / applicants
per group, groups in sorted order), counted with one `numpy.unique` per attribute: three
`MetricFrame`s cost most of a window's drift check (issue 15), and
`tests/refactored/test_unit_monitoring.py` checks that both give the same numbers.

What the ratio does not prove: base rates differ between groups (in this data younger
applicants default more often), so unequal approval rates can follow from unequal risk; a
ratio of approval rates is a screening figure, not a test of discrimination; and small groups
are noisy (about 20 foreign-worker "no" applicants in a window of 500), so a group with fewer
than `MIN_GROUP_ROWS` applicants is reported but raises no alert.
"""

import numpy as np
import pandas as pd

FOUR_FIFTHS = 0.8
MIN_GROUP_ROWS = 30
YOUNG_AGE_LIMIT = 25
FEMALE_CODES = ("female_married_divorced",)


def protected_groups(inputs: pd.DataFrame) -> dict[str, pd.Series]:
    """The group of each applicant, per protected attribute."""
    return {
        "sex": pd.Series(
            np.where(inputs["personal_status_sex"].isin(FEMALE_CODES), "female", "male"),
            name="sex",
        ),
        "age": pd.Series(
            np.where(inputs["age"].astype(float) < YOUNG_AGE_LIMIT, "under_25", "25_and_over"),
            name="age",
        ),
        "foreign_worker": pd.Series(
            inputs["foreign_worker"].astype(str).to_numpy(), name="foreign_worker"
        ),
    }


def fairness_report(inputs: pd.DataFrame, approved: np.ndarray) -> dict:
    """Approval rate per group and the ratio lowest / highest, per protected attribute.

    Args:
        inputs: The window's applicants (with the protected attributes).
        approved: Whether each applicant was approved.

    Returns:
        Per attribute: `groups` (applicants and approval rate), `ratio` over the groups with
        at least `MIN_GROUP_ROWS` applicants (None when fewer than two), `below_four_fifths`.
    """
    approved = np.asarray(approved, dtype=int)
    report = {}
    for attribute, groups in protected_groups(inputs).items():
        by_group = approval_by_group(groups.to_numpy(), approved)
        large = [rate for applicants, rate in by_group.values() if applicants >= MIN_GROUP_ROWS]
        highest = max(large, default=0.0)
        ratio = float(min(large) / highest) if len(large) >= 2 and highest > 0 else None
        report[attribute] = {
            "groups": {
                group: {"applicants": applicants, "approval_rate": rate}
                for group, (applicants, rate) in by_group.items()
            },
            "ratio": ratio,
            "below_four_fifths": ratio is not None and ratio < FOUR_FIFTHS,
        }
    return report


def approval_by_group(groups: np.ndarray, approved: np.ndarray) -> dict[str, tuple[int, float]]:
    """Applicants and approval rate of each group, in sorted group order.

    Args:
        groups: The group of each applicant.
        approved: 1 where the applicant was approved, else 0.

    Returns:
        `{group: (applicants, approved / applicants)}`, as fairlearn's `selection_rate`
        computes the rate.
    """
    names, positions = np.unique(groups, return_inverse=True)
    applicants = np.bincount(positions, minlength=len(names))
    selected = np.bincount(positions, weights=approved == 1, minlength=len(names))
    return {
        str(name): (int(count), float(chosen / count))
        for name, count, chosen in zip(names, applicants, selected, strict=True)
    }
