"""Admin authentication: a bearer token for API clients, a login session for people.

Every state-changing administration route (promotion, retraining, rollback), the routes that
record outcomes and reviews, and the monitoring reads call `require_admin()` first: the
bearer token, compared in constant time with every configured one (`credentials.py`). It
returns the name of the credential, which the route records with what it changes (a review
decision names its reviewer). Scoring stays open.

The dashboard is for a browser, which sends no `Authorization` header: a person types their
admin token into the login form once and gets a session cookie (`HttpOnly`, `SameSite=Strict`,
expiring after `SESSION_MINUTES`) naming a login recorded in the database with the person's
name, which logout ends.
The cookie is signed with `SESSION_SECRET`, or else with a random key the instance keeps in
its folder: never with a key derived from the admin token, which a cookie any anonymous
visitor receives would let an attacker guess offline. The cookie opens the dashboard only,
never the JSON API, and every form the dashboard posts carries a per-session CSRF token.
"""

import hmac
import logging
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from flask import Flask, abort, request, session
from werkzeug.exceptions import TooManyRequests

from ..config import Settings
from ..credentials import credential_named
from ..instance_secrets import instance_secret
from ..storage.refusals import SqlRefusalRepository
from .context import service
from .scoring import utc_now

SESSION_COOKIE = "credit_dashboard"
SECRET_FILE = "session_secret"
LOGIN_KEY, CSRF_KEY = "login", "csrf"
CSRF_FIELD = "csrf_token"
LOGGER = logging.getLogger(__name__)


# repays DEBT-13 Unauthenticated admin endpoint: admin routes need a bearer token.
def require_admin_token(credentials: Mapping[str, str]) -> str:
    """The name of the request's credential; 403 when admin routes are disabled, 401 when wrong.

    Args:
        credentials: The configured tokens by name; none disables admin routes.

    Returns:
        The name of the credential the request carries.
    """
    if not credentials:
        abort(403, description="admin routes are disabled: no admin token is configured")
    name = bearer_credential(credentials)
    if name is None:
        abort(401, description="a valid `Authorization: Bearer <token>` header is required")
    return name


def bearer_credential(credentials: Mapping[str, str]) -> str | None:
    """The name of the request's bearer token, or None; a wrong token is counted as refused.

    Raises:
        TooManyRequests: While this client's address has too many refusals (429, with
            `Retry-After`), whatever token it sends, so that guessing stays slow.
    """
    throttle_guessing()
    name = bearer_token_name(credentials)
    if name is None and "Authorization" in request.headers:
        refuse("bearer token")
    return name


def throttle_guessing() -> None:
    """Answer 429 while this client's address has too many refused credentials in the window.

    Raises:
        TooManyRequests: With `Retry-After`, the seconds until the oldest refusal counts no more.
    """
    wait = refusals().retry_after(client_address(), utc_now())
    if wait:
        LOGGER.warning("credentials throttled for %s: %d s to wait", client_address(), wait)
        raise TooManyRequests("too many wrong credentials from this address", retry_after=wait)


def refuse(credential: str) -> None:
    """Log a refused credential (never its value) and count it against the client's address."""
    log_refused(credential)
    refusals().record(client_address(), utc_now())


def refusals() -> SqlRefusalRepository:
    """The refused credentials, in the service's database (shared by all its processes)."""
    return SqlRefusalRepository(service().scores.engine)


def client_address() -> str:
    """The client's address as this process sees it (a proxy in front must pass it on)."""
    return request.remote_addr or "unknown"


def log_refused(credential: str) -> None:
    """Log a refused credential, never its value: repeated lines show someone guessing."""
    LOGGER.warning(
        "%s refused: %s %s from %s", credential, request.method, request.path, request.remote_addr
    )


def bearer_token_name(credentials: Mapping[str, str]) -> str | None:
    """The name of the credential in `Authorization: Bearer <token>`, or None."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return credential_named(credentials, given) if scheme.lower() == "bearer" else None


def token_matches(given: str, expected: str) -> bool:
    """Compare a token in constant time."""
    return hmac.compare_digest(given.encode(), expected.encode())


def require_admin() -> str:
    """Check the current request against the configured admin tokens; return the name."""
    return require_admin_token(service().settings.admin_tokens)


def configure_sessions(app: Flask, settings: Settings) -> None:
    """Set up the dashboard's session cookie (only when an admin token is configured).

    The signing key is `SESSION_SECRET` when set (several hosts share it), else the instance's
    own random key (`instance_session_secret`), which every process of one instance shares.
    Changing it ends every session.
    """
    if not settings.admin_tokens:
        return
    app.secret_key = settings.session_secret or instance_session_secret(settings.instance_path)
    app.config.update(
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.session_minutes),
    )


def instance_session_secret(folder: Path) -> str:
    """The instance's random session key, created once, readable by its owner only.

    Args:
        folder: The instance folder (`instance_secrets.py` keeps the key there).

    Returns:
        The key, 64 hexadecimal characters.
    """
    return instance_secret(folder, SECRET_FILE)


def logged_in() -> str | None:
    """The name of the person whose login the session cookie names, while it is open."""
    login_id = session.get(LOGIN_KEY)
    return service().logins.open_name(login_id, utc_now()) if login_id else None


def log_in(name: str) -> None:
    """Start a login for `name`: a new session (new CSRF token) naming a new login record."""
    settings = service().settings
    lifetime = timedelta(minutes=settings.session_minutes)
    session.clear()
    session.permanent = True
    session[LOGIN_KEY] = service().logins.open(name, utc_now(), lifetime)
    session[CSRF_KEY] = secrets.token_urlsafe(32)


def log_out() -> None:
    """End the login in the database and clear the cookie."""
    login_id = session.get(LOGIN_KEY)
    if login_id:
        service().logins.close(login_id, utc_now())
    session.clear()


def csrf_token() -> str:
    """The session's CSRF token (created on first use), for the forms of a page."""
    if CSRF_KEY not in session:
        session[CSRF_KEY] = secrets.token_urlsafe(32)
    return session[CSRF_KEY]


def require_csrf() -> None:
    """Abort with 403 unless the posted form carries the session's CSRF token."""
    expected = session.get(CSRF_KEY)
    given = request.form.get(CSRF_FIELD, "")
    if not expected or not token_matches(given, expected):
        abort(403, description="the form's CSRF token is missing or wrong; reload the page")
