"""Model tests: reason codes (never protected, consistent, plain words) and calibration."""

import numpy as np
import pytest

from credit_data.codebook import ATTRIBUTES, PROTECTED_ATTRIBUTES, TARGET
from credit_data.load import applicant_payload
from refactored.explanations.favourable import EXPLAINABLE_FEATURES, favourable_values
from refactored.explanations.reasons import MAX_REASONS, reasons_for
from refactored.explanations.words import describe
from refactored.features.frame import applicants_frame
from refactored.training.calibration import calibration_report
from tests.refactored.conftest import FakePipeline

REJECTIONS = 40


@pytest.fixture(scope="module")
def explained(champion, holdout):
    """The first rejected or reviewed holdout applicants, their probabilities and reasons."""
    applicants = [applicant_payload(row) for _, row in holdout.iterrows()]
    probabilities = champion.pipeline.predict_proba(applicants_frame(applicants))[:, 1]
    chosen = np.flatnonzero(probabilities >= 1 / 6 - 0.03)[:REJECTIONS]
    favourable = champion.card["explanations"]["favourable_values"]
    reasons = reasons_for(
        champion.pipeline, [applicants[i] for i in chosen], probabilities[chosen], favourable
    )
    return [applicants[i] for i in chosen], probabilities[chosen], reasons


def test_every_explained_applicant_gets_one_to_four_reasons(explained):
    _, _, reasons = explained

    assert all(1 <= len(entries) <= MAX_REASONS for entries in reasons)


def test_protected_attributes_are_never_reasons(explained):
    _, _, reasons = explained
    given = {entry["feature"] for entries in reasons for entry in entries}

    assert not given & set(PROTECTED_ATTRIBUTES)
    assert not set(EXPLAINABLE_FEATURES) & set(PROTECTED_ATTRIBUTES)


def test_moving_the_top_reason_to_its_favourable_value_lowers_the_probability(explained, champion):
    applicants, probabilities, reasons = explained
    favourable = champion.card["explanations"]["favourable_values"]
    moved = [
        {**applicant, entries[0]["feature"]: favourable[entries[0]["feature"]]}
        for applicant, entries in zip(applicants, reasons, strict=True)
    ]

    after = champion.pipeline.predict_proba(applicants_frame(moved))[:, 1]

    assert np.all(after < probabilities)
    pushes = np.array([entries[0]["push"] for entries in reasons])
    assert np.allclose(probabilities - after, pushes, atol=1e-4)


def test_reasons_are_ordered_by_their_push(explained):
    _, _, reasons = explained

    for entries in reasons:
        pushes = [entry["push"] for entry in entries]
        assert pushes == sorted(pushes, reverse=True) and min(pushes) > 0


def test_each_reason_names_its_feature_in_plain_words_and_no_earlier_attribute():
    descriptions = [(a.name, a.description.lower()) for a in ATTRIBUTES]
    for attribute in ATTRIBUTES:
        if attribute.name not in EXPLAINABLE_FEATURES:
            continue
        values = list(attribute.codes.values()) or [attribute.minimum]
        for value in values:
            text = describe(attribute.name, value).lower()
            named = [name for name, words in descriptions if words in text]
            assert named == [attribute.name], text
            assert "_" not in text.split(":")[1] or attribute.name == "purpose"


def test_favourable_values_have_the_lowest_bad_rate(dataset):
    training = dataset[dataset["split"] == "train"].astype({TARGET: int})

    values = favourable_values(training)

    rates = training.groupby("checking_account")[TARGET].mean()
    assert values["checking_account"] == rates.idxmin()
    assert values["duration_months"] <= training["duration_months"].median()


def test_an_approved_looking_applicant_has_no_reason_to_give(valid_payload):
    # A model whose answer does not depend on the inputs: no feature pushes toward default.
    (reasons,) = reasons_for(
        FakePipeline(0.4), [valid_payload], np.array([0.4]), {"housing": "own"}
    )

    assert reasons == []


def test_the_card_reports_brier_and_expected_calibration_error(champion):
    calibration = champion.card["metrics"]["calibration"]

    assert calibration["brier"] == pytest.approx(champion.card["metrics"]["holdout"]["brier"])
    assert 0 <= calibration["expected_calibration_error"] < 0.1
    assert sum(entry["applicants"] for entry in calibration["reliability"]) == 200


def test_calibration_of_perfectly_and_badly_calibrated_predictions():
    rng = np.random.default_rng(3)
    probabilities = rng.uniform(0, 1, 20_000)
    outcomes = (rng.uniform(0, 1, 20_000) < probabilities).astype(int)

    good = calibration_report(outcomes, probabilities)
    bad = calibration_report(outcomes, np.clip(probabilities + 0.2, 0, 1))

    assert good["expected_calibration_error"] < 0.02
    assert bad["expected_calibration_error"] > 0.15
    assert good["brier"] < bad["brier"]


def test_reasons_built_in_transformed_space_equal_reasons_scored_from_scratch(explained, champion):
    applicants, probabilities, from_scratch = explained
    favourable = champion.card["explanations"]["favourable_values"]
    transformed = champion.pipeline.named_steps["features"].transform(applicants_frame(applicants))

    fast = reasons_for(champion.pipeline, applicants, probabilities, favourable, transformed)

    assert fast == from_scratch
