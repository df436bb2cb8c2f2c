"""`bench`: how far each stage's `/score` is from the limit its own model sets.

The limit is the stage's own model called directly, on one row and on 10,000 rows. The model
is the one a real request calls (captured: the first two-class `predict_proba` call on a
model file's estimator or one of its pipeline steps), taken whole: when the model file holding
it is a pipeline that scores raw applicants, the limit is that whole pipeline on the raw
applicant (preprocessing included, as the refactored stage's own benchmark measures it, even
when the service calls its steps one by one); otherwise the captured estimator on the input
the service prepared for it. Against it, `/score` through the test client: p50 and p95
over at least 300 requests after a warm-up. All in one process and one run, so the ratios
hold even where the absolute times vary. A benchmark, not a test.
"""

import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from credit_data.load import applicant_payload, holdout_rows, load_dataset

from .instance import new_instance
from .manifest import Stage
from .probes.artifacts import default_probabilities, load_models, raw_applicants

WARM_UP = 20
REQUESTS = 300
BULK_ROWS = 10_000
SINGLE_REPEATS = 200


@contextmanager
def capturing_model_inputs(model_types: set[type]) -> Iterator[list]:
    """Record (model, X) of every `predict_proba` call on the given model classes."""
    calls = []
    originals = {
        kind: (kind.__dict__.get("predict_proba"), kind.predict_proba) for kind in model_types
    }

    def recorder(original):
        def predict_proba(self, features, *args, **kwargs):
            calls.append((self, features))
            return original(self, features, *args, **kwargs)

        return predict_proba

    for kind, (_, original) in originals.items():
        kind.predict_proba = recorder(original)
    try:
        yield calls
    finally:
        for kind, (own, _) in originals.items():
            if own is None:
                del kind.predict_proba  # it was inherited: inherit it again
            else:
                kind.predict_proba = own


def estimator_types(model: object) -> set[type]:
    """The classes of a model and of its pipeline steps that have `predict_proba`."""
    found = {type(model)} if hasattr(model, "predict_proba") else set()
    for _, step in getattr(model, "steps", []):
        found |= estimator_types(step)
    return found


def whole_model(files: list, captured, features, raw_row: pd.DataFrame) -> tuple:
    """The model file's object that holds `captured`, with a raw applicant, if it takes one.

    The service's objects are not the files' (each loads its own copy): a file holds the
    captured estimator when it is, or has a step, of the same class.

    Returns:
        (model, one input row): the whole pipeline and the raw applicant when the file holding
        the captured estimator scores raw applicants; the captured call otherwise.
    """
    for model in files:
        kinds = {type(model)} | {type(step) for _, step in getattr(model, "steps", [])}
        if type(captured) not in kinds:
            continue
        if default_probabilities(model, raw_row) is not None:
            return model, raw_applicants(raw_row, model)
    return captured, features


def repeated(features, rows: int):
    """`features` (one row) repeated `rows` times, as a frame or an array like the original."""
    if isinstance(features, pd.DataFrame):
        return pd.concat([features] * rows, ignore_index=True)
    return np.repeat(np.asarray(features), rows, axis=0)


def seconds_per_call(function, repeats: int) -> float:
    """The median time of `repeats` calls of `function`."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_stage(stage: Stage, folder: Path, requests: int = REQUESTS) -> dict:
    """Benchmark one stage in a fresh instance inside `folder`.

    Args:
        stage: The stage.
        folder: An empty folder for the instance.
        requests: How many timed `/score` requests (300 or more for the published figures).

    Returns:
        The figures, in milliseconds, and the ratios to the limit.
    """
    instance = new_instance(stage.package, folder)
    client = instance.create_app().test_client()
    holdout = holdout_rows(load_dataset())
    payloads = [applicant_payload(row) for _, row in holdout.iterrows()]
    files = [model for _, model in load_models(instance.folder)]
    model_types = set().union(*(estimator_types(m) for m in files))
    with capturing_model_inputs(model_types) as calls:
        client.post("/score", json=payloads[0])
    captured = [(m, x) for m, x in calls if np.asarray(m.predict_proba(x)).shape[1] == 2]
    if captured:
        model, features = whole_model(files, *captured[0], holdout.head(1))
    else:  # served by another runtime (ONNX Runtime, stage 07 on): no call to capture
        model = next(m for m in files if default_probabilities(m, holdout.head(1)) is not None)
        features = raw_applicants(holdout.head(1), model)
    one_row = seconds_per_call(lambda: model.predict_proba(features), SINGLE_REPEATS)
    bulk = repeated(features, BULK_ROWS)
    bulk_seconds = seconds_per_call(lambda: model.predict_proba(bulk), 3)
    for payload in payloads[:WARM_UP]:
        client.post("/score", json=payload)
    latencies = []
    for number in range(requests):
        payload = {**payloads[number % len(payloads)], "application_id": f"bench-{number}"}
        started = time.perf_counter()
        client.post("/score", json=payload)
        latencies.append(time.perf_counter() - started)
    p50, p95 = np.percentile(latencies, [50, 95])
    return {
        "id": stage.number,
        "package": stage.package,
        "model": type(model).__name__,
        "limit_one_row_ms": 1000 * one_row,
        "limit_bulk_ms_per_row": 1000 * bulk_seconds / BULK_ROWS,
        "score_requests": requests,
        "score_p50_ms": 1000 * p50,
        "score_p95_ms": 1000 * p95,
        "p50_over_one_row_limit": p50 / one_row,
        "p50_over_bulk_limit_per_row": p50 / (bulk_seconds / BULK_ROWS),
    }


def bench(stages: list[Stage], requests: int = REQUESTS) -> list[dict]:
    """Benchmark each stage in its own temporary instance folder."""
    results = []
    for stage in stages:
        with tempfile.TemporaryDirectory(prefix=f"bench-{stage.slug}-") as folder:
            results.append(bench_stage(stage, Path(folder), requests))
    return results


def render(results: list[dict]) -> str:
    """The benchmark as a table."""
    lines = [
        f"{'stage':<16}{'model':<26}{'limit 1 row':>12}{'limit/row @10k':>16}"
        f"{'/score p50':>12}{'p95':>9}{'p50/1-row':>11}{'p50/row@10k':>13}"
    ]
    for r in results:
        lines.append(
            f"{r['id'] + ' ' + r['package']:<16}{r['model']:<26}{r['limit_one_row_ms']:>9.2f} ms"
            f"{r['limit_bulk_ms_per_row']:>13.4f} ms{r['score_p50_ms']:>9.2f} ms"
            f"{r['score_p95_ms']:>6.1f} ms{r['p50_over_one_row_limit']:>10.1f}x"
            f"{r['p50_over_bulk_limit_per_row']:>12.0f}x"
        )
    return "\n".join(lines)
