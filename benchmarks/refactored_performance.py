"""Benchmark the refactored service against its own bare pipeline, in the same run.

`python -m benchmarks.refactored_performance` prints the single-request latency ratio and the
batch throughput ratios of issue #15 (see benchmarks/README.md), each against the bare
scikit-learn pipeline measured in the same run, and checks that the served answers are the
pipeline's (within the registry's parity bound).
"""

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from credit_data.load import applicant_payload, applicant_payloads, holdout_rows, load_dataset
from refactored.features.columns import INPUT_FEATURES
from refactored.features.frame import applicants_frame
from refactored.registry.runtime import columns_of
from refactored.serving.batch import score_table
from refactored.serving.context import CHECKER_KEY, stop_background_checks
from refactored.serving.scoring import score_applicants
from stages.instrument.instance import new_instance

BATCH_ROWS = 10_000
SINGLE_ROUNDS = 10
SINGLE_REQUESTS_PER_ROUND = 100
BATCH_REPEATS = 7
# Each route run is followed by the background check of its 20 windows (a few seconds).
ROUTE_REPEATS = 5
CHECK_TIMEOUT_SECONDS = 600.0
TARGETS = {
    "latency_ratio": ("<=", 0.5),
    "score_file_end_to_end_throughput_ratio": (">=", 0.8),
    "http_score_batch_with_storage_throughput_ratio": (">=", 0.5),
}


def timings(
    action: Callable[[], object], repeats: int, settle: Callable[[], object] | None = None
) -> list[float]:
    """Run `action` `repeats` times and return each run's wall time in seconds.

    `settle`, when given, runs after each run, outside the timing.
    """
    measured = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        measured.append(time.perf_counter() - started)
        if settle is not None:
            settle()
    return measured


def without_id(payload: dict) -> dict:
    """The applicant without its `application_id`: each request is then a new application."""
    return {name: value for name, value in payload.items() if name != "application_id"}


def single_request_ratio(client, model, payload: dict) -> dict:
    """p50 of `POST /score`, of the bare one-row `predict_proba` and of the served runtime."""
    row = applicants_frame([payload])
    columns = columns_of([payload])
    served, bare, runtime = [], [], []
    timings(lambda: client.post("/score", json=payload), 50)  # warm-up
    for _ in range(SINGLE_ROUNDS):
        bare += timings(lambda: model.pipeline.predict_proba(row), SINGLE_REQUESTS_PER_ROUND)
        runtime += timings(lambda: model.runtime.predict(columns), SINGLE_REQUESTS_PER_ROUND)
        served += timings(lambda: client.post("/score", json=payload), SINGLE_REQUESTS_PER_ROUND)
    served_p50, bare_p50 = statistics.median(served), statistics.median(bare)
    return {
        "score_p50_ms": served_p50 * 1000,
        "bare_predict_proba_p50_ms": bare_p50 * 1000,
        "served_runtime_p50_ms": statistics.median(runtime) * 1000,
        "latency_ratio": served_p50 / bare_p50,
    }


def same_answers(client, model, rows: pd.DataFrame) -> dict:
    """The largest difference between `/score`'s P(default) and the pipeline's, on `rows`."""
    served = [
        client.post("/score", json=applicant_payload(row)).get_json()["probability_default"]
        for _, row in rows.iterrows()
    ]
    expected = model.pipeline.predict_proba(rows[list(INPUT_FEATURES)])[:, 1]
    return {"rows": len(rows), "max_abs_difference": float(np.max(np.abs(served - expected)))}


