"""DEBT-14 Communicate with Ambivalence: explained rejections, a calibrated and sound score?

For rejected and reviewed holdout applicants the probe reads the answer's reasons (any list in
the answer) and finds, by its own matching of names and code-book descriptions, the attribute
each reason names; it never takes the stage's word for what a reason means. A protected
attribute given as a reason counts against the stage. Every reason must be consistent: the
applicant's value must be held against them by the very model that answers, so replacing it
by the attribute's typical values (each value of the training split with its frequency; for
a number with many values, the midpoints of its twenty quantile bins) must lower the
expected P(default), scored through `POST /score`. A reason that names no attribute cannot be
checked and counts as inconsistent. A constant list of reasons, or reasons naming values that
are better than typical, fail. The probe also computes the Brier score and the expected
calibration error of the holdout answers.

An answer cannot be honest when the score rewards a worse value: a validator fails a model on
conceptual soundness when declaring a worse credit history lowers P(default). So for the first
holdout applicants the probe moves each ordered field one step worse on the code book's scale
(`credit_data.codebook.ONE_STEP_WORSE`: credit history, checking balance, savings,
employment), scores the moved applicant through `POST /score` and compares its P(default) with
the applicant's own (a directional expectation, Ribeiro et al. 2020): any drop beyond float32
rounding, or a moved applicant left without a probability, counts against the stage.
"""

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss

from credit_data.codebook import ATTRIBUTES, ONE_STEP_WORSE, PROTECTED_ATTRIBUTES
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
# Share of reasons that must hold up; the probe's typical values of a number summarise its
# distribution differently from the stage's, which may flip a negligible push.
MIN_CONSISTENT_SHARE = 0.95
MAX_EXACT_VALUES = 10
QUANTILE_POINTS = 20
MAX_EXAMPLES = 5
# Holdout applicants whose ordered fields are moved one step worse (about two moves each).
ORDER_APPLICANTS = 40
# A drop this small is rounding (an ONNX runtime computes in float32), not a reward.
ORDER_TOLERANCE = 1e-6


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


def typical_values(training: pd.DataFrame, name: str) -> list[tuple[object, float]]:
    """The training split's values of attribute `name`, each with its frequency.

    Numbers with more than `MAX_EXACT_VALUES` distinct values are summarised by the midpoints
    of `QUANTILE_POINTS` equal-frequency bins.
    """
    column = training[name]
    categorical = name in {attribute.name for attribute in ATTRIBUTES if attribute.is_categorical}
    if categorical or column.nunique() <= MAX_EXACT_VALUES:
        shares = column.value_counts(normalize=True)
        return [(value if categorical else int(value), share) for value, share in shares.items()]
    levels = (np.arange(QUANTILE_POINTS) + 0.5) / QUANTILE_POINTS
    points = np.round(np.quantile(column.to_numpy(dtype=float), levels)).astype(int)
    return [(int(point), 1 / QUANTILE_POINTS) for point in points]


def moved(payload: dict, name: str, value) -> dict:
    """The payload with attribute `name` set to `value` (purpose through a clear text)."""
    if name == "purpose":
        return {**payload, "purpose_text": CLEAR_PURPOSE_TEXTS[value]}
    return {**payload, name: value}


def expected_probability(client, payload: dict, name: str, values, new_id) -> float:
    """The frequency-weighted mean P(default) of the applicant with `name` at each value."""
    total = 0.0
    for value, weight in values:
        variant = {**moved(payload, name, value), "application_id": new_id()}
        answer = client.post("/score", json=variant).get_json(silent=True) or {}
        total += weight * answer.get("probability_default", float("inf"))
    return total


