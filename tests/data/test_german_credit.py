"""The committed data set: its size, schema, split, and that it regenerates byte for byte."""

import io

import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from credit_data.build import build_dataset
from credit_data.codebook import APPLICANT_FIELDS, ATTRIBUTES, COLUMNS
from credit_data.load import holdout_rows, training_rows
from credit_data.paths import DATASET_PATH, RAW_PATH


def test_has_1000_applicants_with_unique_ids(dataset: pd.DataFrame):
    assert len(dataset) == 1000
    assert dataset["application_id"].is_unique


def test_bad_rate_is_30_percent(dataset: pd.DataFrame):
    assert dataset["defaulted"].sum() == 300
    assert set(dataset["defaulted"]) == {0, 1}


def test_columns_are_in_the_documented_order(dataset: pd.DataFrame):
    assert tuple(dataset.columns) == COLUMNS


def test_applicant_fields_are_twenty_with_text_in_place_of_purpose():
    assert len(APPLICANT_FIELDS) == 20
    assert "purpose_text" in APPLICANT_FIELDS and "purpose" not in APPLICANT_FIELDS


@pytest.mark.parametrize("attribute", ATTRIBUTES, ids=lambda attribute: attribute.name)
def test_every_value_is_a_documented_code_or_in_range(dataset: pd.DataFrame, attribute):
    values = dataset[attribute.name]
    if attribute.is_categorical:
        assert set(values) <= set(attribute.codes.values())
    else:
        assert values.min() == attribute.minimum and values.max() == attribute.maximum


def test_split_is_800_train_200_holdout_with_the_same_bad_rate(dataset: pd.DataFrame):
    train, holdout = training_rows(dataset), holdout_rows(dataset)

    assert (len(train), len(holdout)) == (800, 200)
    assert train["defaulted"].mean() == pytest.approx(0.3)
    assert holdout["defaulted"].mean() == pytest.approx(0.3)


def test_regenerating_reproduces_the_committed_file_byte_for_byte():
    rebuilt = io.StringIO()
    build_dataset(pd.read_csv(RAW_PATH)).to_csv(rebuilt, index=False, lineterminator="\n")

    assert rebuilt.getvalue().encode() == DATASET_PATH.read_bytes()


def test_purpose_text_is_learnable_but_not_perfectly(dataset: pd.DataFrame):
    train, holdout = training_rows(dataset), holdout_rows(dataset)
    classifier = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=2000))
    classifier.fit(train["purpose_text"], train["purpose"])

    accuracy = (classifier.predict(holdout["purpose_text"]) == holdout["purpose"]).mean()

    assert 0.85 <= accuracy <= 0.95
