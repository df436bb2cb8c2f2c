"""Measure every debt on every stage and lay the results out side by side."""

import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .manifest import Debt, Manifest, Stage
from .ml_test_score import ml_test_score
from .probes.context import ProbeContext
from .probes.result import ProbeResult
from .probes.runner import run_probe

PRESENT, ABSENT, FAILED = "✗", "✓", "!"
DEBTS_PER_BLOCK = 4
CELL_WIDTH = 26


@dataclass
class StageReport:
    """The probes' results for one stage.

    Attributes:
        stage: The stage.
        results: Each measured debt's result, by debt ID.
        errors: Each probe that failed to run, by debt ID: the error message.
        seconds: How long the stage's measurement took.
    """

    stage: Stage
    results: dict[str, ProbeResult] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def show_progress(message: str) -> None:
    """Print one progress line on standard error (the matrix goes to standard output)."""
    print(message, file=sys.stderr, flush=True)


def measure_stage(
    context: ProbeContext,
    debts: list[Debt],
    progress: Callable[[str], None] = show_progress,
    strict: bool = False,
) -> StageReport:
    """Run the probes of `debts` on the context's stage.

    Args:
        context: The stage under measurement.
        debts: The debts to measure.
        progress: Called with one line before and after each probe.
        strict: Re-raise a probe's error instead of recording it.

    Returns:
        The stage's report.
    """
    report, started = StageReport(context.stage), time.monotonic()
    for number, debt in enumerate(debts, start=1):
        stage = f"[{context.stage.number} {context.stage.slug}]"
        label = f"{stage} {number}/{len(debts)} {debt.id} {debt.probe}"
        probe_started = time.monotonic()
        try:
            result = run_probe(context, debt)
        except Exception as error:
            if strict:
                raise
            report.errors[debt.id] = f"{type(error).__name__}: {error}"
            progress(f"{label}: probe failed ({report.errors[debt.id][:80]})")
            continue
        report.results[debt.id] = result
        mark = PRESENT if result.present else ABSENT
        progress(f"{label}: {mark} {result.figure} ({time.monotonic() - probe_started:.1f} s)")
    report.seconds = time.monotonic() - started
    return report


def measure(
    manifest: Manifest,
    stages: list[Stage],
    debts: list[Debt],
    progress: Callable[[str], None] = show_progress,
) -> list[StageReport]:
    """Measure `debts` on each of `stages`, each in its own temporary instance folder."""
    reports = []
    for stage in stages:
        with tempfile.TemporaryDirectory(prefix=f"probe-{stage.slug}-") as folder:
            progress(f"[{stage.number} {stage.slug}] a fresh instance (trained on first use)")
            context = ProbeContext.start(stage, Path(folder))
            reports.append(measure_stage(context, debts, progress))
    return reports


def as_json(reports: list[StageReport]) -> dict:
    """The `compare --json` document."""
    return {
        "stages": [
            {
                "id": report.stage.number,
                "package": report.stage.package,
                "slug": report.stage.slug,
                "probes": {debt_id: result.as_json() for debt_id, result in report.results.items()},
                "errors": report.errors,
                "ml_test_score": ml_test_score(report.results),
            }
            for report in reports
        ]
    }


def cell(report: StageReport, debt: Debt, manifest: Manifest) -> str:
    """One cell: ✗ present / ✓ absent / ! failed, then the key figure.

    A `?` follows the mark when the measurement disagrees with what the manifest says.
    """
    if debt.id in report.errors:
        return f"{FAILED} probe failed"
    if debt.id not in report.results:
        return ""
    result = report.results[debt.id]
    surprise = result.present != manifest.debt_expected_present(debt, report.stage)
    return f"{PRESENT if result.present else ABSENT}{'?' if surprise else ''} {result.figure}"


def render(reports: list[StageReport], debts: list[Debt], manifest: Manifest) -> str:
    """The matrix as text: rows are stages, columns debts, in blocks that fit a terminal."""
    lines = []
    stage_width = max(len(f"{r.stage.number} {r.stage.slug}") for r in reports) + 2
    for start in range(0, len(debts), DEBTS_PER_BLOCK):
        block = debts[start : start + DEBTS_PER_BLOCK]
        header = "stage".ljust(stage_width) + "".join(
            f"{debt.id} {debt.name}"[: CELL_WIDTH - 1].ljust(CELL_WIDTH) for debt in block
        )
        lines += [header, "-" * len(header)]
        for report in reports:
            name = f"{report.stage.number} {report.stage.slug}".ljust(stage_width)
            cells = "".join(
                cell(report, debt, manifest)[: CELL_WIDTH - 1].ljust(CELL_WIDTH) for debt in block
            )
            lines.append(name + cells)
        lines.append("")
    lines.append(
        "ML Test Score (Breck et al. 2017: data / model / infrastructure / monitoring -> final)"
    )
    for report in reports:
        score = ml_test_score(report.results)
        sections = " / ".join(f"{value:g}" for value in score["sections"].values())
        held = f"({len(score['credited'])} of {score['measurable']} measurable tests hold)"
        lines.append(
            f"{report.stage.number} {report.stage.slug}".ljust(stage_width)
            + f"{sections} -> {score['final']:g}   {held}"
        )
    return "\n".join(lines)


LEGEND = """How to read it: one row per stage, one column per debt. ✗ the probe finds the debt,
✓ it does not, ! the probe failed to run; the figure is the probe's key measurement. A `?`
marks a cell where the measurement disagrees with the manifest (a debt found on a stage that
says it repaid it, or missing where it should still be). Every figure is measured during this
run, in a fresh instance, from outside the stage. `python -m stages probe STAGE --debt ID`
prints one probe's summary and evidence. The ML Test Score counts 1 per test of Breck et al.
that a probe shows to hold; the final score is the lowest of the four sections."""
