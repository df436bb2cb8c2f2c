import numpy as np
import pytest

from stages.instrument.replay.figures import window_figures


def test_the_oracle_cost_counts_approved_defaults_five_and_rejected_payers_one():
    probabilities = np.array([0.1, 0.2, 0.8, 0.9])
    approved = np.array([True, True, False, False])
    defaulted = np.array([0, 1, 0, 1])
    figures = window_figures(probabilities, approved, defaulted)
    assert figures.oracle_cost == pytest.approx((5 * 1 + 1 * 1) / 4)
    assert figures.lender_cost == pytest.approx(5 * 1 / 4)
    assert figures.approval_rate == pytest.approx(0.5)


def test_the_lender_auc_uses_the_approved_applicants_only():
    probabilities = np.array([0.1, 0.3, 0.2, 0.9])
    approved = np.array([True, True, True, False])
    defaulted = np.array([0, 1, 0, 1])
    figures = window_figures(probabilities, approved, defaulted)
    assert figures.lender_auc == pytest.approx(1.0)
    assert figures.oracle_auc == pytest.approx(1.0)
    wrong_way = window_figures(np.array([0.3, 0.1, 0.2, 0.9]), approved, defaulted)
    assert wrong_way.lender_auc == pytest.approx(0.0)


def test_an_auc_is_absent_when_the_outcomes_hold_one_class():
    figures = window_figures(np.array([0.1, 0.2]), np.array([True, True]), np.array([0, 0]))
    assert figures.oracle_auc is None and figures.lender_auc is None


def test_an_empty_window_has_no_figures():
    figures = window_figures(np.array([]), np.array([], bool), np.array([], int))
    assert figures.applicants == 0 and figures.approval_rate is None
