"""Choose the outcome checks' settings on the tuning scenarios, never on the judging ones.

`python -m benchmarks.monitoring_tuning` replays the tuning scenarios of
`stages/instrument/drift/scenarios.py` (other shift shapes than the judging scenarios, seeds
30000 and up) through the service's monitor with approved-only outcomes
(`monitor_replay.py`), once per candidate setting, and prints for each setting and scenario
the first alerting batch of every seed, and how many unshifted replays alerted at all. The
settings in `refactored/monitoring/` (`POOLED_WINDOWS`, `WINDOW_ALPHA`, `MIN_SEGMENT_ROWS`)
and the judging scenarios' budgets were set from this output.
"""

import argparse
import dataclasses
import itertools
import json
import tempfile
from pathlib import Path

from refactored.monitoring import performance, watch
from refactored.registry import ModelRegistry
from refactored.registry.signing import registry_key
from stages.instrument.drift.scenarios import TUNING_SCENARIOS

from .monitor_replay import replay

CANDIDATES = {
    "POOLED_WINDOWS": (3, 6),
    "WINDOW_ALPHA": (0.001,),
    "MIN_SEGMENT_ROWS": (40, 60),
}
MODULES = {"POOLED_WINDOWS": watch, "WINDOW_ALPHA": performance, "MIN_SEGMENT_ROWS": performance}


def tune(model, seeds: int, folder: Path) -> list[dict]:
    """Every candidate setting's first alerts on `seeds` seeds of every tuning scenario."""
    results = []
    for values in itertools.product(*CANDIDATES.values()):
        setting = dict(zip(CANDIDATES, values, strict=True))
        for name, value in setting.items():
            setattr(MODULES[name], name, value)
        firsts = {}
        for scenario in TUNING_SCENARIOS:
            variants = [
                dataclasses.replace(scenario, seed=scenario.seed + 100 * k) for k in range(seeds)
            ]
            firsts[scenario.name] = [
                replay(v, model, folder / f"{v.name}-{v.seed}-{len(results)}.db").first_alert
                for v in variants
            ]
        results.append({"setting": setting, "first_alerts": firsts})
        print(json.dumps(results[-1]), flush=True)
    return results


def main(argv: list[str] | None = None) -> None:
    """Tune on a trained instance's champion and print every setting's results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "model_dir",
        type=Path,
        help="a trained instance's models folder (its signing key is in the folder above it)",
    )
    parser.add_argument("--seeds", type=int, default=10)
    arguments = parser.parse_args(argv)
    key = registry_key(None, arguments.model_dir.resolve().parent)
    registry = ModelRegistry(arguments.model_dir, key)
    model = registry.load(registry.version_of("champion"))
    with tempfile.TemporaryDirectory() as temporary:
        tune(model, arguments.seeds, Path(temporary))


if __name__ == "__main__":
    main()
