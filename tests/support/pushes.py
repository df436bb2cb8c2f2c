"""Pushes computed from scratch, as a check on a stage's reasons that shares none of its code.

A field's push, for an applicant with P(default) p, is p minus the expected P(default) when
that field alone takes each value the training rows hold, weighted by its share of the rows:
every distinct value, the amounts and the purpose texts included, each moved applicant scored
by the whole pipeline.
"""

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from credit_data.codebook import APPLICANT_FIELDS


def exact_pushes(
    pipeline, applicants: Sequence[Mapping], training: pd.DataFrame, fields: Sequence[str]
) -> np.ndarray:
    """Every applicant's push for every field of `fields`, from every training value.

    Args:
        pipeline: A fitted pipeline taking a frame of applicant fields.
        applicants: The applicants' fields.
        training: The training rows.
        fields: The fields to move, one at a time.

    Returns:
        One row per applicant, one column per field.
    """
    frame = pd.DataFrame(list(applicants), columns=list(APPLICANT_FIELDS))
    probabilities = pipeline.predict_proba(frame)[:, 1]
    pushes = np.zeros((len(frame), len(fields)))
    for column, field in enumerate(fields):
        shares = training[field].value_counts(normalize=True)
        moved = frame.loc[frame.index.repeat(len(shares))].reset_index(drop=True)
        moved[field] = np.tile(shares.index.to_numpy(), len(frame))
        scores = pipeline.predict_proba(moved)[:, 1].reshape(len(frame), len(shares))
        pushes[:, column] = probabilities - scores @ shares.to_numpy()
    return pushes
