"""DEBT-19 Glue code: what does the service cost per applicant, against its own model?

The probe scores a window of `WINDOW` applicants (the holdout repeated, each copy with a fresh
opaque id and its credit amount moved by a different number of marks, so that no two
payloads are equal and no answer can be reused) through the stage's cheapest scoring route:
`POST /score/batch` when the stage answers it (tried, whatever its name says), else
`POST /score` one applicant at a time (`SAMPLE` of them; the floor is always measured on a
window of `WINDOW`). Every applicant must get a valid
answer naming its id (and, when the served model takes raw applicants, the model's own
probability), and must be stored exactly once: the probe counts the rows of every table of
the stage's database that hold each id.

Against it, in the same process, the physical floor: the bare bulk `predict_proba` of the
same rows with the stage's own served model (read from the reference copy of its model
files; the model a request calls, captured as `bench.py` captures it, taken whole when its
file scores raw applicants, else on the prepared row the service built) plus one bulk insert
of as many rows into a scratch SQLite table, in one transaction. Both sides are process CPU
time (`time.process_time`, robust to a busy machine); the service's counts until the process
is idle again, so work moved to a background thread is still counted. Each side runs
`ROUNDS` times; the minimum counts. The debt is present when the service costs more than
`TIMES_THE_FLOOR` times the floor per applicant, or when any answer is wrong or missing.
"""

import json
import math
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from flask.testing import FlaskClient
from sqlalchemy import String, Text, func, inspect, select
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table

from credit_data.codebook import APPLICANT_FIELDS, ATTRIBUTES
from credit_data.load import applicant_payload, applicant_payloads

from ..bench import capturing_model_inputs, estimator_types, repeated, whole_model
from ..database import connected
from .artifacts import default_probabilities, raw_applicants
from .context import ProbeContext
from .result import ProbeResult

DEBT_ID = "DEBT-19"
WINDOW = 2_000
# Applicants sent one request each when the stage has no batch route (enough for a median).
SAMPLE = 100
ROUNDS = 2
# The service may cost this many times its model (prediction and one bulk insert) per
# applicant. Measured on a 2-core machine: x2.2 on the refactored stage (its monitoring
# thread's check of the new windows included), x33 and x39 on stages 13 and 12 (a batch route
# that validates, explains and stores row by row), x240 on the monolith (one request each).
TIMES_THE_FLOOR = 8.0
# Served probabilities from a raw-capable model file must match it this closely.
TOLERANCE = 1e-4
# The seed of the applicants' opaque ids (plus the round's number).
ID_SEED = 19_019
DECISIONS = {"approve", "reject", "review"}
CREDIT_AMOUNT = next(
    (field.minimum, field.maximum) for field in ATTRIBUTES if field.name == "credit_amount"
)
# The process is idle once it spends less than this CPU in one `QUIET_SECONDS` interval.
QUIET_SECONDS, QUIET_CPU = 0.05, 0.004
SETTLE_LIMIT_SECONDS = 30.0


def unique_window(holdout: pd.DataFrame, rows: int, round_number: int) -> pd.DataFrame:
    """`rows` applicants from the holdout repeated, no two alike, with fresh opaque ids.

    Each copy's credit amount moves by its own offset (up, or down near the maximum), so a
    service that reuses answers by payload finds nothing to reuse, within or across rounds.
    """
    window = pd.concat([holdout] * math.ceil(rows / len(holdout)), ignore_index=True).head(rows)
    low, high = CREDIT_AMOUNT
    offsets = np.arange(rows) + 1 + round_number * rows
    amounts = window["credit_amount"].to_numpy()
    moved = np.where(amounts + offsets <= high, amounts + offsets, amounts - offsets)
    window["credit_amount"] = np.clip(moved, low, high).astype(int)
    # Seeded per round: the ids differ between rounds and runs of a round are repeatable.
    opaque = np.random.default_rng(ID_SEED + round_number).integers(1 << 62, size=rows)
    window["application_id"] = [f"{number:04d}{key:016x}" for number, key in enumerate(opaque)]
    return window


def settled_cpu(started: float) -> float:
    """Process CPU since `started`, once the process is idle again (background work counts)."""
    deadline = time.monotonic() + SETTLE_LIMIT_SECONDS
    while time.monotonic() < deadline:
        before = time.process_time()
        time.sleep(QUIET_SECONDS)
        if time.process_time() - before < QUIET_CPU:
            return before - started
    return time.process_time() - started


