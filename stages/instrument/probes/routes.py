"""Find a stage's routes by what they do, from its URL map, and call them as an admin would."""

import re

from flask import Flask

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
ADMIN_WORDS = ("admin", "retrain", "rollback", "promot", "champion", "model")
# The token probes configure through `create_app(settings)` and send as a bearer token.
PROBE_TOKEN = "probe-admin-token"
ADMIN_SETTINGS = {"ADMIN_TOKEN": PROBE_TOKEN}
ADMIN_HEADERS = {"Authorization": f"Bearer {PROBE_TOKEN}"}


def concrete(rule: str) -> str:
    """The rule with each variable part (`<int:version>`) replaced by `1`."""
    return re.sub(r"<[^>]+>", "1", rule)


def state_changing_routes(app: Flask, words: tuple[str, ...]) -> list[tuple[str, str]]:
    """(method, path) of every state-changing route whose rule contains one of `words`."""
    found = []
    for rule in app.url_map.iter_rules():
        if any(word in rule.rule.lower() for word in words):
            for method in sorted(STATE_CHANGING & set(rule.methods or ())):
                found.append((method, concrete(rule.rule)))
    return sorted(found)


def admin_routes(app: Flask) -> list[tuple[str, str]]:
    """The state-changing administration routes (retrain, rollback, promotion, admin/...)."""
    return state_changing_routes(app, ADMIN_WORDS)
