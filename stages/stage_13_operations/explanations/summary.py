"""What the reasons of a set of applicants came to: given, missing, suppressed (for the card)."""

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from .directions import agrees_with_direction
from .reasons import MIN_PUSH, pushes_of, reasons_for


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
        The number of applicants, how many got no reason, the reasons given by feature, and
        the values the model held against an applicant that the direction table suppressed.
    """
    found = reasons_for(pipeline, applicants, probabilities, typical)
    features = list(typical)
    pushes = pushes_of(pipeline, applicants, probabilities, typical)
    given, suppressed = Counter(), Counter()
    for entries in found:
        given.update(entry["feature"] for entry in entries)
    for applicant, row in zip(applicants, pushes, strict=True):
        for feature, push in zip(features, row, strict=True):
            value = applicant[feature]
            if push >= MIN_PUSH and not agrees_with_direction(feature, value, typical[feature]):
                suppressed[f"{feature}={value}"] += 1
    return {
        "applicants": len(applicants),
        "without_reasons": sum(not entries for entries in found),
        "reasons_by_feature": dict(given.most_common()),
        "suppressed_by_direction_table": dict(suppressed.most_common()),
    }
