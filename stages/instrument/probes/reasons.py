"""DEBT-14 Communicate with Ambivalence: are rejections explained, and is the number calibrated?

For rejected holdout applicants the probe reads the answer's reasons (any list in the answer),
finds the attribute each reason names, and checks that protected attributes are never given
and that the top reason is consistent: moving that attribute to its most favourable value
(lowest bad rate in the training rows) lowers the probability of default. It also computes
the Brier score and the expected calibration error of the holdout answers.
"""

import numpy as np
from sklearn.metrics import brier_score_loss

from credit_data.codebook import ATTRIBUTES, PROTECTED_ATTRIBUTES, TARGET
from credit_data.load import applicant_payload

from ..metrics import expected_calibration_error
from .cascade import CLEAR_PURPOSE_TEXTS
from .context import ProbeContext
from .result import ProbeResult

DEBT_ID = "DEBT-14"
REJECTIONS_CHECKED = 20
CONTRACT_FIELDS = {"application_id", "decision", "probability_default"}
# Calibration worse than this on the holdout is not a probability a consumer can use.
MAX_CALIBRATION_ERROR = 0.1
MIN_CONSISTENT_SHARE = 0.9


def reasons_of(body: dict) -> list:
    """The reasons an answer carries: its `reasons` list, or else any list it holds."""
    lists = {key: value for key, value in body.items() if isinstance(value, list) and value}
    for key, value in lists.items():
        if "reason" in key.lower():
            return value
    return next(iter(lists.values()), [])


def attribute_named(reason: object) -> str | None:
    """The attribute a reason names.

    In a structured reason, a value equal to an attribute's name; else the first attribute
    whose name, spaced name or description the reason's text holds.
    """
    names = {attribute.name for attribute in ATTRIBUTES} | {"purpose_text"}
    if isinstance(reason, dict):
        exact = [value for value in reason.values() if value in names]
        if exact:
            return "purpose" if exact[0] == "purpose_text" else exact[0]
    text = str(reason).lower()
    for attribute in ATTRIBUTES:
        names = {attribute.name, attribute.name.replace("_", " "), attribute.description.lower()}
        if attribute.name == "purpose":
            names.add("purpose_text")
        if any(name in text for name in names):
            return attribute.name
    return None


def favourable_value(training, name: str):
    """The value of attribute `name` with the lowest bad rate among the training rows."""
    column = training[name]
    if name in {attribute.name for attribute in ATTRIBUTES if attribute.is_categorical}:
        rates = training.groupby(name)[TARGET].agg(["mean", "size"])
        return rates[rates["size"] >= 20]["mean"].idxmin()
    low, high = column.quantile(0.1), column.quantile(0.9)
    low_rate = training.loc[column <= column.quantile(0.25), TARGET].mean()
    high_rate = training.loc[column >= column.quantile(0.75), TARGET].mean()
    return round(low if low_rate < high_rate else high)  # the attributes are whole numbers


def moved(payload: dict, name: str, value) -> dict:
    """The payload with attribute `name` set to `value` (purpose through a clear text)."""
    if name == "purpose":
        return {**payload, "purpose_text": CLEAR_PURPOSE_TEXTS[value]}
    return {**payload, name: value}


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-14 on the context's stage."""
    scores, holdout, client = context.holdout_scores(), context.holdout, context.client()
    rejected = holdout[np.asarray(scores.decisions) != "approve"].head(REJECTIONS_CHECKED)
    with_reasons, consistent, protected = 0, 0, 0
    for _, row in rejected.iterrows():
        payload = {**applicant_payload(row), "application_id": context.new_id("reasons")}
        body = client.post("/score", json=payload).get_json()
        named = [attribute_named(reason) for reason in reasons_of(body)]
        if not named:
            continue
        with_reasons += 1
        protected += any(name in PROTECTED_ATTRIBUTES for name in named)
        if named[0] is None:
            continue
        better = moved(payload, named[0], favourable_value(context.training, named[0]))
        better["application_id"] = context.new_id("reasons")
        after = client.post("/score", json=better).get_json(silent=True) or {}
        moved_probability = after.get("probability_default", float("inf"))
        consistent += moved_probability < body["probability_default"]
    ece = expected_calibration_error(scores.probabilities, scores.defaulted)
    evidence = {
        "rejections_checked": len(rejected),
        "with_reasons": with_reasons,
        "top_reason_consistent": consistent,
        "protected_attribute_given": protected,
        "brier_score": brier_score_loss(scores.defaulted, scores.probabilities),
        "expected_calibration_error": ece,
    }
    consistent_share = consistent / with_reasons if with_reasons else 0.0
    present = (
        with_reasons < len(rejected)
        or consistent_share < MIN_CONSISTENT_SHARE
        or protected > 0
        or ece > MAX_CALIBRATION_ERROR
    )
    figure = f"{with_reasons}/{len(rejected)} reasons, ECE {ece:.2f}"
    summary = (
        f"{with_reasons} of {len(rejected)} rejections carry reasons ({consistent} consistent, "
        f"{protected} giving a protected attribute); Brier {evidence['brier_score']:.3f}, "
        f"ECE {ece:.3f}"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
