"""Measure the refactored service's monitoring and retraining figures, with selective labels.

`python -m benchmarks.refactored_monitoring` prints, as JSON:

- per drift scenario, the first alerting batch with approved-only outcomes against its budget
  (`stages/instrument/drift/scenarios.py`), the same with every outcome (the oracle), and how
  often the shift is caught in budget over other seeds; for an outcome shift, also with
  windows 250 applicants out of step with the batches (the first alert of each kind);
- the false-alarm count over seeded baseline replays (target: none in at least 20);
- the drift report alone on many seeded windows of the baseline and of each input shift:
  how many windows raise a drift finding, and which (`--drift-only`, with the replays above);
- the gate's decision after each scenario (and on label-shuffled data): the challenger is
  trained on the data file plus the approved-only outcomes, and judged on the holdout and the
  held-back newest window with paired bootstrap intervals of the AUC and cost differences;
  beside it, the same two models on a frozen window scored after the decision, with every
  outcome (what the gate could not see), of applicants the replay never sent;
- the time of one drift report over 100,000 logged rows x 20 features (target: <= 2 s);
- the time of the monitor's `check()` after a batch of 10,000 logged rows: 20 new windows of
  500 checked for drift, then their outcome checks once the approved have outcomes (the
  batch route's share of issue 15), per window.

Every replay logs the scenario's predictions in a fresh SQLite database and runs the
service's `Monitor` after each batch, as serving does after each request
(`monitor_replay.py`). It trains a fresh instance in a temporary folder first.
"""

import argparse
import dataclasses
import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from credit_data.codebook import APPLICATION_ID, TARGET
from credit_data.load import load_dataset
from refactored.config import load_settings
from refactored.features.columns import INPUT_FEATURES
from refactored.monitoring.drift import WINDOW_ALPHA, drift_report, holdout_figures
from refactored.monitoring.watch import Monitor
from refactored.registry.opening import open_registry
from refactored.registry.signing import KEY_FILE
from refactored.storage.engine import build_engine
from refactored.storage.monitoring import SqlMonitoringRepository
from refactored.training.gate import paired_comparison
from refactored.training.retrain import retrain
from stages.instrument.drift.population import applicant_keys, population
from stages.instrument.drift.scenarios import SCENARIOS, Scenario, scenario
from stages.instrument.drift.stream import draw_batch, stream, world_truths
from stages.instrument.instance import new_instance

from .monitor_replay import NOW, replay
from .scored_log import COST_CUTOFF, add_outcomes, log_batch

REPORT_ROWS = 100_000
CHECK_ROWS, CHECK_WINDOW = 10_000, 500
COSTS = {"cost_false_approval": 5.0, "cost_false_rejection": 1.0}


def in_budget(shift: Scenario, first: int | None) -> bool:
    """Whether a replay behaved: quiet on the baseline, an alert within budget otherwise."""
    if shift.detection_budget is None:
        return first is None
    return first is not None and shift.earliest_fair_alert <= first <= shift.deadline


def detection(model, folder: Path, seeds: int) -> dict:
    """The committed scenarios' first alerts, the oracle's, and the catch rate on other seeds."""
    figures = {}
    for shift in SCENARIOS:
        lender = replay(shift, model, folder / f"{shift.name}.db")
        oracle = replay(shift, model, folder / f"{shift.name}-all.db", labels="all")
        variants = [dataclasses.replace(shift, seed=10_000 + seed) for seed in range(seeds)]
        caught = sum(
            in_budget(v, replay(v, model, folder / f"{v.name}-{v.seed}.db").first_alert)
            for v in variants
        )
        figures[shift.name] = {
            "shift_starts_at_batch": shift.reference_batches,
            "earliest_fair_alert": shift.earliest_fair_alert,
            "deadline": shift.deadline,
            "first_alert_batch": lender.first_alert,
            "first_alert": lender.alerts[0]["message"] if lender.alerts else None,
            "alert_kinds": lender.kinds,
            "outcomes_reported": lender.labelled,
            "as_required": in_budget(shift, lender.first_alert),
            "oracle_first_alert_batch": oracle.first_alert,
            "oracle_as_required": in_budget(shift, oracle.first_alert),
            "oracle_outcomes_reported": oracle.labelled,
            f"as_required_over_{seeds}_other_seeds": caught,
        }
        if shift.outcome_only:
            # Windows 250 applicants out of step with the batches, so the second reference
            # window is half shifted.
            straddled = replay(shift, model, folder / f"{shift.name}-straddled.db", lead_in=250)
            figures[shift.name]["straddled_first_alert_batch"] = straddled.first_alert
            figures[shift.name]["straddled_first_alert_per_kind"] = straddled.first_alert_per_kind
        figures[shift.name]["first_alert_per_kind"] = lender.first_alert_per_kind
    return figures


