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

from ..domain.fairness import approval_ratio
from ..domain.policy import APPROVE, REJECT, DecisionPolicy, expected_cost
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


def fairness_slices(policy: DecisionPolicy, *scored: tuple[pd.DataFrame, np.ndarray]) -> dict:
    """Approval and bad rates by age (under 25 vs 25 and over), sex and foreign worker.

    The model does not score these attributes (DEBT-16), yet its decisions can still differ
    between the groups through correlated features, so the ratios are reported with every
    model, whatever they are, each with its interval (`domain/fairness.py`: what counts as
    approved, the ratio, the interval, the four-fifths line). Differing bad rates show how
    much of a gap the data itself carries. No reviewer has decided anything at training, so
    an applicant in the review band counts as undecided, as a pending review does in the
    monitor. The rows are every labelled row scored by a model that did not see it: the
    training rows out of fold and the holdout: the holdout alone has too few applicants who
    are not foreign workers for a ratio.

    Args:
        policy: The decision policy.
        scored: Pairs of rows (with the protected attributes and the target) and their
            probabilities of default.

    Returns:
        Per attribute: per group its applicants, decided applicants, approvals, approval rate
        and bad rate; the ratio's entry of `domain.fairness.approval_ratio`.
    """
    rows = pd.concat([frame for frame, _ in scored], ignore_index=True)
    decisions = policy.decide_many(np.concatenate([p for _, p in scored]))
    approved, decided = decisions == APPROVE, np.isin(decisions, (APPROVE, REJECT))
    groupings = {
        "age": np.where(rows["age"].astype(float) < YOUNG_AGE_LIMIT, "under_25", "25_and_over"),
        "sex": np.where(rows["personal_status_sex"].isin(FEMALE_CODES), "female", "male"),
        "foreign_worker": np.where(rows["foreign_worker"] == "yes", "foreign", "not_foreign"),
    }
    defaulted = rows[TARGET].to_numpy().astype(int)
    slices = {}
    for attribute, groups in groupings.items():
        per_group = {}
        for group in sorted(set(groups)):
            members, settled = groups == group, (groups == group) & decided
            per_group[group] = {
                "applicants": int(members.sum()),
                "decided": int(settled.sum()),
                "approved": int((settled & approved).sum()),
                "approval_rate": float(approved[settled].mean()) if settled.any() else None,
                "bad_rate": float(defaulted[members].mean()),
            }
        counts = {group: (e["approved"], e["decided"]) for group, e in per_group.items()}
        slices[attribute] = {"groups": per_group, **approval_ratio(counts)}
    return slices
