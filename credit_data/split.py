"""The project's one fixed train / holdout split, stratified by the target and seeded."""

import numpy as np

HOLDOUT_SIZE = 200
TRAIN = "train"
HOLDOUT = "holdout"


def stratified_split(targets: list[int], holdout_size: int, seed: int) -> list[str]:
    """Assign each row to the training split or the holdout, keeping the class shares.

    Args:
        targets: The 0/1 target of each row, in row order.
        holdout_size: How many rows go to the holdout.
        seed: The seed of the random source (numpy's PCG64, stable across numpy versions).

    Returns:
        `"train"` or `"holdout"` for each row, in row order.
    """
    rng = np.random.default_rng(seed)
    labels = np.asarray(targets)
    assignment = np.full(len(labels), TRAIN, dtype=object)
    for value in np.unique(labels):
        rows = np.flatnonzero(labels == value)
        share = round(holdout_size * len(rows) / len(labels))
        assignment[rng.permutation(rows)[:share]] = HOLDOUT
    return assignment.tolist()
