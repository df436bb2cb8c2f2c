"""Find a stage's routes from its URL map, and call them as an admin would."""

import re

from flask import Flask

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# The routes the contract opens to every client: scoring. Every other state-changing route
# is an administration route and must ask who is calling.
PUBLIC_ROUTES = {("POST", "/score"), ("POST", "/score/batch")}
# The token probes configure through `create_app(settings)` and send as a bearer token.
PROBE_TOKEN = "probe-admin-token"
ADMIN_SETTINGS = {"ADMIN_TOKEN": PROBE_TOKEN}
ADMIN_HEADERS = {"Authorization": f"Bearer {PROBE_TOKEN}"}


def concrete(rule: str) -> str:
    """The rule with each variable part (`<int:version>`) replaced by `1`."""
    return re.sub(r"<[^>]+>", "1", rule)


ACCEPTED = 202
# A stage that runs a route's work in the background answers 202 with a `Location` to follow;
# the probe asks it to hold each answer up to this long (RFC 7240 `Prefer: wait`), and gives up
# after this many answers still saying 202.
FOLLOW_WAIT_SECONDS = 20
FOLLOW_LIMIT = 60


def call_admin(client, method: str, path: str, body: dict | None = None) -> int:
    """Call a route with the probes' token; when it answers 202, follow its job to the end.

    Returns:
        The route's own status (202 for background work, whose end has then been seen).

    Raises:
        TimeoutError: If the background work is still running after `FOLLOW_LIMIT` answers.
    """
    response = client.open(
        path, method=method, json={} if body is None else body, headers=ADMIN_HEADERS
    )
    follow_work(client, response, f"{method} {path}")
    return response.status_code


def follow_work(client, response, request: str) -> None:
    """When `response` is a 202 with a `Location`, wait there until the work has ended.

    A probe that starts background work sees it end before its instance is removed, so no
    work outlives the folder it writes into.

    Raises:
        TimeoutError: If the work is still running after `FOLLOW_LIMIT` answers.
    """
    location = response.headers.get("Location")
    if response.status_code != ACCEPTED or not location:
        return
    waiting = {**ADMIN_HEADERS, "Prefer": f"wait={FOLLOW_WAIT_SECONDS}"}
    for _ in range(FOLLOW_LIMIT):
        if client.get(location, headers=waiting).status_code != ACCEPTED:
            return
    raise TimeoutError(f"{request}: the work at {location} did not finish")


def state_changing_routes(app: Flask, words: tuple[str, ...]) -> list[tuple[str, str]]:
    """(method, path) of every state-changing route whose rule contains one of `words`.

    Used only to find a route a probe wants to exercise (retraining, rollback): a route the
    words miss makes the probe see less, never report a debt absent.
    """
    found = []
    for rule in app.url_map.iter_rules():
        if any(word in rule.rule.lower() for word in words):
            for method in sorted(STATE_CHANGING & set(rule.methods or ())):
                found.append((method, concrete(rule.rule)))
    return sorted(found)


def admin_routes(app: Flask) -> list[tuple[str, str]]:
    """Every state-changing route of the URL map except the public ones, whatever its name."""
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(STATE_CHANGING & set(rule.methods or ())):
            if (method, rule.rule) not in PUBLIC_ROUTES:
                found.append((method, concrete(rule.rule)))
    return sorted(found)
