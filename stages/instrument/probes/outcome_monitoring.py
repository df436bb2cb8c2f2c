"""DEBT-17 Flying blind on outcomes: does the stage notice what only outcomes reveal?

A concept shift changes who defaults among applicants who look the same: nothing the stage is
sent moves, only the outcomes do. A prior shift raises the bad rate: the inputs move a little
toward applicants like those who default, too little to see within a budget (DEBT-08's probe
explains why), and the outcomes show it. A lender learns them late and only for the applicants it
approved (selective labels), so a stage must take them back and check each window's
approved applicants against what its model predicted. The probe looks for a `POST` route
with `outcome` in it; without one nothing can be learnt from outcomes and the debt is present
without a replay. Otherwise it judges the concept-shift scenarios on the replays DEBT-08's
probe runs (`monitoring.py`: outcomes of approved applicants only, one batch late, shared
through the context's cache): each must raise an alert within its budget, from the batch
after the shift starts (`earliest_fair_alert`), and no baseline replay may raise any.
"""

from ..drift.scenarios import CONCEPT, PRIOR
from .context import ProbeContext
from .monitoring import alert_channel, judged, judged_shifts, verdicts
from .result import ProbeResult

DEBT_ID = "DEBT-17"
OUTCOME_SHIFTS = (PRIOR, CONCEPT)


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-17 on the context's stage."""
    channel = alert_channel(context)
    shifts = judged_shifts(OUTCOME_SHIFTS)
    takes_outcomes = bool(channel["outcome_routes"])
    evidence = {
        **channel,
        "takes_outcomes": takes_outcomes,
        "labels": "outcomes of approved applicants only, one batch late",
    }
    if not takes_outcomes:
        figure = f"0/{len(shifts)} shifts caught"
        summary = (
            f"no route takes outcomes back: none of the {len(shifts)} outcome shifts can be "
            "seen, whatever the stage monitors"
        )
        return ProbeResult(DEBT_ID, True, figure, summary, evidence)
    evidence["scenarios"] = verdicts(context, channel, shifts)
    outcome = judged(evidence["scenarios"], shifts)
    evidence["example"] = outcome["example"]
    figure = f"{outcome['caught']}/{outcome['shifts']} shifts caught"
    summary = (
        f"{outcome['caught']} of {outcome['shifts']} outcome shifts (prior, concept) alerted "
        f"within budget with approved-only outcomes; {outcome['false_alarms']} of "
        f"{outcome['baselines']} baseline "
        f"replays with a false alarm; alert channel: {'yes' if channel['replayed'] else 'none'}"
    )
    return ProbeResult(DEBT_ID, outcome["present"], figure, summary, evidence)
