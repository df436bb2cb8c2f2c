"""What every probe works with: a trained instance of the stage, the data and a workspace.

The context trains one shared instance per stage and scores the holdout once. Probes that
only read share it; a probe that mutates state asks for a trained copy of a pristine
instance, and a probe that trains on changed data for a fresh instance, inside the
context's temporary workspace. A shared instance the context starts itself is such a copy
too: the stage is trained once for both (see `share_the_pristine_training`).

The pristine instance is trained by the probes' own `create_app`, never copied from the
training cache (`../cache.py`, which other fresh instances may use), and never answers a
request. Right after its training, before anything is served, the context copies every file
it wrote (the database aside) into a reference folder of the workspace and checksums each
copy: the *reference*. Probes that need the model files a started stage holds read them
there, so nothing the stage writes while serving can stand in for them. What the training
code predicts offline is not read there (`create_app` wrote it): the probes run the training
code themselves (`offline_training.py`).

A stage's `create_app` may configure module-level state (the monolith's rebinds its globals):
build a client right before using it, and do not touch another instance in between.
"""

import hashlib
import importlib
import itertools
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
from flask import Flask
from flask.testing import FlaskClient

from credit_data.load import holdout_rows, load_dataset, training_rows
from credit_data.paths import DATASET_PATH

from ..instance import StageInstance, new_instance
from ..manifest import Stage
from ..scoring import ScoredRows, score_rows
from .artifacts import DATABASE_SUFFIXES, load_models
from .package_copy import copy_package
from .routes import ADMIN_SETTINGS


