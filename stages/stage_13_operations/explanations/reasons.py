"""Reason codes from the served model: how far each value pushes this applicant toward default.

For an applicant with P(default) p, a feature's push is

    push = p - sum over the feature's typical values v of weight(v) * p(applicant with v),

the drop in P(default) expected if this one feature took a value drawn from the training
rows (`typical.py`), everything else about the applicant unchanged, scored by the same model.
A positive push means the model holds this applicant's value against them. The reasons are
the features with the largest positive pushes (at least `MIN_PUSH`) that the direction table
does not contradict (`directions.py`), at most `MAX_REASONS`, largest first. Protected
attributes are not in the model and never reasons; the free text is no lever.

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
from .directions import agree_with_direction, directed
from .words import describe

# Regulation B's commentary (9(b)(2)-1): more than four reasons is unlikely to help.
MAX_REASONS = 4
# A push below half a percentage point is not a reason worth giving a consumer.
MIN_PUSH = 0.005
# Moved rows scored at once (bounds the memory of a large batch).
MOVED_ROWS_PER_CALL = 20_000
FEATURES_STEP, CLASSIFIER_STEP = "features", "classifier"
# Per fitted pipeline: the moves, their transformed blocks, and each feature's block.
_MOVE_BLOCKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


# repays DEBT-14 Communicate with Ambivalence: rejections come with the model's reasons.
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
        if not isinstance(columns, list) or name == "remainder":
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


def moves_of(typical: Mapping[str, Mapping]) -> list[tuple[str, object, float]]:
    """Every (feature, typical value, weight), feature by feature."""
    return [
        (feature, value, float(weight))
        for feature, entry in typical.items()
        for value, weight in zip(entry["values"], entry["weights"], strict=True)
    ]


def move_blocks(pipeline, example: Mapping, moves: list) -> tuple[np.ndarray, list[slice]]:
    """Each move's transformed row and the columns it changes, computed once per pipeline."""
    key = tuple((feature, value) for feature, value, _ in moves)
    cached = _MOVE_BLOCKS.get(pipeline)
    if cached is None or cached[0] != key:
        transformer, _ = split_pipeline(pipeline)
        rows = transformer.transform(
            applicants_frame([{**example, feature: value} for feature, value, _ in moves])
        )
        blocks = feature_blocks(transformer)
        cached = (key, np.asarray(rows), [blocks[feature] for feature, _, _ in moves])
        _MOVE_BLOCKS[pipeline] = cached
    return cached[1], cached[2]


def moved_probabilities(pipeline, applicants, transformed, moves) -> np.ndarray:
    """P(default) of every applicant with each move applied alone.

    Returns:
        One row per applicant, one column per move, in the order of `moves`.
    """
    parts = split_pipeline(pipeline)
    if parts is None or transformed is None:
        moved = [{**a, feature: value} for a in applicants for feature, value, _ in moves]
        flat = pipeline.predict_proba(applicants_frame(moved))[:, 1]
        return flat.reshape(len(applicants), len(moves))
    rows, blocks = move_blocks(pipeline, applicants[0], moves)
    transformed = np.asarray(transformed)
    per_call = max(1, MOVED_ROWS_PER_CALL // len(moves))
    chunks = []
    for start in range(0, len(applicants), per_call):
        moved = np.repeat(transformed[start : start + per_call], len(moves), axis=0)
        for position, block in enumerate(blocks):
            moved[position :: len(moves), block] = rows[position, block]
        chunks.append(parts[1].predict_proba(moved)[:, 1].reshape(-1, len(moves)))
    return np.concatenate(chunks)


def pushes_of(pipeline, applicants, probabilities, typical, transformed=None) -> np.ndarray:
    """Every applicant's push for every feature of `typical` (see the module's docstring).

    Returns:
        One row per applicant, one column per feature, in the order of `typical`.
    """
    moves = moves_of(typical)
    moved = moved_probabilities(pipeline, applicants, transformed, moves)
    features = list(typical)
    expected = np.zeros((len(applicants), len(features)))
    for column, (feature, _, weight) in enumerate(moves):
        expected[:, features.index(feature)] += weight * moved[:, column]
    return np.asarray(probabilities)[:, None] - expected


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
    allowed = pushes >= MIN_PUSH
    for column, feature in enumerate(features):
        if directed(feature):
            values = [applicant[feature] for applicant in applicants]
            allowed[:, column] &= agree_with_direction(feature, values, typical[feature])
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