def through_batch(client: FlaskClient, payloads: list[dict]) -> tuple[float, float, list | None]:
    """Post the window in one `POST /score/batch`: (request CPU, settled CPU, results or None)."""
    body = json.dumps({"applicants": payloads})
    started = time.process_time()
    response = client.post("/score/batch", data=body, content_type="application/json")
    request_cpu = time.process_time() - started
    cpu = settled_cpu(started)
    if response.status_code != 200:
        return request_cpu, cpu, None
    answer = response.get_json(silent=True)
    results = answer.get("results") if isinstance(answer, dict) else None
    return request_cpu, cpu, results if isinstance(results, list) else None


def through_score(client: FlaskClient, payloads: list[dict]) -> tuple[float, float, list]:
    """Post each applicant to `POST /score`: (request CPU, settled CPU, answers)."""
    bodies = [json.dumps(payload) for payload in payloads]
    responses = []
    started = time.process_time()
    for body in bodies:
        responses.append(client.post("/score", data=body, content_type="application/json"))
    request_cpu = time.process_time() - started
    cpu = settled_cpu(started)
    answers = [
        response.get_json(silent=True) if response.status_code == 200 else None
        for response in responses
    ]
    return request_cpu, cpu, answers


def stored_counts(database_url: str, ids: list[str]) -> Counter:
    """How many rows, over every table's text columns, hold each of `ids` exactly."""
    counts: Counter = Counter()
    with connected(database_url) as connection:
        inspector = inspect(connection)
        for table_name in inspector.get_table_names():
            for column in inspector.get_columns(table_name):
                if not isinstance(column["type"], String | Text):
                    continue
                target = sql_table(table_name, sql_column(column["name"]))
                value = target.c[column["name"]]
                for start in range(0, len(ids), 500):
                    query = (
                        select(value, func.count())
                        .where(value.in_(ids[start : start + 500]))
                        .group_by(value)
                    )
                    counts.update(dict(connection.execute(query).all()))
    return counts


def wrong_answers(
    answers: list | None, window: pd.DataFrame, expected: np.ndarray | None
) -> list[str]:
    """What is wrong with the answers to `window` (empty when every one is right)."""
    ids = window["application_id"].tolist()
    if answers is None or len(answers) != len(ids):
        return [f"{0 if answers is None else len(answers)} answers for {len(ids)} applicants"]
    problems = []
    for number, (answer, sent) in enumerate(zip(answers, ids, strict=True)):
        if not isinstance(answer, dict) or answer.get("application_id") != sent:
            problems.append(f"applicant {number}: no answer naming its id")
            continue
        probability = answer.get("probability_default")
        if not isinstance(probability, int | float) or not 0 <= probability <= 1:
            problems.append(f"applicant {number}: probability {probability!r}")
        elif expected is not None and abs(probability - expected[number]) > TOLERANCE:
            problems.append(
                f"applicant {number}: P(default) {probability:.6f}, "
                f"the served model says {expected[number]:.6f}"
            )
        if answer.get("decision") not in DECISIONS:
            problems.append(f"applicant {number}: decision {answer.get('decision')!r}")
    return problems


def served_model(context: ProbeContext, client: FlaskClient, sample: pd.DataFrame) -> tuple:
    """The model a request calls, from the reference files: (model, one input row, raw?).

    The first two-class `predict_proba` call of one `POST /score` is captured (`bench.py`);
    the reference file holding a model of its class is taken whole when it scores raw
    applicants, else the captured estimator on the row the service prepared. A stage served
    by another runtime (no call to capture) gets its raw-capable reference model.
    """
    files = [model for _, model in context.reference_models()]
    kinds = set().union(*(estimator_types(model) for model in files)) if files else set()
    payload = {**applicant_payload(sample.iloc[0]), "application_id": context.new_id("glue")}
    with capturing_model_inputs(kinds) as calls:
        client.post("/score", json=payload)
    captured = [(m, x) for m, x in calls if np.asarray(m.predict_proba(x)).shape[1] == 2]
    if captured:
        model, features = whole_model(files, *captured[0], sample.head(1))
    else:
        model = next(m for m in files if default_probabilities(m, sample.head(1)) is not None)
        features = raw_applicants(sample.head(1), model)
    takes_raw = isinstance(features, pd.DataFrame) and set(features.columns) <= set(
        APPLICANT_FIELDS
    )
    return model, features, takes_raw


