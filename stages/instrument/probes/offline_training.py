"""The stage's training code, run by the probe itself: what "offline" means to DEBT-02 and 09.

Nothing a stage writes while it starts can stand for what its training code predicts: its
`create_app` may rewrite the notebook's holdout predictions with the served answers before
the first request. So the probe runs the stage's training entry point itself, in a fresh
interpreter (nothing the stage did in the probe's process reaches it), on its own copy of
the data, in a new folder of its workspace that no setting of the stage ever named, and
checksums what the run wrote (a `Reference`):

- `python -m <package>.training` when the package has a `training/__main__.py` (stages 05
  on), its settings pointed into the folder by `CREDIT_*` variables;
- else the hand-off notebook, `handoff/credit_model_notebook.py` (stages 00 to 04), run as
  a script with `HANDOFF_DATA_PATH` and `HANDOFF_OUTPUT_DIR`, as the stages run it.

A stage with neither has no offline reference. The same training code on the same data with
the same settings trains the same files, so a process runs each once and reuses the run
while its files are intact (stages 01 to 04 share one notebook; so do the cheat corpus's
copies of the monolith).
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..cache import folder_digest, package_folder, setting_variables
from .context import Reference, sha256_of
from .package_copy import import_root

TRAINING_MODULE = "training"
NOTEBOOK = Path("handoff") / "credit_model_notebook.py"
# The probe's runs of training code in this process, by `run_key`.
RUNS: dict[str, Reference] = {}


@dataclass(frozen=True)
class EntryPoint:
    """How the probe runs a stage's training code.

    Attributes:
        name: The entry point, as the report names it.
        arguments: The interpreter's arguments.
        code: The folder of the code the run executes.
    """

    name: str
    arguments: tuple[str, ...]
    code: Path


def entry_point(package: str) -> EntryPoint | None:
    """The stage's training command, else its hand-off notebook; None when it has neither."""
    folder = package_folder(package)
    if folder is None:
        return None
    if (folder / TRAINING_MODULE / "__main__.py").is_file():
        module = f"{package}.{TRAINING_MODULE}"
        return EntryPoint(f"python -m {module}", ("-m", module), folder)
    if (folder / NOTEBOOK).is_file():
        return EntryPoint(str(NOTEBOOK), (str(folder / NOTEBOOK),), (folder / NOTEBOOK).parent)
    return None


def run_key(entry: EntryPoint, data_path: Path) -> str:
    """What decides a run's files: the entry point, its code, the data and the settings."""
    digest = hashlib.sha256(f"{entry.name}\n".encode())
    digest.update(folder_digest(entry.code))
    digest.update(sha256_of(data_path).encode())
    digest.update("\n".join(setting_variables()).encode())
    return digest.hexdigest()


def offline_reference(package: str, data_path: Path, workspace: Path) -> Reference | None:
    """The checksummed files of the probe's own run of the stage's training code.

    Args:
        package: The stage's package.
        data_path: The data file to train on (copied into the run's folder).
        workspace: The probes' workspace; the run gets a new folder in it.

    Returns:
        The run's files, or None when the stage has no training entry point.
    """
    entry = entry_point(package)
    if entry is None:
        return None
    key = run_key(entry, data_path)
    if key not in RUNS or not RUNS[key].intact():
        RUNS[key] = run_training(entry, package, data_path, workspace)
    return RUNS[key]


def run_training(entry: EntryPoint, package: str, data_path: Path, workspace: Path) -> Reference:
    """Run `entry` in a new folder of `workspace` and take a reference of what it wrote.

    Raises:
        RuntimeError: If the training exits with an error.
    """
    sandbox = Path(tempfile.mkdtemp(prefix="offline-training-", dir=workspace))
    run, data = sandbox / "run", sandbox / "data" / data_path.name
    run.mkdir()
    data.parent.mkdir()
    shutil.copyfile(data_path, data)
    completed = subprocess.run(
        [sys.executable, *entry.arguments],
        cwd=run,
        env=sandbox_environment(package, run, data),
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        lines = completed.stderr.strip().splitlines() or ["no message"]
        raise RuntimeError(f"the stage's training ({entry.name}) failed: {lines[-1]}")
    return Reference.take(run, sandbox / "reference")


def sandbox_environment(package: str, run: Path, data: Path) -> dict[str, str]:
    """The environment of a run: the probe's, with every path a stage reads put in `run`."""
    models = run / "models"
    python_path = [str(import_root(package)), os.environ.get("PYTHONPATH", "")]
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, python_path)),
        "CREDIT_INSTANCE_PATH": str(run),
        "CREDIT_DATABASE_URL": f"sqlite:///{run / 'scores.db'}",
        "CREDIT_DATA_PATH": str(data),
        "CREDIT_MODEL_DIR": str(models),
        "HANDOFF_DATA_PATH": str(data),
        "HANDOFF_OUTPUT_DIR": str(models),
    }
