"""Which of a served stage's routes the replayer uses: batch scoring, outcomes, alerts.

Found from outside, by asking each candidate route which methods it allows (`OPTIONS`), so a
stage served elsewhere (`--url`) is read the same way as one the replayer serves itself.
"""

import json
from dataclasses import dataclass

from .service import HttpService

BATCH_ROUTES = ("/score/batch",)
OUTCOME_ROUTES = ("/outcomes", "/outcome")
ALERT_ROUTES = ("/monitoring/alerts", "/alerts")


@dataclass(frozen=True)
class Channels:
    """The routes a stage offers the replayer (None where it has none).

    Attributes:
        batch: The batch-scoring route (`POST`, `{"applicants": [...]}`).
        outcomes: The outcome route (`POST`, `{"application_id": ..., "defaulted": 0 or 1}`).
        alerts: The alert route (`GET`, a list of alerts, or an object holding one).
    """

    batch: str | None
    outcomes: str | None
    alerts: str | None


def first_allowed(service: HttpService, candidates: tuple[str, ...], method: str) -> str | None:
    """The first of `candidates` that the service allows with `method`."""
    return next((path for path in candidates if service.allows(path, method)), None)


def discover(service: HttpService) -> Channels:
    """Find the stage's batch, outcome and alert routes."""
    return Channels(
        batch=first_allowed(service, BATCH_ROUTES, "POST"),
        outcomes=first_allowed(service, OUTCOME_ROUTES, "POST"),
        alerts=first_allowed(service, ALERT_ROUTES, "GET"),
    )


def read_alerts(service: HttpService, route: str | None) -> list[dict]:
    """The alerts the stage shows now; none when it has no alert route.

    Raises:
        RuntimeError: If the alert route does not answer 200 (a wrong admin token, say).
    """
    if route is None:
        return []
    status, body = service.get(route)
    if status != 200:
        raise RuntimeError(f"GET {route} answered {status}: {body}")
    if isinstance(body, dict):
        body = next((value for value in body.values() if isinstance(value, list)), [])
    return [alert if isinstance(alert, dict) else {"alert": alert} for alert in body or []]


def alert_key(alert: dict) -> str:
    """What identifies an alert between two reads: its `id`, else its whole content."""
    return str(alert["id"]) if "id" in alert else json.dumps(alert, sort_keys=True)


def alert_label(alert: dict) -> str:
    """A short label of an alert: its kind and subject when it has them, else its message."""
    parts = [str(alert[key]) for key in ("kind", "subject") if alert.get(key)]
    return " ".join(parts) or str(alert.get("message", alert_key(alert)))[:60]
