"""The stage guard: manifest, folders and README agree; stages change only what they declare.

Between neighbouring stages, every file that the later stage does not list under `changes`
must be byte-identical: a fix made in one stage folder and forgotten in the next shows up here.
What is derived from the manifest (each debt's repaying stage, the README's stage table) is
not cross-checked against a hand-kept copy: the guard only checks that no copy is kept.
"""

import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .folders import changed_files
from .manifest import FIRST_PACKAGE, LAST_PACKAGE, MANIFEST_PATH, REPOSITORY_ROOT, Manifest, Stage
from .readme_table import committed_table, generated_table

README_PATH = REPOSITORY_ROOT / "README.md"
# A stage folder: `stage_NN_<slug>`, the slug's `-` written `_` (`stage_02_separated_concerns`).
STAGE_FOLDER = re.compile(r"^stage_(\d\d)_([a-z0-9_]+)$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Where a stage repays a debt, as `# DEBT-NN` in the monolith shows where the debt lives.
REPAYS_MARKER = re.compile(r"# repays (DEBT-\d\d) ")
# A glob pattern in `changes`: each changed file is named, so that a file riding along shows.
GLOB_CHARACTERS = re.compile(r"[*?\[]")


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


def expected_package(number: str, slug: str) -> str:
    """The package of an intermediate stage, by the folder rule (`-` in the slug becomes `_`)."""
    if number == "00":
        return FIRST_PACKAGE
    return f"stages.stage_{number}_{slug.replace('-', '_')}"


def package_problem(stage: Stage, last: bool) -> str | None:
    """What is wrong with the stage's package name, or None.

    Stage 00 is `monolith`; the last stage may be `refactored` (a manifest cut short, as in
    each commit of `export-git`, ends with an intermediate stage); every other stage lives in
    `stages/stage_NN_<slug>/`.
    """
    if stage.package == LAST_PACKAGE and last and stage.number != "00":
        return None
    wanted = expected_package(stage.number, stage.slug)
    if stage.package == wanted:
        return None
    only_last = f" (`{LAST_PACKAGE}` is allowed only as the last stage)"
    return f"package should be {wanted}" + (only_last if stage.package == LAST_PACKAGE else "")


def check_manifest(manifest: Manifest) -> list[Problem]:
    """The manifest's own consistency: numbering, folder rule, slugs, the debts repaid."""
    problems = []
    for position, stage in enumerate(manifest.stages):
        last = position == len(manifest.stages) - 1 and position > 0
        if stage.number != f"{position:02d}":
            problems.append(
                Problem(stage.package, f"number {stage.number}, expected {position:02d}")
            )
        if not SLUG.match(stage.slug):
            problems.append(Problem(stage.package, f"slug {stage.slug!r} is not kebab-case"))
        wrong_package = package_problem(stage, last)
        if wrong_package:
            problems.append(Problem(stage.package, wrong_package))
        if not (stage.folder / "__init__.py").is_file():
            problems.append(Problem(stage.package, f"no package folder {stage.folder}"))
    known = {debt.id for debt in manifest.debts}
    repaid = Counter(debt_id for stage in manifest.stages for debt_id in stage.repays)
    for debt_id, times in sorted(repaid.items()):
        if debt_id not in known:
            problems.append(Problem(debt_id, "repaid by a stage but not in the debt catalogue"))
        if times > 1:
            problems.append(Problem(debt_id, f"repaid by {times} stages"))
    return problems


def check_derived_keys(manifest_text: str) -> list[Problem]:
    """No debt table keeps a hand-written `repaid_by`: it is derived from the stages' `repays`."""
    return [
        Problem(
            entry.get("id", "a [[debts]] table"),
            "delete `repaid_by`: it is derived from "
            "the `repays` of the stages; list the debt under its stage's `repays` instead",
        )
        for entry in tomllib.loads(manifest_text).get("debts", ())
        if "repaid_by" in entry
    ]


def check_folders(manifest: Manifest, stages_dir: Path) -> list[Problem]:
    """Every `stages/stage_NN_<slug>/` folder is a stage of the manifest."""
    listed = {stage.folder.name for stage in manifest.stages}
    return [
        Problem(f"stages/{path.name}", "stage folder missing from the manifest")
        for path in sorted(stages_dir.iterdir())
        if path.is_dir() and STAGE_FOLDER.match(path.name) and path.name not in listed
    ]


def check_readme(manifest: Manifest, readme: str) -> list[Problem]:
    """The README's stage table is the one generated from the manifest."""
    committed = committed_table(readme)
    if committed is None:
        return [
            Problem("README.md", "no stage table markers; see stages/instrument/readme_table.py")
        ]
    if committed != generated_table(manifest):
        return [
            Problem(
                "README.md",
                "the stage table differs from the manifest; run "
                "`python -m stages check --fix` to regenerate it",
            )
        ]
    return []


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
        declared = set(stage.changes)
        problems += [
            Problem(stage.package, f"declares {name!r}: list changed files by name, not patterns")
            for name in stage.changes
            if GLOB_CHARACTERS.search(name)
        ]
        problems += [
            Problem(
                f"{stage.package}/{name}",
                f"differs from {previous.package} but is not declared changed",
            )
            for name in changed
            if name not in declared
        ]
        problems += [
            Problem(stage.package, f"declares {name!r} changed, but it is not")
            for name in stage.changes
            if name not in changed and not GLOB_CHARACTERS.search(name)
        ]
    return problems


def repays_markers(folder: Path) -> set[str]:
    """The debt IDs named by `# repays DEBT-NN` markers in a stage folder's Python files."""
    return {
        debt_id
        for path in folder.rglob("*.py")
        for debt_id in REPAYS_MARKER.findall(path.read_text(encoding="utf-8"))
    }


def check_markers(
    manifest: Manifest, folder_of: Callable[[Stage], Path] = lambda stage: stage.folder
) -> list[Problem]:
    """Each stage marks every debt repaid by it or an earlier stage, and no other.

    The markers are for readers (`grep -rn "# repays DEBT-"`); no probe reads them.

    Args:
        manifest: The stages, in order.
        folder_of: Where each stage's files are (its package folder by default).
    """
    problems, repaid = [], set()
    for stage in manifest.stages:
        repaid |= set(stage.repays)
        marked = repays_markers(folder_of(stage))
        problems += [
            Problem(stage.package, f"repays {debt_id} but has no `# repays {debt_id}` marker")
            for debt_id in sorted(repaid - marked)
        ]
        problems += [
            Problem(stage.package, f"marks {debt_id} repaid, which no stage up to it repays")
            for debt_id in sorted(marked - repaid)
        ]
    return problems


def check(
    manifest: Manifest, readme: str, stages_dir: Path, manifest_text: str | None = None
) -> list[Problem]:
    """Run every check of the guard; an empty list means all agree.

    Args:
        manifest: The parsed manifest.
        readme: The repository README's text.
        stages_dir: The folder that holds the stage folders.
        manifest_text: The manifest's TOML text; the manifest file's when None.

    Returns:
        Every problem found.
    """
    if manifest_text is None:
        manifest_text = MANIFEST_PATH.read_text()
    return [
        *check_manifest(manifest),
        *check_derived_keys(manifest_text),
        *check_folders(manifest, stages_dir),
        *check_readme(manifest, readme),
        *check_changes(manifest),
        *check_markers(manifest),
    ]
