"""`grade DIR`: measure a working folder as a stage and judge one exercise.

The folder is imported under a name its code decides (`working_folder.py`) and measured as
any stage is, in a fresh probe context inside a scratch workspace:

1. **Repaid**: each debt of the exercise's step (or the one `--debt` names) must be absent
   by its probe.
2. **Kept**: the debts already repaid on the stage the exercise copied must stay absent. The
   baseline compared against is the manifest's verdict for that stage, which the suite checks
   equals the probes' measurement of it (`tests/stages/test_probes_follow_the_manifest.py`),
   so the copied stage is not measured again; a debt still present there may stay present.
   `--quick` leaves these out, for a fast loop while repaying; such a grade never passes.
3. **Contract**: the HTTP contract's checks (`contract_check.py`) on a trained copy.
4. **Golden master**: the 200 holdout answers must equal the approved file that pins the
   reference stage, when that stage keeps its predecessor's (a step that changes the answers
   on purpose, 05, 06 and 12, is not held to one).

Only measurements decide: no check reads `EXERCISE.md`, a comment, the folder's name or what
the stage says about itself. Training goes through the training cache, keyed by the code's
content, except the probes' own pristine training, which is always fresh.
"""

import traceback
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .contract_check import CHECKS, stored_once
from .exercise import Exercise
from .exercise_text import kept_debts, probe_row
from .golden import approved_file, differing_answers, keeps_golden_master
from .manifest import Manifest
from .probes.context import ProbeContext
from .probes.result import plain
from .probes.runner import run_probe
from .scoring import score_rows
from .working_folder import as_stage, import_working_folder

REPAID, KEPT, CONTRACT, GOLDEN, IMPORTS = "repaid", "kept", "contract", "golden", "imports"
HINT_ORDER = (IMPORTS, KEPT, CONTRACT, GOLDEN, REPAID)


@dataclass(frozen=True)
class Check:
    """One thing the grade measured.

    Attributes:
        kind: `repaid`, `kept`, `contract`, `golden` or `imports`.
        name: What was checked, for example `DEBT-10 Configuration debt`.
        passed: Whether it holds.
        detail: One line: the probe's summary, or what went wrong.
        evidence: The numbers behind it (a probe's evidence), JSON-serialisable.
    """

    kind: str
    name: str
    passed: bool
    detail: str
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Grade:
    """The verdict on one working folder for one exercise.

    Attributes:
        folder: The working folder.
        exercise: The exercise graded.
        debts: The debts that had to be repaid.
        package: The package name the folder's code was measured under.
        checks: Every check, in the order measured.
        complete: Whether the debts to keep were measured (False with `--quick`).
    """

    folder: Path
    exercise: Exercise
    debts: tuple[str, ...]
    package: str
    checks: tuple[Check, ...]
    complete: bool = True

    @property
    def passed(self) -> bool:
        """Whether the grade is complete and every check holds."""
        return self.complete and all(check.passed for check in self.checks)

    def failed(self, kind: str | None = None) -> list[Check]:
        """The checks that failed (of one kind, when given)."""
        return [c for c in self.checks if not c.passed and kind in (None, c.kind)]

    def as_json(self) -> dict:
        """The grade for instructors who collect results."""
        return {
            "folder": str(self.folder),
            "exercise": {
                "base": self.exercise.base.package,
                "reference": self.exercise.reference.package,
                "debts": list(self.debts),
            },
            "measured_as": self.package,
            "passed": self.passed,
            "complete": self.complete,
            "checks": [
                {
                    "kind": c.kind,
                    "name": c.name,
                    "passed": c.passed,
                    "detail": c.detail,
                    "evidence": plain(c.evidence),
                }
                for c in self.checks
            ],
        }


def probe_check(context: ProbeContext, manifest: Manifest, debt_id: str, kind: str) -> Check:
    """Run one debt's probe; the check holds when the debt is absent."""
    debt = manifest.debt(debt_id)
    name = f"{debt.id} {debt.name}"
    try:
        result = run_probe(context, debt)
    except Exception as error:
        return Check(kind, name, False, f"the probe failed: {type(error).__name__}: {error}")
    verdict = "present" if result.present else "absent"
    detail = f"{verdict} ({result.figure}): {result.summary}"
    return Check(kind, name, not result.present, detail, result.evidence)


