"""Measure the refactored service's fairness figures on seeded replays, and the proxy audit.

`python -m benchmarks.fairness_figures` prints, as JSON:

- per protected attribute, over every window of seeded replays (the baseline over several
  seeds and each drift scenario, windows of 500, approved-only outcomes): how many windows
  got an approval-rate ratio, how many pooled earlier windows to get it, how many had an
  interval, the median ratio and interval width, and how many raised a fairness alert;
- beside it, fairlearn's `demographic_parity_ratio` of the same windows (each window alone,
  automatic approvals), what a reader would compute by hand;
- the proxy audit of the trained model's card, when the card has one: how well each
  protected attribute is predicted from the scored fields.

It trains a fresh instance in a temporary folder first and runs on the implementation in
the working tree, so that the same command measures before and after a change.
"""

import argparse
import dataclasses
import json
import tempfile
from pathlib import Path

import numpy as np
from fairlearn.metrics import demographic_parity_ratio

from refactored.config import load_settings
from refactored.features.columns import INPUT_FEATURES
from refactored.monitoring.fairness import protected_groups
from refactored.registry.opening import open_registry
from stages.instrument.drift.scenarios import SCENARIOS, scenario
from stages.instrument.drift.stream import stream
from stages.instrument.instance import new_instance

from .monitor_replay import replay
from .scored_log import decide

ATTRIBUTES = ("sex", "age", "foreign_worker")


def replays(seeds: int) -> list:
    """The baseline over `seeds` seeds, then every drift scenario."""
    baseline = scenario("baseline")
    return [dataclasses.replace(baseline, seed=30_000 + seed) for seed in range(seeds)] + list(
        SCENARIOS
    )


def fairlearn_ratios(shift, model) -> list[dict]:
    """The demographic parity ratio (fairlearn) of each batch alone (automatic approvals)."""
    ratios = []
    for batch in stream(shift):
        applicants = batch.applicants.reset_index(drop=True)
        decisions = np.asarray(
            decide(model.pipeline.predict_proba(applicants[list(INPUT_FEATURES)])[:, 1])
        )
        approved = (decisions == "approve").astype(int)
        ratios.append(
            {
                attribute: float(
                    demographic_parity_ratio(approved, approved, sensitive_features=groups)
                )
                for attribute, groups in protected_groups(applicants).items()
            }
        )
    return ratios


def window_figures(windows: list[dict], alerts: list[dict]) -> dict:
    """Per attribute: windows rated, pooled, with an interval; median ratio and width."""
    figures = {}
    for attribute in ATTRIBUTES:
        entries = [window["drift"]["fairness"]["groups"][attribute] for window in windows]
        rated = [entry for entry in entries if entry.get("ratio") is not None]
        intervals = [entry["interval"] for entry in rated if entry.get("interval")]
        figures[attribute] = {
            "windows": len(entries),
            "with_a_ratio": len(rated),
            "pooled_over_earlier_windows": sum(e.get("pooled_windows", 1) > 1 for e in rated),
            "with_an_interval": len(intervals),
            "median_ratio": float(np.median([e["ratio"] for e in rated])) if rated else None,
            "median_interval_width": (
                float(np.median([high - low for low, high in intervals])) if intervals else None
            ),
            "fairness_alerts": sum(alert["subject"] == attribute for alert in alerts),
        }
    return figures


def main(argv: list[str] | None = None) -> None:
    """Train a fresh instance, replay, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeded baseline replays")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        instance = new_instance("refactored", folder / "trained")
        instance.create_app()
        registry = open_registry(load_settings(instance.settings))
        model = registry.load(registry.version_of("champion"))
        windows, alerts, by_hand = [], [], []
        for number, shift in enumerate(replays(arguments.seeds)):
            result = replay(shift, model, folder / f"replay-{number}.db")
            windows += result.windows
            alerts += [
                alert
                for window in result.windows
                for alert in window["drift"]["fairness"]["alerts"]
            ]
            by_hand += fairlearn_ratios(shift, model)
        protected = model.card["metrics"]["protected_attributes"]
        figures = {
            "replays": len(replays(arguments.seeds)),
            "window_size": scenario("baseline").batch_size,
            "monitor": window_figures(windows, alerts),
            "fairlearn_demographic_parity_ratio_median": {
                attribute: float(np.nanmedian([entry[attribute] for entry in by_hand]))
                for attribute in ATTRIBUTES
            },
            "proxy_audit": protected.get("proxies"),
        }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
