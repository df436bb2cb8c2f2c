"""A fresh, self-contained instance of a stage: its own folder, database, data copy and models.

Tests, probes and `serve` all run a stage this way, so no run sees another run's state. A
fresh instance's first start goes through the training cache (`cache.py`): the models it
would train are copied from an earlier training of the same code on the same data when there
is one.
"""

import importlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from credit_data.paths import DATASET_PATH

from .cache import first_start

# Instance folders are scratch space: on a RAM file system, SQLite's commits (one per stored
# answer) cost microseconds instead of a disk flush (about 10 ms each here).
RAM_FOLDER = Path("/dev/shm")
RAM_FOLDER_MIN_FREE_BYTES = 4 * 1024**3


@dataclass(frozen=True)
class StageInstance:
    """One stage package configured to live inside one folder.

    Attributes:
        package: The stage's package name, for example `monolith`.
        folder: The instance folder; everything the stage writes goes below it.
    """

    package: str
    folder: Path

    @property
    def data_path(self) -> Path:
        """The instance's own copy of the training data file."""
        return self.folder / "german_credit.csv"

    @property
    def model_dir(self) -> Path:
        """Where the stage keeps its model files."""
        return self.folder / "models"

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL of the instance's SQLite database."""
        return f"sqlite:///{self.folder / 'scores.db'}"

    @property
    def settings(self) -> dict[str, str]:
        """The settings every stage's `create_app` honours."""
        return {
            "INSTANCE_PATH": str(self.folder),
            "DATABASE_URL": self.database_url,
            "DATA_PATH": str(self.data_path),
            "MODEL_DIR": str(self.model_dir),
        }

    def is_fresh(self) -> bool:
        """Whether the instance was never started: its folder holds only its data file."""
        files = [path for path in self.folder.rglob("*") if path.is_file()]
        return files == [self.data_path]

    def create_app(self, cached: bool = True, settings: dict[str, str] | None = None) -> Flask:
        """Build the stage's application on this instance (training models if there are none).

        Args:
            cached: Whether a fresh instance's first start may use the training cache.
            settings: More settings for `create_app` (an admin token), beside the paths.

        Returns:
            The Flask application.
        """
        return self.start(cached, settings)[0]

    def start(
        self, cached: bool = True, settings: dict[str, str] | None = None
    ) -> tuple[Flask, str]:
        """Build the stage's application, and say how its models came to be.

        Args:
            cached: Whether a fresh instance's first start may use the training cache.
            settings: More settings for `create_app` (an admin token), beside the paths.

        Returns:
            The application, and `hit` or `miss` (trained, then stored) for a first start
            through the cache, `trained` when a first start's files could not be stored,
            `off` when the cache is turned off, `uncached` when the caller asked to train,
            or `started` when the instance had been started before.
        """
        package = importlib.import_module(self.package)

        def build() -> Flask:
            return package.create_app({**self.settings, **(settings or {})})

        if not self.is_fresh():
            return build(), "started"
        if not cached:
            return build(), "uncached"
        return first_start(self.package, self.folder, self.data_path, build)


def new_instance(package: str, folder: Path, data_path: Path = DATASET_PATH) -> StageInstance:
    """Prepare an instance folder for `package` with its own copy of the data.

    Args:
        package: The stage's package name.
        folder: The instance folder; created if missing.
        data_path: The data file to copy in; the committed data set by default.

    Returns:
        The instance. Its application is not built yet: call `create_app`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    instance = StageInstance(package=package, folder=folder)
    if not instance.data_path.exists():
        shutil.copyfile(data_path, instance.data_path)
    return instance


def scratch_folder() -> Path | None:
    """Where temporary instance folders should go: RAM when there is plenty, else the default.

    Returns:
        `/dev/shm` when it is a writable folder with at least 4 GiB free, else None (the
        system's temporary folder, as `tempfile` chooses it).
    """
    if not (RAM_FOLDER.is_dir() and os.access(RAM_FOLDER, os.W_OK)):
        return None
    status = os.statvfs(RAM_FOLDER)
    return RAM_FOLDER if status.f_bavail * status.f_frsize >= RAM_FOLDER_MIN_FREE_BYTES else None
