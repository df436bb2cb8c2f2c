"""Integration: a person logs in to the dashboard with the admin token; forms carry CSRF tokens.

The browser itself (headless Chromium) is in `test_dashboard_in_a_browser.py`.
"""

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

from refactored.config import as_environment
from refactored.storage.logins import SqlLoginRepository
from tests.refactored.conftest import ADMIN_TOKEN, build_app, copy_instance
from tests.refactored.test_integration_admin_auth import pass_the_window
from tests.refactored.test_integration_retraining_jobs import BlockingRetrainer, with_retrainer

BROWSER = {"Accept": "text/html,application/xhtml+xml"}
COOKIE = "credit_dashboard"


def csrf_of(page: str) -> str:
    """The CSRF token in a page's first form."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def log_in(client, token: str = ADMIN_TOKEN):
    """Open the login form and post `token` with the form's CSRF token."""
    form = client.get("/login", headers=BROWSER).get_data(as_text=True)
    return client.post("/login", data={"token": token, "csrf_token": csrf_of(form)})


def test_a_browser_without_a_session_is_sent_to_the_login_page(http):
    response = http.get("/dashboard", headers=BROWSER)

    assert response.status_code == 302 and response.headers["Location"] == "/login"


def test_logging_in_sets_a_signed_http_only_strict_expiring_cookie_and_opens_the_page(http):
    response = log_in(http)

    assert response.status_code == 303 and response.headers["Location"] == "/dashboard"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" in cookie
    expires = re.search(r"Expires=([^;]+)", cookie).group(1)
    lifetime = datetime.strptime(expires, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
    assert timedelta(minutes=29) < lifetime - datetime.now(UTC) <= timedelta(minutes=30)
    page = http.get("/dashboard", headers=BROWSER)
    assert page.status_code == 200 and 'id="logout"' in page.get_data(as_text=True)


def test_a_wrong_token_or_a_missing_csrf_token_logs_nobody_in(http):
    assert log_in(http, "wrong-token").status_code == 401
    missing = http.post("/login", data={"token": ADMIN_TOKEN})
    assert missing.status_code == 403
    assert http.get("/dashboard", headers=BROWSER).status_code == 302


def test_the_session_opens_the_dashboard_but_not_the_json_api(http):
    log_in(http)

    assert http.get("/dashboard", headers=BROWSER).status_code == 200
    assert http.get("/monitoring/drift").status_code == 401
    assert http.post("/admin/retrain").status_code == 401


def test_the_bearer_header_still_opens_the_dashboard_without_a_cookie(http):
    response = http.get("/dashboard", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})

    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_after_logout_the_same_cookie_is_refused_everywhere(service):
    client = service.test_client()
    log_in(client)
    cookie = client.get_cookie(COOKIE).value
    page = client.get("/dashboard", headers=BROWSER).get_data(as_text=True)

    response = client.post("/logout", data={"csrf_token": csrf_of(page)})

    assert response.status_code == 303 and client.get_cookie(COOKIE) is None
    replay = service.test_client()
    replay.set_cookie(COOKIE, cookie)
    assert replay.get("/dashboard", headers=BROWSER).status_code == 302


def test_the_retrain_form_without_a_session_is_refused_with_401(http):
    assert http.post("/dashboard/retrain", data={"csrf_token": "anything"}).status_code == 401


def test_the_retrain_form_needs_the_pages_csrf_token_and_starts_a_job(service):
    retrainer = BlockingRetrainer({"promote": False, "reasons": ["refused for the test"]})
    with_retrainer(service, retrainer)
    client = service.test_client()
    log_in(client)
    page = client.get("/dashboard", headers=BROWSER).get_data(as_text=True)

    forged = client.post("/dashboard/retrain", data={"csrf_token": "forged"})
    started = client.post("/dashboard/retrain", data={"csrf_token": csrf_of(page)})

    assert forged.status_code == 403 and started.status_code == 303
    assert retrainer.started.wait(timeout=60)
    retrainer.release.set()
    (job,) = service.extensions["refactored"].jobs.repository.recent()
    client.get(
        f"/admin/jobs/{job['job_id']}?wait=20", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    )
    shown = client.get("/dashboard", headers=BROWSER).get_data(as_text=True)
    assert f"Retraining job {job['job_id']} started." in shown
    assert "refused for the test" in shown


def test_an_expired_login_is_refused(service):
    logins = SqlLoginRepository(service.extensions["refactored"].scores.engine)
    now = datetime.now(UTC)

    expired = logins.open("admin", now - timedelta(minutes=31), timedelta(minutes=30))
    current = logins.open("admin", now - timedelta(minutes=29), timedelta(minutes=30))

    assert logins.open_name(expired, now) is None and logins.open_name(current, now) == "admin"


@pytest.mark.parametrize("path", ["/login", "/dashboard"])
def test_without_a_configured_token_the_login_and_dashboard_are_disabled(instance, path):
    client = build_app(instance).test_client()

    assert client.get(path, headers=BROWSER).status_code == 403


def test_the_cookie_key_is_the_instances_own_random_key_never_one_derived_from_the_token(
    instance, tmp_path
):
    first = build_app(instance, ADMIN_TOKEN=ADMIN_TOKEN)
    again = build_app(instance, ADMIN_TOKEN=ADMIN_TOKEN)
    elsewhere = build_app(copy_instance(instance, tmp_path / "elsewhere"), ADMIN_TOKEN=ADMIN_TOKEN)

    key_file = instance.folder / "session_secret"
    assert first.secret_key == again.secret_key == key_file.read_text().strip()
    assert len(first.secret_key) == 64 and ADMIN_TOKEN not in first.secret_key
    assert elsewhere.secret_key != first.secret_key
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_a_configured_session_secret_signs_the_cookie_and_is_never_shown(instance):
    app = build_app(instance, ADMIN_TOKEN=ADMIN_TOKEN, SESSION_SECRET="s" * 64)
    settings = app.extensions["refactored"].settings

    assert app.secret_key == "s" * 64
    assert "s" * 64 not in repr(settings)
    assert not any("s" * 64 in value for value in as_environment(settings).values())
    assert not (instance.folder / "session_secret").exists()


def test_a_refused_bearer_or_login_token_is_logged_without_its_value(http, caplog):
    with caplog.at_level(logging.WARNING, logger="refactored.serving.auth"):
        http.post("/admin/rollback", headers={"Authorization": "Bearer guessed-bearer-token"})
        log_in(http, "guessed-login-token")

    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("bearer token refused: POST /admin/rollback") for m in messages)
    assert any(m.startswith("login token refused: POST /login") for m in messages)
    assert not any("guessed" in message for message in messages)


def test_twenty_wrong_logins_from_one_address_get_429_until_the_window_passes(http, instance):
    wrong = [log_in(http, "a-wrong-guess-of-the-token").status_code for _ in range(20)]
    throttled = log_in(http)
    pass_the_window(instance)
    after = log_in(http)

    assert wrong == [401] * 20
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0
    assert after.status_code == 303
