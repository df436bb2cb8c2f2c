"""DEBT-12 Metrics-from-Beyond: does the holdout take part in training?

The probe trains a fresh instance on a copy of the data whose holdout rows are changed
(seeded), the training rows untouched: the holdout labels are permuted, and every applicant
field of the holdout is replaced by a value drawn from the training rows' values of that
field (so that the holdout's features change their statistics, not just their order). It then
scores the *original* holdout applicants. A model trained without the holdout answers them
exactly as the shared instance does; any difference means the holdout reached the model:
through tuning or selection on its labels, or preprocessing (scaling, encoding, selection)
fitted on its features.
"""

import numpy as np

from credit_data.codebook import APPLICANT_FIELDS, SPLIT, TARGET
from credit_data.split import HOLDOUT

from ..scoring import score_rows
from .context import ProbeContext
from .examples import applicant_example
from .result import ProbeResult

DEBT_ID = "DEBT-12"
PERMUTATION_SEED = 11
ROWS_COMPARED = 50
SAME = 1e-9


def holdout_changed(data, seed: int = PERMUTATION_SEED):
    """The data with the holdout's labels permuted and its fields redrawn from training rows."""
    data, rng = data.copy(), np.random.default_rng(seed)
    is_holdout = data[SPLIT] == HOLDOUT
    count = int(is_holdout.sum())
    data.loc[is_holdout, TARGET] = rng.permutation(data.loc[is_holdout, TARGET].to_numpy())
    for field in APPLICANT_FIELDS:
        training_values = data.loc[~is_holdout, field].to_numpy()
        data.loc[is_holdout, field] = rng.choice(training_values, count)
    return data


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-12 on the context's stage."""
    shared = context.holdout_scores()
    changed = context.trained_on("holdout-changed", holdout_changed)
    rows = context.holdout.head(ROWS_COMPARED)
    answers = score_rows(changed.create_app().test_client(), rows, opaque_ids=True)
    difference = np.abs(answers.probabilities - shared.probabilities[:ROWS_COMPARED])
    changed_rows = int((difference > SAME).sum())
    worst = int(difference.argmax())
    evidence = {
        "holdout_rows_compared": len(rows),
        "holdout_rows_changed": changed_rows,
        "max_abs_difference": difference.max(),
        "worst_applicant": applicant_example(
            rows.iloc[worst],
            probability_trained_with_holdout_intact=shared.probabilities[worst],
            probability_trained_with_holdout_changed=answers.probabilities[worst],
            decision=shared.decisions[worst],
        ),
    }
    present = changed_rows > 0
    summary = (
        f"changing only the holdout's labels and fields changes {changed_rows} of {len(rows)} "
        f"holdout answers (by up to {difference.max():.3f}): "
        + ("the holdout was not held out" if present else "training never saw it")
    )
    return ProbeResult(
        DEBT_ID, present, f"{changed_rows}/{len(rows)} rows changed", summary, evidence
    )
