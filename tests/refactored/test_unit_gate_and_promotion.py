"""Unit: the promotion gate's checks, and promotion with memory for rollback."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from refactored.registry import ModelNotFoundError, ModelRegistry
from refactored.registry.promotion import (
    gate_of,
    previous_champions,
    promote,
    record_gate,
    rollback,
)
from refactored.training.gate import expected_cost, gate_decision, paired_comparison
from tests.refactored.conftest import TEST_REGISTRY_KEY

PASSED = {"passed": True, "problems": []}
COSTS = {"cost_false_approval": 5.0, "cost_false_rejection": 1.0}


def comparison(
    auc_difference: float = 0.0,
    cost_difference: float = 0.0,
    auc=0.80,
    spread=0.02,
    brier_difference: float = 0.0,
) -> dict:
    """A paired comparison with the given differences (challenger minus champion)."""
    return {
        "rows": 300,
        "decisions_changed": 0.05,
        "auc": {
            "champion": auc - auc_difference,
            "challenger": auc,
            "difference": auc_difference,
            "interval_95": [auc_difference - 0.01, auc_difference + 0.01],
        },
        "expected_cost": {
            "champion": 0.5,
            "challenger": 0.5 + cost_difference,
            "difference": cost_difference,
            "interval_95": [cost_difference - spread, cost_difference + spread],
        },
        "brier": {
            "champion": 0.16,
            "challenger": 0.16 + brier_difference,
            "difference": brier_difference,
            "interval_95": [brier_difference - 0.003, brier_difference + 0.003],
        },
    }


def failed_checks(decision: dict) -> list[str]:
    return [entry["check"] for entry in decision["checks"] if not entry["passed"]]


def test_a_challenger_shown_not_worse_is_promoted_with_every_reason():
    comparisons = {"holdout": comparison(-0.005, 0.005), "recent": comparison(0.01, -0.02)}

    decision = gate_decision(comparisons, PASSED)

    assert decision["promote"] and failed_checks(decision) == []
    assert decision["reasons"] == [entry["detail"] for entry in decision["checks"]]
    assert any("95 %" in reason and "decisions changed" in reason for reason in decision["reasons"])


def test_an_equal_challenger_passes_and_one_at_least_five_percent_costlier_is_refused():
    rng = np.random.default_rng(5)
    probabilities = rng.uniform(0.02, 0.6, 200)
    defaulted = (rng.random(200) < probabilities).astype(int)
    champion_cost = expected_cost(defaulted, probabilities, 1 / 6, COSTS)
    # Approve two defaulters the champion rejects: each costs 5 / 200 more per applicant.
    costlier = probabilities.copy()
    rejected_defaulters = np.flatnonzero((probabilities >= 1 / 6) & (defaulted == 1))
    costlier[rejected_defaulters[:2]] = 0.1

    equal = paired_comparison(defaulted, probabilities, probabilities, 1 / 6, COSTS, seed=1)
    worse = paired_comparison(defaulted, probabilities, costlier, 1 / 6, COSTS, seed=1)

    assert worse["expected_cost"]["difference"] >= 0.05 * champion_cost
    assert gate_decision({"holdout": equal}, PASSED)["promote"]
    refused = gate_decision({"holdout": worse}, PASSED)
    assert not refused["promote"]
    assert "cost per applicant not worse than the champion's by more than 0.03 (holdout)" in (
        failed_checks(refused)
    )


def test_promotions_in_a_row_cannot_drift_past_the_first_champion_by_more_than_the_margin():
    step = comparison(cost_difference=0.01, spread=0.015)
    drifted = comparison(cost_difference=0.02, spread=0.015)

    decision = gate_decision({"holdout": step, "reference": drifted}, PASSED)

    assert not decision["promote"]
    assert failed_checks(decision) == [
        "cost per applicant not worse than the first champion's by more than 0.03 (reference)"
    ]


@pytest.mark.parametrize(
    ("comparisons", "validation", "failed"),
    [
        ({"holdout": comparison(auc=0.55)}, PASSED, "holdout AUC above the floor"),
        (
            {"holdout": comparison(auc_difference=-0.015)},
            PASSED,
            "AUC not worse than the champion's by more than 0.02 (holdout)",
        ),
        (
            {"holdout": comparison(), "recent": comparison(cost_difference=0.02)},
            PASSED,
            "cost per applicant not worse than the champion's by more than 0.03 (recent)",
        ),
        (
            {"holdout": comparison(cost_difference=-0.01, spread=0.05)},
            PASSED,
            "cost per applicant not worse than the champion's by more than 0.03 (holdout)",
        ),
        (
            {"holdout": comparison(brier_difference=0.009)},
            PASSED,
            "Brier score not worse than the champion's by more than 0.01 (holdout)",
        ),
        (
            {"holdout": comparison()},
            {"passed": False, "problems": ["5 of 900 rows"]},
            "data validation",
        ),
    ],
)
def test_each_failed_check_refuses_the_challenger_and_says_why(comparisons, validation, failed):
    decision = gate_decision(comparisons, validation)

    assert not decision["promote"]
    assert failed_checks(decision) == [failed]
    assert len(decision["reasons"]) == 1


def test_identical_models_differ_by_nothing_and_their_interval_is_a_point():
    rng = np.random.default_rng(3)
    probabilities = rng.uniform(0.02, 0.9, 300)
    defaulted = (rng.random(300) < probabilities).astype(int)

    result = paired_comparison(defaulted, probabilities, probabilities, 1 / 6, COSTS, seed=1)

    assert result["decisions_changed"] == 0.0
    for metric in ("auc", "expected_cost", "brier"):
        assert result[metric]["difference"] == 0.0
        assert result[metric]["interval_95"] == [0.0, 0.0]


def test_a_challenger_that_ranks_better_gets_an_interval_above_zero_the_same_each_run():
    rng = np.random.default_rng(4)
    truth = rng.uniform(0.02, 0.9, 400)
    defaulted = (rng.random(400) < truth).astype(int)
    noisy = np.clip(truth + rng.normal(0, 0.3, 400), 0.001, 0.999)

    result = paired_comparison(defaulted, noisy, truth, 1 / 6, COSTS, seed=1)
    again = paired_comparison(defaulted, noisy, truth, 1 / 6, COSTS, seed=1)

    low, high = result["auc"]["interval_95"]
    assert 0 < low < result["auc"]["difference"] < high
    assert result["expected_cost"]["difference"] < 0
    assert result == again


def tiny_model(shift: float = 0.0) -> LogisticRegression:
    return LogisticRegression().fit(np.array([[0.0], [1.0], [2.0], [3.0]]) + shift, [0, 0, 1, 1])


@pytest.fixture
def registry(tmp_path) -> ModelRegistry:
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)
    for shift in range(3):
        registry.register(tiny_model(shift), {})
    registry.set_alias("champion", 1)
    return registry


def test_promotion_remembers_the_previous_champions_and_rollback_restores_them(registry):
    assert promote(registry, 2) == 1
    assert promote(registry, 3) == 2

    assert previous_champions(registry) == [1, 2]
    assert rollback(registry, 3) == 2 and registry.version_of("champion") == 2
    assert rollback(registry, 2) == 1 and registry.version_of("champion") == 1
    with pytest.raises(ModelNotFoundError, match="no earlier champion"):
        rollback(registry, 1)


def test_rollback_refuses_when_the_champion_changed_meanwhile(registry):
    promote(registry, 2)

    with pytest.raises(ValueError, match="changed meanwhile"):
        rollback(registry, 3)
    assert registry.version_of("champion") == 2


def test_the_gate_decision_is_stored_beside_the_version(registry):
    record_gate(registry, 2, {"promote": False, "reasons": ["AUC 0.5"]})

    assert gate_of(registry, 2) == {"promote": False, "reasons": ["AUC 0.5"]}
    assert gate_of(registry, 3) is None