def drift_windows(model, count: int, seed: int = 40_000) -> dict:
    """The drift report alone on `count` seeded windows of the baseline and each input shift.

    Each window is drawn as the scenario's stream draws a batch (unshifted for the baseline,
    shifted otherwise), scored by `model` and checked by `drift_report`, without a database.

    Returns:
        Per scenario, the windows with any drift finding and, per input or output, the
        windows that flagged it; for the baseline, the false-alarm budget's expected count.
    """
    rows = population()
    reference = model.card["reference_statistics"]
    holdout = holdout_figures(model.card)
    figures = {}
    for shift in [scenario("baseline"), *(s for s in SCENARIOS if s.shift == "covariate")]:
        rng, truths = np.random.default_rng([seed, shift.seed]), world_truths(shift, rows)
        flagged, per_subject = 0, {}
        for _ in range(count):
            shifted = shift.detection_budget is not None
            indices = draw_batch(shift, shifted, rows, rng, truths)[0]
            inputs = rows.iloc[indices].reset_index(drop=True)[list(INPUT_FEATURES)]
            probabilities = model.pipeline.predict_proba(inputs)[:, 1]
            drifted = drift_report(inputs, probabilities, reference, COST_CUTOFF, holdout)[
                "drifted"
            ]
            flagged += bool(drifted)
            for subject in drifted:
                per_subject[subject] = per_subject.get(subject, 0) + 1
        figures[shift.name] = {
            "windows": count,
            "windows_with_a_drift_finding": flagged,
            "windows_per_subject": dict(sorted(per_subject.items(), key=lambda i: -i[1])),
        }
    figures["baseline"]["false_alarm_budget"] = WINDOW_ALPHA * count
    return figures


def false_alarms(model, folder: Path, replays: int) -> dict:
    """The alerts of `replays` seeded baseline replays of 12 batches (approved-only outcomes)."""
    baseline = scenario("baseline")
    alarms = [
        replay(dataclasses.replace(baseline, seed=20_000 + seed), model, folder / f"b{seed}.db")
        for seed in range(replays)
    ]
    kinds = [kind for result in alarms for kind in result.kinds]
    return {
        "replays": replays,
        "batches_each": baseline.batches,
        "replays_with_an_alert": sum(bool(result.alerts) for result in alarms),
        "kinds": sorted(set(kinds)),
        "replays_with_an_alert_of_kind": {kind: kinds.count(kind) for kind in sorted(set(kinds))},
        "alerts": [
            {"seed": 20_000 + seed, "window": alert["window"], "message": alert["message"]}
            for seed, result in enumerate(alarms)
            for alert in result.alerts
        ],
    }


def gate_after(shift: Scenario | None, folder: Path, trained: Path, shuffled: bool = False):
    """Replay `shift` into a copy of the trained instance, retrain, and judge the decision."""
    name = "shuffled" if shuffled else shift.name
    instance = new_instance("refactored", folder / f"gate-{name}")
    shutil.copytree(trained, instance.model_dir)
    # The registry's signing key goes with it (the trained instance keeps it beside its models).
    shutil.copy2(trained.parent / KEY_FILE, instance.folder / KEY_FILE)
    if shuffled:
        data = pd.read_csv(instance.data_path, dtype=str, keep_default_na=False)
        data[TARGET] = np.random.default_rng(7).permutation(data[TARGET].to_numpy())
        data.to_csv(instance.data_path, index=False, lineterminator="\n")
    settings = load_settings(instance.settings)
    registry = open_registry(settings)
    champion = registry.load(registry.version_of("champion"))
    if shift is not None:
        replay(shift, champion, Path(settings.database_url.removeprefix("sqlite:///")))
    decision = retrain(settings, registry)
    figures = {
        "promote": decision["promote"],
        "reasons": decision["reasons"],
        "comparisons": decision["comparisons"],
        "outcome_rows": decision["outcome_rows"],
        "recent_window_rows": decision["recent_window_rows"],
    }
    if shift is not None:
        # A later window of applicants the replay never sent, so that neither model learnt any.
        sent = pd.concat([batch.applicants for batch in stream(shift)])
        frozen = stream(dataclasses.replace(shift, seed=shift.seed + 50_000))[-1].applicants
        frozen = frozen[~applicant_keys(frozen).isin(applicant_keys(sent))]
        figures["frozen_window_rows"] = len(frozen)
        challenger = registry.load(decision["challenger_version"])
        figures["frozen_window_all_outcomes"] = paired_comparison(
            frozen[TARGET].to_numpy(),
            champion.pipeline.predict_proba(frozen[list(INPUT_FEATURES)])[:, 1],
            challenger.pipeline.predict_proba(frozen[list(INPUT_FEATURES)])[:, 1],
            1 / 6,
            COSTS,
            seed=1,
        )
    return figures


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


