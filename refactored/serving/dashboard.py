"""The dashboard (one server-rendered Jinja2 page, no front-end build) and its login.

`GET /dashboard` accepts the bearer token (API clients, scripts) or a login session (people):
`GET /login` shows the form, `POST /login` takes the admin token and sets the session cookie,
`POST /logout` ends it. A browser without a session is sent to the login page; any other
client gets 401. The page's one state-changing form (start a retraining) needs the login
session and its CSRF token.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from ..storage.jobs import JobRunningError
from .auth import (
    bearer_token_accepted,
    csrf_token,
    log_in,
    log_out,
    logged_in,
    refuse,
    require_csrf,
    throttle_guessing,
    token_matches,
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


def admin_token() -> str:
    """The configured admin token; 403 when admin routes are disabled."""
    token = service().settings.admin_token
    if token is None:
        abort(403, description="admin routes are disabled: no admin token is configured")
    return token


def require_viewer() -> bool:
    """Let the bearer token or a login session through; return whether it was the session.

    A browser (it accepts HTML) without either is sent to the login page; others get 401.
    """
    if bearer_token_accepted(admin_token()):
        return False
    if logged_in():
        return True
    if request.accept_mimetypes.accept_html:
        abort(redirect(url_for("dashboard.login_form")))
    abort(401, description="a valid `Authorization: Bearer <token>` header is required")


def require_login() -> None:
    """Let a login session with the form's CSRF token through (the dashboard's own forms).

    Without a session the answer is 401, not a redirect: a form post is refused, never
    turned into a page.
    """
    admin_token()
    if not logged_in():
        abort(401, description="log in first: the dashboard's forms need a login session")
    require_csrf()


@dashboard.get("/login")
def login_form():
    """The login form (or the dashboard, when already logged in)."""
    admin_token()
    if logged_in():
        return redirect(url_for("dashboard.page"))
    return render_template("login.html", csrf=csrf_token(), error=None)


@dashboard.post("/login")
def login():
    """Check the admin token typed in the form; start a session or show the form again."""
    token = admin_token()
    require_csrf()
    throttle_guessing()
    if not token_matches(request.form.get("token", ""), token):
        refuse("login token")
        return render_template("login.html", csrf=csrf_token(), error="Wrong token."), 401
    log_in()
    return redirect(url_for("dashboard.page"), SEE_OTHER)


@dashboard.post("/logout")
def logout():
    """End the login session."""
    admin_token()
    require_csrf()
    log_out()
    return redirect(url_for("dashboard.login_form"), SEE_OTHER)


@dashboard.post("/dashboard/retrain")
def start_retraining():
    """Start a retraining job from the page; its state shows on the dashboard."""
    require_login()
    try:
        job = service().jobs.start()
        flash(f"Retraining job {job['job_id']} started.")
    except JobRunningError as running:
        flash(f"Retraining job {running.job_id} is still running; not started again.")
    return redirect(url_for("dashboard.page"), SEE_OTHER)


@dashboard.get("/dashboard")
def page():
    """Champion card, pictures, drift per feature, alerts, performance, reviews, jobs."""
    with_session = require_viewer()
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
        csrf=csrf_token() if with_session else None,
    )
