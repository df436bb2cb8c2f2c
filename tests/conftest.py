"""Fixtures shared by every suite: one trained instance per stage and session."""

import pandas as pd
import pytest
from flask import Flask
from flask.testing import FlaskClient

from credit_data.load import holdout_rows, load_dataset
from stages.instrument.instance import StageInstance, new_instance
from stages.instrument.stage_list import STAGE_PACKAGES
from tests.support.scoring import ScoredRows, score_rows


@pytest.fixture(scope="session")
def dataset() -> pd.DataFrame:
    """The committed data set."""
    return load_dataset()


@pytest.fixture(scope="session")
def holdout(dataset: pd.DataFrame) -> pd.DataFrame:
    """The 200 applicants of the fixed holdout."""
    return holdout_rows(dataset)


@pytest.fixture(scope="session", params=STAGE_PACKAGES)
def stage_instance(request, tmp_path_factory) -> StageInstance:
    """A trained instance of each stage, shared by the whole session."""
    instance = new_instance(request.param, tmp_path_factory.mktemp(request.param))
    instance.create_app()
    return instance


@pytest.fixture
def app(stage_instance: StageInstance) -> Flask:
    """The stage's application, configured again for this test."""
    return stage_instance.create_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the stage."""
    return app.test_client()


@pytest.fixture(scope="session")
def holdout_scores(stage_instance: StageInstance, holdout: pd.DataFrame) -> ScoredRows:
    """The stage's answers for the 200 holdout applicants, scored once per session."""
    return score_rows(stage_instance.create_app().test_client(), holdout)
