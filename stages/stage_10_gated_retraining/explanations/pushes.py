"""Pushes from the served model: how far each value moves this applicant toward default.

For an applicant with P(default) p, a feature's push is

    push = p - sum over the feature's typical values v of weight(v) * p(applicant with v),

the drop in P(default) expected if this one feature took a value drawn from the training
rows (`typical.py`), everything else about the applicant unchanged, scored by the same model.
A positive push means the model holds this applicant's value against them compared with all
applicants (the second method of Regulation B's comment 9(b)(2)-5, on the probability scale).

The moved rows are built in transformed space and only the classifier runs again
(`moves.py`), which gives the same probabilities as scoring the moved applicants from scratch
at a fraction of the cost. Any other pipeline is scored from scratch.
"""

from collections.abc import Mapping, Sequence

import numpy as np

from ..features.frame import applicants_frame
from .moves import moves_of, split_pipeline, transformed_moves, weights_of

# Moved rows scored at once (bounds the memory of a large batch).
MOVED_ROWS_PER_CALL = 20_000


def from_scratch(pipeline, applicants, typical) -> tuple[np.ndarray, np.ndarray]:
    """Every applicant's moved P(default), each moved applicant scored by the whole pipeline.

    Returns:
        The moved probabilities (one row per applicant, one column per move) and the moves'
        weight matrix (`moves.Moves.weights`).
    """
    moves = moves_of(typical)
    moved = [{**a, feature: value} for a in applicants for feature, value, _ in moves]
    flat = pipeline.predict_proba(applicants_frame(moved))[:, 1]
    return flat.reshape(len(applicants), len(moves)), weights_of(moves, list(typical))


def moved_probabilities(pipeline, applicants, transformed, typical) -> tuple:
    """P(default) of every applicant with each move applied alone, and the moves' weights.

    Returns:
        One row per applicant, one column per move; and the moves' weight matrix.
    """
    parts = split_pipeline(pipeline)
    if parts is None or transformed is None:
        return from_scratch(pipeline, applicants, typical)
    moves = transformed_moves(pipeline, applicants[0], typical)
    transformed, count = np.asarray(transformed), len(moves.blocks)
    per_call = max(1, MOVED_ROWS_PER_CALL // count)
    chunks = []
    for start in range(0, len(applicants), per_call):
        moved = np.repeat(transformed[start : start + per_call], count, axis=0)
        for position, block in enumerate(moves.blocks):
            moved[position::count, block] = moves.rows[position, block]
        chunks.append(parts[1].predict_proba(moved)[:, 1].reshape(-1, count))
    return np.concatenate(chunks), moves.weights


def pushes_of(
    pipeline,
    applicants: Sequence[Mapping[str, object]],
    probabilities: np.ndarray,
    typical: Mapping[str, Mapping],
    transformed: np.ndarray | None = None,
) -> np.ndarray:
    """Every applicant's push for every feature of `typical` (see the module's docstring).

    Args:
        pipeline: The fitted pipeline that scored the applicants.
        applicants: Their validated fields.
        probabilities: Their probabilities of default from `pipeline`.
        typical: Feature name to its typical values and weights.
        transformed: The applicants' rows after the pipeline's feature step, when known;
            without them every moved applicant is scored from scratch.

    Returns:
        One row per applicant, one column per feature, in the order of `typical`.
    """
    moved, weights = moved_probabilities(pipeline, applicants, transformed, typical)
    return np.asarray(probabilities)[:, None] - moved @ weights
