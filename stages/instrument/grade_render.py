"""The grade as a student reads it: what passed, what failed, the evidence, the next hint."""

import json

from .grade import CONTRACT, GOLDEN, IMPORTS, KEPT, REPAID, Grade, next_hint
from .manifest import Manifest

SECTIONS = {
    IMPORTS: "the folder as a package",
    REPAID: "the debt to repay",
    KEPT: "debts that must stay repaid",
    CONTRACT: "the HTTP contract",
    GOLDEN: "the golden master",
}
EVIDENCE_CHARACTERS = 600


def evidence_line(evidence: dict) -> str:
    """The evidence as one JSON line, cut short (`--json` has all of it)."""
    text = json.dumps(evidence, ensure_ascii=False, default=str)
    if len(text) <= EVIDENCE_CHARACTERS:
        return text
    return text[:EVIDENCE_CHARACTERS] + " … (all of it with --json)"


def render(grade: Grade, manifest: Manifest) -> str:
    """The grade as text.

    Args:
        grade: The grade.
        manifest: The manifest.

    Returns:
        The lines: a heading, each section's checks (evidence under a failed probe), the
        verdict and the next hint.
    """
    exercise = grade.exercise
    debts = ", ".join(grade.debts)
    lines = [
        f"Exercise {exercise.base.number} → {exercise.reference.number} ({debts}): "
        f"{grade.folder}, measured as package {grade.package or '(not imported)'}",
    ]
    for kind, title in SECTIONS.items():
        checks = [check for check in grade.checks if check.kind == kind]
        if not checks:
            continue
        lines.append(f"\n{title}")
        for check in checks:
            lines.append(f"  {'✓' if check.passed else '✗'} {check.name}: {check.detail}")
            if check.evidence and (not check.passed or kind == REPAID):
                lines.append(f"      evidence: {evidence_line(check.evidence)}")
    if not grade.complete and not grade.failed():
        lines.append(
            f"\nVerdict: {debts} repaid, contract and golden master kept; the debts to keep were "
            "not measured (--quick): grade again without --quick to finish."
        )
    elif grade.passed:
        lines.append(
            f"\nVerdict: done. {debts} repaid; the repaid debts, the contract and the golden "
            "master kept."
        )
    else:
        failed = ", ".join(check.name for check in grade.failed())
        lines.append(f"\nVerdict: not yet. Failed: {failed}.")
    lines.append(f"Next hint: {next_hint(grade, manifest)}")
    return "\n".join(lines)
