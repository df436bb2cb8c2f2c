"""`exercise DEBT-NN`: a working folder holding the stage before the one that repays a debt.

An exercise is one stage step: from the *base* stage (copied) to the *reference* stage (the
one whose `repays` lists the debt). Every step from 00→01 to 13→14 is an exercise; a debt
repaid together with others (stage 05 repays four) names the same exercise as they do.

The working folder is a runnable stage package (`working_folder.py` says how it is measured)
with the base stage's files, an `EXERCISE.md` (`exercise_text.py`) and `.exercise.json`, which
names the reference stage so that `grade DIR` knows which debts to measure without
`--debt`. That file only selects what is measured: no verdict reads it.
"""

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from .exercise_text import exercise_markdown
from .folders import stage_files
from .golden import keeps_golden_master
from .manifest import REPOSITORY_ROOT, Manifest, Stage

DEFAULT_ROOT = REPOSITORY_ROOT / "exercises"
SELECTION_FILE = ".exercise.json"


@dataclass(frozen=True)
class Exercise:
    """One stage step to repay.

    Attributes:
        base: The stage copied into the working folder.
        reference: The stage that repays the exercise's debts.
    """

    base: Stage
    reference: Stage

    @property
    def debts(self) -> tuple[str, ...]:
        """The debts the exercise repays."""
        return self.reference.repays

    @property
    def slug(self) -> str:
        """The exercise's name: the reference stage's slug."""
        return self.reference.slug


def all_exercises(manifest: Manifest) -> list[Exercise]:
    """One exercise per stage step, in order."""
    return [
        Exercise(manifest.predecessor(stage), stage)
        for stage in manifest.stages
        if manifest.predecessor(stage) is not None
    ]


def exercise_for(manifest: Manifest, name: str) -> Exercise:
    """The exercise that repays a debt (`DEBT-10`, or `10`), or whose reference is a stage.

    Args:
        manifest: The manifest.
        name: A debt's ID (a bare number is a debt's), or the reference stage's package or
            slug.

    Raises:
        KeyError: If no stage repays the debt, or nothing matches.
    """
    references = [stage for stage in manifest.stages if name in (stage.package, stage.slug)]
    if references:
        reference = references[0]
    else:
        try:
            debt = manifest.debt(name)
        except ValueError:
            raise KeyError(f"no debt or stage {name!r}") from None
        if not debt.repaid_by:
            raise KeyError(f"no stage repays {debt.id}: it has no exercise")
        reference = manifest.stage(debt.repaid_by)
    base = manifest.predecessor(reference)
    if base is None:
        raise KeyError(f"stage {reference.number} is the first: it has no exercise")
    return Exercise(base, reference)


def create(manifest: Manifest, exercise: Exercise, destination: Path | None = None) -> Path:
    """Copy the base stage into a new working folder and write its `EXERCISE.md`.

    Args:
        manifest: The manifest.
        exercise: The exercise.
        destination: The working folder; `exercises/<slug>/` of the repository when None.

    Returns:
        The working folder.

    Raises:
        FileExistsError: If the destination exists and is not empty (a student's work is
            never overwritten).
    """
    folder = destination or DEFAULT_ROOT / exercise.slug
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} exists and is not empty; give another --dest")
    for name, path in stage_files(exercise.base.folder).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    text = exercise_markdown(
        manifest,
        exercise.base,
        exercise.reference,
        keeps_golden_master(manifest, exercise.reference),
        str(as_typed(folder)),
    )
    (folder / "EXERCISE.md").write_text(text)
    selection = {"base": exercise.base.package, "reference": exercise.reference.package}
    (folder / SELECTION_FILE).write_text(json.dumps(selection, indent=2) + "\n")
    return folder


def as_typed(folder: Path) -> Path:
    """The folder as a student types it: relative to the working directory when inside it."""
    folder = folder.absolute()
    return folder.relative_to(Path.cwd()) if folder.is_relative_to(Path.cwd()) else folder


def selected_exercise(manifest: Manifest, folder: Path, debt: str | None) -> Exercise:
    """The exercise to grade a folder against: `--debt`'s, else the folder's selection file.

    Raises:
        KeyError: If neither names an exercise.
    """
    if debt:
        return exercise_for(manifest, debt)
    selection = folder / SELECTION_FILE
    if not selection.is_file():
        raise KeyError(f"{folder} has no {SELECTION_FILE}: say which exercise with --debt")
    return exercise_for(manifest, json.loads(selection.read_text())["reference"])
