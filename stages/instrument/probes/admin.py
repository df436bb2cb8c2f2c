"""DEBT-13 Unauthenticated admin endpoint: do admin routes act without credentials?

In a fresh instance (the requests may change its state), the probe sends every state-changing
administration route a request without credentials, then one with a wrong token. Any answer
other than 401 or 403 means the route did not ask who is calling.
"""

from .context import ProbeContext
from .result import ProbeResult
from .routes import admin_routes

DEBT_ID = "DEBT-13"
REFUSALS = {401, 403}


def answers_without_credentials(client, routes: list[tuple[str, str]]) -> dict:
    """Each route's status without credentials and, if refused, with a wrong token."""
    answers = {}
    for method, path in routes:
        anonymous = client.open(path, method=method, json={}).status_code
        # A route that acts without credentials is not asked again with a wrong token.
        wrong = anonymous
        if anonymous in REFUSALS:
            wrong = client.open(
                path, method=method, json={}, headers={"Authorization": "Bearer wrong-token"}
            ).status_code
        answers[f"{method} {path}"] = {"no_credentials": anonymous, "wrong_token": wrong}
    return answers


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-13 on the context's stage."""
    routes = admin_routes(context.app())
    answers = {}
    if routes:
        client = context.trained_copy("admin").create_app().test_client()
        answers = answers_without_credentials(client, routes)
    open_routes = [
        route
        for route, codes in answers.items()
        if codes["no_credentials"] not in REFUSALS or codes["wrong_token"] not in REFUSALS
    ]
    present = bool(open_routes)
    figure = f"{len(open_routes)}/{len(routes)} open"
    summary = f"{len(open_routes)} of {len(routes)} admin routes act without valid credentials" + (
        f": {', '.join(open_routes)}" if open_routes else ""
    )
    return ProbeResult(DEBT_ID, present, figure, summary, {"answers": answers, "open": open_routes})
