"""The probes' own run of a stage's training code (`offline_training.py`), the offline reference.

The entry point is found from the package's files; a run happens in a new folder of the
workspace, on the probe's copy of the data, and is reused while its files are intact. A tiny
package whose `training` command only records what it was given stands in for a stage.
"""

import textwrap
import uuid
from pathlib import Path

import pytest

from stages.instrument.manifest import REPOSITORY_ROOT
from stages.instrument.probes.offline_training import (
    NOTEBOOK,
    entry_point,
    offline_reference,
    run_key,
)
from stages.instrument.probes.package_copy import copy_package

RECORDING_TRAINING = """
    import os
    from pathlib import Path

    models = Path(os.environ["CREDIT_MODEL_DIR"])
    models.mkdir(parents=True)
    (models / "run.txt").write_text(os.environ["CREDIT_DATA_PATH"] + "\\n" + os.getcwd())
"""


def edited(text: str) -> str:
    """A source with one comment line added."""
    return text + "\n# A comment the test added.\n"


def training_package(tmp_path: Path, main: str) -> str:
    """A package whose `python -m <package>.training` runs `main`; its (unique) name."""
    source = tmp_path / "source"
    (source / "training").mkdir(parents=True)
    (source / "__init__.py").write_text('"""A stand-in stage."""\n')
    (source / "training" / "__init__.py").write_text("")
    (source / "training" / "__main__.py").write_text(textwrap.dedent(main))
    return copy_package(source, tmp_path / "packages", f"trainer_{uuid.uuid4().hex[:8]}")


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    """A data file (the stand-in reads nothing from it)."""
    path = tmp_path / "german_credit.csv"
    path.write_text("application_id,split\nGC-0001,holdout\n")
    return path


def test_the_entry_point_is_the_training_command_else_the_notebook():
    assert entry_point("monolith").name == "handoff/credit_model_notebook.py"
    assert entry_point("stages.stage_05_one_pipeline").arguments == (
        "-m",
        "stages.stage_05_one_pipeline.training",
    )
    assert entry_point("refactored").name == "python -m refactored.training"
    assert entry_point("tests.stages.fake_repaid") is None


def test_the_same_notebook_on_the_same_data_has_one_key(data_file: Path, tmp_path: Path):
    monolith = REPOSITORY_ROOT / "monolith"
    root = tmp_path / "packages"
    suffix = uuid.uuid4().hex[:8]
    app_edited = copy_package(monolith, root, f"app_edited_{suffix}", {"app.py": edited})
    notebook_edited = copy_package(
        monolith, root, f"notebook_edited_{suffix}", {str(NOTEBOOK): edited}
    )
    other_data = tmp_path / "other.csv"
    other_data.write_text(data_file.read_text() + "GC-0002,train\n")

    def key(package: str, data: Path = data_file) -> str:
        return run_key(entry_point(package), data)

    assert key(app_edited) == key("monolith")
    assert key(notebook_edited) != key("monolith")
    assert key("monolith", other_data) != key("monolith")


def test_a_run_trains_in_its_own_folder_on_a_copy_of_the_data(data_file: Path, tmp_path: Path):
    package = training_package(tmp_path, RECORDING_TRAINING)
    workspace = tmp_path / "workspace"
    workspace.mkdir()

    reference = offline_reference(package, data_file, workspace)

    data_used, working_directory = (reference.folder / "models" / "run.txt").read_text().split()
    assert Path(data_used).read_bytes() == data_file.read_bytes()
    assert Path(data_used).is_relative_to(workspace)
    assert Path(working_directory).is_relative_to(workspace)
    assert reference.folder.is_relative_to(workspace)


def test_a_run_is_reused_while_intact_and_made_again_when_a_file_changed(
    data_file: Path, tmp_path: Path
):
    package = training_package(tmp_path, RECORDING_TRAINING)
    first = offline_reference(package, data_file, tmp_path)

    assert offline_reference(package, data_file, tmp_path) is first

    (first.folder / "models" / "run.txt").write_text("written by someone else")
    again = offline_reference(package, data_file, tmp_path)

    assert again is not first and again.intact()
    assert (again.folder / "models" / "run.txt").read_text() != "written by someone else"


def test_a_failing_training_is_an_error_naming_it(data_file: Path, tmp_path: Path):
    package = training_package(tmp_path, 'raise SystemExit("no data for you")\n')

    with pytest.raises(RuntimeError, match=r"training .* failed: no data for you"):
        offline_reference(package, data_file, tmp_path)
