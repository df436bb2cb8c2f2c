"""DEBT-15 No human in the loop: are borderline applications routed to review, and recorded?

From the holdout answers the probe counts the applicants within 0.05 of the stage's cut-off
and how many of them got `review`. When some did, it records a reviewer's decision through the
stage's review route (`POST /reviews/<application id>`) and looks for the note in the database.
"""

import numpy as np

from credit_data.load import applicant_payload

from ..database import count_rows_mentioning
from .context import ProbeContext
from .result import ProbeResult
from .routes import ADMIN_HEADERS
from .threshold import stage_cutoff

DEBT_ID = "DEBT-15"
BAND = 0.05
REVIEW = "review"


def record_a_review(context: ProbeContext, row) -> bool:
    """Score one applicant; if it goes to review, record a decision; is the note stored?"""
    client, application_id = context.admin_client(), context.new_id("review")
    body = client.post(
        "/score", json={**applicant_payload(row), "application_id": application_id}
    ).get_json()
    if body.get("decision") != REVIEW:
        return False
    note = context.new_id("reviewer-note")
    response = client.post(
        f"/reviews/{application_id}",
        json={"decision": "approve", "note": note},
        headers=ADMIN_HEADERS,
    )
    return (
        response.status_code < 300 and count_rows_mentioning(context.trained.database_url, note) > 0
    )


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-15 on the context's stage."""
    scores = context.holdout_scores()
    decisions = np.asarray(scores.decisions)
    reviewed = decisions == REVIEW
    automatic = decisions != REVIEW
    cutoff = stage_cutoff(scores.probabilities[automatic], decisions[automatic] == "reject")
    borderline = np.abs(scores.probabilities - cutoff) < BAND
    recorded = bool(reviewed.any()) and record_a_review(context, context.holdout[reviewed].iloc[0])
    evidence = {
        "cutoff": cutoff,
        "borderline": int(borderline.sum()),
        "borderline_decided_automatically": int((borderline & automatic).sum()),
        "sent_to_review": int(reviewed.sum()),
        "review_decision_recorded": recorded,
    }
    present = not reviewed.any() or not recorded
    figure = f"{evidence['borderline_decided_automatically']}/{int(borderline.sum())} automatic"
    summary = (
        f"{evidence['borderline_decided_automatically']} of {int(borderline.sum())} holdout "
        f"applicants within {BAND} of the cut-off decided automatically, {int(reviewed.sum())} "
        f"sent to review; reviewer decision recorded: {'yes' if recorded else 'no'}"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
