"""DEBT-04 Model reload per request: how often are model files read while serving?

The probe counts the model files opened during N requests after a warm-up (by wrapping the
built-in `open`), and compares the median latency with a loaded-once baseline: the same
requests while `joblib.load` returns the object it loaded the first time.
"""

import builtins
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import joblib
from flask.testing import FlaskClient

from credit_data.load import applicant_payload

from .artifacts import ARTIFACT_SUFFIXES
from .context import ProbeContext
from .result import ProbeResult

DEBT_ID = "DEBT-04"
REQUESTS = 20


@contextmanager
def counting_model_opens() -> Iterator[list[str]]:
    """Record the path of every model file opened inside the block."""
    opened: list[str] = []
    real_open = builtins.open

    def recording_open(file, *args, **kwargs):
        if isinstance(file, str | Path) and Path(file).suffix in ARTIFACT_SUFFIXES:
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    builtins.open = recording_open
    try:
        yield opened
    finally:
        builtins.open = real_open


@contextmanager
def loads_cached() -> Iterator[None]:
    """Make `joblib.load` return the object it loaded before for the same path."""
    real_load, loaded = joblib.load, {}

    def cached_load(filename, *args, **kwargs):
        key = str(filename)
        if key not in loaded:
            loaded[key] = real_load(filename, *args, **kwargs)
        return loaded[key]

    joblib.load = cached_load
    try:
        yield
    finally:
        joblib.load = real_load


def timed_requests(client: FlaskClient, payloads: list[dict]) -> list[float]:
    """Post each payload to `/score` and return each request's seconds."""
    seconds = []
    for payload in payloads:
        started = time.perf_counter()
        client.post("/score", json=payload)
        seconds.append(time.perf_counter() - started)
    return seconds


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-04 on the context's stage."""
    client = context.client()
    rows = context.holdout.head(REQUESTS)
    payloads = [
        {**applicant_payload(row), "application_id": context.new_id("reload")}
        for _, row in rows.iterrows()
    ]
    client.post("/score", json=payloads[0])  # warm-up
    with counting_model_opens() as opened:
        served = timed_requests(client, payloads)
    with loads_cached():
        client.post("/score", json=payloads[0])
        baseline = timed_requests(client, payloads)
    per_request, baseline_median = statistics.median(served), statistics.median(baseline)
    evidence = {
        "requests": REQUESTS,
        "model_loads": len(opened),
        "loads_per_request": len(opened) / REQUESTS,
        "median_ms": 1000 * per_request,
        "loaded_once_median_ms": 1000 * baseline_median,
        "latency_ratio": per_request / baseline_median,
    }
    present = len(opened) > 0
    figure = f"{len(opened)} loads / {REQUESTS} req"
    summary = (
        f"{len(opened)} model-file loads in {REQUESTS} requests; median {1000 * per_request:.1f}"
        f" ms against {1000 * baseline_median:.1f} ms with models loaded once "
        f"(x{evidence['latency_ratio']:.1f})"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
