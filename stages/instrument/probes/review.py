"""DEBT-15 No human in the loop: is every borderline application left to a person?

The stage's cut-off is inferred from its automatic answers for the holdout (approve/reject
only, `threshold.stage_cutoff`). Every holdout applicant within `BAND` of it is borderline;
the debt is present while any borderline applicant is still decided automatically. A review
must also be real: the probe scores an applicant the stage sends to review, records a
reviewer's decision through the stage's review route (a state-changing route of its URL map
whose rule names reviews and takes the application id) with the admin token, and looks for
the reviewer's note in the database; and that route must refuse the same request without
credentials.
"""

import re

import numpy as np

from credit_data.load import applicant_payload

from ..database import count_rows_mentioning
from .context import ProbeContext
from .examples import applicant_example
from .result import ProbeResult
from .routes import ADMIN_HEADERS, STATE_CHANGING
from .threshold import stage_cutoff

DEBT_ID = "DEBT-15"
# Applicants this close to the cut-off are borderline: a person should decide them.
BAND = 0.02
REVIEW = "review"
AUTOMATIC = ("approve", "reject")
REFUSALS = {401, 403}


def review_route(app) -> tuple[str, str] | None:
    """(method, rule) of the state-changing route that records a review of one application."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        methods = sorted(STATE_CHANGING & set(rule.methods or ()))
        if "review" in rule.rule.lower() and rule.arguments and methods:
            return methods[0], rule.rule
    return None


def try_a_review(context: ProbeContext, row) -> dict:
    """Score one applicant; record a review without, then with credentials; is it stored?"""
    instance = context.trained_copy("review")
    client, application_id = context.admin_client(instance), context.new_id("review")
    body = client.post(
        "/score", json={**applicant_payload(row), "application_id": application_id}
    ).get_json()
    route = review_route(client.application)
    if body.get("decision") != REVIEW or route is None:
        return {"route": route, "recorded": False, "refused_without_credentials": None}
    method, rule = route
    path = re.sub(r"<[^>]+>", application_id, rule)
    note = context.new_id("reviewer-note")
    review = {"decision": "approve", "note": note}
    anonymous = client.open(path, method=method, json=review).status_code
    status = client.open(path, method=method, json=review, headers=ADMIN_HEADERS).status_code
    stored = count_rows_mentioning(instance.database_url, note) > 0
    return {
        "route": f"{method} {rule}",
        "status_without_credentials": anonymous,
        "refused_without_credentials": anonymous in REFUSALS,
        "status": status,
        "recorded": status < 300 and stored,
    }


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-15 on the context's stage."""
    scores = context.holdout_scores()
    decisions = np.asarray(scores.decisions)
    automatic = np.isin(decisions, AUTOMATIC)
    reviewed = decisions == REVIEW
    cutoff = stage_cutoff(scores.probabilities, decisions)
    distance = np.abs(scores.probabilities - cutoff)
    borderline = distance < BAND
    decided = borderline & automatic
    review = {"recorded": False, "refused_without_credentials": None}
    if reviewed.any():
        review = try_a_review(context, context.holdout[reviewed].iloc[0])
    evidence = {
        "cutoff": cutoff,
        "band": BAND,
        "borderline": int(borderline.sum()),
        "borderline_decided_automatically": int(decided.sum()),
        "sent_to_review": int(reviewed.sum()),
        "review": review,
    }
    if decided.any():
        closest = int(np.flatnonzero(decided)[np.argmin(distance[decided])])
        evidence["closest_automatic_decision"] = applicant_example(
            context.holdout.iloc[closest],
            served_probability=scores.probabilities[closest],
            served_decision=decisions[closest],
        )
    present = (
        bool(decided.any()) or not review["recorded"] or not review["refused_without_credentials"]
    )
    figure = f"{int(decided.sum())}/{int(borderline.sum())} automatic"
    summary = (
        f"{int(decided.sum())} of {int(borderline.sum())} holdout applicants within {BAND} of "
        f"the cut-off {cutoff:.3f} decided automatically, {int(reviewed.sum())} sent to review; "
        f"reviewer decision recorded: {'yes' if review['recorded'] else 'no'}"
        + (
            "; the review route answers without credentials"
            if review["refused_without_credentials"] is False
            else ""
        )
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
