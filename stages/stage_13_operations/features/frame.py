"""Turn validated applicants into the frame the pipeline takes."""

from collections.abc import Iterable, Mapping

import pandas as pd

from .columns import INPUT_FEATURES


def applicants_frame(applicants: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Put applicants' fields into a frame with the pipeline's input columns, in order.

    Args:
        applicants: One mapping of field name to value per applicant (extra keys are ignored).

    Returns:
        One row per applicant.
    """
    columns = {name: [] for name in INPUT_FEATURES}
    for applicant in applicants:
        for name, values in columns.items():
            values.append(applicant[name])
    return pd.DataFrame(columns, columns=list(INPUT_FEATURES))
