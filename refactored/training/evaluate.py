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
    """Approval and bad rates by age (under 25 vs 25 and over) and by sex.

    Ethics debt made visible: the ratios are reported with the model, whatever they are.
    A ratio below 0.8 fails the four-fifths rule of thumb; differing bad rates show how much
    of a gap the data itself carries.

    Args:
        rows: The scored rows, with `age`, `personal_status_sex` and the target.
        probabilities: Their probabilities of default.
        policy: The decision policy.

    Returns:
        Per group: size, approval rate, bad rate; per attribute: the approval-rate ratio of
        the less approved group to the more approved one.
    """
    approved = probabilities < policy.cutoff
    groupings = {
        "age": np.where(rows["age"] < YOUNG_AGE_LIMIT, "under_25", "25_and_over"),
        "sex": np.where(rows["personal_status_sex"].isin(FEMALE_CODES), "female", "male"),
    }
    slices = {}
    for attribute, groups in groupings.items():
        per_group = {
            group: {
                "applicants": int((groups == group).sum()),
                "approval_rate": float(approved[groups == group].mean()),
                "bad_rate": float(rows[TARGET].to_numpy()[groups == group].mean()),
            }
            for group in sorted(set(groups))
        }
        rates = [entry["approval_rate"] for entry in per_group.values()]
        slices[attribute] = {
            "groups": per_group,
            "approval_rate_ratio": float(min(rates) / max(rates)) if max(rates) else None,
        }
    return slices
