"""The monitoring routes, and the check that runs after every scoring request.

`GET /monitoring/drift` and `/monitoring/alerts` answer anyone: no route of this stage asks
who is calling yet.
"""

from flask import Blueprint, jsonify

from .context import service
from .query import number_argument

monitoring_routes = Blueprint("monitoring", __name__, url_prefix="/monitoring")
DEFAULT_LIMIT = 20
MAX_LIMIT = 1000


def check_windows() -> None:
    """Check the windows a scoring request has just filled (cheap when none is new)."""
    service().monitor.check()


def check_before_reading() -> None:
    """Check any window still owed, so a read sees every full window."""
    service().monitor.check()


def limit_argument(default: int = DEFAULT_LIMIT) -> int:
    """The `?limit=` argument, between 1 and `MAX_LIMIT`; 400 when it is not an integer."""
    return min(max(number_argument("limit", int, default) or default, 1), MAX_LIMIT)


@monitoring_routes.get("/drift")
def drift():
    """The drift report of the latest windows (newest first): inputs, score, approval rate."""
    context = service()
    check_before_reading()
    return jsonify(
        window_size=context.settings.monitoring_window,
        logged_rows=context.findings.logged_rows(),
        windows=context.findings.windows(limit=limit_argument()),
    )


@monitoring_routes.get("/alerts")
def alerts():
    """The most recent alerts, newest first, each with its evidence."""
    context = service()
    check_before_reading()
    return jsonify(alerts=context.findings.alerts(limit_argument(100)))
