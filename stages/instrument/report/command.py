"""`python -m stages report [--out DIR]`: build the instructor's report."""

import argparse
import sys
import time
from pathlib import Path

from ..drift.scenarios import SCENARIOS
from ..manifest import Manifest
from .selection import DEFAULT_SCENARIO, Selection

DEFAULT_OUT = Path("instance/report")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command line of `report`."""
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the site's folder")
    parser.add_argument("--stage", action="append", help="only this stage (repeatable)")
    parser.add_argument("--debt", action="append", help="only this debt (repeatable)")
    names = [candidate.name for candidate in SCENARIOS]
    parser.add_argument(
        "--scenario", default=DEFAULT_SCENARIO, choices=names, help="the replayed scenario"
    )


def command_report(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Build the report and say where it is and how long it took (1 without the `report` extra)."""
    try:
        # matplotlib, Markdown and Pygments: the `report` extra, loaded only to build a report.
        from .build import build_report
    except ModuleNotFoundError as missing:
        print(
            f"the report needs the `report` extra ({missing.name or missing} is missing): "
            "`make report`, or `pip install -e '.[report]'`",
            file=sys.stderr,
        )
        return 1

    started = time.monotonic()
    selection = Selection(arguments.stage, arguments.debt, arguments.scenario)
    summary = build_report(
        arguments.out, selection, lambda line: print(line, file=sys.stderr, flush=True)
    )
    index = (arguments.out / "index.html").resolve()
    seconds = summary["seconds"]
    print(
        f"wrote {len(summary['pages'])} pages to {arguments.out}/ in "
        f"{time.monotonic() - started:.0f} s (measuring and replaying "
        f"{seconds['measure_and_replay']:.0f} s, rendering {seconds['render']:.0f} s)\n"
        f"open file://{index}"
    )
    return 0
