"""DEBT-12 Metrics-from-Beyond: does the holdout take part in training?

The probe trains a fresh instance on a copy of the data whose holdout labels are permuted
(seeded); the training rows are untouched. A model trained without the holdout answers the
holdout exactly as the shared instance does; any difference means the holdout's labels reached
the model (through tuning, feature selection or scaling).
"""

import numpy as np

from credit_data.codebook import SPLIT, TARGET
from credit_data.split import HOLDOUT

from ..scoring import score_rows
from .context import ProbeContext
from .result import ProbeResult

DEBT_ID = "DEBT-12"
PERMUTATION_SEED = 11


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-12 on the context's stage."""
    data = context.dataset.copy()
    is_holdout = data[SPLIT] == HOLDOUT
    rng = np.random.default_rng(PERMUTATION_SEED)
    data.loc[is_holdout, TARGET] = rng.permutation(data.loc[is_holdout, TARGET].to_numpy())
    permuted = context.fresh_instance("holdout-labels-permuted", data)
    answers = score_rows(permuted.create_app().test_client(), context.holdout, "probe-leak-")
    difference = np.abs(answers.probabilities - context.holdout_scores().probabilities)
    changed = int((difference > 1e-9).sum())
    evidence = {"holdout_rows_changed": changed, "max_abs_difference": difference.max()}
    present = changed > 0
    summary = (
        f"permuting only the holdout's labels changes {changed} of {len(difference)} holdout "
        f"answers (by up to {difference.max():.3f}): "
        + ("the holdout was not held out" if present else "training never saw them")
    )
    return ProbeResult(DEBT_ID, present, f"{changed} rows changed", summary, evidence)
