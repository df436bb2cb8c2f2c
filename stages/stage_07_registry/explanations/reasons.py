"""Reason codes from the served model: the values it holds most against this applicant.

The reasons are the features with the largest positive pushes (`pushes.py`), at most
`MAX_REASONS`, largest first: the applicant's largest push always, whatever its size (it is
the principal reason, and a rejected applicant is owed one), the others when their push is at
least `MIN_PUSH`. Every feature the model scores can be a reason, the purpose of the credit
included; protected attributes are not in the model and never reasons. No table of expected
directions vetoes a reason: a value the model holds against the applicant is cited even where
credit practice would not expect it to count (Regulation B, comment 9(b)(2)-4); such values
are counted for the model's validator instead (`directions.py`, `summary.py`).

How `MIN_PUSH` was chosen: a push is the difference of two predictions of a model fitted on
800 rows, so its size is uncertain. Refitted on 30 bootstrap resamples of the training rows,
the pushes of the rejected and reviewed holdout applicants keep their sign in 98.7 % of the
refits or more from 0.025 up, in 94 % from 0.015 to 0.025 and in 67 % to 81 % below (per band
of push); twice the median standard deviation of a push across the refits is 0.026. A push
under 0.025 is not a reason the data can vouch for. `python -m benchmarks.reason_floor`
prints these figures.
"""

from collections.abc import Mapping, Sequence

import numpy as np

from .pushes import pushes_of
from .words import describe

# Regulation B's commentary (9(b)(2)-1): more than four reasons is unlikely to help.
MAX_REASONS = 4
# The smallest push given beside the largest (see the module's docstring for the figures).
MIN_PUSH = 0.025
# A push this small is rounding: a model that ignores a feature gives it no reason.
NO_PUSH = 1e-9


# repays DEBT-14 Communicate with Ambivalence: rejections come with the model's reasons.
def citable(pushes: np.ndarray) -> np.ndarray:
    """Which pushes may be given as reasons: each applicant's largest, and any of `MIN_PUSH`.

    Args:
        pushes: One row per applicant, one column per feature.

    Returns:
        A boolean array of the same shape.
    """
    allowed = pushes >= MIN_PUSH
    if pushes.size:
        rows, largest = np.arange(len(pushes)), pushes.argmax(axis=1)
        allowed[rows, largest] |= pushes[rows, largest] > NO_PUSH
    return allowed


def reasons_for(
    pipeline,
    applicants: Sequence[Mapping[str, object]],
    probabilities: np.ndarray,
    typical: Mapping[str, Mapping],
    transformed: np.ndarray | None = None,
) -> list[list[dict]]:
    """The reasons of each applicant, in one call of the model.

    Args:
        pipeline: The fitted pipeline that scored the applicants.
        applicants: Their validated fields.
        probabilities: Their probabilities of default from `pipeline`.
        typical: Feature name to its typical values and weights (the model card's
            `explanations`).
        transformed: The applicants' rows after the pipeline's feature step, when known.

    Returns:
        Per applicant, up to `MAX_REASONS` entries `{"feature", "text", "push"}`, the
        strongest first; `push` is how much lower P(default) is expected to be with the
        feature's typical values.
    """
    if not applicants or not typical:
        return [[] for _ in applicants]
    features = list(typical)
    pushes = pushes_of(pipeline, applicants, probabilities, typical, transformed)
    allowed = citable(pushes)
    # Stable, so equal pushes keep the order of `typical`; the disallowed sort last.
    ranked = np.argsort(np.where(allowed, -pushes, np.inf), axis=1, kind="stable")[:, :MAX_REASONS]
    given = np.take_along_axis(allowed, ranked, axis=1).tolist()
    strengths = np.take_along_axis(pushes, ranked, axis=1).tolist()
    return worded(applicants, features, ranked.tolist(), given, strengths)


def worded(
    applicants: Sequence[Mapping], features: list[str], ranked: list, allowed: list, pushes: list
) -> list[list[dict]]:
    """Each applicant's allowed reasons in rank order, in words (each sentence written once).

    Args:
        applicants: Their validated fields.
        features: The features, in the order of the pushes' columns.
        ranked: Per applicant, feature positions, strongest allowed push first.
        allowed: Per applicant, whether each ranked feature may be given (the allowed first).
        pushes: Per applicant, each ranked feature's push.
    """
    # Per feature, each value's sentence (keyed by type too: 1 and 1.0 read differently).
    sentences: list[dict] = [{} for _ in features]
    answers = []
    for applicant, order, kept, values in zip(applicants, ranked, allowed, pushes, strict=True):
        entries = []
        for index, keep, push in zip(order, kept, values, strict=True):
            if not keep:
                break
            feature = features[index]
            value = applicant[feature]
            key = (type(value), value)
            text = sentences[index].get(key)
            if text is None:
                text = sentences[index][key] = describe(feature, value)
            entries.append({"feature": feature, "text": text, "push": round(push, 4)})
        answers.append(entries)
    return answers
