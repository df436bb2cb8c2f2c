"""What the stages from monitoring on promise beyond their probes: the log, the routes, review.

The probes measure each debt from the outside; these tests pin what a reader of the stage
READMEs relies on: the outcome-monitoring stage stores every input and records an outcome
once, an application id names one application from there on (stage 08 stored a reused id
twice), and its new routes answer anyone (DEBT-13 widened); the admin-security stage closes them;
the retraining child runs the stage's own package; only the stages from the human review on
send close calls to a person and serve the reviewers' page, behind its login; from the
admin-security stage on each promotion names who made it; and the page's charts and each
stored application's client address come with the operations stage.
"""

import importlib
import json
import re
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import create_engine, text

from credit_data.load import applicant_payload, holdout_rows, load_dataset
from stages.instrument.instance import StageInstance, new_instance

INPUT_MONITORING = "stages.stage_08_input_monitoring"
MONITORING = "stages.stage_09_outcome_monitoring"
GATED_RETRAINING = "stages.stage_10_gated_retraining"
ADMIN_SECURITY = "stages.stage_11_admin_security"
HUMAN_REVIEW = "stages.stage_12_human_review"
OPERATIONS = "stages.stage_13_operations"
REFACTORED = "refactored"
TOKEN = "test-admin-token"
ADMIN_ROUTES = [
    ("POST", "/outcomes"),
    ("GET", "/monitoring/drift"),
    ("GET", "/monitoring/performance"),
    ("GET", "/monitoring/fairness"),
    ("GET", "/monitoring/alerts"),
]
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
BROWSER = {"Accept": "text/html,application/xhtml+xml"}
# The reviewers' page and its login (12 on), and the page's retraining form (13 on).
PAGES = {"/dashboard", "/login", "/logout", "/dashboard/retrain"}
CHART = '<svg xmlns="http://www.w3.org/2000/svg"'


def first_applicant(application_id: str) -> dict:
    """The first holdout applicant's payload under `application_id`."""
    row = holdout_rows(load_dataset()).iloc[0]
    return {**applicant_payload(row), "application_id": application_id}


def trained(package: str, tmp_path_factory) -> StageInstance:
    """A trained instance of `package`."""
    instance = new_instance(package, tmp_path_factory.mktemp(package.rsplit(".", 1)[-1]))
    instance.create_app()
    return instance


@pytest.fixture(scope="module")
def input_monitoring(tmp_path_factory) -> StageInstance:
    """A trained instance of the input-monitoring stage, the last before outcomes come back."""
    return trained(INPUT_MONITORING, tmp_path_factory)


@pytest.fixture(scope="module")
def monitoring(tmp_path_factory) -> StageInstance:
    """A trained instance of the outcome-monitoring stage."""
    return trained(MONITORING, tmp_path_factory)


@pytest.fixture(scope="module")
def gated_retraining(tmp_path_factory) -> StageInstance:
    """A trained instance of the gated-retraining stage, the last before admin security."""
    return trained(GATED_RETRAINING, tmp_path_factory)


@pytest.fixture(scope="module")
def admin_security(tmp_path_factory) -> StageInstance:
    """A trained instance of the admin-security stage."""
    return trained(ADMIN_SECURITY, tmp_path_factory)


@pytest.fixture(scope="module")
def human_review(tmp_path_factory) -> StageInstance:
    """A trained instance of the human-review stage."""
    return trained(HUMAN_REVIEW, tmp_path_factory)


@pytest.fixture(scope="module")
def operations(tmp_path_factory) -> StageInstance:
    """A trained instance of the operations stage."""
    return trained(OPERATIONS, tmp_path_factory)


def stored_applicants(instance: StageInstance, application_id: str) -> list[dict]:
    """The inputs stored in the prediction log for one application id."""
    engine = create_engine(instance.database_url)
    try:
        with engine.connect() as connection:
            query = text(
                "SELECT applicant FROM scored_applications WHERE application_id = :id ORDER BY id"
            )
            rows = connection.execute(query, {"id": application_id})
            return [json.loads(row[0]) if isinstance(row[0], str) else row[0] for row in rows]
    finally:
        engine.dispose()


def test_the_monitoring_stage_stores_the_full_input_with_each_score(monitoring: StageInstance):
    client = monitoring.create_app().test_client()
    payload = first_applicant("log-1")

    assert client.post("/score", json=payload).status_code == 200

    (stored,) = stored_applicants(monitoring, "log-1")
    assert {name: stored[name] for name in payload} == payload


