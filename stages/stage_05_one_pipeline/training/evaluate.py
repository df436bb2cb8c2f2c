"""Model evaluation: cross-validation inside the pipeline, and the metrics of predictions.

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

from ..features.columns import INPUT_FEATURES

FOLDS = 5


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


def quality_metrics(defaulted: np.ndarray, probabilities: np.ndarray) -> dict:
    """AUC and Brier score of a set of predictions.

    Args:
        defaulted: The true outcomes (1 = defaulted).
        probabilities: The predicted probabilities of default.

    Returns:
        The metrics, as plain floats.
    """
    return {
        "auc": float(roc_auc_score(defaulted, probabilities)),
        "brier": float(brier_score_loss(defaulted, probabilities)),
    }
