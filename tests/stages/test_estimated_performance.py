"""Every stage that estimates performance corrects it by what it already knows.

From the outcome-monitoring stage on, a window's estimated performance moves the approved
applicants' probabilities by the reference period's offset once that offset is known (the
gap between predicted and observed defaults among the approved is measured there), and the
rejected keep theirs: no outcome measures a gap among them. From the human-review stage on,
an applicant sent to review is costed by the reviewer's decision, and not at all while the
review is pending (before, a pending review was billed as a rejected repayer).
"""

import importlib

import numpy as np
import pytest

from stages.instrument.manifest import load_manifest

ESTIMATING_STAGES = [
    stage.package
    for stage in load_manifest().stages
    if (stage.folder / "monitoring" / "estimation.py").is_file()
]
REVIEWING_STAGES = [
    stage.package
    for stage in load_manifest().stages
    if (stage.folder / "monitoring" / "estimation.py").is_file()
    and (stage.folder / "storage" / "reviews.py").is_file()
]
COSTS = (5.0, 1.0)


def modules(package: str):
    """The stage's estimation and reference-period modules."""
    return (
        importlib.import_module(f"{package}.monitoring.estimation"),
        importlib.import_module(f"{package}.monitoring.reference_period"),
    )


def decided(package: str, approved: np.ndarray):
    """What the stage's `estimated_performance` takes for these approvals."""
    if package in REVIEWING_STAGES:
        return np.where(approved, "approve", "reject")
    return approved


def test_the_stages_are_found():
    assert len(ESTIMATING_STAGES) >= 6
    assert set(REVIEWING_STAGES) < set(ESTIMATING_STAGES) and len(REVIEWING_STAGES) >= 3


@pytest.mark.parametrize("package", ESTIMATING_STAGES)
def test_the_reference_offset_moves_the_approved_and_leaves_the_rejected(package: str):
    estimation, reference_period = modules(package)
    p = np.array([0.05, 0.10, 0.20, 0.60, 0.80])
    approved = np.array([True, True, True, False, False])
    offset = -0.4

    raw = estimation.estimated_performance(p, decided(package, approved), COSTS)
    corrected = estimation.estimated_performance(p, decided(package, approved), COSTS, offset)

    moved = reference_period.moved(p[:3], offset)
    assert raw["reference_offset"] is None and corrected["reference_offset"] == offset
    assert corrected["bad_rate_of_approved"] == pytest.approx(moved.mean())
    assert raw["bad_rate_of_approved"] == pytest.approx(p[:3].mean())
    rejected_cost = COSTS[1] * (1 - p[3:]).sum()
    assert corrected["expected_cost_per_applicant"] * 5 == pytest.approx(
        COSTS[0] * moved.sum() + rejected_cost
    )


@pytest.mark.parametrize("package", ESTIMATING_STAGES)
def test_estimates_beside_outcomes_use_the_offset_too(package: str):
    estimation, reference_period = modules(package)
    p, defaulted = np.array([0.1, 0.2, 0.3, 0.4]), np.array([0, 0, 1, 0])

    both = estimation.realised_beside_estimated(defaulted, p, 5.0, -0.5)

    assert both["bad_rate"]["estimated"] == pytest.approx(reference_period.moved(p, -0.5).mean())
    assert both["bad_rate"]["realised"] == 0.25


@pytest.mark.parametrize("package", REVIEWING_STAGES)
def test_a_review_is_costed_by_its_decision_and_not_while_pending(package: str):
    estimation, _ = modules(package)
    p = np.array([0.1, 0.3, 0.3, 0.3])

    pending = estimation.estimated_performance(
        p, np.array(["approve", "review", "review", "reject"]), COSTS
    )
    decided_by_reviewer = estimation.estimated_performance(
        p, np.array(["approve", "approve", "reject", "reject"]), COSTS
    )

    assert pending["under_review_rows"] == 2
    assert pending["expected_cost_per_applicant"] == pytest.approx((5 * 0.1 + 0.7) / 2)
    assert decided_by_reviewer["under_review_rows"] == 0
    assert decided_by_reviewer["expected_cost_per_applicant"] == pytest.approx(
        (5 * 0.1 + 5 * 0.3 + 0.7 + 0.7) / 4
    )
    everyone_pending = estimation.estimated_performance(p, np.array(["review"] * 4), COSTS)
    assert everyone_pending["expected_cost_per_applicant"] is None
