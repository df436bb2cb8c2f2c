"""`export-git`: one tag per stage; a checkout of any tag is a repository that passes its guard.

The history is exported once per module; checkouts go into their own folders with
`git worktree add`. The commands in a checkout run in a child process whose working
directory is the checkout, so they import the checkout's packages, not this repository's.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from stages.instrument.export_git import export_git, folder_of, manifest_up_to
from stages.instrument.folders import changed_files
from stages.instrument.manifest import MANIFEST_PATH, Manifest, parse_manifest


def git(folder: Path, *arguments: str) -> str:
    """Run git in `folder` and return its output."""
    return subprocess.run(
        ["git", *arguments], cwd=folder, check=True, capture_output=True, text=True
    ).stdout


def run_python(folder: Path, *arguments: str) -> subprocess.CompletedProcess:
    """Run this interpreter with `arguments` in `folder`."""
    return subprocess.run(
        [sys.executable, *arguments], cwd=folder, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def history(tmp_path_factory, manifest: Manifest) -> Path:
    """The exported history of the repository's stages."""
    destination = tmp_path_factory.mktemp("export") / "history"
    export_git(manifest, destination)
    return destination


def checkout(history: Path, tag: str) -> Path:
    """A work tree of `history` at `tag`, beside it."""
    folder = history.parent / tag
    if not folder.exists():
        git(history, "worktree", "add", "--detach", str(folder), tag)
    return folder


def test_the_manifest_cut_after_n_stages_lists_exactly_the_first_n(manifest: Manifest):
    for count in range(1, len(manifest.stages) + 1):
        cut = parse_manifest(manifest_up_to(MANIFEST_PATH.read_text(), count))

        assert cut.stages == manifest.stages[:count]
        assert [debt.id for debt in cut.debts] == [debt.id for debt in manifest.debts]


@pytest.mark.parametrize("position", [0, 2])
def test_a_checkout_of_the_first_or_a_middle_tag_passes_the_stage_guard(
    history: Path, manifest: Manifest, position: int
):
    stage = manifest.stages[position]
    folder = checkout(history, stage.tag)

    checked = run_python(folder, "-m", "stages", "check")
    listed = run_python(folder, "-m", "stages", "list")

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"ok: {position + 1} stages" in checked.stdout
    assert listed.stdout.count("repays:") == position + 1
    assert not (folder / folder_of(manifest.stages[position + 1])).exists()


def test_neighbouring_tags_differ_by_the_new_stage_its_tests_and_the_manifest_and_readme(
    history: Path, manifest: Manifest
):
    for previous, stage in zip(manifest.stages, manifest.stages[1:], strict=False):
        names = git(history, "diff", "--no-renames", "--name-only", previous.tag, stage.tag).split()
        allowed = (
            f"{folder_of(stage)}/",
            f"tests/{stage.package}/",
            f"tests/golden/{stage.package}.",
        )

        outside = [n for n in names if not n.startswith(allowed)]
        assert sorted(outside) == ["README.md", "stages/manifest.toml"], stage.tag


def test_the_diff_of_the_two_folders_between_tags_is_the_stage_folder_diff(
    history: Path, manifest: Manifest
):
    for previous, stage in zip(manifest.stages, manifest.stages[1:], strict=False):
        names = git(
            history,
            "diff",
            "--no-renames",
            "--name-only",
            f"{previous.tag}:{folder_of(previous)}",
            f"{stage.tag}:{folder_of(stage)}",
        ).split()

        assert sorted(names) == changed_files(previous.folder, stage.folder), stage.tag


@pytest.mark.slow
def test_the_contract_suite_runs_on_a_checkout_of_the_first_tag(history: Path, manifest: Manifest):
    folder = checkout(history, manifest.stages[0].tag)

    tested = run_python(folder, "-m", "pytest", "tests/contract", "-q", "-p", "no:cacheprovider")

    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-3000:]
    assert " passed" in tested.stdout and "failed" not in tested.stdout
