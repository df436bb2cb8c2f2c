"""A small report, measured once per session, and a headless Chromium to open it in."""

import fcntl
from pathlib import Path

import pytest

from stages.instrument.report.build import build_report
from stages.instrument.report.screenshots import CHROMIUM as SCREENSHOT_CHROMIUM
from stages.instrument.report.selection import Selection

# The browser the screenshots use, started the same way (Debian's Chromium, no network).
CHROMIUM = Path(SCREENSHOT_CHROMIUM)
# The full build's code path on a small subset: the monolith, stage 01 (whose page compares it
# with a measured predecessor) and the last stage; two debts; a short replay (3 windows of 20)
# against the monolith and the last stage.
SMALL = Selection(
    stages=["monolith", "stages.stage_01_configuration", "refactored"],
    debts=["DEBT-10", "DEBT-11"],
    replays=["monolith", "refactored"],
    windows=(3, 20),
)


@pytest.fixture(scope="session")
def small_report(tmp_path_factory, worker_id: str) -> Path:
    """The folder of a report built from the small selection, once per test run.

    Under pytest-xdist the workers share one build: the first to take the lock builds it in
    the run's common temporary folder, the others wait for the lock and reuse it.
    """
    if worker_id == "master":
        folder = tmp_path_factory.mktemp("report")
        build_report(folder, SMALL, progress=lambda line: None)
        return folder
    shared = tmp_path_factory.getbasetemp().parent
    folder = shared / "small-report"
    with (shared / "small-report.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "index.html").exists():
            build_report(folder, SMALL, progress=lambda line: None)
    return folder