@dataclass
class ProbeContext:
    """A stage under measurement.

    Attributes:
        stage: The stage, from the manifest.
        instance: A trained instance that probes may read and send requests to.
        workspace: A temporary folder for the fresh instances probes create.
        dataset: The data set every instance of the context trains on (read from `data_path`).
        data_path: Its file: the committed data set unless a test gives a smaller one.
        cache: Results that several probes share, by name.
    """

    stage: Stage
    instance: StageInstance
    workspace: Path
    dataset: pd.DataFrame | None = None
    data_path: Path = DATASET_PATH
    cache: dict = field(default_factory=dict)
    _counter: itertools.count = field(default_factory=itertools.count)

    def __post_init__(self):
        """Read the data set from `data_path` unless it was given."""
        if self.dataset is None:
            self.dataset = load_dataset(self.data_path)

    @classmethod
    def start(cls, stage: Stage, workspace: Path, data_path: Path = DATASET_PATH) -> "ProbeContext":
        """A context on a fresh instance of `stage` inside `workspace`.

        The instance is trained on first use, so probes that only read source code never
        pay for training.

        Args:
            stage: The stage.
            workspace: An empty folder for the context's instances.
            data_path: The data file every instance copies (the committed data set; the
                cheat corpus's tests give one with a shorter holdout, to score fewer rows).
        """
        instance = new_instance(stage.package, workspace / "shared", data_path)
        return cls(stage=stage, instance=instance, workspace=workspace, data_path=data_path)

    @property
    def trained(self) -> StageInstance:
        """The shared instance, trained: its models are built by the first `create_app`."""
        if "trained" not in self.cache:
            self.app()
            self.cache["trained"] = True
        return self.instance

    @property
    def holdout(self) -> pd.DataFrame:
        """The 200 applicants of the fixed holdout."""
        return holdout_rows(self.dataset)

    @property
    def training(self) -> pd.DataFrame:
        """The 800 applicants of the fixed training split."""
        return training_rows(self.dataset)

    @property
    def source_folder(self) -> Path:
        """The folder of the stage's package source."""
        return Path(importlib.import_module(self.stage.package).__file__).parent

    def app(self) -> Flask:
        """The shared instance's application, configured again for this use.

        A shared instance the context started itself (fresh, never trained) is not trained
        again: it becomes a copy of the pristine instance (`share_the_pristine_training`).
        """
        if "shared_is_pristine_copy" not in self.cache:
            self.cache["shared_is_pristine_copy"] = self.share_the_pristine_training()
        return self.instance.create_app()

    def share_the_pristine_training(self) -> bool:
        """Make a fresh shared instance a copy of the pristine one, trained once for both.

        Identical code on identical data trains an identical model, so a second training of
        the shared instance would only repeat the pristine's (the pristine is trained first,
        its reference taken before anything is served, then its folder copied). The one
        measurement that needs two independent trainings of the same code (the lineage
        probe's code version) compares the pristine with another instance (`trained_on`).
        A shared instance that was trained before (a test's session instance) is left as it
        is, and one whose pristine's files name their own folder (`names_itself`) trains on
        first use.

        Returns:
            Whether the shared instance is now a copy of the pristine one.
        """
        if not self.instance.is_fresh():
            return False
        self.pristine()
        template = self.cache["template"]
        if template is None:
            return False
        shutil.copytree(template.folder, self.instance.folder, dirs_exist_ok=True)
        return True

    def trained_on(
        self, name: str, change: Callable[[pd.DataFrame], pd.DataFrame]
    ) -> StageInstance:
        """A fresh instance trained on `change(dataset)`, started once per context.

        Several probes may measure the same training (the leakage probe's instance, whose
        holdout rows changed, is also the lineage probe's second training of the same code
        on the same training rows); each sends its own requests.

        Args:
            name: The instance's folder name, which also names the training in the context.
            change: Builds the instance's data from the context's data set (seeded).

        Returns:
            The instance, trained (through the training cache).
        """
        key = f"trained_on:{name}"
        if key not in self.cache:
            instance = self.fresh_instance(name, change(self.dataset))
            instance.create_app()
            self.cache[key] = instance
        return self.cache[key]

    def client(self) -> FlaskClient:
        """A test client of the shared instance."""
        return self.app().test_client()

    def admin_client(self, instance: StageInstance | None = None) -> FlaskClient:
        """A test client of an app configured with the probes' admin token (`routes.py`).

        Args:
            instance: The instance to configure; the shared one when None.
        """
        instance = instance or self.trained
        package = importlib.import_module(instance.package)
        return package.create_app({**instance.settings, **ADMIN_SETTINGS}).test_client()

    def new_id(self, label: str) -> str:
        """A fresh, random and opaque application id (the label is for the reader only).

        A stage must not be able to tell a probe's request, or the holdout, by its id.
        """
        return uuid.uuid4().hex

    def holdout_scores(self) -> ScoredRows:
        """The shared instance's answers for the holdout, scored once per context."""
        if "holdout_scores" not in self.cache:
            self.cache["holdout_scores"] = score_rows(self.client(), self.holdout, opaque_ids=True)
        return self.cache["holdout_scores"]

    def pristine(self) -> StageInstance:
        """The template: trained by `create_app`, never sent a request; its reference is taken.

        Returns:
            The pristine instance (do not send it requests: copy it with `trained_copy`).
        """
        if "pristine" not in self.cache:
            template = self.fresh_instance("template")
            started = datetime.now(UTC).replace(microsecond=0)
            # Trained here, never copied from the training cache: the reference is this
            # run's own training, independent of the shared instance's.
            template.create_app(cached=False)
            ended = datetime.now(UTC) + timedelta(seconds=1)
            self.cache["pristine_trained_between"] = (started, ended)
            self.cache["reference"] = Reference.take(template.folder, self.workspace / "reference")
            self.cache["pristine"] = template
            self.cache["template"] = None if names_itself(template) else template
        return self.cache["pristine"]

    @property
    def reference(self) -> "Reference":
        """The checksummed copy of what the pristine instance's training wrote."""
        self.pristine()
        return self.cache["reference"]

    def reference_models(self) -> list[tuple[str, object]]:
        """The reference's models, by path relative to the instance folder; loaded once.

        A model is any file that unpickles to an object with `predict_proba`.
        """
        if "reference_models" not in self.cache:
            self.reference.verify()
            folder = self.reference.folder
            self.cache["reference_models"] = [
                (str(path.relative_to(folder)), model) for path, model in load_models(folder)
            ]
        return self.cache["reference_models"]

    def code_variant(self, label: str) -> str:
        """A copy of the stage's package whose source differs by one comment line.

        Returns:
            The copy's package name (imported); train it with `fresh_instance(..., package=)`.
        """
        name = f"{self.stage.package.replace('.', '_')}_{label}_{next(self._counter)}"
        root = self.workspace / "code-variants"
        edit = {"__init__.py": lambda text: text + "\n# A comment the probe added.\n"}
        return copy_package(self.source_folder, root, name, edit)

    def trained_copy(self, name: str) -> StageInstance:
        """A trained instance that no request has reached yet, for a probe that mutates state.

        Training is the slow part of a fresh instance, so the context trains one pristine
        instance (the template) once and copies its folder for each such probe. When a file
        of the template names the template's own folder (a stage that records absolute paths
        would make copies share the template's files; see `names_itself`), each instance is
        trained afresh.

        Args:
            name: A folder name, unique within the workspace.

        Returns:
            The instance, trained.
        """
        self.pristine()
        if self.cache["template"] is None:
            instance = self.fresh_instance(name)
            instance.create_app()
            return instance
        shutil.copytree(self.cache["template"].folder, self.workspace / name)
        return StageInstance(package=self.stage.package, folder=self.workspace / name)

    def fresh_instance(
        self, name: str, data: pd.DataFrame | None = None, package: str | None = None
    ) -> StageInstance:
        """A new, untrained instance in the workspace, optionally on changed data or code.

        Args:
            name: A folder name, unique within the workspace.
            data: The training data file's new content; the committed data set when None.
            package: Another package to run (a `code_variant`); the stage's when None.

        Returns:
            The instance; its models are trained on the first `create_app`.
        """
        instance = new_instance(
            package or self.stage.package, self.workspace / name, self.data_path
        )
        if data is not None:
            data.to_csv(instance.data_path, index=False, lineterminator="\n")
        return instance


