"""The findings of seeded monitoring replays, as JSON, and their comparison with a fixture.

`tests/refactored/data/monitoring_findings.json` holds what the monitor stored (every window
and every alert, without their timestamps) on the replays of `REPLAYS`, first written by the
implementation before the monitor was made cheaper (issues 12 and 15), and rewritten since
only where the findings were meant to change (the champion keeping the code book's order of
risk scores the replays differently; the simulated world outside the served model's family
draws other outcomes; fields with few values drift on a chi-squared test of their counts, so
each feature's entry names its test and budget and the covariate replay flags more of them;
the streams draw new applicants, none a row of the data file, instead of training rows;
each window's fairness entry now counts decided applicants, pools small groups and gives
every ratio an interval; floats that moved only in their last digits kept as recorded): the
equality test (`test_integration_monitoring_findings.py`) replays them with the current
implementation and compares. Rewrite the fixture only when a finding is meant to change:

    .venv/bin/python -m tests.refactored.monitoring_findings
"""

import json
import math
import tempfile
from pathlib import Path

from benchmarks.monitor_replay import replay
from stages.instrument.drift.scenarios import scenario
from stages.instrument.instance import new_instance
from tests.refactored.conftest import keyed_registry

FIXTURE = Path(__file__).parent / "data" / "monitoring_findings.json"
# name: (scenario, replay keyword arguments). A concept shift with approved-only outcomes and
# windows straddling the batches (reference period, pooling, concept and prior alerts); an
# input shift with every outcome and windows of 400 (15 windows, input and output drift,
# outcome checks on every decision).
REPLAYS = {
    "concept_approved_lead_in": ("concept", {"lead_in": 250}),
    "covariate_all_outcomes_window_400": ("covariate", {"labels": "all", "window_size": 400}),
}
TIMESTAMPS = ("checked_at", "raised_at")
# The reference period's offset is a root found by `scipy.optimize.brentq` to within 2e-12
# (its default `xtol`), so its last digits follow the machine's floating-point sums: found
# 1.6e-11 apart (relative) on two machines. 1e-10 leaves room for that and still sees any
# change of substance (the comparison's own test moves one z by 1e-9).
RELATIVE_TOLERANCE = 1e-10


def findings_of(model, folder: Path) -> dict:
    """The windows and alerts each replay of `REPLAYS` stored, without timestamps.

    Args:
        model: The registered model that scores the replays.
        folder: Where the replays' SQLite databases are written.
    """
    found = {}
    for name, (scenario_name, options) in REPLAYS.items():
        result = replay(scenario(scenario_name), model, folder / f"{name}.db", **options)
        found[name] = {
            "first_alert": result.first_alert,
            "windows": [without_timestamps(window) for window in result.windows],
            "alerts": [without_timestamps(alert) for alert in result.alerts],
        }
    return found


def without_timestamps(entry: dict) -> dict:
    """A stored window or alert without the time it was stored."""
    return {key: value for key, value in entry.items() if key not in TIMESTAMPS}


def differences(expected, actual, path: str = "") -> list[str]:
    """Where `actual` differs from `expected`: floats beyond `RELATIVE_TOLERANCE`, else any.

    Returns:
        One line per difference (its path and both values); empty when they agree.
    """
    if isinstance(expected, dict) and isinstance(actual, dict):
        if list(expected) != list(actual):
            return [f"{path}: keys {list(expected)} != {list(actual)}"]
        return [
            line
            for key in expected
            for line in differences(expected[key], actual[key], f"{path}.{key}")
        ]
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} items != {len(actual)}"]
        return [
            line
            for index, (left, right) in enumerate(zip(expected, actual, strict=True))
            for line in differences(left, right, f"{path}[{index}]")
        ]
    if isinstance(expected, float) and isinstance(actual, float):
        both_nan = math.isnan(expected) and math.isnan(actual)
        close = math.isclose(expected, actual, rel_tol=RELATIVE_TOLERANCE, abs_tol=0.0)
        return [] if both_nan or close else [f"{path}: {expected!r} != {actual!r}"]
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path}: {expected!r} != {actual!r}"]
    return []


def main() -> None:
    """Train a fresh refactored instance and write the replays' findings to `FIXTURE`."""
    with tempfile.TemporaryDirectory() as temporary:
        instance = new_instance("refactored", Path(temporary) / "trained")
        instance.create_app()
        registry = keyed_registry(instance)
        model = registry.load(registry.version_of("champion"))
        found = findings_of(model, Path(temporary))
    FIXTURE.parent.mkdir(exist_ok=True)
    FIXTURE.write_text(json.dumps(found, indent=1, sort_keys=False) + "\n")
    print(f"wrote {FIXTURE}")


if __name__ == "__main__":
    main()
