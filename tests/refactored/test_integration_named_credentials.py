"""Named admin credentials: one token per person, and every decision names who made it."""

import json
import sys

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from credit_data.load import applicant_payload
from refactored.config import load_settings
from refactored.serving.retrainer import SubprocessRetrainer
from refactored.storage.orm import DashboardLogin, Review
from tests.refactored.conftest import build_app, keyed_registry
from tests.refactored.test_integration_dashboard_login import BROWSER, log_in
from tests.refactored.test_integration_retraining_jobs import BlockingRetrainer, with_retrainer

ALICE, BOB = "alice-token-0123456789", "bob-token-0123456789ab"
NAMED = f"alice={ALICE}, bob={BOB}"


def bearer(token: str) -> dict:
    """The `Authorization` header of `token`."""
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def named(instance):
    """The service with two people's credentials, alice's and bob's, and no other."""
    return build_app(instance, ADMIN_TOKENS=NAMED)


def test_each_name_and_its_token_come_from_one_setting_and_never_show(tmp_path):
    settings = load_settings({"INSTANCE_PATH": tmp_path, "ADMIN_TOKENS": NAMED}, environ={})
    both = load_settings(
        {"INSTANCE_PATH": tmp_path, "ADMIN_TOKEN": "x" * 16},
        environ={"CREDIT_ADMIN_TOKENS": f"alice={ALICE}"},
    )

    assert settings.admin_tokens == {"alice": ALICE, "bob": BOB}
    assert both.admin_tokens == {"alice": ALICE, "admin": "x" * 16}
    assert ALICE not in repr(settings) and BOB not in repr(settings)


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        (f"alice={ALICE},bob={ALICE}", "'alice' and 'bob' share one token"),
        (f"alice={ALICE},alice={BOB}", "'alice' is configured twice"),
        ("alice=short", "admin token of 'alice' must be at least 16 characters"),
        (f"Alice Smith={ALICE}", "name 'Alice Smith' must be lower-case"),
        (ALICE, "`name=token` pairs separated by commas"),
        (f"admin={ALICE}", "'admin' is configured twice"),
    ],
)
def test_a_credential_that_could_not_name_one_person_is_refused_at_start(tmp_path, tokens, message):
    overrides = {"INSTANCE_PATH": tmp_path, "ADMIN_TOKENS": tokens, "ADMIN_TOKEN": BOB}

    with pytest.raises(ValueError, match=message) as refused:
        load_settings(overrides, environ={})

    assert ALICE not in str(refused.value) and BOB not in str(refused.value)


def test_a_token_one_character_off_names_no_one(named):
    client = named.test_client()

    for wrong in (ALICE + "x", ALICE[:-1], BOB.upper()):
        assert client.get("/admin/champion-changes", headers=bearer(wrong)).status_code == 401


def test_each_promotion_and_rollback_records_who_made_it(named, instance, champion):
    registry = keyed_registry(instance)
    version = registry.register(champion.pipeline, dict(champion.card))
    client = named.test_client()

    promoted = client.post("/model/champion", json={"version": version}, headers=bearer(ALICE))
    rolled_back = client.post("/admin/rollback", headers=bearer(BOB))
    changes = client.get("/admin/champion-changes", headers=bearer(ALICE)).get_json()["changes"]

    assert promoted.get_json()["by"] == "alice"
    assert rolled_back.get_json()["by"] == "bob"
    assert [(c["action"], c["version"], c["previous"], c["by"]) for c in changes] == [
        ("rollback", 1, version, "bob"),
        ("promotion", version, 1, "alice"),
    ]
    assert all(change["at"] for change in changes)


def test_a_review_decision_records_its_reviewer(named, holdout, instance):
    client = named.test_client()
    payloads = [
        {**applicant_payload(row), "application_id": f"named-{number}"}
        for number, (_, row) in enumerate(holdout.head(60).iterrows())
    ]
    results = client.post("/score/batch", json={"applicants": payloads}).get_json()["results"]
    reviewed = next(r["application_id"] for r in results if r["decision"] == "review")

    decided = client.post(
        f"/reviews/{reviewed}",
        json={"decision": "reject", "reasons": ["savings"], "note": "income"},
        headers=bearer(BOB),
    )

    assert decided.status_code == 201 and decided.get_json()["review"]["reviewed_by"] == "bob"
    engine = named.extensions["refactored"].scores.engine
    with Session(engine) as session:
        decided_rows = select(Review.reviewed_by).where(Review.decision.is_not(None))
        assert session.scalars(decided_rows).all() == ["bob"]


def test_a_retraining_job_records_who_asked_and_hands_the_name_to_the_retraining(named):
    retrainer = BlockingRetrainer({"promote": False, "reasons": ["refused for the test"]})
    with_retrainer(named, retrainer)
    client = named.test_client()

    started = client.post("/admin/retrain", headers=bearer(ALICE))
    assert retrainer.started.wait(timeout=60)
    retrainer.release.set()
    job = client.get(started.headers["Location"] + "?wait=20", headers=bearer(BOB)).get_json()

    assert job["requested_by"] == "alice" and retrainer.requested_by == "alice"


def test_the_retraining_child_is_told_who_asked(instance):
    settings = load_settings(instance.settings)
    echo = "import json, sys; print(json.dumps({'promote': True, 'argv': sys.argv[1:]}))"
    retrainer = SubprocessRetrainer(settings, command=(sys.executable, "-c", echo))

    decision = retrainer.run(requested_by="bob")

    assert decision["argv"] == ["--requested-by", "bob"]
    assert json.dumps(decision).count("bob") == 1


def test_a_dashboard_login_is_recorded_and_shown_in_the_person_s_name(named):
    client = named.test_client()

    assert log_in(client, BOB).status_code == 303
    page = client.get("/dashboard", headers=BROWSER).get_data(as_text=True)

    assert '<span id="person">bob</span>' in page
    with Session(named.extensions["refactored"].scores.engine) as session:
        assert session.scalars(select(DashboardLogin.name)).all() == ["bob"]