def test_the_monitoring_stage_records_an_outcome_once_and_refuses_a_different_one(
    monitoring: StageInstance,
):
    client = monitoring.create_app().test_client()
    client.post("/score", json=first_applicant("outcome-1"))
    report = {"application_id": "outcome-1", "defaulted": 1}

    statuses = [client.post("/outcomes", json=report).status_code for _ in range(2)]
    conflicting = client.post("/outcomes", json={**report, "defaulted": 0})
    unknown = client.post("/outcomes", json={**report, "application_id": "never-scored"})

    assert statuses == [201, 200]
    assert (conflicting.status_code, unknown.status_code) == (409, 404)


def test_before_outcomes_come_back_a_reused_id_is_stored_twice(input_monitoring: StageInstance):
    client = input_monitoring.create_app().test_client()
    payload = first_applicant("reused-08")

    statuses = [
        client.post("/score", json=body).status_code for body in (payload, {**payload, "age": 99})
    ]

    assert statuses == [200, 200]
    assert [stored["age"] for stored in stored_applicants(input_monitoring, "reused-08")] == [
        payload["age"],
        99,
    ]


@pytest.mark.parametrize("stage", ["monitoring", "operations"])
def test_from_the_outcome_stage_on_an_id_names_one_application(stage: str, request):
    instance = request.getfixturevalue(stage)
    client = instance.create_app().test_client()
    payload = first_applicant(f"one-record-{stage}")

    first = client.post("/score", json=payload)
    retry = client.post("/score", json=payload)
    reused = client.post("/score", json={**payload, "age": 99})

    assert (first.status_code, retry.status_code, reused.status_code) == (200, 200, 409)
    assert retry.get_json() == first.get_json()
    assert reused.get_json()["fields"] == {
        "application_id": ["names another application already scored"]
    }
    assert [stored["age"] for stored in stored_applicants(instance, payload["application_id"])] == [
        payload["age"]
    ]


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
def test_the_monitoring_stage_answers_its_new_routes_without_credentials(
    monitoring: StageInstance, method: str, path: str
):
    app = monitoring.create_app()
    body = {"application_id": "never-scored", "defaulted": 0} if method == "POST" else None

    response = app.test_client().open(path, method=method, json=body)

    assert response.status_code not in (401, 403)


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
def test_the_admin_security_stage_refuses_the_same_routes_without_the_admin_token(
    admin_security: StageInstance, method: str, path: str
):
    package = importlib.import_module(ADMIN_SECURITY)
    app = package.create_app({**admin_security.settings, "ADMIN_TOKEN": TOKEN})
    body = {"application_id": "never-scored", "defaulted": 0} if method == "POST" else None

    refused = app.test_client().open(path, method=method, json=body)
    admitted = app.test_client().open(
        path, method=method, json=body, headers={"Authorization": f"Bearer {TOKEN}"}
    )

    assert refused.status_code == 401
    assert admitted.status_code not in (401, 403)


@pytest.mark.parametrize("stage", ["admin_security", "human_review", "operations"])
def test_from_the_admin_security_stage_on_guessing_the_token_is_throttled(stage: str, request):
    instance = request.getfixturevalue(stage)
    package = importlib.import_module(instance.package)
    client = package.create_app({**instance.settings, "ADMIN_TOKEN": TOKEN}).test_client()
    address = {"REMOTE_ADDR": f"192.0.2.{len(stage)}"}  # one address per stage's test
    wrong = {"Authorization": "Bearer a-guess-that-is-wrong"}

    guesses = [
        client.get("/monitoring/alerts", headers=wrong, environ_base=address).status_code
        for _ in range(21)
    ]
    right = client.get("/monitoring/alerts", headers=ADMIN, environ_base=address)

    assert guesses == [401] * 20 + [429]
    assert right.status_code == 429 and int(right.headers["Retry-After"]) > 0


@pytest.mark.parametrize(
    "package", [GATED_RETRAINING, ADMIN_SECURITY, HUMAN_REVIEW, OPERATIONS, REFACTORED]
)
def test_the_retraining_child_runs_the_stage_s_own_package_from_the_repository_root(
    package: str,
):
    retrainer = importlib.import_module(f"{package}.serving.retrainer")
    child_module, root = retrainer.RETRAIN_MODULE, retrainer.REPOSITORY_ROOT

    assert child_module == f"{package}.training.retrain"
    assert Path(root, *package.split("."), "__init__.py").is_file()


