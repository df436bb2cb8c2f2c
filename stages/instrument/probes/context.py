"""What every probe works with: a trained instance of the stage, the data and a workspace.

The context trains one shared instance per stage and scores the holdout once. Probes that
only read share it; a probe that mutates state asks for a trained copy of a pristine
instance, and a probe that trains on changed data for a fresh instance, inside the
context's temporary workspace.

A stage's `create_app` may configure module-level state (the monolith's rebinds its globals):
build a client right before using it, and do not touch another instance in between.
"""

import importlib
import itertools
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from flask import Flask
from flask.testing import FlaskClient

from credit_data.load import holdout_rows, load_dataset, training_rows

from ..instance import StageInstance, new_instance
from ..manifest import Stage
from ..scoring import ScoredRows, score_rows
from .routes import ADMIN_SETTINGS

PROBE_ID_PREFIX = "probe-"


@dataclass
class ProbeContext:
    """A stage under measurement.

    Attributes:
        stage: The stage, from the manifest.
        instance: A trained instance that probes may read and send requests to.
        workspace: A temporary folder for the fresh instances probes create.
        dataset: The committed data set.
        cache: Results that several probes share, by name.
    """

    stage: Stage
    instance: StageInstance
    workspace: Path
    dataset: pd.DataFrame = field(default_factory=load_dataset)
    cache: dict = field(default_factory=dict)
    _counter: itertools.count = field(default_factory=itertools.count)

    @classmethod
    def start(cls, stage: Stage, workspace: Path) -> "ProbeContext":
        """A context on a fresh instance of `stage` inside `workspace`.

        The instance is trained on first use, so probes that only read source code never
        pay for training.
        """
        instance = new_instance(stage.package, workspace / "shared")
        return cls(stage=stage, instance=instance, workspace=workspace)

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
        """The shared instance's application, configured again for this use."""
        return self.instance.create_app()

    def client(self) -> FlaskClient:
        """A test client of the shared instance."""
        return self.app().test_client()

    def admin_client(self, instance: StageInstance | None = None) -> FlaskClient:
        """A test client of an app configured with the probes' admin token (`routes.py`).

        Args:
            instance: The instance to configure; the shared one when None.
        """
        instance = instance or self.instance
        package = importlib.import_module(instance.package)
        return package.create_app({**instance.settings, **ADMIN_SETTINGS}).test_client()

    def new_id(self, label: str) -> str:
        """A fresh application id that no other request of this run uses."""
        return f"{PROBE_ID_PREFIX}{label}-{next(self._counter)}"

    def holdout_scores(self) -> ScoredRows:
        """The shared instance's answers for the holdout, scored once per context."""
        if "holdout_scores" not in self.cache:
            self.cache["holdout_scores"] = score_rows(
                self.client(), self.holdout, id_prefix=f"{PROBE_ID_PREFIX}holdout-"
            )
        return self.cache["holdout_scores"]

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
        if "template" not in self.cache:
            template = self.fresh_instance("template")
            template.create_app()
            self.cache["template"] = None if names_itself(template) else template
        if self.cache["template"] is None:
            instance = self.fresh_instance(name)
            instance.create_app()
            return instance
        shutil.copytree(self.cache["template"].folder, self.workspace / name)
        return StageInstance(package=self.stage.package, folder=self.workspace / name)

    def fresh_instance(self, name: str, data: pd.DataFrame | None = None) -> StageInstance:
        """A new, untrained instance in the workspace, optionally on changed data.

        Args:
            name: A folder name, unique within the workspace.
            data: The training data file's new content; the committed data set when None.

        Returns:
            The instance; its models are trained on the first `create_app`.
        """
        instance = new_instance(self.stage.package, self.workspace / name)
        if data is not None:
            data.to_csv(instance.data_path, index=False, lineterminator="\n")
        return instance


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
