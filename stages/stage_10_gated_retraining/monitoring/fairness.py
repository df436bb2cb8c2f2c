"""Fairness monitoring: the approval-rate ratio between groups of a protected attribute.

The protected attributes are not in the score, but they stay in the stored request so that
this can be measured. Per window and per attribute (sex from `personal_status_sex`, age under
25 or 25 and over, `foreign_worker`), each group's applicants, decided applicants and
approvals are counted and stored with the window; the approval rates, their ratio (lowest
over highest) and its interval follow `domain/fairness.py`, which also says what counts as
approved.

**Pooling.** A window of 500 has about 20 applicants who are not foreign workers and about
75 under 25: too few for an interval that tells a ratio from the four-fifths line. When the
smaller group of an attribute has fewer than `MIN_GROUP_ROWS` decided applicants, that
attribute's counts are pooled with those of the windows just before it (the same model
version's, up to `MAX_POOLED_WINDOWS` in all) until it has; the entry says how many windows
it pooled and the counts it pooled. Every window thus gets a ratio and an interval; the
first windows of a model version may still be short of the minimum, and then their ratio is
shown with its (wide) interval and raises no alert.

The rates are those of fairlearn's `MetricFrame` with `selection_rate` (approved / applicants
per group, groups in sorted order), counted with one `numpy.unique` per attribute: three
`MetricFrame`s cost most of a window's drift check (issue 15), and
`tests/refactored/test_unit_monitoring.py` checks that both give the same numbers.

What the ratio does not prove: base rates differ between groups (in this data younger
applicants default more often), so unequal approval rates can follow from unequal risk; a
ratio of approval rates is a screening figure, not a test of discrimination.
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..domain.fairness import FOUR_FIFTHS, MIN_GROUP_ROWS, approval_ratio

__all__ = ["FOUR_FIFTHS", "MIN_GROUP_ROWS", "fairness_report", "pooled", "protected_groups"]

MAX_POOLED_WINDOWS = 12
YOUNG_AGE_LIMIT = 25
FEMALE_CODES = ("female_married_divorced",)
# Every group of each attribute, so that a group absent from a window still counts (as 0).
GROUPS = {
    "sex": ("female", "male"),
    "age": ("25_and_over", "under_25"),
    "foreign_worker": ("no", "yes"),
}


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


def fairness_report(
    inputs: pd.DataFrame,
    approved: np.ndarray,
    decided: np.ndarray | None = None,
    earlier: Sequence[dict] = (),
) -> dict:
    """Per attribute, the window's counts per group and the (pooled) ratio with its interval.

    Args:
        inputs: The window's applicants (with the protected attributes).
        approved: Whether each applicant was approved (automatically or by a reviewer).
        decided: Whether each applicant's application is decided (False while its review is
            pending); all are when None.
        earlier: The fairness reports of the windows just before, newest first (the same
            model version's), whose counts are pooled when a group is small.

    Returns:
        Per attribute: `groups` (this window's applicants, decided, approved and approval
        rate per group), `pooled_windows` (how many windows the ratio counts, this one
        included), `pooled_groups` (the counts the ratio is computed from) and the ratio's
        entry of `domain.fairness.approval_ratio`.
    """
    approved = np.asarray(approved, dtype=bool)
    decided = np.ones(len(approved), bool) if decided is None else np.asarray(decided, bool)
    report = {}
    for attribute, groups in protected_groups(inputs).items():
        own = group_counts(groups.to_numpy(), GROUPS[attribute], approved & decided, decided)
        totals, windows = pooled(own, [entry.get(attribute) for entry in earlier])
        report[attribute] = {
            "groups": own,
            "pooled_windows": windows,
            "pooled_groups": {g: {"approved": a, "decided": n} for g, (a, n) in totals.items()},
            **approval_ratio({group: (a, n) for group, (a, n) in totals.items()}),
        }
    return report


def pooled(own: dict, earlier: list[dict | None]) -> tuple[dict[str, tuple[int, int]], int]:
    """`(approved, decided)` per group, pooled back until the smaller group is large enough.

    Args:
        own: This window's counts per group.
        earlier: The same attribute's entries of the windows before, newest first (None, or
            without counts, where pooling must stop).

    Returns:
        The pooled counts per group, and how many windows they cover.
    """
    totals = {group: (entry["approved"], entry["decided"]) for group, entry in own.items()}
    windows = 1
    for entry in earlier[: MAX_POOLED_WINDOWS - 1]:
        if min((n for _, n in totals.values()), default=0) >= MIN_GROUP_ROWS:
            break
        if not entry or any("decided" not in counts for counts in entry["groups"].values()):
            break
        for group, counts in entry["groups"].items():
            approved, decided = totals.get(group, (0, 0))
            totals[group] = (approved + counts["approved"], decided + counts["decided"])
        windows += 1
    return totals, windows


def group_counts(
    labels: np.ndarray, names: tuple[str, ...], approved: np.ndarray, decided: np.ndarray
) -> dict[str, dict]:
    """Applicants, decided applicants, approvals and approval rate of each group in `names`.

    Args:
        labels: The group of each applicant.
        names: The attribute's groups (a label outside them is counted under its own name).
        approved: Whether each applicant was approved (only decided ones can be).
        decided: Whether each applicant's application is decided.

    Returns:
        Per group: `applicants`, `decided`, `approved` and `approval_rate` (approved / decided,
        None when none is decided).
    """
    counts = {}
    for name in sorted({*names, *map(str, np.unique(labels))}):
        members = labels == name
        settled, chosen = int(np.sum(decided & members)), int(np.sum(approved & members))
        counts[name] = {
            "applicants": int(np.sum(members)),
            "decided": settled,
            "approved": chosen,
            "approval_rate": chosen / settled if settled else None,
        }
    return counts


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
