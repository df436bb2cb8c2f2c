"""Small holes an attacker or a careless client finds, each closed.

An oversized number in a query or a body (a 4xx, not a 500), the training host's file system
in a public card or a job's error, secrets handed on to the retraining child, the headers
that keep a browser from framing or sniffing the service's pages, and one client's volume
and the trace it leaves.
"""

import sys

import pytest
from sqlalchemy import create_engine, text

from credit_data.load import applicant_payload
from refactored.serving.retrainer import RetrainingFailedError, SubprocessRetrainer
from refactored.storage.repository import SqlScoreRepository
from tests.refactored.conftest import ADMIN_TOKEN, build_app

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
FOUR_HUNDRED_DIGITS = "9" * 400

pytestmark = pytest.mark.databases("sqlite")


@pytest.mark.parametrize("route", ["/reviews", "/monitoring/alerts", "/monitoring/drift"])
def test_a_limit_of_four_hundred_digits_is_the_largest_limit_not_a_500(http, route):
    response = http.get(f"{route}?limit={FOUR_HUNDRED_DIGITS}", headers=ADMIN)

    assert response.status_code == 200


@pytest.mark.parametrize("version", [0, -1, 2.5, "1", True])
def test_a_version_that_is_no_positive_integer_is_refused_with_400(http, version):
    response = http.post("/model/champion", json={"version": version}, headers=ADMIN)

    assert response.status_code == 400
    assert "version" in response.get_json()["message"]


@pytest.mark.parametrize("version", [1e300, 10**30, 10**9])
def test_a_version_too_large_to_name_a_folder_is_not_found_not_a_500(http, version):
    response = http.post("/model/champion", json={"version": version}, headers=ADMIN)

    assert response.status_code == 404
    assert response.get_json()["error"] == "model_not_found"


def test_the_public_card_names_the_training_file_without_its_folder(http, instance):
    card = http.get("/model").get_json()

    assert "path" not in card["training_data"]
    assert card["training_data"]["file"] == instance.data_path.name
    assert str(instance.data_path.parent) not in http.get("/model").get_data(as_text=True)


@pytest.mark.parametrize("route", ["/health", "/login", "/model"])
def test_every_answer_forbids_framing_and_sniffing(http, route):
    headers = http.get(route).headers

    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]


REPORT_ENVIRONMENT = (
    "import json, os, sys; "
    "print(json.dumps({'inherited': sorted(k for k in os.environ if k.startswith('CREDIT_'))})); "
    "sys.exit(3)"
)


def test_the_retraining_child_gets_the_settings_and_no_inherited_secret(service, monkeypatch):
    monkeypatch.setenv("CREDIT_ADMIN_TOKEN", "an-operators-token-from-the-environment")
    settings = service.extensions["refactored"].settings
    child = SubprocessRetrainer(settings, command=(sys.executable, "-c", REPORT_ENVIRONMENT))

    inherited = child.run()["inherited"]

    assert "CREDIT_ADMIN_TOKEN" not in inherited
    assert "CREDIT_DATABASE_URL" in inherited and "CREDIT_MODEL_DIR" in inherited


def test_a_failed_child_s_traceback_goes_to_the_log_not_to_the_job(service, caplog):
    settings = service.extensions["refactored"].settings
    failing = "raise RuntimeError('failed in /srv/secret/folder')"
    child = SubprocessRetrainer(settings, command=(sys.executable, "-c", failing))

    with pytest.raises(RetrainingFailedError) as failure:
        child.run()

    assert str(failure.value) == "retraining exited with status 1; its errors are in the log"
    assert "/srv/secret/folder" in caplog.text


def test_a_client_over_its_applicants_a_minute_gets_429_and_nothing_is_stored(
    instance, holdout, caplog
):
    client = build_app(instance, SCORING_ROWS_PER_MINUTE="50").test_client()
    payloads = [
        {**applicant_payload(row), "application_id": f"volume-{number}"}
        for number, (_, row) in enumerate(holdout.head(60).iterrows())
    ]
    elsewhere = {"REMOTE_ADDR": "192.0.2.7"}

    first = client.post("/score/batch", json={"applicants": payloads[:40]})
    over = client.post("/score/batch", json={"applicants": payloads[40:]})
    other_client = client.post(
        "/score/batch", json={"applicants": payloads[40:]}, environ_base=elsewhere
    )

    assert first.status_code == 200
    assert over.status_code == 429 and 0 < int(over.headers["Retry-After"]) <= 60
    assert other_client.status_code == 200
    assert "scoring volume refused: 20 applicants from 127.0.0.1" in caplog.text
    engine = create_engine(instance.database_url)
    assert SqlScoreRepository(engine).count() == 60
    engine.dispose()


def test_every_stored_application_and_pending_review_names_the_client_that_sent_it(
    instance, holdout
):
    client = build_app(instance, ADMIN_TOKEN=ADMIN_TOKEN).test_client()
    flooder = {"REMOTE_ADDR": "198.51.100.9"}
    payloads = [applicant_payload(row) for _, row in holdout.head(60).iterrows()]

    client.post("/score/batch", json={"applicants": payloads}, environ_base=flooder)
    client.post("/score", json={**payloads[0], "application_id": "sent-from-here"})
    pending = client.get("/reviews", headers=ADMIN).get_json()["reviews"]

    assert pending and {review["client_address"] for review in pending} == {"198.51.100.9"}
    engine = create_engine(instance.database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT client_address, count(*) FROM scored_applications GROUP BY 1 ORDER BY 1")
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [("127.0.0.1", 1), ("198.51.100.9", 60)]
