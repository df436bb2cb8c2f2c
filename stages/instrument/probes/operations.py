"""DEBT-18 Unobservable and un-upgradable: a true published contract, and a real readiness?

Two things an operator and a client need from outside, each measured against behaviour,
never against what the stage says about itself (`published_contract.py`,
`readiness_checks.py`):

- a published contract that is true: the OpenAPI document one of the stage's GET routes
  serves lists exactly the routed methods and paths, and `POST /score` accepts and refuses
  what its request schema says;
- a readiness route that checks its dependencies: it answers 503 while the probe makes the
  database unusable (liveness, `GET /health`, still 200) and 200 once it is whole again, and
  it does not answer 200 on a new application whose champion's files fail to load or verify
  (refusing to start is fine); meanwhile `POST /score` answers 503 with `Retry-After`, not 500;
- answers that name their request: a well-formed `X-Request-ID` sent comes back, and every
  other request gets an id of its own (`request_tracing.py`), so a log line can be found.

The debt is present when either fails. Everything runs on trained copies of the pristine
instance, in the probes' workspace.
"""

from functools import partial

from credit_data.load import applicant_payload

from .context import ProbeContext
from .published_contract import contract_findings
from .readiness_checks import champion_findings, database_findings
from .request_tracing import request_id_findings
from .result import ProbeResult

DEBT_ID = "DEBT-18"


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-18 on the context's stage."""
    instance = context.trained_copy("operations")
    app = instance.create_app()
    client = app.test_client()
    payload = applicant_payload(context.holdout.iloc[0])
    new_id = partial(context.new_id, "operations")
    contract = contract_findings(app, client, payload, new_id)
    database = database_findings(instance, client, payload, new_id)
    routes = database["readiness_routes"]
    champion = {"holds": False, "skipped": "no readiness route"}
    if routes:
        champion = champion_findings(context.trained_copy("operations-champion"), routes[0])
    traced = request_id_findings(client, partial(context.new_id, "request-id"))
    checks = {
        "answers_name_their_request": traced["holds"],
        "true_contract": contract["holds"],
        "readiness_checks_database": database["holds"],
        "readiness_checks_champion": champion["holds"],
    }
    held = sum(checks.values())
    missing = [name for name, holds in checks.items() if not holds]
    summary = (
        f"{held} of {len(checks)} operations checks hold"
        + (f"; missing: {', '.join(missing)}" if missing else "")
        + f"; document served at {contract['served_at'] or 'no route'}"
        + f"; readiness route: {', '.join(routes) or 'none'}"
    )
    evidence = {
        **checks,
        "contract": contract,
        "database": database,
        "champion": champion,
        "request_ids": traced,
    }
    return ProbeResult(DEBT_ID, bool(missing), f"{held}/{len(checks)} checks", summary, evidence)
