"""The "world": a known model of how applicants default, fitted once on the training rows.

Drift scenarios draw outcomes from it, so the truth of every simulated applicant is known:
its probability of default, not only the coin that was tossed. It is fitted on the fixed
training split only, and streams draw their applicants from a population disjoint from every
row of the data file (`population.py`): the 200 holdout applicants and their labels never
enter a simulation, and no simulated applicant is one the world or a stage's model learnt.

**Outside the served model's family.** The world is gradient-boosted trees
(`HistGradientBoostingClassifier`, four leaves a tree), not a logistic regression: it holds
interactions and thresholds a served one-hot regression cannot represent, so a stage's model
can be wrong about the world in ways it cannot see, as a lender's model is about its market.

**The code book's order of risk.** Where a field has a natural order (`WORLD_RANKS`: checking
balance, credit history, savings, employment length), a worse value never lowers the world's
probability of default (a monotone constraint on the field's rank). The committed sample says
otherwise for credit history (applicants with a critical history default less often in it, a
trace of who was granted credit before); a world that rewarded a worse history would make the
sample's selection the truth. The three best histories share one rank, and "no checking
account" and "unknown savings" are outside their field's order, each with a flag of its own.
"""

from functools import cache

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

from credit_data.codebook import ATTRIBUTES, TARGET
from credit_data.load import load_dataset, training_rows

NUMERIC = [attribute.name for attribute in ATTRIBUTES if not attribute.is_categorical]
CATEGORICAL = [attribute.name for attribute in ATTRIBUTES if attribute.is_categorical]
# Rank 0 is the least risky; codes outside a field's order take rank 0 and a flag.
WORLD_RANKS: dict[str, dict[str, int]] = {
    "checking_account": {"ge_200": 0, "0_to_200": 1, "lt_0": 2, "none": 0},
    "credit_history": {
        "no_credits": 0,
        "all_paid_here": 0,
        "existing_paid": 0,
        "delayed": 1,
        "critical": 2,
    },
    "savings": {"ge_1000": 0, "500_to_1000": 1, "100_to_500": 2, "lt_100": 3, "unknown": 0},
    "employment_since": {"ge_7": 0, "4_to_7": 1, "1_to_4": 2, "lt_1": 3, "unemployed": 4},
}
OUTSIDE_ORDER = {
    "no_checking_account": ("checking_account", "none"),
    "unknown_savings": ("savings", "unknown"),
}
NOMINAL = [name for name in CATEGORICAL if name not in WORLD_RANKS]
WORLD_COLUMNS = NUMERIC + list(WORLD_RANKS) + list(OUTSIDE_ORDER) + NOMINAL


def world_features(rows: pd.DataFrame) -> pd.DataFrame:
    """The world's view of applicants: numbers, ranks, flags and nominal categories."""
    features = pd.DataFrame(index=rows.index)
    for name in NUMERIC:
        features[name] = rows[name].astype(float)
    for name, ranks in WORLD_RANKS.items():
        features[name] = rows[name].map(ranks).astype(float)
    for flag, (name, code) in OUTSIDE_ORDER.items():
        features[flag] = (rows[name] == code).astype(float)
    for name in NOMINAL:
        codes = list(next(a for a in ATTRIBUTES if a.name == name).codes.values())
        features[name] = pd.Categorical(rows[name], categories=codes)
    return features[WORLD_COLUMNS]


@cache
def world_model() -> HistGradientBoostingClassifier:
    """Gradient-boosted trees of default on the 20 attributes, fitted on the 800 training rows.

    The settings (150 trees of four leaves, learning rate 0.05, 30 applicants a leaf) had the
    lowest five-fold cross-validated log loss on the training rows of five settings tried.
    """
    data = training_rows(load_dataset())
    increasing = [1 if name in WORLD_RANKS else 0 for name in WORLD_COLUMNS]
    model = HistGradientBoostingClassifier(
        learning_rate=0.05,
        max_iter=150,
        max_leaf_nodes=4,
        min_samples_leaf=30,
        monotonic_cst=increasing,
        categorical_features="from_dtype",
        early_stopping=False,
        random_state=0,
    )
    return model.fit(world_features(data), data[TARGET])


def world_logit(rows: pd.DataFrame) -> np.ndarray:
    """The world's log-odds of default for each row."""
    return world_model().decision_function(world_features(rows))


def world_probability(rows: pd.DataFrame) -> np.ndarray:
    """The world's probability of default for each row."""
    return 1.0 / (1.0 + np.exp(-world_logit(rows)))
