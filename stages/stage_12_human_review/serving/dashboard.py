"""The dashboard (one server-rendered Jinja2 page, no front-end build) and its login.

`GET /dashboard` accepts a bearer token (API clients, scripts) or a login session (people):
`GET /login` shows the form, `POST /login` takes a person's admin token, records a login in
their name and sets the session cookie,
`POST /logout` ends it. A browser without a session is sent to the login page; any other
client gets 401. Logging in and out needs the form's CSRF token.
"""

from collections.abc import Mapping

from flask import Blueprint, abort, redirect, render_template, request, url_for

from ..credentials import credential_named
from .auth import (
    bearer_credential,
    csrf_token,
    log_in,
    log_out,
    logged_in,
    refuse,
    require_csrf,
    throttle_guessing,
)
from .context import service
from .monitoring_routes import check_before_reading

dashboard = Blueprint("dashboard", __name__, template_folder="templates")
RECENT_ALERTS = 10
WINDOWS_SHOWN = 10
REVIEWS_SHOWN = 10
SEE_OTHER = 303


def admin_tokens() -> Mapping[str, str]:
    """The configured admin tokens by name; 403 when admin routes are disabled."""
    credentials = service().settings.admin_tokens
    if not credentials:
        abort(403, description="admin routes are disabled: no admin token is configured")
    return credentials


def require_viewer() -> str | None:
    """Let a bearer token or a login session through; return the session's name, if any.

    A browser (it accepts HTML) without either is sent to the login page; others get 401.
    """
    if bearer_credential(admin_tokens()):
        return None
    name = logged_in()
    if name:
        return name
    if request.accept_mimetypes.accept_html:
        abort(redirect(url_for("dashboard.login_form")))
    abort(401, description="a valid `Authorization: Bearer <token>` header is required")


@dashboard.get("/login")
def login_form():
    """The login form (or the dashboard, when already logged in)."""
    admin_tokens()
    if logged_in():
        return redirect(url_for("dashboard.page"))
    return render_template("login.html", csrf=csrf_token(), error=None)


@dashboard.post("/login")
def login():
    """Check the admin token typed in the form; start a session in its name, or show the form."""
    credentials = admin_tokens()
    require_csrf()
    throttle_guessing()
    name = credential_named(credentials, request.form.get("token", ""))
    if name is None:
        refuse("login token")
        return render_template("login.html", csrf=csrf_token(), error="Wrong token."), 401
    log_in(name)
    return redirect(url_for("dashboard.page"), SEE_OTHER)


@dashboard.post("/logout")
def logout():
    """End the login session."""
    admin_tokens()
    require_csrf()
    log_out()
    return redirect(url_for("dashboard.login_form"), SEE_OTHER)


@dashboard.get("/dashboard")
def page():
    """Champion card, drift per feature, alerts, performance, reviews."""
    person = require_viewer()
    context = service()
    check_before_reading()
    model = context.champion.current()
    windows = context.findings.windows(limit=WINDOWS_SHOWN)
    return render_template(
        "dashboard.html",
        card=model.card,
        policy=context.policy,
        window_size=context.settings.monitoring_window,
        latest=windows[0] if windows else None,
        windows=windows,
        alerts=context.findings.alerts(RECENT_ALERTS),
        reviews=context.reviews.pending(REVIEWS_SHOWN),
        person=person,
        csrf=csrf_token() if person else None,
    )
