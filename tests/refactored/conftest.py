"""Fixtures for the refactored stage's own tests: one trained registry per session, copied."""

import shutil
from pathlib import Path

import numpy as np
import pytest
from flask import Flask
from flask.testing import FlaskClient

import refactored
from credit_data.load import applicant_payload
from refactored.registry import ModelRegistry, RegisteredModel
from stages.instrument.instance import StageInstance, new_instance

ADMIN_TOKEN = "test-admin-token"


def build_app(instance: StageInstance, **settings) -> Flask:
    """The refactored service on `instance`, with extra settings (for example an admin token)."""
    return refactored.create_app({**instance.settings, **settings})


def copy_instance(trained: StageInstance, folder: Path) -> StageInstance:
    """A new instance with a copy of `trained`'s registry and an empty database."""
    instance = new_instance("refactored", folder)
    shutil.copytree(trained.model_dir, instance.model_dir)
    return instance


@pytest.fixture(scope="session")
def trained_instance(tmp_path_factory) -> StageInstance:
    """A refactored instance trained once for the session; tests must not change it."""
    instance = new_instance("refactored", tmp_path_factory.mktemp("refactored-trained"))
    build_app(instance)
    return instance


@pytest.fixture(scope="session")
def registry(trained_instance: StageInstance) -> ModelRegistry:
    """The session instance's registry (read only)."""
    return ModelRegistry(trained_instance.model_dir)


@pytest.fixture(scope="session")
def champion(registry: ModelRegistry) -> RegisteredModel:
    """The session instance's champion, loaded once."""
    return registry.load(registry.version_of("champion"))


@pytest.fixture
def instance(trained_instance: StageInstance, tmp_path: Path) -> StageInstance:
    """A private copy of the trained instance: its own registry copy and empty database."""
    return copy_instance(trained_instance, tmp_path / "instance")


@pytest.fixture
def service(instance: StageInstance) -> Flask:
    """The service on a private instance, with admin routes enabled."""
    return build_app(instance, ADMIN_TOKEN=ADMIN_TOKEN)


@pytest.fixture
def http(service: Flask) -> FlaskClient:
    """A test client of the service."""
    return service.test_client()


@pytest.fixture(scope="session")
def valid_payload(holdout) -> dict:
    """A valid request body: the first holdout applicant."""
    return applicant_payload(holdout.iloc[0])


class FakeRepository:
    """Keeps stored records in a list."""

    def __init__(self):
        self.records = []

    def add_all(self, records):
        """Store `records`."""
        self.records.extend(records)


class FakePipeline:
    """Answers the same probability of default for every row."""

    def __init__(self, probability_default: float):
        self.probability_default = probability_default

    def predict_proba(self, frame):
        """Two columns: P(repay), P(default)."""
        column = np.full(len(frame), self.probability_default)
        return np.column_stack([1.0 - column, column])


def fake_model(probability_default: float = 0.1, version: int = 7) -> RegisteredModel:
    """A registered model that answers `probability_default` for everyone."""
    return RegisteredModel(version=version, pipeline=FakePipeline(probability_default), card={})
