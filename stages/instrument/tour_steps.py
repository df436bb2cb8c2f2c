"""The tour's matrix: each stage's step, measured in the background while the tour runs.

A stage's step is the debts it repays, and the debts the next stage repays: measured on every
stage, they show each debt present on the stage before its repayment and absent on the stage
that repays it, the matrix's diagonal. Every cell is measured during this run, in a fresh
instance, by the same probes as `python -m stages compare`, which measures every cell; the
tour leaves the others blank to stay within a few minutes. Two stages are measured at once, in
processes started before the live part, so the measurement runs beside it.
"""

import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from .manifest import Debt, Manifest, Stage
from .matrix import PARALLEL_STAGES, StageReport, longest_first, measure_in_folder, render


def step_debts(manifest: Manifest) -> list[list[Debt]]:
    """For each stage, in order, the debts it or the next stage repays, in manifest order."""
    stages = list(manifest.stages)
    steps = []
    for index, stage in enumerate(stages):
        repaid = set(stage.repays)
        if index + 1 < len(stages):
            repaid |= set(stages[index + 1].repays)
        steps.append([debt for debt in manifest.debts if debt.id in repaid])
    return steps


def discard(line: str) -> None:
    """Drop a progress line (the live part of the tour is printing meanwhile)."""


@contextmanager
def steps_in_background(
    manifest: Manifest, selected: list[Stage] | None = None
) -> Iterator[Callable[[], list[StageReport]]]:
    """Start measuring each stage's step, two stages at once; yield a function that waits.

    Args:
        manifest: The manifest.
        selected: The stages whose steps to measure; every stage of the manifest when None.

    Yields:
        A function returning the stages' reports, in manifest order, once all are measured.
    """
    stages, steps = list(manifest.stages), step_debts(manifest)
    chosen = [index for index, stage in enumerate(stages) if selected is None or stage in selected]
    all_debts = len(manifest.debts)
    spawning = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=PARALLEL_STAGES, mp_context=spawning)
    order = [chosen[position] for position in longest_first([stages[i] for i in chosen])]
    futures = {
        index: pool.submit(measure_in_folder, stages[index], steps[index], all_debts, discard)
        for index in order
    }
    try:
        yield lambda: [futures[index].result() for index in chosen]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def show_steps(
    manifest: Manifest,
    reports_when_done: Callable[[], list[StageReport]],
    selected: list[Stage] | None = None,
) -> None:
    """Wait for the steps' measurement and print them as a matrix, with how to read it.

    Args:
        manifest: The manifest.
        reports_when_done: The function `steps_in_background` yields.
        selected: The stages whose steps are measured; every stage when None.
    """
    stages = list(manifest.stages) if selected is None else selected
    which = f"each of the {len(stages)} stages" if len(stages) > 1 else f"stage {stages[0].number}"
    print(
        f"\n== 7. The matrix's diagonal: {which} measured on the debts it and the next stage "
        "repay ==",
        flush=True,
    )
    waited = time.monotonic()
    reports = reports_when_done()
    print(
        f"(measured in fresh instances beside the live part; waited {time.monotonic() - waited:.0f}"
        f" s for it here; per stage: {', '.join(f'{r.seconds:.0f} s' for r in reports)})\n"
    )
    measured = {debt_id for report in reports for debt_id in report.results | report.errors}
    debts = [debt for debt in manifest.debts if debt.id in measured]
    matrix = render(reports, debts, manifest)
    print(matrix[: matrix.index("ML Test Score")].rstrip())
    print(
        "\nHow to read it: one row per stage, one column per debt; ✗ the probe finds the debt, "
        "✓ it does not,\n! the probe failed, `?` the measurement disagrees with the manifest. "
        "Each stage is measured on the\ndebts it repays and those the next stage repays, so "
        "each debt shows ✗ on the stage before its\nrepayment and ✓ on the stage that repays "
        "it. A blank cell was not measured in the tour:\n`python -m stages compare` measures "
        "every cell and the ML Test Score (a few minutes), and\n`python -m stages probe STAGE "
        "--debt ID` prints one probe's summary and evidence."
    )
