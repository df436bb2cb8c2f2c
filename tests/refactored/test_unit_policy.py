"""Unit: the decision policy comes from the cost matrix or explicit configuration."""

import numpy as np
import pytest

from refactored.domain.policy import (
    DecisionPolicy,
    build_policy,
    cost_minimising_cutoff,
    expected_cost,
)


def test_cost_matrix_5_to_1_gives_a_cutoff_of_one_sixth():
    assert cost_minimising_cutoff(5.0, 1.0) == pytest.approx(1 / 6)


def test_policy_follows_the_costs_unless_a_cutoff_is_configured():
    assert build_policy(5.0, 1.0, None) == DecisionPolicy(cutoff=1 / 6, source="cost matrix")
    assert build_policy(5.0, 1.0, 0.3) == DecisionPolicy(cutoff=0.3, source="configured")


def test_probability_at_the_cutoff_is_rejected_and_just_below_is_approved():
    policy = DecisionPolicy(cutoff=0.25, source="configured")

    assert policy.decide(0.25) == "reject"
    assert policy.decide(0.2499) == "approve"
    assert policy.decide_many(np.array([0.1, 0.25, 0.9])).tolist() == [
        "approve",
        "reject",
        "reject",
    ]


def test_a_cutoff_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="cut-off"):
        DecisionPolicy(cutoff=1.5, source="configured")


def test_expected_cost_charges_5_per_approved_bad_and_1_per_rejected_good():
    defaulted = np.array([1, 1, 0, 0])
    rejected = np.array([False, True, True, False])

    assert expected_cost(defaulted, rejected, 5.0, 1.0) == pytest.approx((5 + 1) / 4)


def test_the_cost_cutoff_beats_neighbouring_cutoffs_on_calibrated_probabilities():
    rng = np.random.default_rng(0)
    probabilities = rng.uniform(0, 1, 20_000)
    defaulted = (rng.uniform(0, 1, probabilities.size) < probabilities).astype(int)

    def cost_at(cutoff):
        return expected_cost(defaulted, probabilities >= cutoff, 5.0, 1.0)

    best = cost_at(cost_minimising_cutoff(5.0, 1.0))
    assert best < cost_at(0.5)
    assert best < cost_at(0.05)
