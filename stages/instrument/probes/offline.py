"""What the stage's training code predicts for the holdout, from the probe's own run of it.

The probe runs the stage's training entry point itself, in its own sandbox, and reads only
what that run wrote (`offline_training.py`), never the files of an instance the stage started:
a `create_app` that rewrites its holdout predictions before the first request, or a service
that rewrites them while serving, changes nothing here. Two sources: the holdout predictions
the run wrote (a CSV with an `application_id` column covering the holdout and a probability
column), and every model file of the run that scores raw applicants.
"""

import numpy as np

from .artifacts import default_probabilities, load_models
from .context import ProbeContext
from .offline_training import entry_point, offline_reference
from .records import holdout_prediction_files


def offline_candidates(context: ProbeContext) -> list[tuple[str, np.ndarray]]:
    """(source, probabilities) of every holdout prediction the training run offers.

    The run is made once per context (and process, `offline_reference`), on the context's
    data; its predictions are read once, right after its files are verified.
    """
    if "offline_candidates" not in context.cache:
        context.cache["offline_candidates"] = read_candidates(context)
    return context.cache["offline_candidates"]


def read_candidates(context: ProbeContext) -> list[tuple[str, np.ndarray]]:
    """The holdout predictions of the probe's run of the training code, read from its files."""
    reference = offline_reference(context.stage.package, context.data_path, context.workspace)
    if reference is None:
        return []
    reference.verify()
    holdout = context.holdout
    ids = holdout["application_id"].tolist()
    candidates = [
        (f"holdout predictions file {name}", series.to_numpy())
        for name, series in holdout_prediction_files(reference.folder, ids)
    ]
    for path, model in load_models(reference.folder):
        probabilities = default_probabilities(model, holdout)
        if probabilities is not None:
            candidates.append((f"model file {path.relative_to(reference.folder)}", probabilities))
    return candidates


def offline_training(context: ProbeContext) -> str:
    """How the probe ran the stage's training code, for the evidence."""
    entry = entry_point(context.stage.package)
    return entry.name if entry else "no training entry point"


def closest(candidates: list[tuple[str, np.ndarray]], served: np.ndarray):
    """The candidate nearest to the served probabilities (the served model is among them)."""
    return min(candidates, key=lambda item: float(np.abs(item[1] - served).max()))
