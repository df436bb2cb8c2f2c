"""Grade time per exercise, and the three outcomes the issue asks of each.

For each exercise (every stage step, or those given), in a temporary folder:

- the untouched working folder must fail on exactly the exercise's debts;
- the folder with the reference stage's changed files copied in must pass;
- the folder with a cheat's edits (for the exercises that have one,
  `tests/stages/exercise_folders.py`) must fail on exactly the exercise's debts.

Each grade's wall time is printed; the target is under two minutes on 2 cores. Run from the
repository root (one exercise's three grades take a few minutes; all of them much longer):

    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.exercise_grading --exercise 01 --exercise 03
    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.exercise_grading          # every exercise
    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.exercise_grading --quick  # grade --quick

The training cache (`stages/instrument/cache.py`) is used as `grade` uses it: a grade whose
code was graded before skips the shared instance's training, never the probes' own pristine
training. Set `STAGES_TRAINING_CACHE=off` to time the cold path.
"""

import argparse
import tempfile
import time
from functools import partial
from pathlib import Path

from stages.instrument import exercise, grade
from stages.instrument.instance import scratch_folder
from stages.instrument.manifest import load_manifest
from tests.stages.exercise_folders import CHEAT_EDITS, untouched, with_edits, with_reference

TARGET_SECONDS = 120


def timed_grade(
    manifest, chosen, folder: Path, workspace: Path, quick: bool
) -> tuple[grade.Grade, float]:
    """Grade one folder; the grade and its wall time in seconds."""
    started = time.perf_counter()
    result = grade.grade(manifest, folder, chosen, workspace, quick=quick)
    return result, time.perf_counter() - started


def outcome(result: grade.Grade, should_pass: bool) -> str:
    """`ok` when the grade is what the kind of folder must get, else what went wrong."""
    failed = [check.name.split()[0] for check in result.failed()]
    if should_pass:
        return "ok" if not failed else f"WRONG: failed {failed}"
    return "ok" if failed == list(result.debts) else f"WRONG: failed {failed}"


def main() -> None:
    """Grade the chosen exercises' folders and print one line per grade."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--exercise", action="append", default=[], help="the reference stage's number"
    )
    parser.add_argument(
        "--quick", action="store_true", help="grade with --quick (the debts to keep left out)"
    )
    arguments = parser.parse_args()
    manifest = load_manifest()
    chosen_ones = [
        chosen
        for chosen in exercise.all_exercises(manifest)
        if not arguments.exercise or chosen.reference.number in arguments.exercise
    ]
    print(f"{'exercise':<10} {'debts':<40} {'folder':<10} {'seconds':>8}  outcome")
    for chosen in chosen_ones:
        number = chosen.reference.number
        kinds = [("untouched", untouched, False), ("reference", with_reference, True)]
        if number in CHEAT_EDITS:
            kinds.append(("cheat", partial(with_edits, edits=CHEAT_EDITS[number]), False))
        for kind, make, should_pass in kinds:
            prefix = f"bench-exercise-{number}-"
            with tempfile.TemporaryDirectory(prefix=prefix, dir=scratch_folder()) as root:
                folder = make(manifest, chosen, Path(root) / "work")
                result, seconds = timed_grade(
                    manifest, chosen, folder, Path(root) / "workspace", arguments.quick
                )
            over = "  (over the target)" if seconds > TARGET_SECONDS else ""
            print(
                f"{chosen.base.number}→{number:<6} {', '.join(chosen.debts):<40} {kind:<10} "
                f"{seconds:>8.1f}  {outcome(result, should_pass)}{over}",
                flush=True,
            )


if __name__ == "__main__":
    main()
