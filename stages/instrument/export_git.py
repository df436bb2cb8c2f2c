"""`export-git DEST`: the stages as a git history, one commit and one annotated tag per stage.

The commit of stage N is the repository as it would be if stage N were the last one written:
the shared files (`credit_data/`, `data/`, the instrument, the tests, `pyproject.toml`, ...),
the stage folders 00 … N, a manifest that lists those stages only, and a README whose stage
table is generated for them. Test folders and golden-master files named after a stage
(`tests/<package>/`, `tests/golden/<package>.approved.csv`) arrive with their stage. A checkout
of any tag therefore passes `python -m stages check` and runs the contract suite on the
stages it holds.

Between two neighbouring tags, git shows the new stage folder, its tests and the manifest and
README lines. The folder diff, what the stage changed, is the diff of the two folders:
`git diff stage-01-configuration:stages/stage_01_configuration
stage-02-separated-concerns:stages/stage_02_separated_concerns`.
"""

import shutil
import subprocess
from pathlib import Path

from .manifest import MANIFEST_PATH, REPOSITORY_ROOT, Manifest, Stage, parse_manifest
from .readme_table import with_generated_table

AUTHOR = ["-c", "user.name=stages export", "-c", "user.email=stages@localhost"]
README = "README.md"
MANIFEST = MANIFEST_PATH.relative_to(REPOSITORY_ROOT).as_posix()
TESTS = "tests"
GOLDEN = "tests/golden"
# Never exported: golden masters waiting for review.
RECEIVED_SUFFIX = ".received.csv"


def git(destination: Path, *arguments: str) -> str:
    """Run git in `destination` and return its output."""
    completed = subprocess.run(
        ["git", *AUTHOR, *arguments], cwd=destination, check=True, capture_output=True, text=True
    )
    return completed.stdout


def repository_files(root: Path = REPOSITORY_ROOT) -> list[str]:
    """The files a commit of `root` would hold: tracked or new, without what git ignores.

    Raises:
        subprocess.CalledProcessError: If `root` is not in a git work tree.
    """
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    names = [name for name in listed.stdout.decode().split("\0") if name]
    return sorted(name for name in names if (root / name).is_file())


def folder_of(stage: Stage) -> str:
    """The stage's folder relative to the repository root (POSIX)."""
    return stage.folder.relative_to(REPOSITORY_ROOT).as_posix()


def owner(name: str, stages: tuple[Stage, ...]) -> Stage | None:
    """The stage a file belongs to (its folder, test folder or golden master), or None."""
    for stage in stages:
        if (
            name.startswith(folder_of(stage) + "/")
            or name.startswith(f"{TESTS}/{stage.package}/")
            or name.startswith(f"{GOLDEN}/{stage.package}.")
        ):
            return stage
    return None


def manifest_up_to(text: str, count: int) -> str:
    """The manifest's text with only its first `count` `[[stages]]` tables, comments kept.

    Args:
        text: The manifest's TOML text.
        count: How many stages to keep.

    Returns:
        The text: the header, the first `count` stage tables and every other table.
    """
    blocks: list[list[str]] = [[]]
    for line in text.splitlines(keepends=True):
        if line.startswith("[["):
            blocks.append([])
        blocks[-1].append(line)
    kept, stages_seen = [], 0
    for block in blocks:
        if block and block[0].strip() == "[[stages]]":
            stages_seen += 1
            if stages_seen > count:
                continue
        kept.append("".join(block))
    return "".join(kept)


def write_snapshot(manifest: Manifest, count: int, destination: Path, files: list[str]) -> None:
    """Make the work tree at `destination` the repository with the first `count` stages."""
    for path in destination.iterdir():
        if path.is_dir() and path.name != ".git":
            shutil.rmtree(path)
        elif path.is_file():
            path.unlink()
    included = manifest.stages[:count]
    for name in files:
        stage = owner(name, manifest.stages)
        if (stage is not None and stage not in included) or name.endswith(RECEIVED_SUFFIX):
            continue
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPOSITORY_ROOT / name, target)
    manifest_text = manifest_up_to(MANIFEST_PATH.read_text(), count)
    (destination / MANIFEST).write_text(manifest_text)
    readme = (REPOSITORY_ROOT / README).read_text()
    (destination / README).write_text(with_generated_table(parse_manifest(manifest_text), readme))


def export_git(manifest: Manifest, destination: Path) -> list[str]:
    """Write a new repository at `destination` with one commit and tag per stage.

    Args:
        manifest: The stages to export, in order (the repository's manifest).
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
    files = repository_files()
    tags: list[str] = []
    for count, stage in enumerate(manifest.stages, start=1):
        write_snapshot(manifest, count, destination, files)
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
        message = f"{stage.title} (repays: {repays})"
        if tags:
            previous = manifest.stages[count - 2]
            message += (
                f"\n\nWhat this stage changed: git diff {previous.tag}:{folder_of(previous)} "
                f"{stage.tag}:{folder_of(stage)}"
            )
        git(destination, "tag", "-a", stage.tag, "-m", message)
        tags.append(stage.tag)
    return tags
