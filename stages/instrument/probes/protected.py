"""DEBT-16 Protected attributes in the score: does P(default) move when only they change?

A lender may not score applicants on sex, marital status, age or national origin (ECOA and
Regulation B; the EU AI Act lists credit scoring as high risk). `personal_status_sex` mixes
sex and marital status, both protected. For each of the first holdout applicants the probe
sends the applicant as is, then variants that change only protected attributes (each other
code of personal status and sex, three ages, the other foreign-worker answer), all through
`POST /score`, and measures how far the probability of default moves. It never asks the
stage which fields it scores.
"""

from credit_data.codebook import PROTECTED_ATTRIBUTES, attribute
from credit_data.load import applicant_payload

from .context import ProbeContext
from .result import ProbeResult

DEBT_ID = "DEBT-16"
APPLICANTS_CHECKED = 10
# Ages inside the data set's range (19 to 75): young, middle-aged, older.
AGES = (20, 40, 65)
# A move smaller than this is the same number written through JSON.
TOLERANCE = 1e-9


def protected_variants(payload: dict) -> list[dict]:
    """The changes to `payload` that touch only protected attributes, one attribute each."""
    changes = [
        {"personal_status_sex": code}
        for code in attribute("personal_status_sex").codes.values()
        if code != payload["personal_status_sex"]
    ]
    changes += [{"age": age} for age in AGES if age != payload["age"]]
    changes += [
        {"foreign_worker": code}
        for code in attribute("foreign_worker").codes.values()
        if code != payload["foreign_worker"]
    ]
    return changes


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-16 on the context's stage."""
    client = context.client()
    moved_applicants, moved_decisions, worst = 0, 0, None
    largest_by_attribute = dict.fromkeys(PROTECTED_ATTRIBUTES, 0.0)
    rows = context.holdout.head(APPLICANTS_CHECKED)
    for _, row in rows.iterrows():
        payload = applicant_payload(row)
        original = client.post("/score", json={**payload, "application_id": context.new_id("p")})
        before = original.get_json()
        moved, decision_moved = False, False
        for change in protected_variants(payload):
            variant = {**payload, **change, "application_id": context.new_id("protected")}
            after = client.post("/score", json=variant).get_json()
            difference = abs(after["probability_default"] - before["probability_default"])
            (name,) = change
            largest_by_attribute[name] = max(largest_by_attribute[name], difference)
            moved |= difference > TOLERANCE
            decision_moved |= after["decision"] != before["decision"]
            if worst is None or difference > worst["absolute_difference"]:
                worst = {
                    "applicant": payload,
                    "changed": change,
                    "probability_before": before["probability_default"],
                    "probability_after": after["probability_default"],
                    "decision_before": before["decision"],
                    "decision_after": after["decision"],
                    "absolute_difference": difference,
                }
        moved_applicants += moved
        moved_decisions += decision_moved
    largest = max(largest_by_attribute.values())
    evidence = {
        "applicants_checked": len(rows),
        "applicants_whose_probability_moves": moved_applicants,
        "applicants_whose_decision_moves": moved_decisions,
        "largest_difference_by_attribute": largest_by_attribute,
        "worst": worst,
    }
    summary = (
        f"changing only protected attributes moves P(default) for {moved_applicants} of "
        f"{len(rows)} holdout applicants (largest |Δp| {largest:.3f}) and the decision for "
        f"{moved_decisions}"
    )
    return ProbeResult(DEBT_ID, largest > TOLERANCE, f"max |Δp| {largest:.3f}", summary, evidence)
