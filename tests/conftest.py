"""Fixtures shared by every suite: one trained instance per stage and session.

Under pytest-xdist each worker builds its own session fixtures. `make test` distributes with
`--dist loadgroup`, and every test that uses a stage's session instance is put in that stage's
group, so each stage's instance, holdout answers and probe report are built once per run, by
one worker, instead of once by each worker that runs one of its tests; tests that share a
module-scoped fixture are grouped by module for the same reason.
"""

import os
import tempfile

import pandas as pd
import pytest
from flask import Flask
from flask.testing import FlaskClient

from credit_data.load import holdout_rows, load_dataset
from stages.instrument.instance import StageInstance, new_instance, scratch_folder
from stages.instrument.stage_list import STAGE_PACKAGES
from tests.support.scoring import ScoredRows, score_rows


def pytest_configure(config: pytest.Config) -> None:
    """Keep the run's temporary folders in RAM when there is plenty (`scratch_folder`).

    Only when neither `TMPDIR` nor `--basetemp` chooses a place: every stored answer is an
    SQLite commit, a disk flush each on most disks. pytest-xdist's workers inherit the choice.
    """
    scratch = scratch_folder()
    if scratch is not None and "TMPDIR" not in os.environ and not config.option.basetemp:
        os.environ["TMPDIR"] = str(scratch)
        tempfile.tempdir = None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group the tests that share an expensive fixture, for `--dist loadgroup`.

    A test that depends on a stage's session instance joins that stage's group; any other
    test that uses a module-scoped fixture joins its module's group. Other tests stay free.
    """
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "stage_instance" in callspec.params:
            item.add_marker(pytest.mark.xdist_group(callspec.params["stage_instance"]))
        elif uses_a_module_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def uses_a_module_fixture(item: pytest.Item) -> bool:
    """Whether the test depends on a module-scoped fixture (pytest's fixture closure)."""
    definitions = getattr(item, "_fixtureinfo", None)
    if definitions is None:
        return False
    return any(
        definition.scope == "module"
        for chain in definitions.name2fixturedefs.values()
        for definition in chain
    )


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
