"""DEBT-04 Model reload per request: are files read from disk while serving?

Two legs. The probe counts, with a process-wide audit hook (`audit.py`), every file opened
below the instance folder and the model folder (the database and its journals aside) during
N requests after a warm-up: whatever the suffix and whatever the API (`open`, `os.open`,
`Path.read_bytes`, `joblib.load`, `pickle.load`). And it compares the median latency with a
loaded-once baseline: the same requests while `joblib.load` and `pickle.load` return the
object they loaded the first time. Either leg finds the debt: files opened, or requests more
than `SLOWER` times slower than with loads cached.
"""

import pickle
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import joblib
from flask.testing import FlaskClient

from credit_data.load import applicant_payload

from .artifacts import DATABASE_SUFFIXES
from .audit import files_opened_under
from .context import ProbeContext
from .result import ProbeResult

DEBT_ID = "DEBT-04"
REQUESTS = 20
# Serving this many times slower than with loads cached is reloading, even unseen.
SLOWER = 3.0


@contextmanager
def loads_cached() -> Iterator[None]:
    """Make `joblib.load` and `pickle.load` return what they loaded before for the same file."""
    real_joblib, real_pickle, loaded = joblib.load, pickle.load, {}

    def key_of(source) -> str:
        return str(getattr(source, "name", source))

    def cached(real):
        def load(source, *args, **kwargs):
            key = key_of(source)
            if key not in loaded:
                loaded[key] = real(source, *args, **kwargs)
            return loaded[key]

        return load

    joblib.load, pickle.load = cached(real_joblib), cached(real_pickle)
    try:
        yield
    finally:
        joblib.load, pickle.load = real_joblib, real_pickle


def timed_requests(client: FlaskClient, payloads: list[dict]) -> list[float]:
    """Post each payload to `/score` and return each request's seconds."""
    seconds = []
    for payload in payloads:
        started = time.perf_counter()
        client.post("/score", json=payload)
        seconds.append(time.perf_counter() - started)
    return seconds


def database_files(folder: Path) -> set[Path]:
    """The database files below `folder` (the stage's own store, not model files)."""
    return {path for path in folder.rglob("*") if path.name.endswith(DATABASE_SUFFIXES)}


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-04 on the context's stage."""
    instance = context.trained
    client = context.client()
    rows = context.holdout.head(REQUESTS)
    payloads = [
        {**applicant_payload(row), "application_id": context.new_id("reload")}
        for _, row in rows.iterrows()
    ]
    client.post("/score", json=payloads[0])  # warm-up
    watched = [instance.folder, instance.model_dir]
    with files_opened_under(watched, database_files(instance.folder)) as opened:
        served = timed_requests(client, payloads)
    with loads_cached():
        client.post("/score", json=payloads[0])
        baseline = timed_requests(client, payloads)
    per_request, baseline_median = statistics.median(served), statistics.median(baseline)
    ratio = per_request / baseline_median
    names = sorted({str(Path(path).relative_to(instance.folder.resolve())) for path in opened})
    evidence = {
        "requests": REQUESTS,
        "files_opened": len(opened),
        "opens_per_request": len(opened) / REQUESTS,
        "distinct_files": names,
        "median_ms": 1000 * per_request,
        "loaded_once_median_ms": 1000 * baseline_median,
        "latency_ratio": ratio,
    }
    present = bool(opened) or ratio > SLOWER
    figure = f"{len(opened)} opens / {REQUESTS} req"
    summary = (
        f"{len(opened)} files opened under the instance folder in {REQUESTS} requests"
        + (f" ({', '.join(names[:3])})" if names else "")
        + f"; median {1000 * per_request:.1f} ms against {1000 * baseline_median:.1f} ms with "
        f"loads cached (x{ratio:.1f})"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
