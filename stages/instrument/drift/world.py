"""The "world": a known model of how applicants default, fitted once on the training rows.

Drift scenarios draw outcomes from it, so the truth of every simulated applicant is known:
its probability of default, not only the coin that was tossed. It is fitted on the fixed
training split only and streams draw training applicants only: the 200 holdout applicants and
their labels never enter a simulation, so a model judged on the holdout was never judged on
rows the simulation learnt from.
"""

from functools import cache

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from credit_data.codebook import ATTRIBUTES, TARGET
from credit_data.load import load_dataset, training_rows

NUMERIC = [attribute.name for attribute in ATTRIBUTES if not attribute.is_categorical]
CATEGORICAL = [attribute.name for attribute in ATTRIBUTES if attribute.is_categorical]


@cache
def world_model() -> Pipeline:
    """A logistic regression of default on the 20 attributes, fitted on the 800 training rows."""
    data = training_rows(load_dataset())
    features = ColumnTransformer(
        [
            ("numeric", StandardScaler(), NUMERIC),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
        ]
    )
    return make_pipeline(features, LogisticRegression(max_iter=2000)).fit(data, data[TARGET])


def world_logit(rows: pd.DataFrame) -> np.ndarray:
    """The world's log-odds of default for each row."""
    return world_model().decision_function(rows[NUMERIC + CATEGORICAL])


def world_probability(rows: pd.DataFrame) -> np.ndarray:
    """The world's probability of default for each row."""
    return 1.0 / (1.0 + np.exp(-world_logit(rows)))
