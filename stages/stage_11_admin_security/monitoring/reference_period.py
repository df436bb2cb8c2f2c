"""The reference period: how calibrated the model is on its first labelled windows in service.

A model is never exactly calibrated among the applicants it approves (a regularised logistic
regression over-predicts the risk of its safest applicants), and with selective labels those
are the only ones with outcomes. Tested against the raw probabilities, such a stable gap
would hide a real rise in risk, or raise an alarm that no shift caused. As NannyML does with
its reference period, the outcome checks therefore compare each later window with the first
`REFERENCE_WINDOWS` windows the model version scored: one log-odds offset `b`, fitted there
(`Σ (y − sigmoid(logit p + b)) = 0`), moves every probability before the tests, and its own
uncertainty (the reference's Fisher information) widens every test's standard error.

The estimated performance of each window (`estimation.py`) moves the probabilities of its
approved by the same offset once the reference period is known (`known_offset`).

Assumption: the reference windows themselves are unshifted. They are checked against the raw
probabilities, so a model badly miscalibrated from its first day still raises alerts.
"""

from collections.abc import Sequence

import numpy as np
from scipy.optimize import brentq

from ..storage.monitoring import SqlMonitoringRepository
from ..storage.window_summaries import SqlWindowSummaries
from .ledger import Labelled

REFERENCE_WINDOWS = 2
LARGEST_OFFSET = 5.0


def logit(probabilities: np.ndarray) -> np.ndarray:
    """The log-odds of probabilities (clipped away from 0 and 1)."""
    p = np.clip(np.asarray(probabilities, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def moved(probabilities: np.ndarray, offset: float) -> np.ndarray:
    """Probabilities moved by `offset` in log-odds."""
    return 1.0 / (1.0 + np.exp(-(logit(probabilities) + offset)))


def fitted_offset(defaulted: np.ndarray, probabilities: np.ndarray) -> dict:
    """The log-odds offset that matches the reference's observed defaults, with its information.

    Returns:
        `offset`, `information` (Σ p'(1 − p') at the offset; its inverse is the offset's
        variance), the reference's `rows`, observed and predicted defaults.
    """
    defaulted = np.asarray(defaulted, dtype=float)
    observed = defaulted.sum()

    def gap(offset: float) -> float:
        return observed - moved(probabilities, offset).sum()

    if 0 < observed < len(defaulted):
        offset = brentq(gap, -LARGEST_OFFSET, LARGEST_OFFSET)
    else:
        offset = -LARGEST_OFFSET if observed == 0 else LARGEST_OFFSET
    p = moved(probabilities, offset)
    return {
        "offset": float(offset),
        "information": float(np.sum(p * (1 - p))),
        "rows": len(defaulted),
        "observed_defaults": int(observed),
        "predicted_defaults": float(np.sum(probabilities)),
    }


def known_offset(
    findings: SqlMonitoringRepository, version: int, decisions: Sequence[str]
) -> float | None:
    """The offset of model `version`'s reference period, once its outcomes were checked.

    Args:
        findings: Where the windows and the labelled log are read.
        version: The model version.
        decisions: Whose outcomes count (the automatically approved: a lender's labels).

    Returns:
        The offset fitted on the labelled applicants of the version's first
        `REFERENCE_WINDOWS` windows whose outcomes were checked; None until there are that many.
    """
    references = SqlWindowSummaries(findings.engine).reference_summaries(version, REFERENCE_WINDOWS)
    if len(references) < REFERENCE_WINDOWS:
        return None
    rows = Labelled.concatenated(
        [
            Labelled.of_rows(findings.labelled_between(window.first_id, window.last_id))
            for window in references
        ]
    ).approved_by(decisions, version)
    return fitted_offset(rows.defaulted, rows.probabilities)["offset"]
