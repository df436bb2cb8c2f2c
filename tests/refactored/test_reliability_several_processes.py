"""Reliability: two service processes on one PostgreSQL database and one registry are one service.

Each process is a gunicorn master on its own port with the same `DATABASE_URL` (a fresh
PostgreSQL database) and the same `MODEL_DIR`, as two hosts behind a load balancer would be
(the registry folder standing for shared storage). What one process changes, the other serves
on its next request: promotions and rollbacks, outcomes, retraining jobs.
"""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sqlalchemy import create_engine, distinct, func, inspect, select, text, update
from sqlalchemy.orm import Session

from credit_data.codebook import TARGET
from credit_data.load import applicant_payload
from refactored.features.columns import INPUT_FEATURES
from refactored.features.pipeline import build_pipeline
from refactored.storage.engine import create_tables, parse_database_url
from refactored.storage.jobs import SqlJobRepository
from refactored.storage.orm import Base, Review, ScoredApplication
from refactored.storage.reviews import ReviewAlreadyDecidedError, SqlReviewRepository
from tests.refactored.conftest import (
    ADMIN_TOKEN,
    build_app,
    close_engines_of,
    copy_instance,
    keyed_registry,
)
from tests.refactored.servers import call, start_service

pytestmark = pytest.mark.slow
CLIENT_THREADS = 8
REQUESTS_PER_THREAD = 250
WINDOW = 100


@pytest.fixture
def shared(trained_instance, postgres, tmp_path):
    """An instance on a fresh PostgreSQL database, its registry shared by both processes."""
    url = postgres.create_database("several")
    yield copy_instance(trained_instance, tmp_path / "shared", url)
    close_engines_of(url.rpartition("/")[2])
    postgres.drop_database(url)


@pytest.fixture
def two_processes(shared, tmp_path):
    """Two service processes (one gunicorn worker each) on the shared instance."""
    settings = {"ADMIN_TOKEN": ADMIN_TOKEN, "MONITORING_WINDOW": str(WINDOW)}
    first = start_service(shared, tmp_path / "first", **settings)
    second = start_service(shared, tmp_path / "second", **settings)
    yield first.port, second.port
    logs = [first.stop(), second.stop()]
    for log in logs:
        assert "Traceback" not in log, log[-3000:]


def score(port: int, payload: dict) -> dict:
    """Score one applicant as a new application (an id of its own); fail on anything but 200."""
    status, body = call(port, "POST", "/score", {**payload, "application_id": uuid.uuid4().hex})
    assert status == 200, body
    return body


def test_a_promotion_or_rollback_through_either_process_is_served_by_both(
    shared, two_processes, champion, holdout, valid_payload
):
    first, second = two_processes
    other = build_pipeline(LogisticRegression(C=3.0, max_iter=2000)).fit(
        holdout[list(INPUT_FEATURES)], holdout[TARGET]
    )
    card = {
        key: value for key, value in champion.card.items() if key not in ("version", "artifact")
    }
    version = keyed_registry(shared).register(other, card)
    assert (
        score(first, valid_payload)["model_version"]
        == score(second, valid_payload)["model_version"]
        == 1
    )

    promoted = call(first, "POST", "/model/champion", {"version": version}, ADMIN_TOKEN)

    assert promoted[0] == 200
    answers = [score(port, valid_payload) for port in (second, first)]
    assert [answer["model_version"] for answer in answers] == [version, version]
    expected = other.predict_proba(holdout.head(1)[list(INPUT_FEATURES)])[0, 1]
    assert answers[0]["probability_default"] == pytest.approx(expected, abs=1e-12)

    rolled_back = call(second, "POST", "/admin/rollback", {}, ADMIN_TOKEN)

    assert rolled_back == (200, {"status": "rolled_back", "model_version": 1, "by": "admin"})
    assert [score(port, valid_payload)["model_version"] for port in (first, second)] == [1, 1]


def test_outcomes_reported_to_one_process_count_in_the_monitoring_read_from_the_other(
    two_processes, holdout
):
    first, second = two_processes
    rows = holdout.head(WINDOW)
    payloads = [
        {**applicant_payload(row), "application_id": f"several-{number}"}
        for number, (_, row) in enumerate(rows.iterrows())
    ]
    status, body = call(first, "POST", "/score/batch", {"applicants": payloads})
    assert status == 200
    approved = [
        (answer["application_id"], int(row[TARGET]))
        for answer, (_, row) in zip(body["results"], rows.iterrows(), strict=True)
        if answer["decision"] == "approve"
    ]
    assert approved

    for application_id, defaulted in approved:
        reported = call(
            first,
            "POST",
            "/outcomes",
            {"application_id": application_id, "defaulted": defaulted},
            ADMIN_TOKEN,
        )
        assert reported[0] == 201

    status, monitoring = call(second, "GET", "/monitoring/performance", token=ADMIN_TOKEN)
    assert status == 200
    (window,) = monitoring["windows"]
    assert window["rows"] == WINDOW
    assert window["performance"]["labelled_rows"] == len(approved)
    realised = window["performance"]["estimated_and_realised"]["bad_rate"]["realised"]
    assert realised == pytest.approx(np.mean([defaulted for _, defaulted in approved]))


