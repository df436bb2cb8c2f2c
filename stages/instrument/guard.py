"""The stage guard: manifest, folders and README agree; stages change only what they declare.

Between neighbouring stages, every file that the later stage does not list under `changes`
must be byte-identical: a fix made in one stage folder and forgotten in the next shows up here.
"""

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .folders import changed_files
from .manifest import FIRST_PACKAGE, LAST_PACKAGE, REPOSITORY_ROOT, Manifest, Stage

README_PATH = REPOSITORY_ROOT / "README.md"
STAGE_FOLDER = re.compile(r"^stage_(\d\d)_([a-z0-9_]+)$")
DEBT_ID = re.compile(r"DEBT-\d\d")


@dataclass(frozen=True)
class Problem:
    """One disagreement the guard found.

    Attributes:
        where: The stage, file or table concerned.
        what: What is wrong.
    """

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def readme_stage_rows(readme: str) -> list[list[str]]:
    """The cells of each row of the README's stage table (the first table under `## Stages`)."""
    section = readme.split("\n## Stages\n", 1)[-1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            if not re.match(r"^\|[-| ]+\|$", line):
                rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
    return rows[1:]  # without the header


def expected_package(number: str, slug: str, last: bool) -> str:
    """The package a stage must have, by the folder rule."""
    if number == "00":
        return FIRST_PACKAGE
    return LAST_PACKAGE if last else f"stages.stage_{number}_{slug}"


def check_manifest(manifest: Manifest) -> list[Problem]:
    """The manifest's own consistency: numbering, folder rule, debts and who repays them."""
    problems = []
    for position, stage in enumerate(manifest.stages):
        last = position == len(manifest.stages) - 1 and position > 0
        if stage.number != f"{position:02d}":
            problems.append(
                Problem(stage.package, f"number {stage.number}, expected {position:02d}")
            )
        wanted = expected_package(stage.number, stage.slug, last)
        if stage.package != wanted:
            problems.append(Problem(stage.package, f"package should be {wanted}"))
        if not (stage.folder / "__init__.py").is_file():
            problems.append(Problem(stage.package, f"no package folder {stage.folder}"))
        for debt_id in stage.repays:
            if manifest.debt(debt_id).repaid_by != stage.package:
                problems.append(
                    Problem(stage.package, f"repays {debt_id}, its debt entry disagrees")
                )
    packages = {stage.package for stage in manifest.stages}
    for debt in manifest.debts:
        if debt.repaid_by in packages and debt.id not in manifest.stage(debt.repaid_by).repays:
            problems.append(Problem(debt.id, f"repaid_by {debt.repaid_by}, which does not list it"))
    return problems


def check_folders(manifest: Manifest, stages_dir: Path) -> list[Problem]:
    """Every `stages/stage_NN_<slug>/` folder is a stage of the manifest."""
    listed = {stage.folder.name for stage in manifest.stages}
    return [
        Problem(f"stages/{path.name}", "stage folder missing from the manifest")
        for path in sorted(stages_dir.iterdir())
        if path.is_dir() and STAGE_FOLDER.match(path.name) and path.name not in listed
    ]


def check_readme(manifest: Manifest, readme: str) -> list[Problem]:
    """The README's stage table lists the manifest's stages: number, package, title, repays."""
    rows = readme_stage_rows(readme)
    problems = []
    if len(rows) != len(manifest.stages):
        problems.append(
            Problem("README.md", f"{len(rows)} stage rows, manifest has {len(manifest.stages)}")
        )
    for row, stage in zip(rows, manifest.stages, strict=False):
        number, package, title, repays = [*row, "", "", "", ""][:4]
        if number != stage.number or package.strip("`") != stage.package or title != stage.title:
            problems.append(Problem("README.md", f"row {row} does not match stage {stage.number}"))
        if stage.number != "00" and sorted(DEBT_ID.findall(repays)) != sorted(stage.repays):
            problems.append(Problem("README.md", f"repays of stage {stage.number} differ"))
    return problems


def check_changes(
    manifest: Manifest, folder_of: Callable[[Stage], Path] = lambda stage: stage.folder
) -> list[Problem]:
    """Between neighbouring stages, only the declared files differ.

    Args:
        manifest: The stages, in order.
        folder_of: Where each stage's files are (its package folder by default).

    Returns:
        One problem per undeclared change, and per declared change that did not happen.
    """
    problems = []
    for previous, stage in zip(manifest.stages, manifest.stages[1:], strict=False):
        changed = changed_files(folder_of(previous), folder_of(stage))
        for name in changed:
            if not any(fnmatch.fnmatch(name, pattern) for pattern in stage.changes):
                problems.append(
                    Problem(
                        f"{stage.package}/{name}",
                        f"differs from {previous.package} but is not declared changed",
                    )
                )
        for pattern in stage.changes:
            if not any(fnmatch.fnmatch(name, pattern) for name in changed):
                problems.append(
                    Problem(stage.package, f"declares {pattern!r} changed, but it is not")
                )
    return problems


def check(manifest: Manifest, readme: str, stages_dir: Path) -> list[Problem]:
    """Run every check of the guard; an empty list means all agree."""
    return [
        *check_manifest(manifest),
        *check_folders(manifest, stages_dir),
        *check_readme(manifest, readme),
        *check_changes(manifest),
    ]
