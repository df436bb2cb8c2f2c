"""What the reasons of a set of applicants came to: given, missing, unexpected (for the card)."""

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from .directions import agrees_with_direction
from .reasons import MIN_PUSH, reasons_for


def reasons_summary(
    pipeline,
    applicants: Sequence[Mapping[str, object]],
    probabilities: np.ndarray,
    typical: Mapping[str, Mapping],
) -> dict:
    """How the reasons of a set of explained applicants came out (for the model card).

    Args:
        pipeline: The fitted pipeline.
        applicants: The applicants who would get reasons (rejected or reviewed).
        probabilities: Their probabilities of default.
        typical: The typical values (the card's `explanations`).

    Returns:
        The number of applicants, how many got no reason, the reasons given by feature, how
        many applicants' only reason is a push under `MIN_PUSH`, and the values given as
        reasons that credit practice would not hold against an applicant (`directions.py`).
    """
    found = reasons_for(pipeline, applicants, probabilities, typical)
    given, unexpected = Counter(), Counter()
    for applicant, entries in zip(applicants, found, strict=True):
        given.update(entry["feature"] for entry in entries)
        for entry in entries:
            feature, value = entry["feature"], applicant[entry["feature"]]
            if not agrees_with_direction(feature, value, typical[feature]):
                unexpected[f"{feature}={value}"] += 1
    return {
        "applicants": len(applicants),
        "without_reasons": sum(not entries for entries in found),
        "reasons_by_feature": dict(given.most_common()),
        "only_a_reason_under_the_floor": sum(
            len(entries) == 1 and entries[0]["push"] < MIN_PUSH for entries in found
        ),
        "against_credit_practice": dict(unexpected.most_common()),
    }
