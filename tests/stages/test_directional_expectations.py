"""Directional expectations (Ribeiro et al. 2020, CheckList): a worse value never lowers the score.

For every holdout applicant and every ordered field of the code book
(`credit_data.codebook.ONE_STEP_WORSE`: credit history, checking balance, savings, employment),
the applicant with that field one step worse is scored through `POST /score` and compared with
the session's answer for the applicant as they are. Parametrised from the manifest over the
stages that repay DEBT-14 (a score that rewards a worse history cannot be explained honestly),
through the session's trained instance of each: no stage is trained again here.

The unit tests below pin the mechanism of each of those stages: the transformer's columns the
order constrains, and the constrained fit against scikit-learn's free one.
"""

import importlib

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from credit_data.codebook import ONE_STEP_WORSE, TARGET
from credit_data.load import load_dataset, training_rows
from stages.instrument.instance import StageInstance
from stages.instrument.manifest import load_manifest
from tests.support.scoring import ScoredRows, score_rows

MANIFEST = load_manifest()
ORDERED = [
    stage.package
    for stage in MANIFEST.stages
    if not MANIFEST.debt_expected_present(MANIFEST.debt("DEBT-14"), stage)
]
# The ONNX runtime computes in float32: equal log-odds may differ in the last bits.
TOLERANCE = 1e-6


def one_step_worse(rows: pd.DataFrame, field: str) -> tuple[np.ndarray, pd.DataFrame]:
    """Which rows have a worse value of `field`, and those rows with it one step worse."""
    steps = ONE_STEP_WORSE[field]
    on_scale = rows[field].isin(list(steps)).to_numpy()
    moved = rows[on_scale].copy()
    moved[field] = moved[field].map(steps)
    return on_scale, moved


@pytest.mark.parametrize("stage_instance", ORDERED, indirect=True)
def test_a_worse_value_of_an_ordered_field_never_lowers_p_default(
    stage_instance: StageInstance, holdout: pd.DataFrame, holdout_scores: ScoredRows
):
    client = stage_instance.create_app().test_client()
    moves, drops = 0, []
    for field in ONE_STEP_WORSE:
        on_scale, moved = one_step_worse(holdout, field)
        worse = score_rows(client, moved, opaque_ids=True).probabilities
        before = holdout_scores.probabilities[on_scale]
        moves += len(moved)
        for row, p_before, p_worse in zip(moved.itertuples(), before, worse, strict=True):
            if p_worse < p_before - TOLERANCE:
                drops.append((row.application_id, field, getattr(row, field), p_before, p_worse))

    assert moves > len(holdout)
    assert drops == [], (
        f"{len(drops)} of {moves} one-step-worse moves lower P(default): {drops[:5]}"
    )


def stage_module(package: str, name: str):
    """One module of a stage."""
    return importlib.import_module(f"{package}.{name}")


@pytest.fixture(scope="module")
def training() -> pd.DataFrame:
    """The training split."""
    return training_rows(load_dataset())


@pytest.mark.parametrize("package", ORDERED)
def test_the_order_pairs_name_the_columns_of_each_step(package: str, training: pd.DataFrame):
    pipeline = stage_module(package, "features.pipeline")
    for include_protected in (False, True):
        names = pipeline.build_feature_transformer(include_protected).fit(training)
        names = names.get_feature_names_out()
        pairs = {
            (names[better], names[worse])
            for better, worse in pipeline.order_pairs(include_protected)
        }

        assert pairs == {
            (f"categories__{field}_{better}", f"categories__{field}_{worse}")
            for field, steps in ONE_STEP_WORSE.items()
            for better, worse in steps.items()
        }


@pytest.mark.parametrize("package", ORDERED)
def test_the_ordered_fit_is_the_free_fit_where_the_data_keep_the_order(
    package: str, training: pd.DataFrame
):
    monotone = stage_module(package, "features.monotone")
    pipeline = stage_module(package, "features.pipeline")
    rows = pipeline.build_feature_transformer().fit_transform(training)
    labels = training[TARGET].to_numpy()
    free = LogisticRegression(C=0.1, max_iter=2000, tol=1e-10).fit(rows, labels)
    unordered = monotone.MonotoneLogisticRegression(C=0.1, max_iter=2000).fit(rows, labels)
    # The steps the free fit keeps already: ordering only them changes nothing.
    agreed = [
        pair
        for pair in pipeline.order_pairs(False)
        if free.coef_[0][pair[1]] > free.coef_[0][pair[0]]
    ]
    kept = monotone.MonotoneLogisticRegression(C=0.1, max_iter=2000, order_pairs=tuple(agreed))
    kept.fit(rows, labels)
    ordered = monotone.MonotoneLogisticRegression(
        C=0.1, max_iter=2000, order_pairs=pipeline.order_pairs(False)
    ).fit(rows, labels)

    assert np.abs(unordered.coef_ - free.coef_).max() < 1e-4
    assert np.abs(kept.coef_ - free.coef_).max() < 1e-4
    assert agreed and len(agreed) < len(pipeline.order_pairs(False))
    coefficients = ordered.coef_[0]
    assert all(coefficients[worse] >= coefficients[better] for better, worse in ordered.order_pairs)
    assert isinstance(ordered, LogisticRegression)
    assert np.allclose(
        ordered.predict_proba(rows)[:, 1],
        1 / (1 + np.exp(-(rows @ coefficients + ordered.intercept_[0]))),
    )
