"""The proxy audit: how well the scored fields predict each protected attribute.

Leaving the protected attributes out of the score (DEBT-16) does not keep the score from
depending on them when the fields it does score carry them: a field that predicts age can
stand in for age. Per attribute (age under 25, female, foreign worker), a logistic
regression on the scored fields (the served pipeline's features: scaled numbers, one-hot
categories, the purpose text) is cross-validated, seeded, and its AUC reported: 0.5 means the
scored fields say nothing about the attribute, 1.0 that they determine it.

What a high AUC means: the model could learn the attribute's effect through its proxies, so
the approval-rate ratios on the card and in the monitor are the check that matters; it is
no finding of discrimination by itself (the same fields carry legitimate risk). What a low
AUC means: a gap in approval rates between the groups cannot come through the scored fields'
knowledge of the attribute, only through risk the groups differ in.
"""

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline

from ..features.columns import INPUT_FEATURES
from ..features.pipeline import build_feature_transformer

FOLDS = 5
# Readings of the cross-validated AUC: from these, the attribute is readable from the fields.
MODERATE_PROXY, STRONG_PROXY = 0.6, 0.7
YOUNG_AGE_LIMIT = 25
FEMALE_CODES = ("female_married_divorced",)


def protected_targets(rows: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per protected attribute, 1 for the group the audit predicts."""
    return {
        "age_under_25": (rows["age"].astype(float) < YOUNG_AGE_LIMIT).to_numpy().astype(int),
        "female": rows["personal_status_sex"].isin(FEMALE_CODES).to_numpy().astype(int),
        "foreign_worker": (rows["foreign_worker"] == "yes").to_numpy().astype(int),
    }


def proxy_audit(rows: pd.DataFrame, seed: int) -> dict:
    """The cross-validated AUC of each protected attribute predicted from the scored fields.

    Args:
        rows: The labelled rows (training and holdout), with the protected attributes.
        seed: The seed of the fold assignment.

    Returns:
        Per attribute: the group's share of the rows, the AUC's mean and standard deviation
        over the folds, and its reading (`none`, `moderate` or `strong` proxy).
    """
    features = rows[list(INPUT_FEATURES)].reset_index(drop=True)
    audit = {}
    for attribute, target in protected_targets(rows).items():
        model = Pipeline(
            [
                ("features", build_feature_transformer()),
                ("classifier", LogisticRegression(C=1.0, max_iter=2000)),
            ]
        )
        folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
        aucs = cross_val_score(model, features, target, cv=folds, scoring="roc_auc")
        audit[attribute] = {
            "share": float(target.mean()),
            "cv_auc_mean": float(aucs.mean()),
            "cv_auc_std": float(aucs.std()),
            "reading": reading(float(aucs.mean())),
        }
    return audit


def reading(auc: float) -> str:
    """`strong`, `moderate` or `none`: how readable the attribute is from the scored fields."""
    if auc >= STRONG_PROXY:
        return "strong"
    return "moderate" if auc >= MODERATE_PROXY else "none"
