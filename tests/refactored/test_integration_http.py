"""Integration: the HTTP service on a private instance (real SQLite in a temporary folder)."""

import json
import threading

import pytest
from sqlalchemy import create_engine, text

from credit_data.load import applicant_payload
from refactored.storage.repository import SqlScoreRepository
from tests.refactored.conftest import ADMIN_TOKEN, build_app, keyed_registry

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def repository_of(instance) -> SqlScoreRepository:
    return SqlScoreRepository(create_engine(instance.database_url))


def test_an_answer_names_the_model_version_and_request_id(http, valid_payload, champion):
    body = http.post("/score", json=valid_payload).get_json()

    assert body["model_version"] == champion.version
    assert len(body["request_id"]) == 32


def test_an_accepted_request_is_stored_once_with_its_full_input(http, instance, valid_payload):
    payload = {**valid_payload, "application_id": "stored-once"}

    body = http.post("/score", json=payload).get_json()

    (row,) = repository_of(instance).by_application_id("stored-once")
    assert row.applicant == payload
    assert (row.request_id, row.decision, row.model_version) == (
        body["request_id"],
        body["decision"],
        body["model_version"],
    )
    assert row.probability_default == body["probability_default"]
    assert row.scored_at is not None and row.decision_cutoff == pytest.approx(1 / 6)


def test_invalid_fields_get_400_naming_each_field_and_nothing_is_stored(
    http, instance, valid_payload
):
    payload = {**valid_payload, "age": 7, "housing": "castle", "colour": "blue"}

    response = http.post("/score", json=payload)

    assert response.status_code == 400
    assert set(response.get_json()["fields"]) == {"age", "housing", "colour"}
    assert repository_of(instance).count() == 0


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ('{"age": 1', "application/json", 400),
        ("[" * 5000 + "]" * 5000, "application/json", 400),
        ("age=49", "application/x-www-form-urlencoded", 415),
        ("{}", "text/plain", 415),
        ('{"purpose_text": "' + "x" * 20_000 + '"}', "application/json", 413),
    ],
)
def test_malformed_unsupported_or_oversized_bodies_get_4xx_json(
    http, instance, body, content_type, status
):
    response = http.post("/score", data=body, content_type=content_type)

    assert response.status_code == status
    assert response.is_json and response.get_json()["error"]
    assert repository_of(instance).count() == 0


@pytest.mark.databases("sqlite")
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(service, instance):
    engine = service.extensions["refactored"].scores.engine
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_get_model_returns_the_served_versions_card(http, champion):
    card = http.get("/model").get_json()

    assert card["version"] == champion.version
    assert card["training_data"]["sha256"] == champion.card["training_data"]["sha256"]
    assert card["artifact"]["sha256"] == champion.card["artifact"]["sha256"]


def test_a_batch_is_scored_and_stored_in_one_go(http, instance, holdout):
    applicants = [applicant_payload(row) for _, row in holdout.head(20).iterrows()]
    alone = [
        {**applicant, "application_id": "alone-" + applicant["application_id"]}
        for applicant in applicants[:3]
    ]
    single = [http.post("/score", json=applicant).get_json() for applicant in alone]

    body = http.post("/score/batch", json={"applicants": applicants}).get_json()

    assert len(body["results"]) == 20
    # The ONNX runtime computes in float32: a row scored alone or in a batch may round
    # differently in the last bit (the parity gate's bound, 1e-6, covers it).
    assert [r["probability_default"] for r in body["results"][:3]] == pytest.approx(
        [s["probability_default"] for s in single], abs=1e-6
    )
    assert repository_of(instance).count() == 23


def test_promotion_needs_the_admin_token(http, instance):
    assert http.post("/model/champion", json={"version": 1}).status_code == 401
    for wrong in ("Bearer nope", ADMIN_TOKEN, f"Basic {ADMIN_TOKEN}"):
        headers = {"Authorization": wrong}
        assert http.post("/model/champion", json={"version": 1}, headers=headers).status_code == 401
    no_token = build_app(instance).test_client()
    assert no_token.post("/model/champion", json={"version": 1}).status_code == 403


def test_promotion_swaps_the_model_and_later_answers_name_the_new_version(
    http, instance, champion, valid_payload
):
    registry = keyed_registry(instance)
    new_version = registry.register(champion.pipeline, {**champion.card, "note": "copy"})

    response = http.post("/model/champion", json={"version": new_version}, headers=ADMIN)

    assert response.status_code == 200
    assert http.post("/score", json=valid_payload).get_json()["model_version"] == new_version
    assert registry.version_of("champion") == new_version


