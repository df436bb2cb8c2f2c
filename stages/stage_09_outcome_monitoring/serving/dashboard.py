"""The dashboard (one server-rendered Jinja2 page, no front-end build).

`GET /dashboard` shows the champion's card and what monitoring found: drift per feature,
alerts, estimated and realised performance, fairness ratios. It answers anyone: no route of
this stage asks who is calling yet.
"""

from flask import Blueprint, render_template

from .context import service
from .dashboard_charts import dashboard_charts
from .monitoring_routes import check_before_reading

dashboard = Blueprint("dashboard", __name__, template_folder="templates")
RECENT_ALERTS = 10
WINDOWS_SHOWN = 10
WINDOWS_CHARTED = 50
ALERTS_CHARTED = 500


@dashboard.get("/dashboard")
def page():
    """Champion card, pictures, drift per feature, alerts, performance."""
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
    )
