"""Does a readiness route check the stage's dependencies: its database and its champion?

Database: on a trained copy that has scored an applicant (so its database exists and a
connection is pooled), every GET route without path variables is asked, without credentials,
three times: with the database whole, made unusable by the probe (`unusable_database.py`),
and whole again. A readiness route, whatever it is called, answers 200, then 503, then 200.
The liveness route, `GET /health` (in every stage's contract), must still answer 200 while
the database is unusable: the process is alive, it only cannot serve. And `POST /score` while
the database is unusable must fail honestly: 503 with a `Retry-After` header, not a 500 (a
client cannot tell a 500 from a bug of its own request), and it answers 200 again once the
database is whole, without a restart.

Champion: in another trained copy, every file that unpickles to a model is cut to half its
bytes (it then neither loads nor matches a checksum), and a new application is started from
the same folders. A stage that refuses to start serves nothing broken; one that starts must not
answer 200 on its readiness route.
"""

from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from ..instance import StageInstance
from .artifacts import load_models
from .unusable_database import sqlite_file, unusable

LIVENESS = "/health"
READY, UNAVAILABLE = 200, 503


def plain_get_routes(app: Flask) -> list[str]:
    """Every GET route of the URL map without path variables (static files aside)."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not rule.arguments and "GET" in (rule.methods or ())
    )


def statuses(client: FlaskClient, routes: list[str]) -> dict[str, int]:
    """The status of a GET, without credentials, on each route."""
    return {route: client.get(route).status_code for route in routes}


def database_findings(
    instance: StageInstance, client: FlaskClient, payload: dict, new_id: Callable[[], str]
) -> dict:
    """Which routes answer 200, then 503 while the database is unusable, then 200 again.

    `POST /score` is asked too: while the database is unusable it must answer 503 with a
    `Retry-After` header, and 200 again afterwards.

    Args:
        instance: A trained copy the probe may break.
        client: A test client of its application (pooled connections and all).
        payload: An applicant to score before, and while, the database is unusable.
        new_id: Gives a fresh application id per request.

    Returns:
        The readiness routes found, the liveness answers, and each route's three statuses.
    """
    scored = client.post("/score", json={**payload, "application_id": new_id()}).status_code
    routes = plain_get_routes(client.application)
    before = statuses(client, routes)
    with unusable(sqlite_file(instance.database_url)):
        during = statuses(client, routes)
        broken_score = client.post("/score", json={**payload, "application_id": new_id()})
    after = statuses(client, routes)
    scored_again = client.post("/score", json={**payload, "application_id": new_id()}).status_code
    honest_failure = (
        broken_score.status_code == UNAVAILABLE
        and broken_score.headers.get("Retry-After") is not None
        and scored_again == READY
    )
    ready = [
        route
        for route in routes
        if (before[route], during[route], after[route]) == (READY, UNAVAILABLE, READY)
    ]
    live = before.get(LIVENESS) == during.get(LIVENESS) == READY
    return {
        "score_before": scored,
        "score_while_unusable": broken_score.status_code,
        "score_retry_after": broken_score.headers.get("Retry-After"),
        "score_after": scored_again,
        "score_fails_honestly": honest_failure,
        "readiness_routes": ready,
        "liveness_unaffected": live,
        "statuses": {route: [before[route], during[route], after[route]] for route in routes},
        "holds": bool(ready) and live and honest_failure,
    }


def cut_in_half(path: Path) -> None:
    """Keep only the first half of a file's bytes."""
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2])


def champion_findings(instance: StageInstance, route: str) -> dict:
    """Whether a new application on broken model files refuses to start or to say ready.

    Args:
        instance: A trained copy, never started in this process yet.
        route: The readiness route found with the database.

    Returns:
        The files cut, whether the stage started, and what its readiness route answered.
    """
    models = [path for path, _ in load_models(instance.folder)]
    if not models:
        return {"corrupted": [], "holds": False}
    for path in models:
        cut_in_half(path)
    corrupted = [str(path.relative_to(instance.folder)) for path in models]
    try:
        app = instance.create_app()
    except Exception as error:  # any refusal to start on broken files is the right answer
        refusal = type(error).__name__
        return {"corrupted": corrupted, "started": False, "refusal": refusal, "holds": True}
    status = app.test_client().get(route).status_code
    return {
        "corrupted": corrupted,
        "started": True,
        "readiness_status": status,
        "holds": not 200 <= status < 300,
    }
