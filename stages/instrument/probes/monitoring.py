"""DEBT-08 Act Now, Reflect Never: does the stage notice a shift in what it is sent?

The probe judges the shifts the inputs reveal: the covariate shifts (other applicants: larger,
longer loans to younger applicants; more applicants with a telephone). A prior
shift (the bad rate rises) moves the inputs too, toward applicants like those who default, but
against a world outside the served model's family (`drift/world.py`) that move is a few points
of approval rate: only outcomes show it within a budget, so it is DEBT-17's
(`outcome_monitoring.py`, which shares these replays), like the concept shifts. It first looks
for the means to reflect: whether a stored answer keeps the applicant's inputs, whether the
stage takes outcomes (a `POST` route with `outcome` in it) and where it shows alerts (a `GET`
route with `alert` in it, or a database table named after alerts). Only a stage with an alert
channel is replayed (a stage without one cannot alert: every shift counts as missed). Each
replay runs in a fresh trained instance and goes as a lender's would: with each batch, the
previous batch's outcomes are posted for the applicants the stage approved only (selective
labels: a reviewed applicant counts as approved when the simulated reviewer approves); then
the batch is scored (through `/score/batch` when the stage has it, else one by one), with
random opaque application ids; then the alerts are counted.

What is accepted, so that no stage earns the verdict without watching its data:
- an alert before a scenario's shift starts is a false alarm; so is any alert on one of the
  `BASELINE_SEEDS` baseline replays;
- a shift counts as caught at the first batch, from `earliest_fair_alert` on (for an outcome
  shift, once shifted outcomes have been reported), at which the number of alerts grew, if
  that batch is within the scenario's budget (`stages/instrument/drift/scenarios.py`).
So a stage alerting on every batch, at a fixed batch, or on the ids is found out. The evidence
shows the first accepted alert of each scenario (batch and what the stage said).
"""

import dataclasses

from credit_data.load import applicant_payload, applicant_payloads

from ..database import count_rows_containing, table_row_counts
from ..drift.scenarios import COVARIATE, SCENARIOS, Scenario
from ..drift.stream import SelectiveLabels, stream
from ..instance import StageInstance
from .context import ProbeContext
from .result import ProbeResult
from .routes import ADMIN_HEADERS

DEBT_ID = "DEBT-08"
# The shifts this probe judges: those visible in the applicants the stage is sent.
INPUT_SHIFTS = (COVARIATE,)
BATCH_ROUTE = "/score/batch"
BATCH_CHUNK = 500
# Seeds of the extra baseline replays; the committed baseline's seed is replayed too, each
# for `BASELINE_BATCHES` batches (the probe's time budget; the stage's own tests and
# benchmark replay 20 baselines of full length).
BASELINE_SEEDS = (20_001, 20_002)
BASELINE_BATCHES = 6
EXAMPLE_CHARACTERS = 300


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


def shown_alerts(client, alert_routes: list[str], instance: StageInstance) -> list:
    """The alerts the stage shows: items of its alert routes, else one entry per table row."""
    shown = []
    for route in alert_routes:
        body = client.get(route, headers=ADMIN_HEADERS).get_json(silent=True)
        if isinstance(body, dict):
            body = next((value for value in body.values() if isinstance(value, list)), [])
        shown += body if isinstance(body, list) else []
    if not alert_routes:
        counts = table_row_counts(instance.database_url)
        shown += [name for name, rows in counts.items() if "alert" in name for _ in range(rows)]
    return shown


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


def decisions_of(client, payloads: list[dict], has_batch_route: bool) -> list[str]:
    """Score `payloads` and return the stage's decision for each (`""` when it gave none)."""
    answers = []
    if has_batch_route:
        for start in range(0, len(payloads), BATCH_CHUNK):
            chunk = payloads[start : start + BATCH_CHUNK]
            body = client.post(BATCH_ROUTE, json={"applicants": chunk}).get_json(silent=True)
            results = body.get("results") if isinstance(body, dict) else None
            # An answer that is not one result per applicant decides nobody in the chunk.
            usable = isinstance(results, list) and len(results) == len(chunk)
            answers += results if usable else [{}] * len(chunk)
    else:
        for payload in payloads:
            answers.append(client.post("/score", json=payload).get_json(silent=True) or {})
    return [
        str(answer.get("decision", "")) if isinstance(answer, dict) else "" for answer in answers
    ]


def replay(context: ProbeContext, scenario: Scenario, channel: dict, stop_early: bool) -> dict:
    """Replay one scenario in a fresh instance; the alerts counted after each batch.

    Args:
        context: The stage under measurement.
        scenario: The scenario to replay.
        channel: The stage's `alert_routes` and `outcome_routes`.
        stop_early: Stop at the first accepted alert (a shifted scenario needs no more).

    Returns:
        `alerts_after_batch` (the count after each batch) and `first_accepted` (batch and
        example of the first accepted alert, or None).
    """
    instance = context.trained_copy(f"replay-{scenario.name}-{scenario.seed}")
    client = context.admin_client(instance)
    has_batch_route = BATCH_ROUTE in routes_with(client.application, "score", "POST")
    labels = SelectiveLabels("approved")
    seen = [str(item) for item in shown_alerts(client, channel["alert_routes"], instance)]
    before, counts, first = len(seen), [], None
    for batch in stream(scenario):
        for route in channel["outcome_routes"]:
            for outcome in labels.outcomes(batch).to_dict("records"):
                client.post(route, json=outcome, headers=ADMIN_HEADERS)
        payloads = applicant_payloads(batch.applicants)
        labels.learn(batch, decisions_of(client, payloads, has_batch_route))
        shown = [str(item) for item in shown_alerts(client, channel["alert_routes"], instance)]
        counts.append(len(shown) - before)
        grew = counts[-1] > (counts[-2] if len(counts) > 1 else 0)
        if grew and first is None and batch.index >= scenario.earliest_fair_alert:
            new = next((item for item in shown if item not in seen), shown[0])
            first = {"batch": batch.index, "alert": new[:EXAMPLE_CHARACTERS]}
            if stop_early:
                break
        seen = shown
    return {"alerts_after_batch": counts, "first_accepted": first}


