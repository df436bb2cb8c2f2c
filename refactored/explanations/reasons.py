"""Reason codes by moving each feature to its favourable value.

For an applicant, each explainable feature in turn is set to its favourable value (from the
model card) and the applicant is scored again; the drop in P(default) is that feature's push
toward default. The reasons are the features with the largest positive pushes, at most
`MAX_REASONS`, so moving the top reason's feature to its favourable value lowers P(default)
by construction. Protected attributes are never moved nor given (`favourable.py`).

The project's pipeline transforms each input column on its own (scaling, one-hot, TF-IDF), so
moving one feature only changes that feature's block of transformed columns: the moved rows
are built in transformed space and only the classifier runs again, which gives the same
probabilities as scoring the moved applicants from scratch at a fraction of the cost. Any
other pipeline is scored from scratch.
"""

import weakref
from collections.abc import Mapping, Sequence

import numpy as np

from ..features.frame import applicants_frame
from .words import describe

MAX_REASONS = 4
# A push smaller than this is rounding noise, not a reason.
MIN_PUSH = 1e-4
FEATURES_STEP, CLASSIFIER_STEP = "features", "classifier"
# Per fitted pipeline: the favourable values' transformed columns, and each feature's block.
_FAVOURABLE_BLOCKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def split_pipeline(pipeline):
    """The pipeline's feature transformer and classifier, or None for another kind of model."""
    steps = getattr(pipeline, "named_steps", None)
    if steps is None or FEATURES_STEP not in steps or CLASSIFIER_STEP not in steps:
        return None
    return steps[FEATURES_STEP], steps[CLASSIFIER_STEP]


def feature_blocks(transformer) -> dict[str, slice]:
    """The transformed columns of each numeric and categorical input feature."""
    blocks = {}
    for name, fitted, columns in transformer.transformers_:
        if not isinstance(columns, list):
            continue
        start = transformer.output_indices_[name].start
        widths = (
            [len(codes) for codes in fitted.categories_]
            if hasattr(fitted, "categories_")
            else [1] * len(columns)
        )
        for column, width in zip(columns, widths, strict=True):
            blocks[column] = slice(start, start + width)
            start += width
    return blocks


def favourable_blocks(pipeline, example: Mapping, favourable: Mapping) -> tuple[np.ndarray, dict]:
    """The transformed favourable row and the blocks, computed once per fitted pipeline."""
    if pipeline not in _FAVOURABLE_BLOCKS:
        transformer, _ = split_pipeline(pipeline)
        row = transformer.transform(applicants_frame([{**example, **favourable}]))[0]
        _FAVOURABLE_BLOCKS[pipeline] = (row, feature_blocks(transformer))
    return _FAVOURABLE_BLOCKS[pipeline]


def moved_probabilities(pipeline, applicants, transformed, favourable) -> np.ndarray:
    """P(default) of every applicant with each feature in turn at its favourable value.

    Returns:
        One row per applicant, one column per feature of `favourable`, in its order.
    """
    features = list(favourable)
    parts = split_pipeline(pipeline)
    if parts is None or transformed is None:
        moved = [{**a, feature: favourable[feature]} for a in applicants for feature in features]
        flat = pipeline.predict_proba(applicants_frame(moved))[:, 1]
        return flat.reshape(len(applicants), len(features))
    row, blocks = favourable_blocks(pipeline, applicants[0], favourable)
    moved = np.repeat(np.asarray(transformed), len(features), axis=0)
    for position, feature in enumerate(features):
        block = blocks[feature]
        moved[position :: len(features), block] = row[block]
    flat = parts[1].predict_proba(moved)[:, 1]
    return flat.reshape(len(applicants), len(features))


def reasons_for(
    pipeline,
    applicants: Sequence[Mapping[str, object]],
    probabilities: np.ndarray,
    favourable: Mapping[str, object],
    transformed: np.ndarray | None = None,
) -> list[list[dict]]:
    """The reasons of each applicant, in one call of the model.

    Args:
        pipeline: The fitted pipeline that scored the applicants.
        applicants: Their validated fields.
        probabilities: Their probabilities of default from `pipeline`.
        favourable: Feature name to favourable value (the model card's `explanations`).
        transformed: The applicants' rows after the pipeline's feature step, when known.

    Returns:
        Per applicant, up to `MAX_REASONS` entries `{"feature", "text", "push"}`, the
        strongest first; `push` is how much P(default) drops at the favourable value.
    """
    if not applicants or not favourable:
        return [[] for _ in applicants]
    features = list(favourable)
    pushes = np.asarray(probabilities)[:, None] - moved_probabilities(
        pipeline, applicants, transformed, favourable
    )
    answers = []
    for applicant, row in zip(applicants, pushes, strict=True):
        order = [index for index in np.argsort(-row, kind="stable") if row[index] > MIN_PUSH]
        answers.append(
            [
                {
                    "feature": features[index],
                    "text": describe(features[index], applicant[features[index]]),
                    "push": round(float(row[index]), 4),
                }
                for index in order[:MAX_REASONS]
            ]
        )
    return answers
