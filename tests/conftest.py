"""Fixtures shared by every suite: one trained instance per stage and session.

Under pytest-xdist each worker builds its own session fixtures: the scheduler below sends all
the tests of one stage to one worker, so each stage's instance is built once per run, and the
other tests module by module, so each module-scoped fixture is built once too.
"""

import os
import re
import tempfile

import pandas as pd
import pytest
from flask import Flask
from flask.testing import FlaskClient

from credit_data.load import holdout_rows, load_dataset
from stages.instrument.instance import StageInstance, new_instance, scratch_folder
from stages.instrument.manifest import load_manifest
from stages.instrument.stage_list import STAGE_PACKAGES
from tests.support.browser import browser  # noqa: F401  (a fixture)
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


def stage_names() -> dict[str, str]:
    """Every way a test id may name a stage (package, folder, number, slug), to its package."""
    names = {}
    for stage in load_manifest().stages:
        folder = stage.package.rpartition(".")[2]
        for name in (stage.package, folder, stage.slug, f"{stage.number}-{stage.slug}"):
            names[name] = stage.package
        names[f"stage_{stage.number}"] = names[f"stage-{stage.number}"] = stage.package
    return names


STAGE_NAMES = stage_names()
# `stage_03`, `stage-03`, `stage_03_input_contract` anywhere in a test id: a file or a folder
# per stage (`tests/openapi/test_stage_03.py`) or a parameter.
STAGE_IN_ID = re.compile(r"(?<![A-Za-z])stage[_-](\d\d)(?!\d)")


def stage_of(nodeid: str) -> str | None:
    """The stage package a test id names, if any.

    A parameter naming a stage (`[refactored-DEBT-01]`, `[stages.stage_08_input_monitoring]`,
    `[08-monitoring]`) counts, and so does `stage_NN` anywhere in the id, so that a new folder
    or module per stage is grouped with that stage's other tests without editing this file.
    """
    if nodeid.endswith("]") and "[" in nodeid:
        parameters = nodeid[nodeid.index("[") + 1 : -1]
        for part in [parameters, *parameters.split("-")]:
            if part in STAGE_NAMES:
                return STAGE_NAMES[part]
    found = STAGE_IN_ID.search(nodeid)
    return STAGE_NAMES.get(f"stage_{found.group(1)}") if found else None


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Schedule the tests of one stage on one worker, and the other tests module by module.

    pytest-xdist's `--dist loadgroup` reads `xdist_group` marks through a node id suffix that
    pytest 9 no longer lets it set, so the grouping is done here, from the test ids. Each
    stage's session instance, holdout answers and probe report, and each module-scoped
    fixture, are then built once per run instead of once per worker that runs one of its tests.
    """
    from xdist.scheduler import LoadScopeScheduling

    class StageScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return stage_of(nodeid) or nodeid.split("::")[0]

    return StageScheduling(config, log)


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