def verdict(scenario: Scenario, replayed: dict) -> dict:
    """Whether the stage behaved on one replay, with the batches that decide it."""
    counts = replayed["alerts_after_batch"]
    last_quiet = scenario.reference_batches if scenario.detection_budget else len(counts)
    false_alarm = next((i for i, count in enumerate(counts[:last_quiet]) if count > 0), None)
    first = replayed["first_accepted"]
    caught = (
        scenario.detection_budget is not None
        and first is not None
        and first["batch"] <= scenario.deadline
    )
    as_required = false_alarm is None and (scenario.detection_budget is None or caught)
    return {
        "shift_starts_at_batch": scenario.reference_batches,
        "earliest_fair_alert": scenario.earliest_fair_alert,
        "deadline": scenario.deadline,
        "false_alarm_at_batch": false_alarm,
        "first_accepted_alert": first,
        "alerts_after_batch": counts,
        "as_required": as_required,
    }


def baseline_scenarios() -> list[Scenario]:
    """The committed baseline and the extra seeded baselines, each `BASELINE_BATCHES` long."""
    baseline = next(s for s in SCENARIOS if s.detection_budget is None)
    return [
        dataclasses.replace(baseline, seed=seed, batches=BASELINE_BATCHES)
        for seed in (baseline.seed, *BASELINE_SEEDS)
    ]


def judged_shifts(kinds: tuple[str, ...]) -> list[Scenario]:
    """The shifted scenarios of the given kinds: those a verdict counts."""
    return [s for s in SCENARIOS if s.detection_budget is not None and s.shift in kinds]


def alert_channel(context: ProbeContext) -> dict:
    """Where the stage takes outcomes and shows alerts, and whether it can alert at all."""
    app = context.app()
    channel = {
        "alert_routes": routes_with(app, "alert", "GET"),
        "outcome_routes": routes_with(app, "outcome", "POST"),
        "alert_tables": alert_tables(context.trained),
    }
    channel["replayed"] = bool(channel["alert_routes"] or channel["alert_tables"])
    return channel


def verdicts(context: ProbeContext, channel: dict, shifts: list[Scenario]) -> dict:
    """The verdict of each shift and baseline replay, keyed by scenario.

    Replays are shared through the context's cache, so DEBT-08 and DEBT-17 replay each
    scenario once per stage.
    """
    replays = context.cache.setdefault("monitoring_replays", {})
    per_replay = {}
    for scenario in shifts + baseline_scenarios():
        key = scenario.name if scenario.detection_budget else f"{scenario.name}-{scenario.seed}"
        if key not in replays:
            replays[key] = (
                replay(context, scenario, channel, scenario.detection_budget is not None)
                if channel["replayed"]
                else {"alerts_after_batch": [], "first_accepted": None}
            )
        per_replay[key] = verdict(scenario, replays[key])
    return per_replay


def judged(per_replay: dict, shifts: list[Scenario]) -> dict:
    """How many shifts were caught and baselines stayed quiet, an example alert, the verdict.

    The debt is present unless every shift was caught within budget and no baseline alerted.
    """
    names = [s.name for s in shifts]
    baselines = [key for key in per_replay if key not in names]
    example = next(
        (
            {"scenario": name, **per_replay[name]["first_accepted_alert"]}
            for name in names
            if per_replay[name]["first_accepted_alert"]
        ),
        None,
    )
    caught = sum(per_replay[name]["as_required"] for name in names)
    false_alarms = sum(not per_replay[key]["as_required"] for key in baselines)
    return {
        "caught": caught,
        "shifts": len(names),
        "false_alarms": false_alarms,
        "baselines": len(baselines),
        "example": example,
        "present": caught < len(names) or false_alarms > 0,
    }


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-08 on the context's stage."""
    channel = alert_channel(context)
    shifts = judged_shifts(INPUT_SHIFTS)
    evidence = {
        "inputs_kept": inputs_are_kept(context),
        **channel,
        "labels": "outcomes of approved applicants only, one batch late",
    }
    evidence["scenarios"] = verdicts(context, channel, shifts)
    outcome = judged(evidence["scenarios"], shifts)
    evidence["example"] = outcome["example"]
    figure = f"{outcome['caught']}/{outcome['shifts']} input shifts caught"
    summary = (
        f"{outcome['caught']} of {outcome['shifts']} input shifts (covariate) alerted "
        f"within budget; {outcome['false_alarms']} of {outcome['baselines']} baseline replays "
        f"with a false alarm; inputs kept: {'yes' if evidence['inputs_kept'] else 'no'}; "
        f"alert channel: {'yes' if channel['replayed'] else 'none'}"
    )
    return ProbeResult(DEBT_ID, outcome["present"], figure, summary, evidence)
