"""Measure how far the drift streams' simulated applicants are from the training rows.

`python -m benchmarks.simulated_population` prints, as JSON:

- the population (`stages/instrument/drift/population.py`): how many applicants it holds,
  none a row of the data file; the largest difference between an attribute's share in it
  and in the training rows (a numeric field's mean, relatively); the correlation of duration
  and amount, there and in the training rows;
- the served model (a fresh instance of the last stage) against the world (`world.py`): the
  correlation of their probabilities of default on the training rows, the holdout and the
  population;
- how in-sample the population is, on half the training rows: a one-hot logistic regression
  and the world both refitted on a seeded half, their correlation on that half (in-sample),
  on the other half (out of sample) and on applicants recombined from the first half; the
  share of the in-sample excess the recombined applicants keep (0: out of sample).
"""

import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from credit_data.codebook import ATTRIBUTES, TARGET
from credit_data.load import holdout_rows, load_dataset, training_rows
from refactored.config import load_settings
from refactored.features.columns import INPUT_FEATURES
from refactored.registry.opening import open_registry
from stages.instrument.drift.population import applicant_keys, population, recombined
from stages.instrument.drift.world import world_features, world_model, world_probability
from stages.instrument.instance import new_instance

HALVES = 6


def largest_share_difference(rows: pd.DataFrame, training: pd.DataFrame) -> dict:
    """Per attribute, the largest share difference (a number's relative mean difference)."""
    differences = {}
    for attribute in ATTRIBUTES:
        name = attribute.name
        if attribute.is_categorical:
            shares = training[name].value_counts(normalize=True)
            moved = rows[name].value_counts(normalize=True).reindex(shares.index).fillna(0)
            differences[name] = float((moved - shares).abs().max())
        else:
            differences[name] = float(abs(rows[name].mean() / training[name].mean() - 1))
    name = max(differences, key=differences.get)
    return {"attribute": name, "difference": round(differences[name], 4)}


def served_against_world(rows: dict[str, pd.DataFrame]) -> dict:
    """The correlation of the served champion's and the world's probabilities, per set."""
    with tempfile.TemporaryDirectory() as temporary:
        instance = new_instance("refactored", Path(temporary) / "trained")
        instance.create_app()
        registry = open_registry(load_settings(instance.settings))
        model = registry.load(registry.version_of("champion"))
        return {
            name: round(
                float(
                    np.corrcoef(
                        model.pipeline.predict_proba(frame[list(INPUT_FEATURES)])[:, 1],
                        world_probability(frame),
                    )[0, 1]
                ),
                3,
            )
            for name, frame in rows.items()
        }


def in_sample_share(training: pd.DataFrame) -> dict:
    """Refit on seeded halves: how much of the in-sample excess recombined applicants keep."""
    categorical = [a.name for a in ATTRIBUTES if a.is_categorical]
    numeric = [a.name for a in ATTRIBUTES if not a.is_categorical]
    figures = []
    for seed in range(HALVES):
        rng = np.random.default_rng(seed)
        order = rng.permutation(len(training))
        half = training.iloc[order[: len(order) // 2]].reset_index(drop=True)
        other = training.iloc[order[len(order) // 2 :]].reset_index(drop=True)
        columns = ColumnTransformer(
            [
                ("codes", OneHotEncoder(handle_unknown="ignore"), categorical),
                ("numbers", StandardScaler(), numeric),
            ]
        )
        served = make_pipeline(columns, LogisticRegression(max_iter=2000)).fit(half, half[TARGET])
        world = clone(world_model()).fit(world_features(half), half[TARGET])
        figures.append(
            [
                np.corrcoef(
                    served.decision_function(rows), world.decision_function(world_features(rows))
                )[0, 1]
                for rows in (half, other, recombined(half, 5000, rng))
            ]
        )
    inside, outside, made = np.mean(figures, axis=0)
    return {
        "halves": HALVES,
        "correlation_in_sample": round(float(inside), 3),
        "correlation_out_of_sample": round(float(outside), 3),
        "correlation_recombined": round(float(made), 3),
        "in_sample_excess_kept": round(float((made - outside) / (inside - outside)), 2),
    }


def main() -> None:
    """Measure and print the figures."""
    data = load_dataset()
    training, applicants = training_rows(data), population()
    figures = {
        "population": {
            "applicants": len(applicants),
            "rows_of_the_data_file": int(
                applicant_keys(applicants).isin(applicant_keys(data)).sum()
            ),
            "largest_share_difference": largest_share_difference(applicants, training),
            "duration_amount_correlation": {
                name: round(float(rows["duration_months"].corr(rows["credit_amount"])), 3)
                for name, rows in (("training", training), ("population", applicants))
            },
        },
        "served_against_world": served_against_world(
            {"training": training, "holdout": holdout_rows(data), "population": applicants}
        ),
        "in_sample": in_sample_share(training),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
