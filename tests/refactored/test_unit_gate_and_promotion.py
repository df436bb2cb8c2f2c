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
from refactored.training.gate import AUC_FLOOR, AUC_TOLERANCE, gate_decision

PASSED = {"passed": True, "problems": []}


def metrics(holdout: float, recent: float | None = None) -> dict:
    figures = {"holdout": {"auc": holdout}}
    if recent is not None:
        figures["recent"] = {"auc": recent}
    return figures


def test_a_challenger_as_good_as_the_champion_is_promoted_with_its_reasons():
    decision = gate_decision(metrics(0.80, 0.78), metrics(0.81, 0.77), PASSED)

    assert decision["promote"]
    assert len(decision["checks"]) == 4 and len(decision["reasons"]) == 4


@pytest.mark.parametrize(
    ("challenger", "champion", "validation", "failed"),
    [
        (metrics(0.55), metrics(0.56), PASSED, "holdout AUC above the floor"),
        (
            metrics(0.80 - AUC_TOLERANCE - 0.01),
            metrics(0.80),
            PASSED,
            "not worse than the champion on the holdout rows",
        ),
        (
            metrics(0.80, 0.70),
            metrics(0.80, 0.75),
            PASSED,
            "not worse than the champion on the recent rows",
        ),
        (
            metrics(0.80),
            metrics(0.80),
            {"passed": False, "problems": ["5 of 900 rows"]},
            "data validation",
        ),
    ],
)
def test_each_failed_check_refuses_the_challenger_and_says_why(
    challenger, champion, validation, failed
):
    decision = gate_decision(challenger, champion, validation)

    assert not decision["promote"]
    assert [entry["check"] for entry in decision["checks"] if not entry["passed"]] == [failed]
    assert len(decision["reasons"]) == 1


def test_a_coin_flip_model_is_refused_even_against_a_coin_flip_champion():
    decision = gate_decision(metrics(0.51), metrics(0.50), PASSED)

    assert not decision["promote"] and AUC_FLOOR > 0.51


def tiny_model(shift: float = 0.0) -> LogisticRegression:
    return LogisticRegression().fit(np.array([[0.0], [1.0], [2.0], [3.0]]) + shift, [0, 0, 1, 1])


@pytest.fixture
def registry(tmp_path) -> ModelRegistry:
    registry = ModelRegistry(tmp_path)
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
