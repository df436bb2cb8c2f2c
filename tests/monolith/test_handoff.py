"""The data scientists' notebook: seeded, so the same data gives the same model."""

import pandas as pd

from stages.instrument.instance import StageInstance
from tests.monolith.conftest import read_note, read_notebook_predictions, run_notebook


def test_same_data_and_seed_give_the_same_holdout_predictions(monolith: StageInstance, tmp_path):
    run_notebook(monolith.data_path, tmp_path)

    pd.testing.assert_frame_equal(
        read_notebook_predictions(tmp_path), read_notebook_predictions(monolith.model_dir)
    )
    assert read_note(tmp_path)["column_order"] == read_note(monolith.model_dir)["column_order"]


def test_note_carries_column_order_scaling_constants_and_test_auc(monolith: StageInstance):
    note = read_note(monolith.model_dir)

    assert len(note["column_order"]) == 30
    assert set(note["numeric_scaling"]) >= {"duration_months", "credit_amount", "age"}
    assert 0.5 < note["test_auc"] <= 1.0


def test_purpose_classifier_is_good_but_not_perfect(monolith: StageInstance):
    assert 0.85 <= read_note(monolith.model_dir)["purpose_test_accuracy"] <= 0.95
