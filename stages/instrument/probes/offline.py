"""What the stage's training code predicts for the holdout, read from the reference only.

Two sources, both taken from the reference (the checksummed copy of what training wrote,
before the stage served anything; see `context.py`): the holdout predictions a training run
wrote (a CSV with an `application_id` column covering the holdout and a probability column),
and every model file that scores raw applicants. A stage that rewrites its predictions file
while serving, or adds one, changes nothing here.
"""

import numpy as np

from .artifacts import default_probabilities
from .context import ProbeContext
from .records import holdout_prediction_files


def offline_candidates(context: ProbeContext) -> list[tuple[str, np.ndarray]]:
    """(source, probabilities) of every holdout prediction the reference offers."""
    holdout = context.holdout
    ids = holdout["application_id"].tolist()
    context.reference.verify()
    candidates = [
        (f"holdout predictions file {name}", series.to_numpy())
        for name, series in holdout_prediction_files(context.reference.folder, ids)
    ]
    for name, model in context.reference_models():
        probabilities = default_probabilities(model, holdout)
        if probabilities is not None:
            candidates.append((f"model file {name}", probabilities))
    return candidates


def closest(candidates: list[tuple[str, np.ndarray]], served: np.ndarray):
    """The candidate nearest to the served probabilities (the served model is among them)."""
    return min(candidates, key=lambda item: float(np.abs(item[1] - served).max()))
