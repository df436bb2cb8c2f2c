"""Fixtures for the refactored stage's own tests: one trained registry per session, copied.

The integration and reliability tests run on both databases the service supports: each test
that uses a private instance gets it once on SQLite and once on PostgreSQL (a throw-away
cluster started once per session, a new database per test). A test that only makes sense on
one of them says so with `@pytest.mark.databases("sqlite")`.
"""

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event

import refactored
from credit_data.load import applicant_payload
from refactored.registry import ModelRegistry, RegisteredModel
from refactored.registry.signing import KEY_FILE, registry_key
from refactored.serving.background_check import stop_all
from refactored.serving.context import stop_background_checks
from stages.instrument.instance import StageInstance, new_instance
from tests.support.postgres import PostgresCluster, PostgresMissingError, start_cluster

ADMIN_TOKEN = "test-admin-token"
SQLITE, POSTGRESQL = "sqlite", "postgresql"
DATABASES = (SQLITE, POSTGRESQL)
PARAMETRIZED_MODULES = ("test_integration_", "test_reliability_")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each integration and reliability test that uses a database on both backends."""
    if "database" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("databases")
    if marker is not None:
        backends = marker.args
    elif metafunc.module.__name__.rpartition(".")[2].startswith(PARAMETRIZED_MODULES):
        backends = DATABASES
    else:
        return
    metafunc.parametrize("database", backends, scope="module")


@dataclass(frozen=True)
class DatabaseInstance(StageInstance):
    """A stage instance whose scores database may live elsewhere (a PostgreSQL database).

    Attributes:
        url: The database's SQLAlchemy URL; the folder's SQLite file when empty.
    """

    url: str = ""

    @property
    def database_url(self) -> str:
        """The instance's database: `url`, or the SQLite file in its folder."""
        return self.url or super().database_url


def build_app(instance: StageInstance, **settings) -> Flask:
    """The refactored service on `instance`, with extra settings (for example an admin token)."""
    return refactored.create_app({**instance.settings, **settings})


def copy_instance(trained: StageInstance, folder: Path, database_url: str = "") -> StageInstance:
    """A new instance with a copy of `trained`'s registry and an empty database.

    Args:
        trained: The instance whose registry is copied.
        folder: The new instance's folder.
        database_url: Its database; a SQLite file in `folder` when empty.
    """
    new = new_instance("refactored", folder)
    instance = DatabaseInstance(package=new.package, folder=new.folder, url=database_url)
    shutil.copytree(trained.model_dir, instance.model_dir)
    # The registry's signing key goes with it: without the key, its versions are refused.
    shutil.copy2(trained.folder / KEY_FILE, instance.folder / KEY_FILE)
    return instance


def keyed_registry(instance: StageInstance) -> ModelRegistry:
    """The instance's registry with its signing key, as the instance's service opens it."""
    return ModelRegistry(instance.model_dir, registry_key(None, Path(instance.folder)))


# Signs the cards of registries that unit tests make in a temporary folder.
TEST_REGISTRY_KEY = b"a-key-for-registries-made-by-unit-tests"


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A throw-away PostgreSQL cluster for the session; fails (never skips) when missing."""
    try:
        cluster = start_cluster()
    except PostgresMissingError as error:
        pytest.fail(str(error))
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def database() -> str:
    """The backend of the test's database (parametrized for integration and reliability)."""
    return SQLITE


# The engines that connected to each PostgreSQL test database, held until the database is
# dropped: disposed then, they close their pooled connections; collected earlier, their
# connections would be closed by the garbage collector, which psycopg warns about.
ENGINES: dict[str, list[Engine]] = {}


@event.listens_for(Engine, "engine_connect")
def remember_engine(connection) -> None:
    """Remember the engine of every new connection to a PostgreSQL database."""
    engine = connection.engine
    if engine.dialect.name == "postgresql":
        engines = ENGINES.setdefault(engine.url.database, [])
        if engine not in engines:
            engines.append(engine)


def close_engines_of(database_name: str) -> None:
    """Close the pooled connections of every engine on the database `database_name`."""
    for engine in ENGINES.pop(database_name, []):
        engine.dispose()


def empty_database(request: pytest.FixtureRequest, database: str) -> str:
    """The URL of a new, empty database on `database`; "" for SQLite (a file in the folder).

    A PostgreSQL database is dropped when the requesting fixture's scope ends, after the
    engines the test opened on it are closed.
    """
    if database == SQLITE:
        return ""
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    url = cluster.create_database()

    def drop() -> None:
        # The monitoring threads first: one still checking holds a connection of an engine.
        stop_all()
        # Then the retraining jobs' threads (`serving/jobs.py` names them `retrain-<id>`): one
        # whose job a test saw finish may still be returning its last connection to the pool.
        for thread in threading.enumerate():
            if thread.name.startswith("retrain-"):
                thread.join(timeout=30)
        close_engines_of(url.rpartition("/")[2])
        cluster.drop_database(url)

    request.addfinalizer(drop)
    return url


@pytest.fixture(scope="session")
def trained_instance(tmp_path_factory) -> StageInstance:
    """A refactored instance trained once for the session; tests must not change it."""
    instance = new_instance("refactored", tmp_path_factory.mktemp("refactored-trained"))
    build_app(instance)
    return instance


@pytest.fixture(scope="session")
def registry(trained_instance: StageInstance) -> ModelRegistry:
    """The session instance's registry (read only)."""
    return keyed_registry(trained_instance)


@pytest.fixture(scope="session")
def champion(registry: ModelRegistry) -> RegisteredModel:
    """The session instance's champion, loaded once."""
    return registry.load(registry.version_of("champion"))


@pytest.fixture
def instance(request, trained_instance: StageInstance, tmp_path: Path, database: str):
    """A private copy of the trained instance: its own registry copy and empty database."""
    url = empty_database(request, database)
    return copy_instance(trained_instance, tmp_path / "instance", url)


@pytest.fixture
def service(instance: StageInstance) -> Iterator[Flask]:
    """The service on a private instance, with admin routes enabled; its thread stopped after."""
    app = build_app(instance, ADMIN_TOKEN=ADMIN_TOKEN)
    yield app
    stop_background_checks(app)


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

    def add_batch(self, batch):
        """Store the records of `batch`."""
        self.records.extend(batch.records())

    def first_answers(self, application_ids):
        """Nothing is looked up: the fake never refuses an id."""
        return {}


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
