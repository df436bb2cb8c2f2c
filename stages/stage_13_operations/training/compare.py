"""Cross-validating candidates, and what scoring the protected attributes would change.

Beside it, the proxy audit (`proxies.py`): how well the scored fields predict them.
"""

import pandas as pd
from sklearn.metrics import roc_auc_score

from credit_data.codebook import PROTECTED_ATTRIBUTES, TARGET

from ..domain.policy import DecisionPolicy
from ..features.columns import INPUT_FEATURES
from ..features.pipeline import build_pipeline
from .calibration import slope_and_intercept
from .candidates import Candidate
from .evaluate import cross_validate, quality_metrics
from .proxies import proxy_audit
from .selection import CandidateResult


def evaluate_candidate(
    candidate: Candidate,
    training: pd.DataFrame,
    policy: DecisionPolicy,
    costs: dict,
    seed: int,
    include_protected: bool = False,
) -> CandidateResult:
    """Cross-validate one candidate on the training rows (calibrating inside each fold)."""
    pipeline = build_pipeline(candidate.build(seed), include_protected)
    fold_aucs, out_of_fold = cross_validate(pipeline, training, seed)
    defaulted = training[TARGET].to_numpy()
    metrics = quality_metrics(defaulted, out_of_fold, policy, costs)
    return CandidateResult(
        name=candidate.name,
        fold_aucs=fold_aucs,
        brier=metrics["brier"],
        expected_cost=metrics["expected_cost"],
        out_of_fold=out_of_fold,
        calibration=slope_and_intercept(defaulted, out_of_fold),
        calibrated=candidate.calibrated,
        keeps_order=candidate.keeps_order,
    )


def protected_comparison(
    candidate: Candidate,
    served: CandidateResult,
    holdout_auc: float,
    rows: tuple[pd.DataFrame, pd.DataFrame],
    policy: DecisionPolicy,
    costs: dict,
    seed: int,
) -> dict:
    """What scoring the protected attributes would change: CV and holdout AUC with and without.

    The "with" model is fitted for this report only and never registered.

    Args:
        candidate: The chosen candidate.
        served: Its cross-validation result without the protected attributes.
        holdout_auc: The served model's holdout AUC.
        rows: The training rows and the holdout rows.
        policy: The decision policy.
        costs: `cost_false_approval` and `cost_false_rejection`.
        seed: The seed.

    Returns:
        The `protected_attributes` entry of the card's metrics, with the proxy audit on the
        training and holdout rows (`proxies`).
    """
    training, holdout = rows
    scored = evaluate_candidate(candidate, training, policy, costs, seed, include_protected=True)
    fitted = build_pipeline(candidate.build(seed), include_protected=True).fit(
        training[list(INPUT_FEATURES)], training[TARGET].to_numpy()
    )
    probabilities = fitted.predict_proba(holdout[list(INPUT_FEATURES)])[:, 1]

    def entry(result: CandidateResult, auc: float) -> dict:
        return {
            "cv_auc_mean": result.auc_mean,
            "cv_auc_std": result.auc_std,
            "cv_expected_cost": result.expected_cost,
            "holdout_auc": auc,
        }

    return {
        "attributes": list(PROTECTED_ATTRIBUTES),
        "scored": False,
        "without": entry(served, holdout_auc),
        "with": entry(scored, float(roc_auc_score(holdout[TARGET], probabilities))),
        "proxies": proxy_audit(pd.concat([training, holdout], ignore_index=True), seed),
    }