def test_two_retrainings_started_through_both_at_once_run_one_at_a_time(shared, two_processes):
    first, second = two_processes
    barrier = threading.Barrier(2)

    def start(port: int) -> tuple[int, dict]:
        barrier.wait(timeout=60)
        return call(port, "POST", "/admin/retrain", {}, ADMIN_TOKEN)

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(start, (first, second)))

    assert sorted(status for status, _ in answers) == [202, 409]
    job_ids = {body["job_id"] for _, body in answers}
    assert len(job_ids) == 1, answers
    (job_id,) = job_ids
    started_by = first if answers[0][0] == 202 else second
    other = second if started_by == first else first
    for _ in range(30):
        status, job = call(other, "GET", f"/admin/jobs/{job_id}?wait=20", token=ADMIN_TOKEN)
        if job["state"] != "running":
            break
    assert status == 200 and job["state"] in ("promoted", "refused"), job
    assert job["gate"]["challenger_version"] == 2 and job["reasons"]
    assert keyed_registry(shared).versions() == [1, 2]
    assert SqlJobRepository(create_engine(shared.database_url)).running() is None


def test_eight_clients_over_both_processes_get_no_error_and_store_each_request_once(
    shared, two_processes, holdout
):
    ports = two_processes
    applicants = [applicant_payload(row) for _, row in holdout.iterrows()]

    def client(thread: int) -> tuple[list[str], list[float]]:
        problems, seconds = [], []
        for number in range(REQUESTS_PER_THREAD):
            payload = {
                **applicants[(thread * REQUESTS_PER_THREAD + number) % len(applicants)],
                "application_id": f"several-{thread}-{number}",
            }
            began = time.perf_counter()
            try:
                status, _ = call(ports[number % 2], "POST", "/score", payload)
            except OSError as error:
                problems.append(f"{payload['application_id']}: {error!r}")
                continue
            seconds.append(time.perf_counter() - began)
            if status != 200:
                problems.append(f"{payload['application_id']}: HTTP {status}")
        return problems, seconds

    with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as pool:
        results = list(pool.map(client, range(CLIENT_THREADS)))

    problems = [problem for found, _ in results for problem in found]
    latencies = np.asarray([value for _, seconds in results for value in seconds])
    print(
        f"\ntwo processes on PostgreSQL: {len(latencies)} requests, {len(problems)} errors, "
        f"p50 {np.percentile(latencies, 50) * 1000:.1f} ms, "
        f"p95 {np.percentile(latencies, 95) * 1000:.1f} ms"
    )
    assert problems == []
    engine = create_engine(shared.database_url)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(ScoredApplication)).scalar()
        distinct_ids = connection.execute(
            select(func.count(distinct(ScoredApplication.application_id)))
        ).scalar_one()
    assert stored == distinct_ids == CLIENT_THREADS * REQUESTS_PER_THREAD


def waiting_for_a_lock(engine, backend: int) -> bool:
    """Whether the server backend `backend` is waiting for a lock (read in pg_stat_activity)."""
    with engine.connect() as connection:
        query = text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid")
        return connection.execute(query, {"pid": backend}).scalar() == "Lock"


def test_a_second_process_creating_the_tables_waits_for_the_first_then_finds_them(postgres):
    # Two connections stand for two service processes starting at once on a fresh database:
    # the first has created the tables but not committed yet when the second starts.
    url = postgres.create_database("schema")
    engine = create_engine(parse_database_url(url))
    outcome = {}

    def second_process(connection) -> None:
        try:
            with connection.begin():
                create_tables(connection)
            outcome["created"] = True
        except Exception as error:
            outcome["error"] = error

    with engine.connect() as first, engine.connect() as second:
        backend = second.connection.dbapi_connection.info.backend_pid
        second.commit()
        first.begin()
        create_tables(first)
        thread = threading.Thread(target=second_process, args=(second,))
        thread.start()
        deadline = time.monotonic() + 60
        while not waiting_for_a_lock(engine, backend) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert waiting_for_a_lock(engine, backend), "the second process never waited"
        first.commit()
        thread.join(timeout=60)

    assert outcome == {"created": True}, outcome
    assert set(inspect(engine).get_table_names()) == set(Base.metadata.tables)
    close_engines_of(url.rpartition("/")[2])
    postgres.drop_database(url)


def test_two_reviewers_deciding_one_application_at_once_record_one_decision(shared, holdout):
    # The first reviewer's decision is written but not committed when the second one's
    # request reads the review as pending: the second must not overwrite the first.
    client = build_app(shared, ADMIN_TOKEN=ADMIN_TOKEN).test_client()
    payloads = [
        {**applicant_payload(row), "application_id": f"reviewed-{number}"}
        for number, (_, row) in enumerate(holdout.iterrows())
    ]
    answers = client.post("/score/batch", json={"applicants": payloads}).get_json()["results"]
    reviewed = next(answer for answer in answers if answer["decision"] == "review")
    engine = create_engine(shared.database_url)
    repository = SqlReviewRepository(engine)
    outcome = {}

    def second_reviewer() -> None:
        try:
            outcome["changed"] = repository.decide(
                reviewed["application_id"], "approve", "second", datetime.now(UTC)
            )[1]
        except ReviewAlreadyDecidedError as error:
            outcome["refused"] = str(error)

    with engine.connect() as first:
        first.execute(
            update(Review.__table__)
            .where(Review.decision.is_(None))
            .values(decision="reject", note="first", reviewed_at=datetime.now(UTC))
        )
        thread = threading.Thread(target=second_reviewer)
        thread.start()
        deadline = time.monotonic() + 60
        while not any_backend_waiting(engine) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any_backend_waiting(engine), "the second reviewer never waited"
        first.commit()
        thread.join(timeout=60)

    assert outcome == {
        "refused": f"application {reviewed['application_id']!r} was already decided: reject"
    }
    with Session(engine) as session:
        decided = {(r.decision, r.note) for r in session.scalars(select(Review)) if r.decision}
    assert decided == {("reject", "first")}


def any_backend_waiting(engine) -> bool:
    """Whether any other server backend of the database waits for a lock."""
    with engine.connect() as connection:
        query = text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()"
        )
        return connection.execute(query).scalar() > 0
