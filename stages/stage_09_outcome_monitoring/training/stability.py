"""How far the card's holdout figures and decisions can be trusted: intervals and churn.

A validator reads two things beside the holdout's point figures:

- **Intervals.** 200 holdout applicants are few: the 95 % bootstrap interval of the AUC, the
  Brier score and the expected cost per applicant (`BOOTSTRAP_RESAMPLES` seeded resamples of
  the holdout rows, the model and the cut-off fixed) says how much of a difference between
  two models' figures is noise.
- **Decision churn.** The chosen pipeline, refitted on `REFITS` bootstrap resamples of its
  own training rows, decides the holdout again; the share of holdout applicants whose
  decision differs from the registered model's is what the training sample alone decides.
  A retrained model that changes no more decisions than a refit of the same model would is
  not a different policy.
"""

import numpy as np
import pandas as pd
from sklearn.base import clone

from credit_data.codebook import TARGET

from ..domain.policy import DecisionPolicy
from ..features.columns import INPUT_FEATURES
from .evaluate import quality_metrics

BOOTSTRAP_RESAMPLES = 1000
REFITS = 10
INTERVAL = (2.5, 97.5)


def holdout_stability(
    pipeline, training: pd.DataFrame, holdout: pd.DataFrame, policy: DecisionPolicy, costs, seed
) -> dict:
    """The holdout figures' intervals and the decision churn of refits, for the card.

    Args:
        pipeline: The fitted pipeline (refitted as clones; it is not changed).
        training: The rows it was trained on, with the target.
        holdout: The holdout rows, with the target.
        policy: The decision policy (its cut-off decides the cost and the decisions).
        costs: `cost_false_approval` and `cost_false_rejection`.
        seed: The seed of the resamples.

    Returns:
        `intervals` (`holdout_intervals`) and `decision_churn` (`decision_churn`).
    """
    features = holdout[list(INPUT_FEATURES)]
    probabilities = pipeline.predict_proba(features)[:, 1]
    return {
        "intervals": holdout_intervals(
            holdout[TARGET].to_numpy(), probabilities, policy, costs, seed
        ),
        "decision_churn": decision_churn(pipeline, training, features, probabilities, policy, seed),
    }


def holdout_intervals(
    defaulted: np.ndarray, probabilities: np.ndarray, policy: DecisionPolicy, costs, seed: int
) -> dict:
    """The 95 % bootstrap intervals of the holdout's AUC, Brier score and expected cost.

    Returns:
        Per figure, `[low, high]`, and the resamples used (one with a single outcome is
        skipped: it has no AUC).
    """
    rng = np.random.default_rng(seed)
    figures: dict[str, list[float]] = {"auc": [], "brier": [], "expected_cost": []}
    for _ in range(BOOTSTRAP_RESAMPLES):
        index = rng.integers(len(defaulted), size=len(defaulted))
        if defaulted[index].min() == defaulted[index].max():
            continue
        resampled = quality_metrics(defaulted[index], probabilities[index], policy, costs)
        for name, values in figures.items():
            values.append(resampled[name])
    intervals = {name: np.percentile(values, INTERVAL).tolist() for name, values in figures.items()}
    return {**intervals, "resamples": len(figures["auc"])}


def decision_churn(
    pipeline,
    training: pd.DataFrame,
    features: pd.DataFrame,
    probabilities: np.ndarray,
    policy: DecisionPolicy,
    seed: int,
) -> dict:
    """The share of holdout decisions that change when the model is refitted on a resample.

    Returns:
        `refits`, the share each refit changed, their mean and the largest.
    """
    rng = np.random.default_rng([seed, REFITS])
    decided = policy.decide_many(probabilities)
    shares = []
    for _ in range(REFITS):
        sample = training.iloc[rng.integers(len(training), size=len(training))]
        refit = clone(pipeline).fit(sample[list(INPUT_FEATURES)], sample[TARGET].to_numpy())
        changed = policy.decide_many(refit.predict_proba(features)[:, 1]) != decided
        shares.append(float(changed.mean()))
    return {
        "refits": REFITS,
        "shares": shares,
        "mean": float(np.mean(shares)),
        "largest": max(shares),
    }
