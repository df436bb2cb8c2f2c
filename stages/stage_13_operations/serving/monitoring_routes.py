"""The monitoring routes, and the check that runs after every scoring request.

`GET /monitoring/drift`, `/monitoring/performance`, `/monitoring/fairness` and
`/monitoring/alerts` need the admin token: they show what applicants sent.
"""

from flask import Blueprint, jsonify

from ..monitoring.fairness import FOUR_FIFTHS
from .auth import require_admin
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
    require_admin()
    context = service()
    check_before_reading()
    windows = context.findings.windows(limit=limit_argument())
    drift_only = [
        {key: value for key, value in window.items() if key != "performance"} for window in windows
    ]
    return jsonify(
        window_size=context.settings.monitoring_window,
        logged_rows=context.findings.logged_rows(),
        windows=drift_only,
    )


@monitoring_routes.get("/performance")
def performance():
    """Estimated performance of the latest windows, and realised once outcomes arrive."""
    require_admin()
    context = service()
    check_before_reading()
    windows = context.findings.windows(limit=limit_argument())
    return jsonify(
        window_size=context.settings.monitoring_window,
        holdout=context.champion.current().card["metrics"]["holdout"],
        windows=[
            {
                **{key: window[key] for key in ("index", "first_id", "last_id", "rows")},
                "estimated": window["drift"].get("estimated_performance"),
                "performance": window["performance"],
            }
            for window in windows
        ],
    )


@monitoring_routes.get("/fairness")
def fairness():
    """Approval-rate ratios of the protected groups per window, and the fairness alerts.

    Kept apart from `/monitoring/alerts`: a ratio below four fifths is as often a standing
    property of the model and the applicants as a change, and needs a person's judgement.
    """
    require_admin()
    context = service()
    check_before_reading()
    windows = context.findings.windows(limit=limit_argument())
    entries = [
        {"index": window["index"], **window["drift"]["fairness"]}
        for window in windows
        if "fairness" in window["drift"]
    ]
    return jsonify(threshold=FOUR_FIFTHS, windows=entries)


@monitoring_routes.get("/alerts")
def alerts():
    """The most recent alerts, newest first, each with its evidence."""
    require_admin()
    context = service()
    check_before_reading()
    return jsonify(alerts=context.findings.alerts(limit_argument(100)))
