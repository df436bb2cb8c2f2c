"""Prior and concept shift, from the labelled (approved) applicants of a window.

Only approved applicants repay or default, so these checks see the approved part of a window,
never the rejected. They remain valid there because every test compares outcomes with the
model's own probabilities on the same rows: approval depends only on the probability, and a
calibrated model's P(default | p) = p holds on any subset chosen by p or by the inputs. A
comparison with the holdout's figures would not (the approved are the safest applicants; their
AUC is lower and their bad rate far lower than the holdout's, with no shift at all).

- Prior shift: the observed bad rate against the predicted one (the mean probability); with
  calibrated probabilities their gap, divided by `sqrt(Σ p(1 − p))`, is about standard normal.
- Concept shift: two calibration tests per segment (`segments.py`: categories, values of
  integers with few values, numeric tertiles, each with at least `MIN_SEGMENT_ROWS` labelled
  rows) find the groups whose relation between inputs and default changed, even when the
  overall bad rate holds. The first compares the segment's defaults with the probabilities
  moved by the reference offset, like the prior check. The second compares the segment with
  the rest of its own window (`against_rest_z`): the window's own offset is refitted first,
  so neither a prior shift nor the reference offset's error moves it, which leaves it the
  power to find a small segment (the few long loans a lender approves) whose risk rose while
  the rest fell. The Brier score is tested against its expectation under calibration, and the
  realised AUC against the AUC the probabilities predict for the same rows
  (`estimation.expected_auc`; Hanley–McNeil standard error).

The false-alarm budget of a window, `WINDOW_ALPHA`, is shared equally among its tests; the
null distribution is only roughly normal (a model is never perfectly calibrated in every
segment), hence the small budget. `WINDOW_ALPHA` and `MIN_SEGMENT_ROWS` were chosen on the
tuning scenarios of `stages/instrument/drift/scenarios.py` (other shift shapes, seeds 30000
and up; `benchmarks/monitoring_tuning.py`), never on the scenarios that judge the detector.
"""

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, roc_auc_score

from .estimation import expected_auc
from .reference_period import fitted_offset, moved
from .segments import segment_masks
from .statistics import z_critical
from .z_scores import against_rest_z, auc_standard_error, calibration_z

WINDOW_ALPHA = 0.001
MIN_SEGMENT_ROWS = 60


