"""`GET /dashboard`: one server-rendered page (Jinja2, no front-end build) for the operators.

It needs the admin token like every other view of applicants' data.
"""

from flask import Blueprint, render_template

from .auth import require_admin
from .context import service

dashboard = Blueprint("dashboard", __name__, template_folder="templates")
RECENT_ALERTS = 10
WINDOWS_SHOWN = 10
REVIEWS_SHOWN = 10


@dashboard.get("/dashboard")
def page():
    """Champion card, drift per feature, recent alerts, performance by window, pending reviews."""
    require_admin()
    context = service()
    context.monitor.check()
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
    )