def check_time(model, folder: Path, repeats: int = 3) -> dict:
    """Time `Monitor.check()` after a batch of `CHECK_ROWS` (best of `repeats` fresh logs).

    Each repeat logs `CHECK_ROWS` applicants sampled from the data file into a fresh SQLite
    database and times the check that finds its windows (drift, estimated performance,
    fairness); then records the outcomes of the approved and times the check that runs their
    outcome checks (prior and concept shift, reference period, pooling).
    """
    rows = load_dataset().sample(CHECK_ROWS, replace=True, random_state=2).reset_index(drop=True)
    rows[APPLICATION_ID] = [f"check-{index}" for index in range(CHECK_ROWS)]
    drift, outcomes = [], []
    for repeat in range(repeats):
        engine = build_engine(f"sqlite:///{folder / f'check-{repeat}.db'}")
        findings = SqlMonitoringRepository(engine)
        monitor = Monitor(
            findings, CHECK_WINDOW, COST_CUTOFF, card=lambda: model.card, clock=lambda: NOW
        )
        decisions = log_batch(engine, model, rows, NOW)
        started = time.perf_counter()
        monitor.check()
        drift.append(time.perf_counter() - started)
        approved = [decision == "approve" for decision in decisions]
        add_outcomes(engine, rows[approved][[APPLICATION_ID, TARGET]], NOW)
        started = time.perf_counter()
        monitor.check()
        outcomes.append(time.perf_counter() - started)
        checked = sum(window["performance"] is not None for window in findings.windows())
        engine.dispose()
    windows = CHECK_ROWS // CHECK_WINDOW
    return {
        "rows": CHECK_ROWS,
        "windows": windows,
        "drift_check_best_seconds": min(drift),
        "drift_check_per_window_ms": 1000 * min(drift) / windows,
        "outcome_check_best_seconds": min(outcomes),
        "windows_with_outcome_checks": checked,
        "outcome_check_per_window_ms": 1000 * min(outcomes) / max(checked, 1),
    }


def main(argv: list[str] | None = None) -> None:
    """Train a fresh instance, then measure and print every figure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replays", type=int, default=20, help="seeded baseline replays")
    parser.add_argument("--seeds", type=int, default=5, help="extra seeds per scenario")
    parser.add_argument("--detection-only", action="store_true", help="skip the rest")
    parser.add_argument("--gate-only", action="store_true", help="skip the rest")
    parser.add_argument("--timing-only", action="store_true", help="the two timings only")
    parser.add_argument(
        "--drift-only", action="store_true", help="baseline replays and drift windows only"
    )
    parser.add_argument("--windows", type=int, default=2000, help="drift windows per scenario")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        instance = new_instance("refactored", folder / "trained")
        instance.create_app()
        registry = open_registry(load_settings(instance.settings))
        model = registry.load(registry.version_of("champion"))
        if arguments.detection_only:
            print(json.dumps({"detection": detection(model, folder, arguments.seeds)}, indent=2))
            return
        if arguments.timing_only:
            timings = {"drift_report": report_time(model), "check": check_time(model, folder)}
            print(json.dumps(timings, indent=2))
            return
        if arguments.drift_only:
            figures = {
                "false_alarms": false_alarms(model, folder, arguments.replays),
                "drift_windows": drift_windows(model, arguments.windows),
            }
            print(json.dumps(figures, indent=2))
            return
        if arguments.gate_only:
            gates = {s.name: gate_after(s, folder, instance.model_dir) for s in SCENARIOS}
            gates["shuffled_labels"] = gate_after(None, folder, instance.model_dir, shuffled=True)
            print(json.dumps({"gate": gates}, indent=2))
            return
        alarms = false_alarms(model, folder, arguments.replays)
        gates = {s.name: gate_after(s, folder, instance.model_dir) for s in SCENARIOS}
        gates["shuffled_labels"] = gate_after(None, folder, instance.model_dir, shuffled=True)
        figures = {
            "drift_report": report_time(model),
            "check": check_time(model, folder),
            "false_alarms": alarms,
            "drift_windows": drift_windows(model, arguments.windows),
            "detection": detection(model, folder, arguments.seeds),
            "gate": gates,
        }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
