"""Unit: choosing the simplest good-enough candidate, and reading the settings."""

from pathlib import Path

import numpy as np
import pytest

from refactored.config import DEFAULT_INSTANCE_PATH, load_settings
from refactored.training.selection import CandidateResult, Tolerances, choose_simplest


def result(
    name: str, auc: float, brier: float = 0.2, cost: float = 0.5, keeps_order: bool = True
) -> CandidateResult:
    empty = np.zeros(1)
    return CandidateResult(name, np.array([auc, auc]), brier, cost, empty, keeps_order=keeps_order)


def test_the_simplest_candidate_within_every_tolerance_wins():
    results = [result("simple", 0.775), result("complex", 0.780)]

    assert choose_simplest(results, Tolerances(auc=0.01)).name == "simple"


def test_a_simpler_candidate_beyond_the_auc_tolerance_loses():
    results = [result("simple", 0.760), result("complex", 0.780)]

    assert choose_simplest(results, Tolerances(auc=0.01)).name == "complex"


def test_a_simpler_candidate_that_costs_too_much_loses_despite_its_auc():
    results = [result("simple", 0.780, cost=0.60), result("complex", 0.775, cost=0.52)]

    assert choose_simplest(results, Tolerances(auc=0.01, expected_cost=0.03)).name == "complex"


def test_a_simpler_candidate_with_a_worse_brier_score_loses():
    results = [result("simple", 0.780, brier=0.19), result("complex", 0.780, brier=0.17)]

    assert choose_simplest(results, Tolerances(brier=0.005)).name == "complex"


def test_when_no_candidate_is_close_to_the_best_on_everything_the_cheapest_wins():
    results = [
        result("best_ranking", 0.80, cost=0.60),
        result("cheapest", 0.76, cost=0.50),
        result("middle", 0.78, cost=0.55),
    ]

    assert choose_simplest(results, Tolerances(auc=0.01, expected_cost=0.03)).name == "cheapest"


def test_a_benchmark_that_breaks_the_order_is_never_chosen_but_sets_the_bar():
    ordered = result("ordered", 0.775, cost=0.55)
    results = [ordered, result("forest", 0.780, cost=0.50, keeps_order=False)]
    far_behind = [result("ordered", 0.700), result("forest", 0.780, keeps_order=False)]

    assert choose_simplest(results, Tolerances(auc=0.01, expected_cost=0.03)) is ordered
    assert choose_simplest(far_behind, Tolerances(auc=0.01)).name == "ordered"
    with pytest.raises(ValueError, match="order"):
        choose_simplest([result("forest", 0.780, keeps_order=False)])


def test_the_settings_build_the_one_decision_policy_with_its_review_band():
    policy = load_settings({"REVIEW_BAND": "0.03"}, environ={}).policy
    configured = load_settings({"DECISION_CUTOFF": "0.3", "REVIEW_BAND": "0"}, environ={}).policy

    assert (policy.cutoff, policy.source, policy.review_band) == (1 / 6, "cost matrix", 0.03)
    assert (configured.cutoff, configured.source, configured.review_band) == (0.3, "configured", 0)


def test_defaults_do_not_depend_on_the_working_directory():
    settings = load_settings({}, environ={})

    assert settings.instance_path == DEFAULT_INSTANCE_PATH
    assert settings.instance_path.is_absolute()
    assert settings.model_dir.is_absolute() and settings.data_path.is_absolute()
    assert settings.database_url == f"sqlite:///{DEFAULT_INSTANCE_PATH / 'scores.db'}"
    assert settings.decision_cutoff is None
    assert settings.admin_tokens == {}


def test_environment_variables_override_defaults_and_overrides_win(tmp_path: Path):
    environ = {
        "CREDIT_INSTANCE_PATH": str(tmp_path),
        "CREDIT_DECISION_CUTOFF": "0.3",
        "CREDIT_ADMIN_TOKEN": "an-admin-token-long-enough",
        "CREDIT_TRAIN_ON_FIRST_START": "false",
    }

    settings = load_settings({"DECISION_CUTOFF": 0.25}, environ=environ)

    assert settings.model_dir == tmp_path / "models"
    assert settings.decision_cutoff == 0.25
    assert settings.admin_tokens == {"admin": "an-admin-token-long-enough"}
    assert settings.train_on_first_start is False


def test_an_admin_token_shorter_than_sixteen_characters_is_refused_at_start_up(tmp_path: Path):
    with pytest.raises(ValueError, match="admin token of 'admin' must be at least 16 characters"):
        load_settings({"INSTANCE_PATH": tmp_path, "ADMIN_TOKEN": "x"}, environ={})

    assert load_settings({"INSTANCE_PATH": tmp_path, "ADMIN_TOKEN": "x" * 16}, environ={})