@pytest.mark.parametrize(
    ("package", "decisions"),
    [
        (MONITORING, {"approve", "reject"}),
        (GATED_RETRAINING, {"approve", "reject"}),
        (ADMIN_SECURITY, {"approve", "reject"}),
        (HUMAN_REVIEW, {"approve", "review", "reject"}),
        (OPERATIONS, {"approve", "review", "reject"}),
        (REFACTORED, {"approve", "review", "reject"}),
    ],
)
def test_only_the_stages_from_human_review_on_send_close_calls_to_a_person(
    package: str, decisions: set[str], tmp_path: Path
):
    settings = importlib.import_module(f"{package}.config").load_settings(
        {"INSTANCE_PATH": str(tmp_path)}, environ={}
    )
    policy = settings.policy
    near_the_cut_off = policy.cutoff + np.linspace(-0.02, 0.02, 9)
    everywhere = np.concatenate([[0.01, 0.99], near_the_cut_off])

    assert set(policy.decide_many(everywhere)) == decisions


@pytest.mark.parametrize(
    ("package", "pages"),
    [
        (MONITORING, set()),
        (GATED_RETRAINING, set()),
        (ADMIN_SECURITY, set()),
        (HUMAN_REVIEW, {"/dashboard", "/login", "/logout"}),
        (OPERATIONS, PAGES),
        (REFACTORED, PAGES),
    ],
)
def test_only_the_stages_from_human_review_on_serve_the_reviewers_page_and_its_login(
    package: str, pages: set[str], tmp_path_factory
):
    app = trained(package, tmp_path_factory).create_app()

    routed = {rule.rule for rule in app.url_map.iter_rules()}

    assert routed & PAGES == pages


