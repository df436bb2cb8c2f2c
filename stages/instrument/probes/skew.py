"""DEBT-02 Training/serving skew: do served probabilities equal the training code's own?

"Offline" is what the stage's training code predicts for the holdout, from the probe's own
run of it in its sandbox (`offline.py`): the holdout predictions the run wrote, or a model
file of the run that scores raw applicants; nothing the stage wrote while starting or serving
counts. "Served" is what `POST /score` answers for the same applicants. Both AUCs are
computed by the probe on the same 200 holdout applicants; nothing the stage reports about
itself is compared.
"""

import numpy as np
from sklearn.metrics import roc_auc_score

from .context import ProbeContext
from .examples import applicant_example
from .offline import closest, offline_candidates, offline_training
from .result import ProbeResult

DEBT_ID = "DEBT-02"
# Offline and served probabilities that differ by less than this are the same number written
# through different formats.
TOLERANCE = 1e-4


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-02 on the context's stage."""
    served = context.holdout_scores()
    candidates = offline_candidates(context)
    served_auc = roc_auc_score(served.defaulted, served.probabilities)
    evidence = {
        "served_auc": served_auc,
        "offline_training": offline_training(context),
        "offline_sources": [name for name, _ in candidates],
    }
    if not candidates:
        summary = (
            "the probe's run of the training code left no holdout prediction to compare the "
            "served ones with"
        )
        return ProbeResult(DEBT_ID, True, "no offline", summary, evidence)
    source, offline = closest(candidates, served.probabilities)
    difference = np.abs(offline - served.probabilities)
    worst = int(difference.argmax())
    evidence |= {
        "offline_source": source,
        "max_abs_difference": difference.max(),
        "rows_differing_by_more_than_0.05": int((difference > 0.05).sum()),
        "offline_auc": roc_auc_score(served.defaulted, offline),
        "worst_applicant": applicant_example(
            context.holdout.iloc[worst],
            offline_probability=offline[worst],
            served_probability=served.probabilities[worst],
            served_decision=served.decisions[worst],
        ),
    }
    present = bool(difference.max() > TOLERANCE)
    figure = f"max |Δp| {difference.max():.3f}"
    summary = (
        f"largest |p_offline - p_served| {difference.max():.3f} over {len(difference)} holdout "
        f"applicants ({evidence['rows_differing_by_more_than_0.05']} differ by more than 0.05); "
        f"holdout AUC of the training code's predictions {evidence['offline_auc']:.3f}, of "
        f"the served ones {served_auc:.3f}"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
