"""The tour runs as `make tour` runs it, `python -m stages.instrument.tour`, through every step.

Its `__main__` guard was lost once and nothing noticed: the module then imports and exits 0
without printing anything. This test starts the module the same way, with the matrix's
diagonal measured on one stage only (`--stages`), and checks each step's output. The stage is
03, whose step is the cheapest to measure (its probes train nothing beyond the stage's shared
instance) and shows both marks: the debt it repays absent, the one stage 04 repays present.
"""

import re
import subprocess
import sys

import pytest

from stages.instrument.manifest import REPOSITORY_ROOT, Manifest

MEASURED_STAGE = "03"  # input-contract
HEADINGS = (
    "== 1. Training the monolith",
    "== 2. Scoring sample applicants over HTTP",
    "== 3. Measuring the debts on the 200 holdout applicants",
    "== 4. Retraining through POST /retrain on label-shuffled data",
    "== 5. The planted-debt inventory",
    "== 6. The last stage,",
    f"== 7. The matrix's diagonal: stage {MEASURED_STAGE} measured",
    "== Next: walk the stages in order",
)
TOUR_TIMEOUT_SECONDS = 600


@pytest.fixture(scope="module")
def tour_output(manifest: Manifest) -> str:
    """What `python -m stages.instrument.tour --stages 03` prints; it must exit 0."""
    finished = subprocess.run(
        [sys.executable, "-m", "stages.instrument.tour", "--stages", MEASURED_STAGE],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        timeout=TOUR_TIMEOUT_SECONDS,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    return finished.stdout


@pytest.mark.slow
def test_the_tour_run_as_a_module_walks_every_step_in_order(tour_output: str):
    positions = [tour_output.find(heading) for heading in HEADINGS]

    assert -1 not in positions, [h for h, p in zip(HEADINGS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


@pytest.mark.slow
def test_the_tour_shows_the_monoliths_debts_and_the_last_stage_refusing_the_same_abuse(
    tour_output: str,
):
    assert "bad input (a typo in `checking_account`, age -5): 500" in tour_output
    assert re.search(r"POST /retrain without credentials: +200 ", tour_output)
    assert re.search(r"the same bad input: +4\d\d \{", tour_output)
    assert re.search(r"POST /admin/retrain without the token: +401\n", tour_output)
    assert "(the champion kept serving)" in tour_output


@pytest.mark.slow
def test_the_tours_diagonal_shows_the_debt_the_stage_repays_absent_and_the_next_one_present(
    tour_output: str, manifest: Manifest
):
    stage = manifest.stage(MEASURED_STAGE)
    following = manifest.stages[manifest.stages.index(stage) + 1]
    matrix = tour_output[tour_output.index("== 7.") : tour_output.index("How to read it")]
    rows = [line for line in matrix.splitlines() if re.match(r"\d\d ", line)]

    assert [row[:3] for row in rows] == [f"{stage.number} "]
    assert stage.repays and following.repays
    for debt_id in stage.repays + following.repays:
        assert debt_id in matrix
    assert rows[0].count("✓ ") == len(stage.repays)
    assert rows[0].count("✗ ") == len(following.repays)
    assert "?" not in matrix