@dataclass(frozen=True)
class Reference:
    """A checksummed copy of the files an instance's training wrote, taken before serving.

    Attributes:
        folder: The copy, inside the probes' workspace.
        checksums: The SHA-256 of each copied file, by path relative to `folder`.
    """

    folder: Path
    checksums: dict[str, str]

    @classmethod
    def take(cls, source: Path, folder: Path) -> "Reference":
        """Copy every file of `source` but the database into `folder` and checksum it."""
        checksums = {}
        for path in sorted(source.rglob("*")):
            if not path.is_file() or path.name.endswith(DATABASE_SUFFIXES):
                continue
            relative = str(path.relative_to(source))
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, folder / relative)
            checksums[relative] = sha256_of(folder / relative)
        return cls(folder=folder, checksums=checksums)

    def verify(self) -> None:
        """Raise if a file of the copy changed since it was taken.

        Raises:
            RuntimeError: If a checksum no longer matches.
        """
        for relative, checksum in self.checksums.items():
            if sha256_of(self.folder / relative) != checksum:
                raise RuntimeError(f"the reference copy of {relative} changed after it was taken")

    def intact(self) -> bool:
        """Whether every file of the copy is still there, as it was taken."""
        try:
            self.verify()
        except (OSError, RuntimeError):
            return False
        return True


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names_itself(instance: StageInstance) -> bool:
    """Whether any file of the instance holds the instance folder's absolute path.

    The path of the training data file does not count: recording it is lineage, and the
    stage reads its data from the `DATA_PATH` setting, which a copy gets anew.
    """
    folder = str(instance.folder.resolve()).encode()
    data_path = str(instance.data_path.resolve()).encode()
    return any(
        folder in path.read_bytes().replace(data_path, b"")
        for path in instance.folder.rglob("*")
        if path.is_file()
    )


def copy_holdout_scores(context: ProbeContext, scores: ScoredRows) -> None:
    """Seed the context with holdout answers scored elsewhere (the test suite's fixture)."""
    context.cache["holdout_scores"] = scores
