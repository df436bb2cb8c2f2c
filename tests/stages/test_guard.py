"""The stage guard: manifest, folders and README agree; stages change only what they declare."""

from pathlib import Path

from stages.instrument.guard import README_PATH, check, check_changes, check_folders, check_readme
from stages.instrument.manifest import REPOSITORY_ROOT, Manifest, parse_manifest

TWO_STAGES = """
[[stages]]
number = "00"
package = "monolith"
slug = "monolith"
title = "first"
changes = []

[[stages]]
number = "01"
package = "refactored"
slug = "refactored"
title = "last"
changes = ["app.py"]
"""


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Create `files` (relative path -> text) below `folder`."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def test_the_repository_passes_the_guard(manifest: Manifest):
    assert check(manifest, README_PATH.read_text(), REPOSITORY_ROOT / "stages") == []


def test_an_undeclared_change_between_neighbours_is_reported_by_file(tmp_path):
    write_files(tmp_path / "00", {"app.py": "a = 1\n", "util.py": "x = 1\n", "README.md": "r"})
    write_files(tmp_path / "01", {"app.py": "a = 2\n", "util.py": "x = 2\n", "README.md": "r"})
    manifest = parse_manifest(TWO_STAGES)

    problems = check_changes(manifest, lambda stage: tmp_path / stage.number)

    assert [problem.where for problem in problems] == ["refactored/util.py"]


def test_declared_changes_pass_and_leftovers_are_ignored(tmp_path):
    write_files(tmp_path / "00", {"app.py": "a = 1\n", "__pycache__/app.pyc": "0"})
    write_files(tmp_path / "01", {"app.py": "a = 2\n", "models/m.joblib": "1"})

    assert check_changes(parse_manifest(TWO_STAGES), lambda stage: tmp_path / stage.number) == []


def test_a_declared_change_that_did_not_happen_is_reported(tmp_path):
    write_files(tmp_path / "00", {"app.py": "a = 1\n"})
    write_files(tmp_path / "01", {"app.py": "a = 1\n"})

    problems = check_changes(parse_manifest(TWO_STAGES), lambda stage: tmp_path / stage.number)

    assert len(problems) == 1 and "app.py" in problems[0].what


def test_a_stage_folder_missing_from_the_manifest_is_reported(manifest: Manifest, tmp_path):
    (tmp_path / "stage_07_orphan").mkdir()

    problems = check_folders(manifest, tmp_path)

    assert [problem.what for problem in problems] == ["stage folder missing from the manifest"]


def test_a_readme_row_that_disagrees_with_the_manifest_is_reported(manifest: Manifest):
    readme = README_PATH.read_text()
    stage = manifest.stages[-1]

    assert check_readme(manifest, readme) == []
    assert check_readme(manifest, readme.replace(f"| {stage.title} |", "| Another title |"))
    assert check_readme(manifest, readme.replace(f"| {stage.number} |", "| 42 |"))