def test_another_process_promotion_is_followed_by_this_one(http, instance, champion, valid_payload):
    registry = keyed_registry(instance)
    new_version = registry.register(champion.pipeline, {**champion.card})

    registry.set_alias("champion", new_version)

    assert http.post("/score", json=valid_payload).get_json()["model_version"] == new_version


class PausingRuntime:
    """Wraps a model's runtime; waits for a signal in `predict` (to hold a request in flight)."""

    def __init__(self, runtime, started: threading.Event, release: threading.Event):
        self.runtime, self.started, self.release = runtime, started, release

    def predict(self, columns):
        """Signal that scoring started, wait for the release, then score."""
        self.started.set()
        assert self.release.wait(timeout=30)
        return self.runtime.predict(columns)


def test_a_request_in_flight_finishes_on_the_model_it_started_with(
    service, instance, champion, valid_payload
):
    holder = service.extensions["refactored"].champion
    started, release = threading.Event(), threading.Event()
    old = holder.current()
    # Test only: make the served model pause mid-request, so a promotion can happen meanwhile.
    object.__setattr__(old, "runtime", PausingRuntime(old.runtime, started, release))
    registry = keyed_registry(instance)
    new_version = registry.register(champion.pipeline, dict(champion.card))
    answers = {}

    def score_in_flight():
        in_flight = {**valid_payload, "application_id": "in-flight"}
        answers["in_flight"] = service.test_client().post("/score", json=in_flight)

    worker = threading.Thread(target=score_in_flight)
    worker.start()
    assert started.wait(timeout=30)
    holder.promote(new_version)
    later = {**valid_payload, "application_id": "after-promotion"}
    after = service.test_client().post("/score", json=later).get_json()
    release.set()
    worker.join(timeout=30)

    assert answers["in_flight"].get_json()["model_version"] == old.version
    assert after["model_version"] == new_version != old.version


@pytest.mark.parametrize(
    "body",
    [{"applicants": []}, {"applicants": "many"}, {"people": []}, [1], {"applicants": [{}], "x": 1}],
)
def test_a_batch_of_the_wrong_shape_gets_400_and_stores_nothing(http, instance, body):
    response = http.post("/score/batch", json=body)

    assert response.status_code == 400
    assert repository_of(instance).count() == 0


@pytest.mark.parametrize(("version", "status"), [(0, 400), ("2", 400), (True, 400), (99, 404)])
def test_promoting_something_that_is_not_a_registered_version_fails_cleanly(
    http, champion, version, status
):
    response = http.post("/model/champion", json={"version": version}, headers=ADMIN)

    assert response.status_code == status
    assert http.get("/model").get_json()["version"] == champion.version


@pytest.mark.parametrize("size", [2, 16, 40])
@pytest.mark.parametrize("field", ["purpose_text", "application_id"])
def test_a_lone_surrogate_in_a_batch_of_any_size_gets_400_naming_the_field(
    http, instance, holdout, size, field
):
    applicants = [applicant_payload(row) for _, row in holdout.head(size).iterrows()]
    body = orjson_free_body({"applicants": applicants}, field)

    response = http.post("/score/batch", data=body, content_type="application/json")

    assert response.status_code == 400, response.get_data(as_text=True)
    assert field in response.get_data(as_text=True)
    assert repository_of(instance).count() == 0


def orjson_free_body(batch: dict, field: str) -> str:
    """The batch as JSON text whose last applicant's `field` holds a lone surrogate."""
    batch["applicants"][-1][field] = "SURROGATE"
    return json.dumps(batch).replace('"SURROGATE"', '"\\ud800"')


def test_a_lower_population_bad_rate_approves_what_the_sample_s_scale_rejects(instance, holdout):
    rows = list(holdout.head(100).iterrows())
    sample = build_app(instance).test_client()
    population = build_app(instance, POPULATION_BAD_RATE="0.1").test_client()

    def decided(client, prefix: str) -> list[dict]:
        payloads = [
            {**applicant_payload(row), "application_id": f"{prefix}-{number}"}
            for number, (_, row) in enumerate(rows)
        ]
        return client.post("/score/batch", json={"applicants": payloads}).get_json()["results"]

    on_sample, on_population = decided(sample, "sample"), decided(population, "population")

    probabilities = [answer["probability_default"] for answer in on_sample]
    assert [answer["probability_default"] for answer in on_population] == probabilities
    rejected = [
        sum(a["decision"] == "reject" for a in answers) for answers in (on_sample, on_population)
    ]
    assert rejected[1] < rejected[0]
    cutoff = 0.4355
    for answer in on_population:
        p = answer["probability_default"]
        if abs(p - cutoff) > 0.0301:
            assert answer["decision"] == ("reject" if p >= cutoff else "approve")
