"""Measure every debt on every stage and lay the results out side by side."""

import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .instance import scratch_folder
from .manifest import Debt, Manifest, Stage
from .ml_test_score import SECTIONS, TESTS_PER_SECTION, ml_test_score
from .probes.context import ProbeContext
from .probes.observations import observe
from .probes.result import ProbeResult, plain
from .probes.runner import quiet, run_probe

PRESENT, ABSENT, FAILED = "✗", "✓", "!"
DEBTS_PER_BLOCK = 3
CELL_WIDTH = 26
# Stages measured at once, one process each (the machine has 2 cores).
PARALLEL_STAGES = 2


@dataclass
class StageReport:
    """The probes' results for one stage.

    Attributes:
        stage: The stage.
        results: Each measured debt's result, by debt ID.
        errors: Each probe that failed to run, by debt ID: the error message.
        observations: The ML Test Score's own observations (None when not made).
        complete: Whether every debt of the manifest was measured.
        seconds: How long the stage's measurement took.
    """

    stage: Stage
    results: dict[str, ProbeResult] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    observations: dict | None = None
    complete: bool = False
    seconds: float = 0.0

    @property
    def score(self) -> dict:
        """The stage's ML Test Score (not computed on a subset of the debts)."""
        return ml_test_score(self.results, self.observations, self.complete)


def show_progress(message: str) -> None:
    """Print one progress line on standard error (the matrix goes to standard output)."""
    print(message, file=sys.stderr, flush=True)


def measure_stage(
    context: ProbeContext,
    debts: list[Debt],
    progress: Callable[[str], None] = show_progress,
    strict: bool = False,
    all_debts: int | None = None,
) -> StageReport:
    """Run the probes of `debts` on the context's stage, then the score's observations.

    Args:
        context: The stage under measurement.
        debts: The debts to measure.
        progress: Called with one line before and after each probe.
        strict: Re-raise a probe's error instead of recording it.
        all_debts: How many debts the manifest lists; when `debts` are all of them, the ML
            Test Score's observations are made too. Defaults to `len(debts)`.

    Returns:
        The stage's report.
    """
    report, started = StageReport(context.stage), time.monotonic()
    stage = f"[{context.stage.number} {context.stage.slug}]"
    for number, debt in enumerate(debts, start=1):
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
    report.complete = len(debts) == (all_debts or len(debts)) and not report.errors
    if report.complete:
        observed = time.monotonic()
        try:
            with quiet():
                report.observations = plain(observe(context))
        except Exception as error:
            if strict:
                raise
            report.errors["observations"] = f"{type(error).__name__}: {error}"
        progress(f"{stage} ML Test Score observations ({time.monotonic() - observed:.1f} s)")
    report.seconds = time.monotonic() - started
    progress(f"{stage} measured in {report.seconds:.0f} s")
    return report


def measure_in_folder(
    stage: Stage,
    debts: list[Debt],
    all_debts: int,
    progress: Callable[[str], None] = show_progress,
) -> StageReport:
    """Measure one stage in its own temporary instance folder."""
    scratch = scratch_folder()
    with tempfile.TemporaryDirectory(prefix=f"probe-{stage.slug}-", dir=scratch) as folder:
        progress(f"[{stage.number} {stage.slug}] a fresh instance (trained on first use)")
        context = ProbeContext.start(stage, Path(folder))
        return measure_stage(context, debts, progress, all_debts=all_debts)


def measure(
    manifest: Manifest,
    stages: list[Stage],
    debts: list[Debt],
    progress: Callable[[str], None] = show_progress,
    parallel: int = PARALLEL_STAGES,
) -> list[StageReport]:
    """Measure `debts` on each of `stages`, `parallel` stages at once (one process each).

    Args:
        manifest: The manifest (its number of debts decides whether the score is computed).
        stages: The stages to measure.
        debts: The debts to measure.
        progress: Where progress lines go when stages are measured one by one; processes
            measuring stages at once print theirs on standard error.
        parallel: How many stages to measure at once.

    Returns:
        The reports, in the order of `stages`.
    """
    all_debts = len(manifest.debts)
    workers = min(parallel, len(stages), os.cpu_count() or 1)
    if workers <= 1:
        return [measure_in_folder(stage, debts, all_debts, progress) for stage in stages]
    # Spawned, not forked: the caller may run threads (a test runner's) that a fork would copy.
    spawning = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawning) as pool:
        futures = {
            index: pool.submit(measure_in_folder, stages[index], debts, all_debts)
            for index in longest_first(stages)
        }
        return [futures[index].result() for index in range(len(stages))]


