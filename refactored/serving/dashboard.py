"""The dashboard (one server-rendered Jinja2 page, no front-end build) and its login.

`GET /dashboard` accepts a bearer token (API clients, scripts) or a login session (people):
`GET /login` shows the form, `POST /login` takes a person's admin token, records a login in
their name and sets the session cookie,
`POST /logout` ends it. A browser without a session is sent to the login page; any other
client gets 401. The page's one state-changing form (start a retraining) needs the login
session and its CSRF token.
"""

from collections.abc import Mapping

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from ..credentials import credential_named
from ..storage.jobs import JobRunningError
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
from .dashboard_charts import dashboard_charts
from .monitoring_routes import check_before_reading

dashboard = Blueprint("dashboard", __name__, template_folder="templates")
RECENT_ALERTS = 10
WINDOWS_SHOWN = 10
WINDOWS_CHARTED = 50
ALERTS_CHARTED = 500
REVIEWS_SHOWN = 10
JOBS_SHOWN = 5
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


def require_login() -> str:
    """Let a login session with the form's CSRF token through; return the person's name.

    Without a session the answer is 401, not a redirect: a form post is refused, never
    turned into a page.
    """
    admin_tokens()
    name = logged_in()
    if not name:
        abort(401, description="log in first: the dashboard's forms need a login session")
    require_csrf()
    return name


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


@dashboard.post("/dashboard/retrain")
def start_retraining():
    """Start a retraining job from the page; its state shows on the dashboard."""
    person = require_login()
    try:
        job = service().jobs.start(person)
        flash(f"Retraining job {job['job_id']} started.")
    except JobRunningError as running:
        flash(f"Retraining job {running.job_id} is still running; not started again.")
    return redirect(url_for("dashboard.page"), SEE_OTHER)


@dashboard.get("/dashboard")
def page():
    """Champion card, pictures, drift per feature, alerts, performance, reviews, jobs."""
    person = require_viewer()
    context = service()
    check_before_reading()
    model = context.champion.current()
    charted = context.findings.windows(limit=WINDOWS_CHARTED)
    alerts = context.findings.alerts(ALERTS_CHARTED)
    return render_template(
        "dashboard.html",
        card=model.card,
        policy=context.policy,
        window_size=context.settings.monitoring_window,
        latest=charted[0] if charted else None,
        windows=charted[:WINDOWS_SHOWN],
        alerts=alerts[:RECENT_ALERTS],
        charts=dashboard_charts(charted, alerts, model.card),
        reviews=context.reviews.pending(REVIEWS_SHOWN),
        jobs=context.jobs.repository.recent(JOBS_SHOWN),
        person=person,
        csrf=csrf_token() if person else None,
    )
