"""The monitoring routes, and the check that runs after every scoring request.

`GET /monitoring/drift`, `/monitoring/performance` and `/monitoring/alerts` need the admin
token: they show what applicants sent.
"""

import logging

from flask import Blueprint, jsonify, request

from .auth import require_admin
from .context import service

LOGGER = logging.getLogger(__name__)
monitoring = Blueprint("monitoring", __name__, url_prefix="/monitoring")
DEFAULT_LIMIT = 20
MAX_LIMIT = 1000


def check_windows() -> None:
    """Check new windows after a scoring request; a failure is logged, never answered.

    The request's predictions are already stored when this runs: monitoring must not turn an
    accepted request into an error.
    """
    try:
        service().monitor.check()
    except Exception:
        LOGGER.exception("monitoring check failed; the scored requests are stored")


def limit_argument(default: int = DEFAULT_LIMIT) -> int:
    """The `?limit=` argument, between 1 and `MAX_LIMIT`."""
    return min(max(request.args.get("limit", default, type=int) or default, 1), MAX_LIMIT)


@monitoring.get("/drift")
def drift():
    """The drift report of the latest windows (newest first): inputs, score, approval rate."""
    require_admin()
    context = service()
    context.monitor.check()
    windows = context.monitoring.windows(limit=limit_argument())
    drift_only = [
        {key: value for key, value in window.items() if key != "performance"} for window in windows
    ]
    return jsonify(
        window_size=context.settings.monitoring_window,
        logged_rows=context.monitoring.logged_rows(),
        windows=drift_only,
    )


@monitoring.get("/performance")
def performance():
    """Prior and concept shift figures of the latest windows with outcomes (newest first)."""
    require_admin()
    context = service()
    context.monitor.check()
    windows = context.monitoring.windows(limit=limit_argument())
    return jsonify(
        window_size=context.settings.monitoring_window,
        holdout=context.champion.current().card["metrics"]["holdout"],
        windows=[
            {key: window[key] for key in ("index", "first_id", "last_id", "rows", "performance")}
            for window in windows
            if window["performance"] is not None
        ],
    )


@monitoring.get("/alerts")
def alerts():
    """The most recent alerts, newest first, each with its evidence."""
    require_admin()
    context = service()
    context.monitor.check()
    return jsonify(alerts=context.monitoring.alerts(limit_argument(100)))