def batch_ratios(client, context, checker, table: pd.DataFrame, folder: Path) -> dict:
    """Throughput of each batch path relative to the bare bulk `predict_proba` (higher: faster).

    `http_score_batch_with_storage` is the route end to end: decoding the body, validation,
    prediction, reasons, storing every row and encoding the answer. The monitoring check of
    the new windows runs after the answer on the application's monitoring thread: the
    benchmark waits for it between runs, outside the timing, and reports its time apart
    (`background_check_after_batch_s`). `score_applicants` is the route's service call alone.
    """
    model, policy = context.champion.current(), context.policy
    features = table[list(INPUT_FEATURES)]
    source, target = folder / "batch.csv", folder / "scores.csv"
    table.to_csv(source, index=False)
    # Without ids: the service gives each applicant a new one, so every run stores new
    # applications (a batch sent again with its ids would be a retry, answered from storage).
    payloads = [without_id(payload) for payload in applicant_payloads(table)]
    body = json.dumps({"applicants": payloads})

    def score_file() -> None:
        read = pd.read_csv(source, dtype={"application_id": str}, keep_default_na=False)
        score_table(read, model, policy).scores.to_csv(target, index=False)

    def score_batch() -> None:
        response = client.post("/score/batch", data=body, content_type="application/json")
        assert response.status_code == 200, response.get_data(as_text=True)

    bare = statistics.median(timings(lambda: model.pipeline.predict_proba(features), BATCH_REPEATS))
    # The route first: the rows `score_applicants` stores are never checked (no route asks).
    paths = {
        "score_table": lambda: score_table(table, model, policy),
        "score_file_end_to_end": score_file,
        "http_score_batch_with_storage": score_batch,
        "score_applicants": lambda: score_applicants(payloads, model, policy, context.scores),
    }
    checks: list[float] = []

    def settle() -> None:
        started = time.perf_counter()
        assert checker.wait_idle(CHECK_TIMEOUT_SECONDS), "the monitoring check did not finish"
        checks.append(time.perf_counter() - started)

    result = {"rows": len(table), "bare_predict_proba_s": bare}
    for name, action in paths.items():
        if name.startswith("score_"):
            seconds = statistics.median(timings(action, BATCH_REPEATS))
        else:
            checker.check_now()  # any window the single requests filled, before the timing
            seconds = statistics.median(timings(action, ROUTE_REPEATS, settle))
        result[f"{name}_s"] = seconds
        result[f"{name}_throughput_ratio"] = bare / seconds
    result["background_check_after_batch_s"] = statistics.median(checks)
    result["background_check_windows_per_batch"] = len(table) // context.monitor.window_size
    return result


def verdicts(figures: dict) -> dict:
    """Each target ratio, its measured value and whether it is met."""
    measured = {**figures["single"], **figures["batch"]}
    return {
        name: {
            "target": f"{sign} {bound}",
            "measured": round(measured[name], 3),
            "met": measured[name] <= bound if sign == "<=" else measured[name] >= bound,
        }
        for name, (sign, bound) in TARGETS.items()
    }


def main(argv: list[str] | None = None) -> None:
    """Train a fresh instance, measure, and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--folder",
        type=Path,
        help="where the instance (and its SQLite database) lives; default: the system temp folder",
    )
    arguments = parser.parse_args(argv)
    data = load_dataset()
    table = pd.concat([data] * (BATCH_ROWS // len(data) + 1), ignore_index=True).head(BATCH_ROWS)
    table["application_id"] = [f"bench-{number}" for number in range(len(table))]
    with tempfile.TemporaryDirectory(prefix="benchmark-", dir=arguments.folder) as folder:
        # The per-client volume limit is the service's policy, not its capacity: off here.
        instance = new_instance("refactored", Path(folder) / "instance")
        app = instance.create_app(settings={"SCORING_ROWS_PER_MINUTE": "0"})
        context, checker = app.extensions["refactored"], app.extensions[CHECKER_KEY]
        model = context.champion.current()
        client = app.test_client()
        holdout = holdout_rows(data)
        try:
            figures = {
                "model": model.card["model"],
                "served_by": model.card["serving_runtime"]["runtime"],
                "instance_folder": folder,
                "same_answers": same_answers(client, model, holdout),
                "single": single_request_ratio(
                    client, model, without_id(applicant_payload(holdout.iloc[0]))
                ),
                "batch": batch_ratios(client, context, checker, table, Path(folder)),
            }
        finally:
            stop_background_checks(app)
    figures["targets"] = verdicts(figures)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
