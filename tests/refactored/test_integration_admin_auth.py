"""Integration: every admin route needs the configured bearer token; scoring stays open."""

import pytest
from sqlalchemy import create_engine, select, update

from refactored.storage.refusals import REFUSALS, WINDOW
from tests.refactored.conftest import ADMIN_TOKEN, build_app

ADMIN_ROUTES = [
    ("POST", "/model/champion"),
    ("POST", "/outcomes"),
    ("GET", "/reviews"),
    ("POST", "/reviews/some-application"),
    ("GET", "/monitoring/drift"),
    ("GET", "/monitoring/performance"),
    ("GET", "/monitoring/alerts"),
    ("GET", "/monitoring/fairness"),
    ("POST", "/admin/retrain"),
    ("GET", "/admin/jobs/some-job"),
    ("POST", "/admin/rollback"),
    ("GET", "/dashboard"),
]


@pytest.fixture
def without_token(instance):
    """The service with no admin token configured."""
    return build_app(instance).test_client()


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
def test_admin_routes_are_disabled_without_a_configured_token(without_token, method, path):
    response = without_token.open(
        path, method=method, json={}, headers={"Authorization": "Bearer anything"}
    )

    assert response.status_code == 403
    assert response.get_json()["error"] == "forbidden"


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Basic {ADMIN_TOKEN}"},
        {"Authorization": f"Bearer {ADMIN_TOKEN}x"},
        {"Authorization": "Bearer"},
    ],
    ids=["missing", "wrong", "other-scheme", "longer", "empty"],
)
def test_admin_routes_refuse_missing_or_wrong_credentials_with_401(http, method, path, headers):
    response = http.open(path, method=method, json={}, headers=headers)

    assert response.status_code == 401
    assert response.is_json


def test_scoring_needs_no_token(without_token, valid_payload):
    assert without_token.post("/score", json=valid_payload).status_code == 200
    assert without_token.get("/health").status_code == 200


def test_the_right_token_is_let_through(http):
    response = http.get("/monitoring/alerts", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})

    assert response.status_code == 200
    assert response.get_json() == {"alerts": []}


def pass_the_window(instance) -> None:
    """Move every stored refusal back by the throttle's window, as if that much time passed."""
    engine = create_engine(instance.database_url)
    with engine.begin() as connection:
        for row_id, refused_at in connection.execute(
            select(REFUSALS.c.id, REFUSALS.c.refused_at)
        ).all():
            moved = {"refused_at": refused_at - WINDOW}
            connection.execute(update(REFUSALS).where(REFUSALS.c.id == row_id).values(**moved))
    engine.dispose()


def test_after_twenty_wrong_tokens_an_address_gets_429_until_the_window_passes(http, instance):
    wrong = {"Authorization": "Bearer not-the-admin-token-at-all"}
    right = {"Authorization": f"Bearer {ADMIN_TOKEN}"}

    refused = [http.get("/monitoring/alerts", headers=wrong).status_code for _ in range(20)]
    throttled = http.get("/monitoring/alerts", headers=right)
    throttled_elsewhere = http.post("/admin/rollback", headers=wrong)
    pass_the_window(instance)
    after = http.get("/monitoring/alerts", headers=right)

    assert refused == [401] * 20
    assert throttled.status_code == 429 == throttled_elsewhere.status_code
    assert 0 < int(throttled.headers["Retry-After"]) <= WINDOW.total_seconds()
    assert after.status_code == 200


def test_a_missing_token_is_not_counted_as_a_guess(http):
    statuses = [http.get("/monitoring/alerts").status_code for _ in range(25)]

    assert statuses == [401] * 25


def test_a_refused_token_is_logged_with_the_address_never_the_token(http, caplog):
    http.get("/monitoring/alerts", headers={"Authorization": "Bearer guessed-token-value"})

    assert "bearer token refused" in caplog.text and "127.0.0.1" in caplog.text
    assert "guessed-token-value" not in caplog.text
