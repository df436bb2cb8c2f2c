"""Unit: choosing the simplest good-enough candidate, and reading the settings."""

from pathlib import Path

import numpy as np

from refactored.config import DEFAULT_INSTANCE_PATH, load_settings
from refactored.training.selection import CandidateResult, choose_simplest


def result(name: str, auc: float) -> CandidateResult:
    empty = np.zeros(1)
    return CandidateResult(name, np.array([auc, auc]), 0.2, 0.5, empty)


def test_the_simplest_candidate_within_the_tolerance_wins():
    results = [result("simple", 0.775), result("complex", 0.780)]

    assert choose_simplest(results, tolerance=0.01).name == "simple"


def test_a_simpler_candidate_beyond_the_tolerance_loses():
    results = [result("simple", 0.760), result("complex", 0.780)]

    assert choose_simplest(results, tolerance=0.01).name == "complex"


def test_defaults_do_not_depend_on_the_working_directory():
    settings = load_settings({}, environ={})

    assert settings.instance_path == DEFAULT_INSTANCE_PATH
    assert settings.instance_path.is_absolute()
    assert settings.model_dir.is_absolute() and settings.data_path.is_absolute()
    assert settings.database_url == f"sqlite:///{DEFAULT_INSTANCE_PATH / 'scores.db'}"
    assert settings.decision_cutoff is None
    assert settings.admin_token is None


def test_environment_variables_override_defaults_and_overrides_win(tmp_path: Path):
    environ = {
        "CREDIT_INSTANCE_PATH": str(tmp_path),
        "CREDIT_DECISION_CUTOFF": "0.3",
        "CREDIT_ADMIN_TOKEN": "secret",
        "CREDIT_TRAIN_ON_FIRST_START": "false",
    }

    settings = load_settings({"DECISION_CUTOFF": 0.25}, environ=environ)

    assert settings.model_dir == tmp_path / "models"
    assert settings.decision_cutoff == 0.25
    assert settings.admin_token == "secret"
    assert settings.train_on_first_start is False