def csrf_of(page: str) -> str:
    """The CSRF token in a page's first form."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_the_human_review_stage_opens_its_page_to_the_token_or_a_login_only(
    human_review: StageInstance,
):
    package = importlib.import_module(HUMAN_REVIEW)
    client = package.create_app({**human_review.settings, "ADMIN_TOKEN": TOKEN}).test_client()

    refused, sent_to_login = client.get("/dashboard"), client.get("/dashboard", headers=BROWSER)
    page = client.get("/dashboard", headers=ADMIN).get_data(as_text=True)
    form = client.get("/login", headers=BROWSER).get_data(as_text=True)
    without_csrf = client.post("/login", data={"token": TOKEN})
    logged_in = client.post("/login", data={"token": TOKEN, "csrf_token": csrf_of(form)})
    with_session = client.get("/dashboard", headers=BROWSER).get_data(as_text=True)

    assert refused.status_code == 401 and sent_to_login.headers["Location"] == "/login"
    assert "Pending reviews" in page and "review band" in page and 'id="logout"' not in page
    assert without_csrf.status_code == 403
    assert logged_in.status_code == 303 and logged_in.headers["Location"] == "/dashboard"
    assert 'id="logout"' in with_session
    assert client.get("/reviews").status_code == 401


@pytest.mark.parametrize(("package", "charts"), [(HUMAN_REVIEW, 0), (OPERATIONS, 3)])
def test_the_page_s_charts_come_with_the_operations_stage(
    package: str, charts: int, request: pytest.FixtureRequest
):
    instance = request.getfixturevalue("human_review" if package == HUMAN_REVIEW else "operations")
    settings = {**instance.settings, "ADMIN_TOKEN": TOKEN, "MONITORING_WINDOW": 100}
    client = importlib.import_module(package).create_app(settings).test_client()
    rows = holdout_rows(load_dataset()).head(100)
    applicants = [
        {**applicant_payload(row), "application_id": f"chart-{number}"}
        for number, (_, row) in enumerate(rows.iterrows())
    ]
    assert client.post("/score/batch", json={"applicants": applicants}).status_code == 200

    page = client.get("/dashboard", headers=ADMIN).get_data(as_text=True)

    assert "Window 0 (log ids" in page
    assert page.count(CHART) == charts


NAMED = {"ADMIN_TOKENS": "alice=alice-admin-token-0,bob=bob-admin-token-0"}


@pytest.mark.parametrize(
    ("stage", "names"),
    [
        ("gated_retraining", False),
        ("admin_security", True),
        ("human_review", True),
        ("operations", True),
    ],
)
def test_from_the_admin_security_stage_on_a_promotion_names_who_made_it(
    stage: str, names: bool, request
):
    instance = request.getfixturevalue(stage)
    client = (
        importlib.import_module(instance.package)
        .create_app({**instance.settings, **NAMED})
        .test_client()
    )
    alice, bob = ({"Authorization": f"Bearer {name}-admin-token-0"} for name in ("alice", "bob"))

    promoted = client.post("/model/champion", json={"version": 1}, headers=alice)
    changes = client.get("/admin/champion-changes", headers=bob)

    assert promoted.status_code == 200
    if names:
        newest = changes.get_json()["changes"][0]
        assert promoted.get_json()["by"] == newest["by"] == "alice"
        assert (newest["action"], newest["version"]) == ("promotion", 1)
    else:
        assert "by" not in promoted.get_json() and changes.status_code == 404


@pytest.mark.parametrize(("stage", "traced"), [("human_review", False), ("operations", True)])
def test_from_the_operations_stage_on_each_application_keeps_the_client_that_sent_it(
    stage: str, traced: bool, request
):
    instance = request.getfixturevalue(stage)
    client = instance.create_app().test_client()
    application_id = f"traced-from-{stage}"

    client.post(
        "/score", json=first_applicant(application_id), environ_base={"REMOTE_ADDR": "203.0.113.5"}
    )

    engine = create_engine(instance.database_url)
    with engine.connect() as connection:
        query = text("SELECT * FROM scored_applications WHERE application_id = :id")
        row = connection.execute(query, {"id": application_id}).mappings().one()
    engine.dispose()
    assert row.get("client_address") == ("203.0.113.5" if traced else None)
    assert ("client_address" in row) == traced


@pytest.mark.parametrize("stage", ["human_review", "operations"])
def test_from_the_human_review_stage_on_a_reviewer_s_rejection_names_its_reasons(
    stage: str, request
):
    instance = request.getfixturevalue(stage)
    package = importlib.import_module(instance.package)
    client = package.create_app({**instance.settings, "ADMIN_TOKEN": TOKEN}).test_client()
    rows = holdout_rows(load_dataset()).head(60)
    payloads = [
        {**applicant_payload(row), "application_id": f"reasons-{stage}-{number}"}
        for number, (_, row) in enumerate(rows.iterrows())
    ]
    results = client.post("/score/batch", json={"applicants": payloads}).get_json()["results"]
    reviewed = next(r["application_id"] for r in results if r["decision"] == "review")
    route = f"/reviews/{reviewed}"

    bare = client.post(route, json={"decision": "reject"}, headers=ADMIN)
    decided = client.post(route, json={"decision": "reject", "reasons": ["savings"]}, headers=ADMIN)

    assert bare.status_code == 400 and "reject.reasons" in bare.get_json()["fields"]
    assert decided.status_code == 201
    (reason,) = decided.get_json()["review"]["reviewer_reasons"]
    assert reason["feature"] == "savings" and reason["text"].startswith("Savings account")


@pytest.mark.parametrize(("stage", "traced"), [("human_review", False), ("operations", True)])
def test_from_the_operations_stage_on_each_answer_names_its_request(
    stage: str, traced: bool, request
):
    client = request.getfixturevalue(stage).create_app().test_client()

    kept = client.get("/health", headers={"X-Request-ID": "client-chosen.id-1"})
    made = client.get("/health", headers={"X-Request-ID": "not an id; <script>"})

    if traced:
        assert kept.headers["X-Request-ID"] == "client-chosen.id-1"
        assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])
    else:
        assert "X-Request-ID" not in kept.headers and "X-Request-ID" not in made.headers


@pytest.mark.parametrize(("stage", "measured"), [("human_review", False), ("operations", True)])
def test_from_the_operations_stage_on_metrics_count_the_decisions(
    stage: str, measured: bool, request
):
    client = request.getfixturevalue(stage).create_app().test_client()
    client.post("/score", json=first_applicant(f"metrics-{stage}"))

    response = client.get("/metrics")

    if measured:
        text = response.get_data(as_text=True)
        assert response.status_code == 200
        assert re.search(r'^credit_decisions_total\{decision="\w+"\} 1\.0$', text, re.MULTILINE)
        assert 'credit_http_requests_total{method="POST",route="/score",status="200"}' in text
    else:
        assert response.status_code == 404
