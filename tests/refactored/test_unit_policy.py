"""Unit: the decision policy comes from the cost matrix or explicit configuration.

The cost matrix's cut-off is prior-corrected when the lender's bad rate is set.
"""

import numpy as np
import pytest

from credit_data.codebook import SAMPLE_BAD_RATE
from refactored.config import as_environment, load_settings
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


def prior_corrected(probabilities: np.ndarray, population: float, sample: float) -> np.ndarray:
    """Bayes' rule, written out apart from the service: the odds times the prior odds ratio."""
    ratio = (population / (1 - population)) / (sample / (1 - sample))
    odds = probabilities / (1 - probabilities) * ratio
    return odds / (1 + odds)


def test_the_sample_s_own_bad_rate_changes_nothing():
    policy = build_policy(5.0, 1.0, None, population_bad_rate=SAMPLE_BAD_RATE)

    assert policy.cutoff == pytest.approx(1 / 6)


@pytest.mark.parametrize("population", [0.02, 0.05, 0.1, 0.3, 0.5])
def test_the_corrected_cutoff_decides_as_the_cost_cutoff_on_corrected_probabilities(population):
    policy = build_policy(5.0, 1.0, None, population_bad_rate=population)
    probabilities = np.linspace(0.0005, 0.9995, 19_991)
    corrected = prior_corrected(probabilities, population, SAMPLE_BAD_RATE)
    clear = np.abs(corrected - 1 / 6) > 1e-9

    expected = np.where(corrected >= 1 / 6, "reject", "approve")

    assert (policy.decide_many(probabilities)[clear] == expected[clear]).all()
    assert policy.source == f"cost matrix, population bad rate {population}"


def test_a_lower_population_bad_rate_raises_the_cutoff_on_the_model_s_scale():
    cutoffs = [
        build_policy(5.0, 1.0, None, population_bad_rate=rate).cutoff
        for rate in (0.5, 0.3, 0.1, 0.05)
    ]

    assert cutoffs == sorted(cutoffs)
    assert cutoffs[2] == pytest.approx(0.4355, abs=1e-4)


def test_a_configured_cutoff_is_not_corrected():
    assert build_policy(5.0, 1.0, 0.3, population_bad_rate=0.05).cutoff == 0.3


@pytest.mark.parametrize("value", ["0", "1", "1.5", "-0.1", "thirty percent", "nan"])
def test_a_population_bad_rate_that_is_no_share_stops_the_start(tmp_path, value):
    with pytest.raises(ValueError, match="POPULATION_BAD_RATE must be a share"):
        load_settings({"INSTANCE_PATH": tmp_path, "POPULATION_BAD_RATE": value}, environ={})


def test_the_population_bad_rate_reaches_the_retraining_child(tmp_path):
    settings = load_settings({"INSTANCE_PATH": tmp_path, "POPULATION_BAD_RATE": "0.05"}, {})

    handed_on = load_settings({}, environ=as_environment(settings))

    assert handed_on.population_bad_rate == 0.05 and handed_on.policy == settings.policy
    assert (
        load_settings({}, environ=as_environment(load_settings({}, {}))).population_bad_rate is None
    )