def floor_cpu(model, features, takes_raw: bool, window: pd.DataFrame, scratch: Path) -> float:
    """CPU of the bare bulk `predict_proba` of the window plus one bulk insert of its rows."""
    rows = raw_applicants(window, model) if takes_raw else repeated(features, len(window))
    started = time.process_time()
    probabilities = np.asarray(model.predict_proba(rows))[:, 1]
    now = datetime.now(UTC).isoformat()
    stored = [
        (key, json.dumps(payload), float(p), "approve" if p < 0.5 else "reject", now)
        for key, payload, p in zip(
            window["application_id"], applicant_payloads(window), probabilities, strict=True
        )
    ]
    connection = sqlite3.connect(scratch)
    try:
        with connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS scores (application_id TEXT, applicant TEXT,"
                " probability_default REAL, decision TEXT, scored_at TEXT)"
            )
            connection.executemany("INSERT INTO scores VALUES (?, ?, ?, ?, ?)", stored)
    finally:
        connection.close()
    return time.process_time() - started


def minimum_over_rounds(measure: Callable[[int], float]) -> float:
    """The smallest of `ROUNDS` measurements (round number given)."""
    return min(measure(number) for number in range(ROUNDS))


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-19 on the context's stage."""
    instance = context.trained_copy("glue-code")
    client = instance.create_app().test_client()
    holdout = context.holdout
    model, features, takes_raw = served_model(context, client, holdout)
    warm = unique_window(holdout, 10, ROUNDS + 1)
    batch_answer = client.post("/score/batch", json={"applicants": applicant_payloads(warm)})
    route = "POST /score/batch" if batch_answer.status_code not in (404, 405) else "POST /score"
    size = WINDOW if route == "POST /score/batch" else SAMPLE
    send = through_batch if route == "POST /score/batch" else through_score
    service, requested, problems = [], [], []
    for number in range(ROUNDS):
        window = unique_window(holdout, size, number)
        request_cpu, cpu, answers = send(client, applicant_payloads(window))
        requested.append(request_cpu)
        service.append(cpu)
        expected = (
            np.asarray(model.predict_proba(raw_applicants(window, model)))[:, 1]
            if takes_raw
            else None
        )
        problems += wrong_answers(answers, window, expected)
        ids = window["application_id"].tolist()
        counts = stored_counts(instance.database_url, ids)
        problems += [
            f"applicant {key} stored {counts[key]} times" for key in ids if counts[key] != 1
        ]
    scratch = context.workspace / "glue-code-floor.db"
    floor = minimum_over_rounds(
        lambda number: floor_cpu(
            model, features, takes_raw, unique_window(holdout, WINDOW, number), scratch
        )
    )
    floor_per_applicant = floor / WINDOW
    per_applicant = min(service) / size
    ratio = per_applicant / floor_per_applicant
    present = ratio > TIMES_THE_FLOOR or bool(problems)
    evidence = {
        "route": route,
        "applicants_per_round": size,
        "rounds": ROUNDS,
        "service_cpu_ms_per_applicant": 1000 * per_applicant,
        "service_request_only_cpu_ms_per_applicant": 1000 * min(requested) / size,
        "floor_cpu_ms_per_applicant": 1000 * floor_per_applicant,
        "floor_model": type(model).__name__,
        "floor_takes_raw_applicants": takes_raw,
        "times_the_floor": ratio,
        "threshold": TIMES_THE_FLOOR,
        "problems": len(problems),
        "first_problems": problems[:5],
    }
    figure = f"x{ratio:.1f} the model" + (f", {len(problems)} wrong" if problems else "")
    summary = (
        f"{route}, {size} applicants: {1000 * per_applicant:.3f} ms of CPU per applicant against "
        f"{1000 * floor_per_applicant:.4f} ms for the bare bulk predict_proba of "
        f"{type(model).__name__} and one bulk insert (x{ratio:.1f}; debt above "
        f"x{TIMES_THE_FLOOR:g})"
        + (f"; {len(problems)} problems, first: {problems[0]}" if problems else "")
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
