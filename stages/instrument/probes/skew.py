"""DEBT-02 Training/serving skew: do served probabilities equal the training code's own?

"Offline" is what the stage's training code predicts for the holdout: the holdout
predictions it wrote, or else a model file that scores raw applicants. "Served" is what
`POST /score` answers for the same applicants.
"""

import numpy as np
from sklearn.metrics import roc_auc_score

from .artifacts import default_probabilities, load_models
from .context import ProbeContext
from .records import find_number, holdout_prediction_files, json_documents
from .result import ProbeResult

DEBT_ID = "DEBT-02"
# Offline and served probabilities that differ by less than this are the same number written
# through different formats.
TOLERANCE = 1e-4


def offline_candidates(context: ProbeContext) -> list[tuple[str, np.ndarray]]:
    """The training code's holdout probabilities, from every source the stage offers."""
    folder, holdout = context.trained.folder, context.holdout
    ids = holdout["application_id"].tolist()
    candidates = [
        ("holdout predictions file", series.to_numpy())
        for series in holdout_prediction_files(folder, ids)
    ]
    for path, model in load_models(folder):
        probabilities = default_probabilities(model, holdout)
        if probabilities is not None:
            candidates.append((f"model file {path.name}", probabilities))
    return candidates


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-02 on the context's stage."""
    served = context.holdout_scores()
    candidates = offline_candidates(context)
    reported = find_number(json_documents(context.trained.folder, context.client()), "auc")
    served_auc = roc_auc_score(served.defaulted, served.probabilities)
    evidence = {
        "served_auc": served_auc,
        "reported_auc": reported[1] if reported else None,
        "reported_auc_source": reported[0] if reported else None,
    }
    if not candidates:
        summary = "no holdout prediction of the training code can be found to compare with"
        return ProbeResult(DEBT_ID, True, "no offline", summary, evidence)
    # The served model is one of the candidates: compare with the closest.
    source, offline = min(candidates, key=lambda item: np.abs(item[1] - served.probabilities).max())
    difference = np.abs(offline - served.probabilities)
    evidence |= {
        "offline_source": source,
        "max_abs_difference": difference.max(),
        "rows_differing_by_more_than_0.05": int((difference > 0.05).sum()),
        "offline_auc": roc_auc_score(served.defaulted, offline),
    }
    present = bool(difference.max() > TOLERANCE)
    figure = f"max |Δp| {difference.max():.3f}"
    summary = (
        f"largest |p_offline - p_served| {difference.max():.3f} over 200 holdout rows; "
        f"AUC offline {evidence['offline_auc']:.3f}, served {served_auc:.3f}"
        + (f", reported {reported[1]:.3f}" if reported else "")
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
