"""The segments the concept checks test one by one: categories, values and numeric tertiles.

A concept shift changes who defaults within some group of applicants. Each category of a
categorical feature, each value of a numeric feature with few values (one whose reference
is by value, or whose quantile bins collapsed), and each tertile of another numeric feature
(`binning.tertile_cuts`) is a segment; a segment is tested only with
at least `MIN_SEGMENT_ROWS` labelled rows (`performance.py` chose that number).
"""

import numpy as np
import pandas as pd

from .binning import tertile_cuts


def segment_masks(
    inputs: pd.DataFrame, reference_features: dict, min_rows: int
) -> list[tuple[str, str, np.ndarray]]:
    """(feature, segment label, row mask) of every segment with at least `min_rows` rows.

    Args:
        inputs: The labelled applicants.
        reference_features: The card's reference entries by feature (kinds and bin edges).
        min_rows: The fewest rows a segment must have to be tested.
    """
    found = []
    for name, entry in reference_features.items():
        if entry["kind"] == "text_word_count":
            continue
        values = inputs[name]
        cuts = tertile_cuts(entry)
        if entry["kind"] == "categorical" or cuts is None:
            # The codes in order of first appearance, as `values.unique()` gives them.
            positions, codes = pd.factorize(values)
            candidates = [(str(code), positions == index) for index, code in enumerate(codes)]
        else:
            numbers = values.to_numpy(dtype=float)
            lower, upper = cuts
            candidates = [
                (f"< {lower:g}", numbers < lower),
                (f"{lower:g} to < {upper:g}", (numbers >= lower) & (numbers < upper)),
                (f">= {upper:g}", numbers >= upper),
            ]
        found += [(name, label, mask) for label, mask in candidates if mask.sum() >= min_rows]
    return found
