"""Measure the refactored service's monitoring and retraining figures of issue #5.

`python -m benchmarks.refactored_monitoring` prints, as JSON:

- the first alerting batch of each drift scenario (budget: covariate 1, prior 2, concept 3
  batches from the shift) and, over extra seeds, how often each shift is caught in budget;
- the false-alarm rate over seeded baseline replays (target: at most 5 % over >= 20);
- the gate's decision on a challenger trained on label-shuffled data;
- the AUC of champion and challenger after a concept shift, on the recent post-shift window
  and on the fixed holdout;
- the time of one drift report over 100,000 logged rows x 20 features (target: <= 2 s).

Every replay logs the scenario's predictions and its outcomes (one batch late) in a fresh
SQLite database and runs the service's `Monitor` after each batch, as serving does after
each request. It trains a fresh instance in a temporary folder first (a few seconds).
"""

import argparse
import dataclasses
import json
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from credit_data.codebook import APPLICATION_ID, TARGET
from credit_data.load import load_dataset
from refactored.config import load_settings
from refactored.features.columns import INPUT_FEATURES
from refactored.monitoring.drift import drift_report
from refactored.monitoring.watch import Monitor, holdout_figures
from refactored.registry import ModelRegistry
from refactored.storage.engine import build_engine
from refactored.storage.monitoring import SqlMonitoringRepository
from refactored.training.retrain import retrain
from stages.instrument.drift.scenarios import SCENARIOS, Scenario
from stages.instrument.drift.stream import stream
from stages.instrument.instance import new_instance

from .scored_log import add_outcomes, log_batch

NOW = datetime(2026, 1, 1, tzinfo=UTC)
REPORT_ROWS = 100_000


def replay(scenario: Scenario, model, database: Path) -> tuple[int | None, list[str]]:
    """Replay a scenario; the first batch with an alert and the kinds of all alerts."""
    engine = build_engine(f"sqlite:///{database}")
    repository = SqlMonitoringRepository(engine)
    monitor = Monitor(repository, scenario.batch_size, 1 / 6, card=lambda: model.card)
    first = None
    for batch in stream(scenario):
        add_outcomes(engine, batch.outcomes, NOW)
        log_batch(engine, model, batch.applicants, NOW)
        if monitor.check() and first is None:
            first = batch.index
    kinds = sorted({alert["kind"] for alert in repository.alerts(1000)})
    engine.dispose()
    return first, kinds


def in_budget(scenario: Scenario, first: int | None) -> bool:
    """Whether a replay behaved: quiet on the baseline, an alert within budget otherwise."""
    if scenario.detection_budget is None:
        return first is None
    deadline = scenario.reference_batches + scenario.detection_budget - 1
    return first is not None and scenario.reference_batches <= first <= deadline


def detection(model, folder: Path, seeds: int) -> dict:
    """The committed scenarios' first alerts, and the catch rate over `seeds` other seeds."""
    figures = {}
    for scenario in SCENARIOS:
        first, kinds = replay(scenario, model, folder / f"{scenario.name}.db")
        caught = sum(
            in_budget(scenario, replay(variant, model, folder / f"{variant.name}-{seed}.db")[0])
            for seed in range(seeds)
            for variant in [dataclasses.replace(scenario, seed=10_000 + seed)]
        )
        figures[scenario.name] = {
            "shift_starts_at_batch": scenario.reference_batches,
            "detection_budget": scenario.detection_budget,
            "first_alert_batch": first,
            "alert_kinds": kinds,
            "as_required": in_budget(scenario, first),
            f"as_required_over_{seeds}_other_seeds": caught,
        }
    return figures


def concept_retraining(folder: Path, trained: Path) -> dict:
    """Champion and challenger AUC after a concept shift (recent window and holdout)."""
    instance = new_instance("refactored", folder / "concept")
    shutil.copytree(trained, instance.model_dir)
    settings = load_settings(instance.settings)
    registry = ModelRegistry(settings.model_dir)
    champion = registry.load(registry.version_of("champion"))
    engine = build_engine(settings.database_url)
    batches = stream(next(s for s in SCENARIOS if s.name == "concept"))
    for batch in batches:
        add_outcomes(engine, batch.outcomes, NOW)
        log_batch(engine, champion, batch.applicants, NOW)
    add_outcomes(engine, batches[-1].applicants[[APPLICATION_ID, TARGET]], NOW)
    engine.dispose()
    decision = retrain(settings, registry)
    return {
        key: decision[key]
        for key in ("promote", "reasons", "metrics", "outcome_rows", "recent_window_rows")
    }


def shuffled_gate(folder: Path, trained: Path) -> dict:
    """The gate's decision on a challenger trained on label-shuffled data."""
    instance = new_instance("refactored", folder / "shuffled")
    shutil.copytree(trained, instance.model_dir)
    data = pd.read_csv(instance.data_path, dtype=str, keep_default_na=False)
    data[TARGET] = np.random.default_rng(7).permutation(data[TARGET].to_numpy())
    data.to_csv(instance.data_path, index=False, lineterminator="\n")
    settings = load_settings(instance.settings)
    decision = retrain(settings, ModelRegistry(settings.model_dir))
    return {"promote": decision["promote"], "reasons": decision["reasons"]}


def report_time(model, repeats: int = 5) -> dict:
    """Time one drift report over `REPORT_ROWS` logged rows x 20 features (best of `repeats`)."""
    rows = load_dataset().sample(REPORT_ROWS, replace=True, random_state=1).reset_index(drop=True)
    inputs = rows[list(INPUT_FEATURES)]
    probabilities = model.pipeline.predict_proba(inputs)[:, 1]
    reference = model.card["reference_statistics"]
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        report = drift_report(inputs, probabilities, reference, 1 / 6, holdout_figures(model.card))
        times.append(time.perf_counter() - started)
    return {
        "rows": REPORT_ROWS,
        "features": len(report["features"]),
        "best_seconds": min(times),
        "median_seconds": float(np.median(times)),
        "target_seconds": 2.0,
    }


def main(argv: list[str] | None = None) -> None:
    """Train a fresh instance, then measure and print every figure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replays", type=int, default=50, help="seeded baseline replays")
    parser.add_argument("--seeds", type=int, default=10, help="extra seeds per scenario")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        instance = new_instance("refactored", folder / "trained")
        instance.create_app()
        registry = ModelRegistry(instance.model_dir)
        model = registry.load(registry.version_of("champion"))
        baseline = next(s for s in SCENARIOS if s.name == "baseline")
        alarms = [
            replay(dataclasses.replace(baseline, seed=20_000 + seed), model, folder / f"b{seed}.db")
            for seed in range(arguments.replays)
        ]
        false_alarms = sum(first is not None for first, _ in alarms)
        figures = {
            "drift_report": report_time(model),
            "false_alarms": {
                "replays": arguments.replays,
                "replays_with_an_alert": false_alarms,
                "rate": false_alarms / arguments.replays,
                "kinds": sorted({kind for _, kinds in alarms for kind in kinds}),
            },
            "detection": detection(model, folder, arguments.seeds),
            "shuffled_labels_gate": shuffled_gate(folder, instance.model_dir),
            "concept_shift_retraining": concept_retraining(folder, instance.model_dir),
        }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
