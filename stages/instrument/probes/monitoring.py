"""DEBT-08 Act Now, Reflect Never: does the stage notice drift, and stay quiet without it?

The probe first looks for the means to reflect: whether a stored answer keeps the applicant's
inputs, whether the stage takes outcomes (a route with `outcome` in it) and where it shows
alerts (a `GET` route with `alert` in it, or a database table named after alerts). When it
has an alert channel, every drift scenario is replayed in a fresh instance: with each batch
the previous batch's outcomes are posted (`{"application_id": ..., "defaulted": 0 or 1}`),
the batch's applicants are scored (through `/score/batch` when the stage has it, in chunks,
else one by one), and then the alerts are read. A stage
without an alert channel cannot alert, so its replay is skipped and every shift counts as
missed.
"""

from credit_data.load import applicant_payload

from ..database import count_rows_containing, table_row_counts
from ..drift.scenarios import SCENARIOS, Scenario
from ..drift.stream import stream
from ..instance import StageInstance
from .context import ProbeContext
from .result import ProbeResult
from .routes import ADMIN_HEADERS

DEBT_ID = "DEBT-08"
BATCH_ROUTE = "/score/batch"
BATCH_CHUNK = 100


def routes_with(app, word: str, method: str) -> list[str]:
    """The rules of `app` that contain `word` and accept `method`."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if word in rule.rule and method in (rule.methods or ()) and "<" not in rule.rule
    )


def alert_tables(instance: StageInstance) -> list[str]:
    """The database tables named after alerts."""
    return [name for name in table_row_counts(instance.database_url) if "alert" in name]


def count_alerts(client, alert_routes: list[str], instance: StageInstance) -> int:
    """How many alerts the stage shows: items of its alert routes, else rows of alert tables."""
    total = 0
    for route in alert_routes:
        body = client.get(route, headers=ADMIN_HEADERS).get_json(silent=True)
        if isinstance(body, dict):
            body = next((value for value in body.values() if isinstance(value, list)), [])
        total += len(body) if isinstance(body, list) else 0
    if not alert_routes:
        counts = table_row_counts(instance.database_url)
        total += sum(rows for name, rows in counts.items() if "alert" in name)
    return total


def inputs_are_kept(context: ProbeContext) -> bool:
    """Score an applicant with a unique text; is the text found in the stage's database?"""
    marker = context.new_id("inputs-kept")
    payload = {
        **applicant_payload(context.holdout.iloc[0]),
        "application_id": context.new_id("kept"),
    }
    payload["purpose_text"] = f"new car {marker}"
    context.client().post("/score", json=payload)
    return count_rows_containing(context.trained.database_url, marker) > 0


def replay(context: ProbeContext, scenario: Scenario, alert_routes, outcome_routes) -> int | None:
    """Replay one scenario in a fresh instance; the index of the first batch with an alert."""
    instance = context.trained_copy(f"replay-{scenario.name}")
    client = context.admin_client(instance)
    has_batch_route = BATCH_ROUTE in routes_with(client.application, "score", "POST")
    alerts_before = count_alerts(client, alert_routes, instance)
    for batch in stream(scenario):
        for route in outcome_routes:
            for outcome in batch.outcomes.to_dict("records"):
                client.post(route, json=outcome, headers=ADMIN_HEADERS)
        payloads = [applicant_payload(row) for _, row in batch.applicants.iterrows()]
        if has_batch_route:
            for start in range(0, len(payloads), BATCH_CHUNK):
                chunk = payloads[start : start + BATCH_CHUNK]
                client.post(BATCH_ROUTE, json={"applicants": chunk})
        else:
            for payload in payloads:
                client.post("/score", json=payload)
        if count_alerts(client, alert_routes, instance) > alerts_before:
            return batch.index
    return None


def verdict(scenario: Scenario, first_alert: int | None) -> bool:
    """Whether the stage behaved: alerted within budget after the shift, or never on baseline."""
    if scenario.detection_budget is None:
        return first_alert is None
    deadline = scenario.reference_batches + scenario.detection_budget - 1
    return first_alert is not None and scenario.reference_batches <= first_alert <= deadline


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-08 on the context's stage."""
    app = context.app()
    alert_routes = routes_with(app, "alert", "GET")
    outcome_routes = routes_with(app, "outcome", "POST")
    tables = alert_tables(context.trained)
    channel = bool(alert_routes or tables)
    evidence = {
        "inputs_kept": inputs_are_kept(context),
        "outcome_routes": outcome_routes,
        "alert_routes": alert_routes,
        "alert_tables": tables,
        "replayed": channel,
    }
    per_shift = {}
    for scenario in SCENARIOS:
        first_alert = replay(context, scenario, alert_routes, outcome_routes) if channel else None
        per_shift[scenario.name] = {
            "first_alert_batch": first_alert,
            "shift_starts_at_batch": scenario.reference_batches,
            "detection_budget": scenario.detection_budget,
            "as_required": verdict(scenario, first_alert),
        }
    evidence["scenarios"] = per_shift
    missed = [name for name, result in per_shift.items() if not result["as_required"]]
    present = bool(missed)
    detected = sum(
        result["as_required"] for name, result in per_shift.items() if name != "baseline"
    )
    figure = f"{detected}/{len(SCENARIOS) - 1} shifts caught"
    summary = (
        f"{detected} of {len(SCENARIOS) - 1} shifts alerted within budget; baseline "
        f"{'quiet' if per_shift['baseline']['as_required'] else 'false alarm'}; "
        f"inputs kept: {'yes' if evidence['inputs_kept'] else 'no'}; alert channel: "
        f"{'yes' if channel else 'none'}"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
