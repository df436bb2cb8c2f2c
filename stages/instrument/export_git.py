"""`export-git DEST`: the stages as a git history, one commit and one annotated tag per stage.

Each commit holds the repository's shared files (`credit_data/`, `data/`, the stage machinery
in `stages/`, `pyproject.toml`, ...) and the stage folders up to that stage, so that
`git diff stage-00-monolith stage-01-refactored` shows what the stage added and changed.
"""

import shutil
import subprocess
from pathlib import Path

from .folders import stage_files
from .guard import STAGE_FOLDER
from .manifest import REPOSITORY_ROOT, Manifest

SHARED = (
    "README.md",
    "pyproject.toml",
    "constraints.txt",
    "Makefile",
    "credit_data",
    "data",
    "docs",
)
AUTHOR = ["-c", "user.name=stages export", "-c", "user.email=stages@localhost"]


def git(destination: Path, *arguments: str) -> str:
    """Run git in `destination` and return its output."""
    completed = subprocess.run(
        ["git", *AUTHOR, *arguments], cwd=destination, check=True, capture_output=True, text=True
    )
    return completed.stdout


def copy_folder(source: Path, target: Path) -> None:
    """Copy a stage's files (without run-time leftovers) into `target`."""
    for name, path in stage_files(source).items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / name)


def copy_shared(destination: Path) -> None:
    """Copy the files every stage relies on into `destination`."""
    for name in SHARED:
        source = REPOSITORY_ROOT / name
        if source.is_dir():
            copy_folder(source, destination / name)
        elif source.is_file():
            shutil.copyfile(source, destination / name)
    for name, path in stage_files(REPOSITORY_ROOT / "stages").items():
        if not STAGE_FOLDER.match(name.split("/")[0]):
            (destination / "stages" / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination / "stages" / name)


def export_git(manifest: Manifest, destination: Path) -> list[str]:
    """Write a new repository at `destination` with one commit and tag per stage.

    Args:
        manifest: The stages to export, in order.
        destination: A folder that does not exist yet, or is empty.

    Returns:
        The tags created, in order.

    Raises:
        FileExistsError: If `destination` exists and is not empty.
    """
    if destination.exists() and any(destination.iterdir()):
        raise FileExistsError(f"{destination} is not empty")
    destination.mkdir(parents=True, exist_ok=True)
    git(destination, "init", "--quiet", "--initial-branch=main")
    copy_shared(destination)
    tags = []
    for stage in manifest.stages:
        copy_folder(stage.folder, destination / stage.folder.relative_to(REPOSITORY_ROOT))
        git(destination, "add", "--all")
        git(
            destination,
            "commit",
            "--quiet",
            "--allow-empty",
            "-m",
            f"Stage {stage.number}: {stage.title}",
        )
        repays = ", ".join(stage.repays) or "none"
        git(destination, "tag", "-a", stage.tag, "-m", f"{stage.title} (repays: {repays})")
        tags.append(stage.tag)
    return tags
