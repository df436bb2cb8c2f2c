"""DEBT-13 Unauthenticated admin endpoint: do admin routes act without valid credentials?

Admin routes are every state-changing route of the app's URL map except the documented public
ones (`POST /score`, `POST /score/batch`), whatever they are called. In a trained copy whose
app is configured *with* an admin token (so that a refusal is a real 401/403, not "admin
disabled"), each is sent requests without credentials, with random tokens (seeded), with
malformed headers (`Bearer` alone, `Basic` credentials, the token without its scheme, the
right token in another case) and with the right token in the query string, until one is not
refused. Any answer other than 401, 403 or 429 (a stage that throttles an address after many
wrong tokens refuses the rest unread) means the route did not check who is calling.
"""

import base64

import numpy as np

from .context import ProbeContext
from .result import ProbeResult
from .routes import ADMIN_SETTINGS, PROBE_TOKEN, admin_routes, follow_work

DEBT_ID = "DEBT-13"
REFUSALS = {401, 403, 429}
TOKEN_SEED = 13


def attempts() -> dict[str, dict]:
    """The credentials tried, by name: headers and query strings (none of them valid)."""
    rng = np.random.default_rng(TOKEN_SEED)
    random_tokens = ["".join(rng.choice(list("abcdef0123456789"), 32)) for _ in range(2)]
    basic = base64.b64encode(f"admin:{PROBE_TOKEN}".encode()).decode()
    tried = {"no credentials": {}}
    for number, token in enumerate(random_tokens, start=1):
        tried[f"random token {number}"] = {"headers": {"Authorization": f"Bearer {token}"}}
    tried |= {
        "empty token": {"headers": {"Authorization": "Bearer "}},
        "scheme alone": {"headers": {"Authorization": "Bearer"}},
        "basic credentials": {"headers": {"Authorization": f"Basic {basic}"}},
        "token without scheme": {"headers": {"Authorization": PROBE_TOKEN}},
        "token in another case": {"headers": {"Authorization": f"Bearer {PROBE_TOKEN.upper()}"}},
        "token in the query string": {"query_string": {"token": PROBE_TOKEN}},
        "admin token in the query string": {"query_string": {"admin_token": PROBE_TOKEN}},
    }
    return tried


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-13 on the context's stage."""
    routes = admin_routes(context.app())
    answers, open_routes = {}, []
    if routes:
        instance = context.trained_copy("admin")
        client = context.admin_client(instance)
        for method, path in routes:
            statuses = {}
            for name, request in attempts().items():
                response = client.open(path, method=method, json={}, **request)
                statuses[name] = response.status_code
                if statuses[name] not in REFUSALS:
                    # The route acted: asking again would only make it act again. Work it
                    # started in the background (a retraining) is seen to its end.
                    follow_work(client, response, f"{method} {path}")
                    open_routes.append(f"{method} {path} ({name}: {statuses[name]})")
                    break
            answers[f"{method} {path}"] = statuses
    present = bool(open_routes)
    figure = f"{len(open_routes)}/{len(routes)} open"
    summary = (
        f"{len(open_routes)} of {len(routes)} state-changing non-public routes act without "
        f"valid credentials (admin token configured; {len(attempts())} kinds of request each)"
        + (f": {', '.join(open_routes[:4])}" if open_routes else "")
    )
    evidence = {"admin_token_configured": ADMIN_SETTINGS, "answers": answers, "open": open_routes}
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
