"""Integration: every admin route needs the configured bearer token; scoring stays open."""

import pytest

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
