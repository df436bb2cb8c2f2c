"""The moves a push is measured with: each feature set alone to each of its typical values.

The project's pipeline transforms each input column on its own (scaling, one-hot, TF-IDF), so
moving one feature only changes that feature's block of transformed columns. A move is kept
as its transformed row and its block, computed once per fitted pipeline; moves of one feature
whose blocks are equal (two training texts the TF-IDF reads alike) are merged and their weights
added, which changes no expectation.
"""

import weakref
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..features.frame import applicants_frame

FEATURES_STEP, CLASSIFIER_STEP = "features", "classifier"
# Per fitted pipeline: the typical values it was asked about, and their moves.
_MOVES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Moves:
    """Every move in transformed space, and what each weighs in its feature's expectation.

    Attributes:
        rows: One transformed row per move (only the move's block is read).
        blocks: The columns each move changes.
        weights: One row per move, one column per feature: the move's weight in the column
            of the feature it moves, else 0.
    """

    rows: np.ndarray
    blocks: list[slice]
    weights: np.ndarray


def split_pipeline(pipeline):
    """The pipeline's feature transformer and classifier, or None for another kind of model."""
    steps = getattr(pipeline, "named_steps", None)
    if steps is None or FEATURES_STEP not in steps or CLASSIFIER_STEP not in steps:
        return None
    return steps[FEATURES_STEP], steps[CLASSIFIER_STEP]


def feature_blocks(transformer) -> dict[str, slice]:
    """The transformed columns of each input feature: numbers, categories and the text."""
    blocks = {}
    for name, fitted, columns in transformer.transformers_:
        if name == "remainder":
            continue
        start = transformer.output_indices_[name].start
        if isinstance(columns, str):
            blocks[columns] = transformer.output_indices_[name]
            continue
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


def weights_of(moves: list[tuple[str, object, float]], features: list[str]) -> np.ndarray:
    """The moves' weight matrix (see `Moves.weights`)."""
    weights = np.zeros((len(moves), len(features)))
    for row, (feature, _, weight) in enumerate(moves):
        weights[row, features.index(feature)] = weight
    return weights


def transformed_moves(pipeline, example: Mapping, typical: Mapping[str, Mapping]) -> Moves:
    """The moves of `typical` in the pipeline's transformed space, computed once per pipeline.

    Args:
        pipeline: A fitted pipeline with a feature step (`split_pipeline`).
        example: Any valid applicant (the moves' other fields, never read).
        typical: Feature name to its typical values and weights.
    """
    moves = moves_of(typical)
    key = tuple((feature, value, weight) for feature, value, weight in moves)
    cached = _MOVES.get(pipeline)
    if cached is not None and cached[0] == key:
        return cached[1]
    transformer, _ = split_pipeline(pipeline)
    rows = np.asarray(
        transformer.transform(
            applicants_frame([{**example, feature: value} for feature, value, _ in moves])
        )
    )
    blocks = feature_blocks(transformer)
    features, kept, merged = list(typical), {}, []
    for position, (feature, value, weight) in enumerate(moves):
        block = blocks[feature]
        same = kept.setdefault((feature, rows[position, block].tobytes()), len(merged))
        if same == len(merged):
            merged.append([position, feature, value, 0.0])
        merged[same][3] += weight
    result = Moves(
        rows=rows[[position for position, *_ in merged]],
        blocks=[blocks[feature] for _, feature, _, _ in merged],
        weights=weights_of([(f, v, w) for _, f, v, w in merged], features),
    )
    _MOVES[pipeline] = (key, result)
    return result
