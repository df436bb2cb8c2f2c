"""Model behaviour: invariance and minimum functionality (Made With ML's tests/model)."""

import numpy as np
import pytest

from credit_data.codebook import APPLICANT_FIELDS, PROTECTED_ATTRIBUTES, attribute
from credit_data.load import applicant_payload
from refactored.config import load_settings

POLICY = load_settings({}, environ={}).policy
# Rewordings with the same meaning, per purpose category (none copied from the data set).
SAME_MEANING = {
    "car_new": ("new car", "buying a brand new car", "a new vehicle from the dealer"),
    "car_used": ("used car", "buying a second-hand car", "pre-owned vehicle"),
    "radio_tv": ("buying a television", "new TV"),
    "furniture": ("new sofa", "buying furniture for the flat"),
    "education": ("university fees", "tuition"),
    "business": ("stock for my shop", "equipment for my small business"),
}
# The specification: rewording moves P(default) by at most this much (the champion's largest
# move over these rewordings was 0.056 when this was written, 0.061 once the protected
# attributes left the model; the scores spread over 0 to 0.9), so no decision farther than
# this from the cut-off may flip.
MAXIMUM_PROBABILITY_CHANGE = 0.07
CLEARLY_GOOD = {
    "checking_account": "none",
    "duration_months": 6,
    "credit_history": "critical",
    "purpose_text": "new car",
    "credit_amount": 1200,
    "savings": "ge_1000",
    "employment_since": "ge_7",
    "installment_rate": 1,
    "personal_status_sex": "male_married_widowed",
    "other_debtors": "guarantor",
    "residence_since": 4,
    "property": "real_estate",
    "age": 45,
    "other_installment_plans": "none",
    "housing": "own",
    "existing_credits": 1,
    "job": "skilled",
    "people_liable": 1,
    "telephone": "yes",
    "foreign_worker": "no",
}
CLEARLY_BAD = {
    **CLEARLY_GOOD,
    "checking_account": "lt_0",
    "duration_months": 60,
    "credit_history": "no_credits",
    "purpose_text": "need the money soon",
    "credit_amount": 15_000,
    "savings": "lt_100",
    "employment_since": "unemployed",
    "installment_rate": 4,
    "other_debtors": "none",
    "property": "none",
    "other_installment_plans": "bank",
    "housing": "free",
}


def probabilities(champion, rows) -> np.ndarray:
    return champion.pipeline.predict_proba(rows[list(APPLICANT_FIELDS)])[:, 1]


def test_the_application_id_does_not_change_the_answer(http, holdout):
    for number, (_, row) in enumerate(holdout.head(20).iterrows()):
        payload = applicant_payload(row)
        first = http.post("/score", json={**payload, "application_id": f"inv-a-{number}"})
        second = http.post("/score", json={**payload, "application_id": f"zz-{number}-other"})
        assert first.get_json()["probability_default"] == second.get_json()["probability_default"]


@pytest.mark.parametrize("category", sorted(SAME_MEANING))
def test_rewording_the_purpose_keeps_decisions_away_from_the_cutoff(champion, holdout, category):
    rows = holdout[holdout["purpose"] == category]
    original = probabilities(champion, rows)
    reworded = np.array(
        [probabilities(champion, rows.assign(purpose_text=text)) for text in SAME_MEANING[category]]
    )

    assert np.abs(reworded - original).max() <= MAXIMUM_PROBABILITY_CHANGE
    clear = np.abs(original - POLICY.cutoff) > MAXIMUM_PROBABILITY_CHANGE
    assert clear.any()
    decisions = POLICY.decide_many(reworded[:, clear])
    assert (decisions == POLICY.decide_many(original[clear])).all()


def test_a_clearly_good_applicant_is_approved(http):
    assert http.post("/score", json=CLEARLY_GOOD).get_json()["decision"] == "approve"


def test_a_clearly_bad_applicant_is_rejected(http):
    assert http.post("/score", json=CLEARLY_BAD).get_json()["decision"] == "reject"


def test_a_longer_and_larger_loan_is_not_less_risky(champion, holdout):
    rows = holdout.head(50)
    riskier = rows.assign(
        duration_months=rows["duration_months"] * 2, credit_amount=rows["credit_amount"] * 2
    )

    assert (probabilities(champion, riskier) >= probabilities(champion, rows)).all()


@pytest.mark.parametrize("name", PROTECTED_ATTRIBUTES)
def test_changing_only_a_protected_attribute_never_changes_the_probability(champion, holdout, name):
    original = probabilities(champion, holdout)
    values = list(attribute(name).codes.values()) or [19, 25, 40, 62, 75]

    for value in values:
        changed = probabilities(champion, holdout.assign(**{name: value}))
        assert np.array_equal(changed, original), (name, value)
