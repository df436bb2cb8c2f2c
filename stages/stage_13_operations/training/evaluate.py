"""Model evaluation: cross-validation inside the pipeline, holdout metrics, fairness slices.

Every fold fits the whole pipeline (scaler, encoder, TF-IDF and classifier) on its training
folds only, so no statistic of a validation fold leaks into its own score (DEBT-12,
Metrics-from-Beyond).
"""

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from credit_data.codebook import TARGET

from ..domain.policy import DecisionPolicy, expected_cost
from ..features.columns import INPUT_FEATURES

FOLDS = 5
YOUNG_AGE_LIMIT = 25
FEMALE_CODES = ("female_married_divorced",)


def cross_validate(pipeline, rows: pd.DataFrame, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Fit a fresh copy of `pipeline` per fold and predict the held-out fold.

    Args:
        pipeline: An unfitted pipeline.
        rows: The training rows, with the target.
        seed: The seed of the fold assignment.

    Returns:
        The AUC of each fold, and the out-of-fold probability of default of every row.
    """
    features, target = rows[list(INPUT_FEATURES)], rows[TARGET].to_numpy()
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    fold_aucs, out_of_fold = [], np.zeros(len(rows))
    for fit_index, validate_index in folds.split(features, target):
        fitted = clone(pipeline).fit(features.iloc[fit_index], target[fit_index])
        probabilities = fitted.predict_proba(features.iloc[validate_index])[:, 1]
        out_of_fold[validate_index] = probabilities
        fold_aucs.append(roc_auc_score(target[validate_index], probabilities))
    return np.asarray(fold_aucs), out_of_fold


def quality_metrics(
    defaulted: np.ndarray, probabilities: np.ndarray, policy: DecisionPolicy, costs: dict
) -> dict:
    """AUC, Brier score, expected cost and approval rate of a set of predictions.

    Args:
        defaulted: The true outcomes (1 = defaulted).
        probabilities: The predicted probabilities of default.
        policy: The decision policy.
        costs: `cost_false_approval` and `cost_false_rejection`.

    Returns:
        The metrics, as plain floats.
    """
    rejected = probabilities >= policy.cutoff
    return {
        "auc": float(roc_auc_score(defaulted, probabilities)),
        "brier": float(brier_score_loss(defaulted, probabilities)),
        "expected_cost": expected_cost(defaulted, rejected, **costs),
        "approval_rate": float(1.0 - rejected.mean()),
    }


def fairness_slices(rows: pd.DataFrame, probabilities: np.ndarray, policy: DecisionPolicy) -> dict:
    """Approval and bad rates by age (under 25 vs 25 and over), sex and foreign worker.

    The model does not score these attributes (DEBT-16), yet its decisions can still differ
    between the groups through correlated features, so the ratios are reported with every
    model, whatever they are. A ratio below 0.8 fails the four-fifths convention of US
    employment law (29 CFR 1607.4(D)), a screening signal, not proof of discrimination nor its
    absence; differing bad rates show how much of a gap the data itself carries. An applicant
    counts as approved below the cut-off (the review band is ignored here).

    Args:
        rows: The scored rows, with the protected attributes and the target.
        probabilities: Their probabilities of default.
        policy: The decision policy.

    Returns:
        Per attribute: per group its size, approval rate and bad rate; the approval-rate
        ratio of the less approved group to the more approved one, and which group that is.
    """
    approved = probabilities < policy.cutoff
    groupings = {
        "age": np.where(rows["age"] < YOUNG_AGE_LIMIT, "under_25", "25_and_over"),
        "sex": np.where(rows["personal_status_sex"].isin(FEMALE_CODES), "female", "male"),
        "foreign_worker": np.where(rows["foreign_worker"] == "yes", "foreign", "not_foreign"),
    }
    defaulted = rows[TARGET].to_numpy()
    slices = {}
    for attribute, groups in groupings.items():
        per_group = {
            group: {
                "applicants": int((groups == group).sum()),
                "approval_rate": float(approved[groups == group].mean()),
                "bad_rate": float(defaulted[groups == group].mean()),
            }
            for group in sorted(set(groups))
        }
        rates = {group: entry["approval_rate"] for group, entry in per_group.items()}
        lower, higher = min(rates, key=rates.get), max(rates, key=rates.get)
        slices[attribute] = {
            "groups": per_group,
            "approval_rate_ratio": float(rates[lower] / rates[higher]) if rates[higher] else None,
            "less_approved_group": lower,
        }
    return slices
