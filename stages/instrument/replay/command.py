"""`python -m stages replay STAGE --scenario NAME [--port N] [--url URL] [--json FILE]`."""

import argparse
import dataclasses
import json
import sys
import tempfile
from pathlib import Path

from ..drift.scenarios import SCENARIOS, scenario
from ..instance import scratch_folder
from ..manifest import Manifest, Stage
from .lender import ReplayResult, replay
from .render import ProgressBar, render
from .server import new_admin_token, served_stage
from .service import HttpService


def replay_served(
    stage: Stage,
    scenario_name: str,
    port: int | None = None,
    progress=None,
    windows: tuple[int, int] | None = None,
) -> ReplayResult:
    """Serve `stage` in a fresh temporary instance and replay a scenario against it.

    Args:
        stage: The stage.
        scenario_name: The drift scenario's name.
        port: The port on localhost; a free one when None.
        progress: Called with (window, scored, applicants); a progress bar when None.
        windows: (windows, applicants per window) in place of the scenario's, for a short
            replay (the tests'); below 500 applicants a window is too small for monitoring.

    Returns:
        The replay's result.
    """
    chosen = scenario(scenario_name)
    if windows is not None:
        chosen = dataclasses.replace(chosen, batches=windows[0], batch_size=windows[1])
    progress = progress or ProgressBar(chosen.batches)
    # In RAM when there is room (`scratch_folder`): the stage commits each answer it stores.
    scratch = scratch_folder()
    with tempfile.TemporaryDirectory(prefix=f"replay-{stage.slug}-", dir=scratch) as folder:
        token = new_admin_token()
        with served_stage(stage.package, Path(folder) / stage.package, token, port) as service:
            return replay(service, chosen, stage.package, progress)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command line of `replay`."""
    parser.add_argument("stage", help="the stage: number (00), slug or package")
    names = [candidate.name for candidate in SCENARIOS]
    parser.add_argument("--scenario", required=True, choices=names, help="the drift scenario")
    parser.add_argument("--port", type=int, help="serve on this port (a free one by default)")
    parser.add_argument("--url", help="replay against a stage already served at this URL")
    parser.add_argument("--token", help="with --url: the served stage's admin token")
    parser.add_argument("--json", type=Path, help="also write the result to this JSON file")


def command_replay(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Replay a drift scenario against a stage and print the figures per window."""
    stage = manifest.stage(arguments.stage)
    try:
        if arguments.url:
            chosen = scenario(arguments.scenario)
            service = HttpService(arguments.url.rstrip("/"), arguments.token)
            name = f"{stage.package} at {arguments.url}"
            result = replay(service, chosen, name, ProgressBar(chosen.batches))
        else:
            result = replay_served(stage, arguments.scenario, arguments.port)
    except (RuntimeError, OSError) as error:
        print(f"replay stopped: {error}", file=sys.stderr)
        return 1
    print(render(result))
    if arguments.json:
        arguments.json.write_text(json.dumps(result.as_json(), indent=2) + "\n")
    return 0