def order_check(context: ProbeContext, scores) -> dict:
    """Move each ordered field of the first holdout applicants one step worse, through /score.

    Returns:
        The moves made, those that lowered P(default) (a moved applicant answered without a
        probability counts as one), those that turned a rejection or review into an approval,
        and the largest drops as examples.
    """
    client, lowered = context.client(), []
    moves = approvals = 0
    rows = context.holdout.head(ORDER_APPLICANTS)
    for position, (_, row) in enumerate(rows.iterrows()):
        payload = applicant_payload(row)
        before, decision = float(scores.probabilities[position]), scores.decisions[position]
        for field, steps in ONE_STEP_WORSE.items():
            if payload[field] not in steps:
                continue
            moves += 1
            worse = {**payload, field: steps[payload[field]], "application_id": context.new_id("o")}
            answer = client.post("/score", json=worse).get_json(silent=True) or {}
            after = answer.get("probability_default")
            if isinstance(after, int | float) and after >= before - ORDER_TOLERANCE:
                continue
            approved = decision != "approve" and answer.get("decision") == "approve"
            approvals += approved
            lowered.append(
                {
                    "application_id": row["application_id"],
                    "field": field,
                    "value": payload[field],
                    "one_step_worse": worse[field],
                    "probability_default": before,
                    "with_the_worse_value": after,
                    "decision": decision,
                    "decision_with_the_worse_value": answer.get("decision"),
                }
            )
    lowered.sort(
        key=lambda move: -(move["probability_default"] - (move["with_the_worse_value"] or 0))
    )
    return {
        "ordered_applicants_moved": len(rows),
        "ordered_moves": moves,
        "ordered_moves_lowering_p_default": len(lowered),
        "approvals_from_a_worse_value": approvals,
        "order_examples": lowered[:MAX_EXAMPLES],
    }


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-14 on the context's stage."""
    scores, holdout, client = context.holdout_scores(), context.holdout, context.client()
    explained = holdout[np.asarray(scores.decisions) != "approve"].head(REJECTIONS_CHECKED)
    with_reasons, reasons_checked, consistent, protected = 0, 0, 0, 0
    inconsistent_examples = []
    for _, row in explained.iterrows():
        payload = {**applicant_payload(row), "application_id": context.new_id("reasons")}
        body = client.post("/score", json=payload).get_json()
        named = [attribute_named(reason) for reason in reasons_of(body)]
        if not named:
            continue
        with_reasons += 1
        protected += any(name in PROTECTED_ATTRIBUTES for name in named)
        for reason, name in zip(reasons_of(body), named, strict=True):
            reasons_checked += 1
            if name is None or name in PROTECTED_ATTRIBUTES:
                continue
            typical = expected_probability(
                client,
                payload,
                name,
                typical_values(context.training, name),
                lambda: context.new_id("reasons"),
            )
            if typical < body["probability_default"]:
                consistent += 1
            elif len(inconsistent_examples) < MAX_EXAMPLES:
                inconsistent_examples.append(
                    {
                        "application_id": row["application_id"],
                        "reason": reason,
                        "probability_default": body["probability_default"],
                        "with_typical_values": typical,
                    }
                )
    ece = expected_calibration_error(scores.probabilities, scores.defaulted)
    order = order_check(context, scores)
    evidence = {
        "rejections_and_reviews_checked": len(explained),
        "with_reasons": with_reasons,
        "reasons_checked": reasons_checked,
        "reasons_consistent": consistent,
        "inconsistent_examples": inconsistent_examples,
        "protected_attribute_given": protected,
        "brier_score": brier_score_loss(scores.defaulted, scores.probabilities),
        "expected_calibration_error": ece,
        **order,
    }
    consistent_share = consistent / reasons_checked if reasons_checked else 0.0
    lowering, moves = order["ordered_moves_lowering_p_default"], order["ordered_moves"]
    present = (
        with_reasons < len(explained)
        or consistent_share < MIN_CONSISTENT_SHARE
        or protected > 0
        or ece > MAX_CALIBRATION_ERROR
        or lowering > 0
    )
    figure = f"{with_reasons}/{len(explained)} reasons, {lowering}/{moves} ↓"
    summary = (
        f"{with_reasons} of {len(explained)} rejections and reviews carry reasons; "
        f"{consistent} of {reasons_checked} reasons consistent with the model, {protected} "
        f"answers giving a protected attribute; Brier {evidence['brier_score']:.3f}, "
        f"ECE {ece:.3f}; {lowering} of {moves} moves of an ordered field one step worse "
        f"lower P(default), {order['approvals_from_a_worse_value']} of them to an approval"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
