"""Fixtures of the serving-speed tests: one refactored instance trained for the session."""

from collections.abc import Iterator

import pytest
from flask import Flask

from refactored.registry import CHAMPION, RegisteredModel
from refactored.serving.context import stop_background_checks
from stages.instrument.instance import StageInstance, new_instance
from tests.refactored.conftest import keyed_registry


@pytest.fixture(scope="session")
def trained(tmp_path_factory) -> StageInstance:
    """A refactored instance, trained once (through the training cache); tests only read it."""
    instance = new_instance("refactored", tmp_path_factory.mktemp("serving-speed"))
    instance.create_app()
    return instance


@pytest.fixture(scope="session")
def champion(trained: StageInstance) -> RegisteredModel:
    """The trained instance's champion, loaded once."""
    registry = keyed_registry(trained)
    return registry.load(registry.version_of(CHAMPION))


@pytest.fixture
def service(trained: StageInstance, tmp_path) -> Iterator[Flask]:
    """The service on a private copy of the trained instance (its own empty database).

    Its monitoring thread is stopped after the test.
    """
    app = new_instance("refactored", tmp_path / "instance").create_app()
    yield app
    stop_background_checks(app)
