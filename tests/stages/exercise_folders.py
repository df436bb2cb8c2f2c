"""Working folders for the exercise tests and the grading benchmark: untouched, reference, cheat.

The *reference* folder is the untouched one with the reference stage's changed files (the
manifest's `changes`) copied in, and the files it removes removed: it must grade as passed.
A *cheat* folder is the untouched one with a cheat's edits: the cheat corpus's (edits of the
monolith, the base of exercise 00→01) or one written for another base stage.
"""

import shutil
from collections.abc import Callable
from pathlib import Path

from stages.instrument import exercise
from stages.instrument.manifest import Manifest

from .cheats.corpus import CHEATS
from .cheats.edits import append

EVERY_ERROR_A_400_ON_A_BLUEPRINT = append(
    "\n\n@api.app_errorhandler(Exception)\ndef any_error(error: Exception):\n"
    '    """Answer every failure with 400."""\n    return jsonify(error="invalid request"), 400\n'
)
# A cheat per exercise, by its reference stage's number: each keeps the exercise's debt.
CHEAT_EDITS = {
    "01": next(cheat for cheat in CHEATS if cheat.slug == "literals_assembled").edits,
    # The corpus's `every_error_a_400`, on stage 02's blueprint.
    "03": {"serving/api.py": EVERY_ERROR_A_400_ON_A_BLUEPRINT},
}


def untouched(manifest: Manifest, chosen: exercise.Exercise, folder: Path) -> Path:
    """A new working folder for the exercise, as `python -m stages exercise` makes it."""
    return exercise.create(manifest, chosen, folder)


def with_reference(manifest: Manifest, chosen: exercise.Exercise, folder: Path) -> Path:
    """A working folder with the reference stage's changed files copied in."""
    untouched(manifest, chosen, folder)
    for name in chosen.reference.changes:
        source, target = chosen.reference.folder / name, folder / name
        if source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        else:
            target.unlink()
    return folder


def with_edits(
    manifest: Manifest,
    chosen: exercise.Exercise,
    folder: Path,
    edits: dict[str, Callable[[str], str | None]],
) -> Path:
    """A working folder with a cheat's edits applied to the untouched copy."""
    untouched(manifest, chosen, folder)
    for name, edit in edits.items():
        path = folder / name
        new = edit(path.read_text() if path.exists() else "")
        if new is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(new)
    return folder