def longest_first(stages: list[Stage]) -> list[int]:
    """The positions in `stages` in the order to start them: the latest stage first.

    Later stages carry more machinery to measure (monitoring replays, retraining children),
    so they take longest; starting them first keeps a long stage from running alone at the
    end while the other process idles (longest-processing-time-first scheduling).
    """
    return sorted(range(len(stages)), key=lambda index: stages[index].number, reverse=True)


def as_json(reports: list[StageReport]) -> dict:
    """The `compare --json` document."""
    return {
        "stages": [
            {
                "id": report.stage.number,
                "package": report.stage.package,
                "slug": report.stage.slug,
                "seconds": round(report.seconds, 1),
                "probes": {debt_id: result.as_json() for debt_id, result in report.results.items()},
                "errors": report.errors,
                "observations": report.observations,
                "ml_test_score": report.score,
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
    """The matrix as text: rows are stages, columns debts, in blocks that fit a terminal.

    Each column is as wide as its debt's name and its widest cell: nothing is cut off.
    """
    lines = []
    stage_width = max(len(f"{r.stage.number} {r.stage.slug}") for r in reports) + 2
    for start in range(0, len(debts), DEBTS_PER_BLOCK):
        block = debts[start : start + DEBTS_PER_BLOCK]
        cells = {
            report.stage.number: [cell(report, debt, manifest) for debt in block]
            for report in reports
        }
        widths = [
            max(len(debt.name), len(debt.id), *(len(row[i]) for row in cells.values())) + 2
            for i, debt in enumerate(block)
        ]
        ids = "stage".ljust(stage_width) + "".join(
            debt.id.ljust(width) for debt, width in zip(block, widths, strict=True)
        )
        names = " " * stage_width + "".join(
            debt.name.ljust(width) for debt, width in zip(block, widths, strict=True)
        )
        lines += [ids.rstrip(), names.rstrip(), "-" * len(names.rstrip())]
        for report in reports:
            name = f"{report.stage.number} {report.stage.slug}".ljust(stage_width)
            row = cells[report.stage.number]
            lines.append(
                (name + "".join(c.ljust(w) for c, w in zip(row, widths, strict=True))).rstrip()
            )
        lines.append("")
    lines += render_scores(reports, stage_width)
    return "\n".join(lines)


def render_scores(reports: list[StageReport], stage_width: int) -> list[str]:
    """The ML Test Score lines: each section against the most it can reach here."""
    lines = [
        "ML Test Score (Breck et al. 2017): points per section / tests the probes measure "
        f"(of {TESTS_PER_SECTION}); final = lowest section"
    ]
    for report in reports:
        name = f"{report.stage.number} {report.stage.slug}".ljust(stage_width)
        score = report.score
        if not score["computed"]:
            lines.append(f"{name}not computed: the score needs every debt measured")
            continue
        most = score["most_per_section"]
        sections = ", ".join(f"{s} {score['sections'][s]:g}/{most[s]}" for s in SECTIONS)
        lines.append(f"{name}{sections} -> final {score['final']:g}")
    return lines


LEGEND = """How to read it: one row per stage, one column per debt. ✗ the probe finds the debt,
✓ it does not, ! the probe failed to run; the figure is the probe's key measurement. A `?`
marks a cell where the measurement disagrees with the manifest (a debt found on a stage that
says it repaid it, or missing where it should still be). Every figure is measured during this
run, in a fresh instance, from outside the stage. `python -m stages probe STAGE --debt ID`
prints one probe's summary and evidence. The ML Test Score counts 1 per test of Breck et al.
that an observation of the probes shows to hold, each observation credited once; the final
score is the lowest of the four sections. `compare --json` lists the tests measured, those
credited and those not measured."""