def performance_report(
    defaulted: np.ndarray,
    probabilities: np.ndarray,
    inputs: pd.DataFrame,
    reference_features: dict,
    min_segment_rows: int | None = None,
    reference: dict | None = None,
) -> dict:
    """Prior and concept shift figures of the labelled applicants of one window.

    Args:
        defaulted: The outcomes (1 = defaulted).
        probabilities: The probabilities of default the applicants were given.
        inputs: The applicants (for the segments).
        reference_features: The card's reference entries by feature (segment kinds, edges).
        min_segment_rows: The fewest labelled rows a segment needs to be tested;
            `MIN_SEGMENT_ROWS` when None.
        reference: The reference period's fitted offset (`reference_period.fitted_offset`);
            without one the raw probabilities are the expectation.

    Returns:
        `labelled_rows`, `prior` (observed and predicted bad rate, z), `auc`, `brier`,
        `segments_checked` and `miscalibrated_segments`.
    """
    defaulted = np.asarray(defaulted, dtype=float)
    probabilities = np.asarray(probabilities, dtype=float)
    information = np.inf
    if reference is not None:
        probabilities = moved(probabilities, reference["offset"])
        information = reference["information"]
    min_rows = min_segment_rows or MIN_SEGMENT_ROWS
    found = segment_masks(inputs, reference_features, min_rows)
    # Half the budget for the overall calibration test (the prior shift), half shared by
    # the segments' two tests, the AUC and the Brier score.
    alpha = WINDOW_ALPHA / 2 / (2 * len(found) + 2)
    critical = z_critical(alpha)
    prior_z = calibration_z(defaulted, probabilities, information)
    prior = {
        "observed_bad_rate": float(defaulted.mean()),
        "predicted_bad_rate": float(probabilities.mean()),
        "z": prior_z,
        "threshold": z_critical(WINDOW_ALPHA / 2),
        "shifted": abs(prior_z) > z_critical(WINDOW_ALPHA / 2),
    }
    within = moved(probabilities, fitted_offset(defaulted, probabilities)["offset"])
    miscalibrated = []
    for name, label, mask in found:
        z = calibration_z(defaulted[mask], probabilities[mask], information)
        # Against the rest only when the rest is a segment of testable size too: the test of
        # a segment against its complement is the complement's test, sign reversed.
        rest = against_rest_z(defaulted, within, mask) if (~mask).sum() >= min_rows else 0.0
        if abs(z) > critical or abs(rest) > critical:
            miscalibrated.append(
                {
                    "feature": name,
                    "code": label,
                    "rows": int(mask.sum()),
                    "observed_bad_rate": float(defaulted[mask].mean()),
                    "predicted_bad_rate": float(probabilities[mask].mean()),
                    "z": z,
                    "z_against_rest": rest,
                }
            )
    return {
        "labelled_rows": len(defaulted),
        "reference": reference,
        "alpha_per_test": alpha,
        "prior": prior,
        "auc": auc_figures(defaulted, probabilities, critical),
        "brier": brier_figures(defaulted, probabilities, critical, information),
        "segments_checked": len(found),
        "miscalibrated_segments": miscalibrated,
    }


def auc_figures(defaulted: np.ndarray, probabilities: np.ndarray, critical: float) -> dict:
    """The realised AUC against the one the probabilities predict for the same rows."""
    positives = int(defaulted.sum())
    negatives = len(defaulted) - positives
    expected = expected_auc(probabilities)
    if positives == 0 or negatives == 0 or expected is None:
        return {"value": None, "expected": expected, "z": None, "dropped": False}
    auc = float(roc_auc_score(defaulted, probabilities))
    z = (expected - auc) / max(auc_standard_error(expected, positives, negatives), 1e-9)
    return {"value": auc, "expected": expected, "z": float(z), "dropped": bool(z > critical)}


def brier_figures(
    defaulted: np.ndarray,
    probabilities: np.ndarray,
    critical: float,
    reference_information: float = np.inf,
) -> dict:
    """The window's Brier score against its expectation under calibration.

    `n·(Brier − E) = Σ (y − p)(1 − 2p)`: a calibration test weighted by `1 − 2p`, with variance
    `Σ p(1 − p)(1 − 2p)²` when the probabilities are calibrated. When they were moved by a
    fitted reference offset (`reference_period.py`), that offset's own error moves every row
    the same way, so (delta method) its variance adds `(Σ p(1 − p)(1 − 2p))² / information`,
    as `calibration_z` adds `V² / information`. Without that term a small error in the
    offset, fitted on a few hundred approved applicants, grows into a false alarm once
    several windows are pooled (seen on unshifted replays, windows 7 to 10).

    Args:
        defaulted: The outcomes.
        probabilities: The expected probabilities of default.
        critical: The critical value of the test.
        reference_information: The reference offset's information (none: infinite).
    """
    brier = float(brier_score_loss(defaulted, probabilities, pos_label=1.0))
    expected = float(np.mean(probabilities * (1 - probabilities)))
    weight = 1 - 2 * probabilities
    variance = np.sum(probabilities * (1 - probabilities) * weight**2)
    variance += np.sum(probabilities * (1 - probabilities) * weight) ** 2 / reference_information
    z = (brier - expected) * len(probabilities) / np.sqrt(variance) if variance > 0 else 0.0
    return {
        "value": brier,
        "expected_if_calibrated": expected,
        "z": float(z),
        "worse": bool(z > critical),
    }
