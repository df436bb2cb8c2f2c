"""Fixtures for the monolith's own tests: a trained instance and the notebook runner."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from stages.instrument.instance import StageInstance, new_instance
from tests.support.scoring import ScoredRows, score_rows

NOTEBOOK = Path(__file__).resolve().parents[2] / "monolith" / "handoff" / "credit_model_notebook.py"


def run_notebook(data_path: Path, output_dir: Path) -> None:
    """Run the handoff notebook on `data_path`, writing its files into `output_dir`."""
    environment = {
        **os.environ,
        "HANDOFF_DATA_PATH": str(data_path),
        "HANDOFF_OUTPUT_DIR": str(output_dir),
    }
    subprocess.run([sys.executable, NOTEBOOK], env=environment, check=True, capture_output=True)


def read_note(model_dir: Path) -> dict:
    """Read the handoff note the notebook wrote into `model_dir`."""
    return json.loads((model_dir / "handoff_note.json").read_text())


def read_notebook_predictions(model_dir: Path) -> pd.DataFrame:
    """Read the notebook's own holdout predictions from `model_dir`."""
    return pd.read_csv(model_dir / "holdout_predictions.csv", dtype={"application_id": str})


@pytest.fixture(scope="session")
def monolith(tmp_path_factory) -> StageInstance:
    """A trained monolith instance, shared by the monolith's tests."""
    instance = new_instance("monolith", tmp_path_factory.mktemp("monolith-debts"))
    instance.create_app()
    return instance


@pytest.fixture(scope="session")
def monolith_scores(monolith: StageInstance, holdout: pd.DataFrame) -> ScoredRows:
    """The monolith's answers for the 200 holdout applicants."""
    return score_rows(monolith.create_app().test_client(), holdout)