def contract_checks(context: ProbeContext) -> tuple[list[Check], object]:
    """The HTTP contract on a trained copy; also the holdout's answers (None if unscored).

    A stage that cannot be trained, started or asked fails the first check, with the error.
    """
    answered = "every holdout applicant is answered 200"
    try:
        instance = context.trained_copy("contract")
        client = instance.create_app().test_client()
        scores = score_rows(client, context.holdout)
    except Exception as error:
        return [Check(CONTRACT, answered, False, f"{type(error).__name__}: {error}")], None
    count = len(scores.application_ids)
    checks = [Check(CONTRACT, answered, True, f"{count} of {count}")]
    named = {"each score is stored once": lambda: stored_once(instance, scores)}
    named |= {
        name: partial(check, client, context.holdout, scores) for name, check in CHECKS.items()
    }
    for name, check in named.items():
        try:
            problem = check()
        except Exception as error:
            problem = f"{type(error).__name__}: {error}"
        checks.append(Check(CONTRACT, name, not problem, problem or "holds"))
    return checks, scores


def golden_check(manifest: Manifest, exercise: Exercise, scores) -> Check:
    """The holdout's answers against the golden master the reference stage keeps."""
    name = "the 200 holdout answers equal the golden master"
    if not keeps_golden_master(manifest, exercise.reference):
        detail = f"not required: stage {exercise.reference.number} changes the answers on purpose"
        return Check(GOLDEN, name, True, detail)
    approved = approved_file(manifest, exercise.reference)
    if scores is None:
        return Check(GOLDEN, name, False, "the holdout could not be scored")
    differing = differing_answers(scores, approved)
    detail = f"{len(differing)} of {len(scores.application_ids)} differ from {approved.name}"
    return Check(GOLDEN, name, not differing, detail, {"first_differing": differing[:3]})


def grade(
    manifest: Manifest,
    folder: Path,
    exercise: Exercise,
    workspace: Path,
    debts: tuple[str, ...] = (),
    quick: bool = False,
) -> Grade:
    """Measure a working folder and judge it against an exercise.

    Args:
        manifest: The manifest.
        folder: The working folder.
        exercise: The exercise.
        workspace: An empty scratch folder (the copy of the code and the instances).
        debts: The debts that must be repaid; the exercise's by default.
        quick: Leave out the debts to keep (the slow part of a late exercise's grade); the
            grade is then incomplete and never passes.

    Returns:
        The grade.
    """
    debts = tuple(manifest.debt(debt_id).id for debt_id in debts) or exercise.debts
    try:
        package = import_working_folder(folder, workspace / "code")
    except Exception as error:
        lines = traceback.format_exception_only(error)
        check = Check(IMPORTS, "the folder imports as a package", False, "".join(lines).strip())
        return Grade(folder, exercise, debts, "", (check,))
    stage = as_stage(package, exercise.reference.number, f"working folder {folder}")
    context = ProbeContext.start(stage, workspace / "probes")
    contract, scores = contract_checks(context)
    golden = golden_check(manifest, exercise, scores)
    repaid = [probe_check(context, manifest, debt_id, REPAID) for debt_id in debts]
    kept = [
        probe_check(context, manifest, debt.id, KEPT)
        for debt in ([] if quick else kept_debts(manifest, exercise.base, exercise.debts))
    ]
    checks = (*repaid, *kept, *contract, golden)
    return Grade(folder, exercise, debts, package, checks, complete=not quick)


def next_hint(grade: Grade, manifest: Manifest) -> str:
    """What to look at next: first what the folder broke, then the debt to repay.

    The failed checks are taken in the order of `HINT_ORDER`: a folder that does not import,
    a debt repaid before that is back, the contract, the golden master, then the exercise's
    own debt.
    """
    failed = sorted(grade.failed(), key=lambda check: HINT_ORDER.index(check.kind))
    if not failed and not grade.complete:
        return "grade again without --quick: the debts to keep are measured then"
    if not failed:
        return "none: compare your repayment with the reference (`python -m stages diff`)"
    first = failed[0]
    if first.kind == REPAID:
        debt = manifest.debt(first.name.split()[0])
        observes, present_when = probe_row(debt)
        return (
            f"the probe of {debt.id} observes {observes}; it finds the debt present when "
            f"{present_when}. More hints, in order, in EXERCISE.md."
        )
    if first.kind == KEPT:
        return (
            f"{first.name.split()[0]} was repaid on the stage you copied and is present again: "
            "undo the change that brought it back (`python -m stages diff "
            f"{grade.exercise.base.number} {grade.folder}`)."
        )
    return f"{first.name}: {first.detail}"
