"""Model tests: reasons (the model's, complete, never protected, in plain words), calibration."""

import numpy as np
import pytest

from credit_data.codebook import APPLICANT_FIELDS, ATTRIBUTES, PROTECTED_ATTRIBUTES, PURPOSE_TEXT
from credit_data.load import applicant_payload
from refactored.config import load_settings
from refactored.explanations import pushes as pushes_module
from refactored.explanations.directions import agrees_with_direction
from refactored.explanations.pushes import pushes_of
from refactored.explanations.reasons import MAX_REASONS, MIN_PUSH, reasons_for
from refactored.explanations.typical import EXPLAINABLE_FEATURES, typical_values
from refactored.explanations.words import describe
from refactored.features.frame import applicants_frame
from refactored.training.calibration import calibration_report, slope_and_intercept
from tests.refactored.conftest import FakePipeline
from tests.support.pushes import exact_pushes

# Every field the model scores, read from the code book, not from the service's code.
SCORED_FIELDS = [name for name in APPLICANT_FIELDS if name not in PROTECTED_ATTRIBUTES]


@pytest.fixture(scope="module")
def explained(champion, holdout):
    """Every rejected or reviewed holdout applicant, their probabilities and reasons."""
    applicants = [applicant_payload(row) for _, row in holdout.iterrows()]
    probabilities = champion.pipeline.predict_proba(applicants_frame(applicants))[:, 1]
    decisions = load_settings({}, environ={}).policy.decide_many(probabilities)
    chosen = np.flatnonzero(decisions != "approve")
    typical = champion.card["explanations"]["typical_values"]
    reasons = reasons_for(
        champion.pipeline, [applicants[i] for i in chosen], probabilities[chosen], typical
    )
    return [applicants[i] for i in chosen], probabilities[chosen], reasons


@pytest.fixture(scope="module")
def measured(explained, champion, dataset) -> np.ndarray:
    """The explained applicants' pushes of every scored field, from every training value."""
    applicants, _, _ = explained
    training = dataset[dataset["split"] == "train"]
    return exact_pushes(champion.pipeline, applicants, training, SCORED_FIELDS)


def test_every_rejected_or_reviewed_applicant_gets_one_to_four_reasons(explained):
    applicants, _, reasons = explained

    assert len(applicants) > 100
    assert all(1 <= len(entries) <= MAX_REASONS for entries in reasons)


def test_protected_attributes_are_never_reasons(explained):
    _, _, reasons = explained
    given = {entry["feature"] for entries in reasons for entry in entries}

    assert not given & set(PROTECTED_ATTRIBUTES)
    assert not set(EXPLAINABLE_FEATURES) & set(PROTECTED_ATTRIBUTES)


def test_no_reason_cites_a_value_no_worse_than_the_typical_training_values(
    explained, champion, dataset
):
    # The typical values are taken here from every training row (not the card's deciles), and
    # every moved applicant is scored from scratch by the served pipeline.
    training = dataset[dataset["split"] == "train"]
    applicants, probabilities, reasons = explained
    for applicant, probability, entries in zip(applicants, probabilities, reasons, strict=True):
        for entry in entries:
            shares = training[entry["feature"]].value_counts(normalize=True)
            moved = [{**applicant, entry["feature"]: value} for value in shares.index]
            scores = champion.pipeline.predict_proba(applicants_frame(moved))[:, 1]
            typical = float(np.dot(shares.to_numpy(), scores))

            assert probability - typical > MIN_PUSH / 2, (entry, probability, typical)


def test_the_largest_push_is_always_a_reason_and_no_reason_would_fall_with_typical_values(
    explained, measured
):
    # Measured apart from the service's code: every training value of every field, the purpose
    # text included, each moved applicant scored from scratch.
    applicants, _, reasons = explained
    for applicant, row, entries in zip(applicants, measured, reasons, strict=True):
        cited = [SCORED_FIELDS.index(entry["feature"]) for entry in entries]
        largest = int(row.argmax())

        assert largest in cited, (applicant["application_id"], SCORED_FIELDS[largest])
        assert all(row[column] > 0 for column in cited), entries


def test_every_push_among_the_four_largest_and_clearly_above_the_floor_is_a_reason(
    explained, measured
):
    # The summarised typical values (the amounts' deciles) move a push by less than this.
    margin = 0.005
    applicants, _, reasons = explained
    left_out = []
    for applicant, row, entries in zip(applicants, measured, reasons, strict=True):
        cited = {entry["feature"] for entry in entries}
        for column in np.argsort(-row)[:MAX_REASONS]:
            if row[column] >= MIN_PUSH + margin and SCORED_FIELDS[column] not in cited:
                left_out.append((applicant["application_id"], SCORED_FIELDS[column], row[column]))

    assert left_out == []


def test_the_purpose_text_is_a_reason_in_the_applicants_own_words(explained, measured):
    applicants, _, reasons = explained
    text_column = SCORED_FIELDS.index(PURPOSE_TEXT)
    among_the_largest = [
        index
        for index, row in enumerate(measured)
        if text_column in np.argsort(-row)[:MAX_REASONS] and row[text_column] >= MIN_PUSH + 0.005
    ]

    assert len(among_the_largest) >= 3
    for index in among_the_largest:
        (entry,) = [e for e in reasons[index] if e["feature"] == PURPOSE_TEXT]
        words = applicants[index][PURPOSE_TEXT]
        assert entry["text"] == f'Purpose of the credit, as worded in the application: "{words}"'


def test_no_reason_but_the_largest_is_under_the_floor(explained):
    _, _, reasons = explained

    for entries in reasons:
        pushes = [entry["push"] for entry in entries]
        assert pushes == sorted(pushes, reverse=True) and min(pushes[1:], default=1) >= MIN_PUSH
        assert pushes[0] > 0


def test_the_model_holds_no_credit_history_against_anyone(explained, champion):
    # The selection artefact: "critical" histories have the lowest bad rate in the data. Kept
    # in the code book's order, the five histories share one coefficient, so against the
    # typical history no applicant's history, clean or not, pushes P(default) either way.
    applicants, probabilities, _ = explained
    typical = champion.card["explanations"]["typical_values"]
    pushes = pushes_of(champion.pipeline, applicants, probabilities, typical)
    history = pushes[:, list(typical).index("credit_history")]

    assert len(applicants) > 100
    assert np.abs(history).max() < 1e-9


def test_no_reason_on_the_holdout_contradicts_credit_practice(explained, champion):
    # Not because a table vetoes them: the ordered score holds no such value against anyone.
    applicants, _, reasons = explained
    typical = champion.card["explanations"]["typical_values"]
    cited = [
        (entry["feature"], applicant[entry["feature"]])
        for applicant, entries in zip(applicants, reasons, strict=True)
        for entry in entries
    ]

    assert all(agrees_with_direction(name, value, typical[name]) for name, value in cited)
    assert ("credit_history", "existing_paid") not in cited
    assert not {("checking_account", "none"), ("checking_account", "ge_200")} & set(cited)


class NoAccountIsRisky:
    """A model that holds having no checking account against an applicant (0.6 against 0.2)."""

    def predict_proba(self, frame):
        """P(default) 0.6 without a checking account, else 0.2."""
        risky = (frame["checking_account"] == "none").to_numpy(dtype=float)
        probabilities = 0.2 + 0.4 * risky
        return np.column_stack([1 - probabilities, probabilities])


def test_a_value_the_model_holds_against_the_applicant_is_given_whatever_credit_practice_says(
    valid_payload,
):
    # Credit practice would not hold "no checking account" against anyone; this model does, and
    # Regulation B (comment 9(b)(2)-4) lets no principal reason be left out for that.
    applicant = {**valid_payload, "checking_account": "none"}
    typical = {"checking_account": {"values": ["lt_0", "none"], "weights": [0.5, 0.5]}}

    (reasons,) = reasons_for(NoAccountIsRisky(), [applicant], np.array([0.6]), typical)

    assert not agrees_with_direction("checking_account", "none", typical["checking_account"])
    assert [(entry["feature"], entry["push"]) for entry in reasons] == [("checking_account", 0.2)]


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


def test_typical_values_are_weighted_by_their_training_frequency(dataset):
    training = dataset[dataset["split"] == "train"]

    typical = typical_values(training)

    shares = training["checking_account"].value_counts(normalize=True).sort_index()
    assert typical["checking_account"]["values"] == shares.index.tolist()
    assert typical["checking_account"]["weights"] == pytest.approx(shares.tolist())
    assert typical["installment_rate"]["values"] == [1, 2, 3, 4]
    texts = training[PURPOSE_TEXT].value_counts(normalize=True).sort_index()
    assert typical[PURPOSE_TEXT]["weights"] == pytest.approx(texts.tolist())
    assert all(sum(entry["weights"]) == pytest.approx(1.0) for entry in typical.values())
    assert set(typical) == set(EXPLAINABLE_FEATURES)


def test_a_model_that_ignores_the_inputs_has_no_reason_to_give(valid_payload):
    typical = {"housing": {"values": ["own", "rent"], "weights": [0.5, 0.5]}}

    (reasons,) = reasons_for(FakePipeline(0.4), [valid_payload], np.array([0.4]), typical)

    assert reasons == []


def test_reasons_built_in_transformed_space_equal_reasons_scored_from_scratch(explained, champion):
    applicants, probabilities, from_scratch = explained
    typical = champion.card["explanations"]["typical_values"]
    transformed = champion.pipeline.named_steps["features"].transform(applicants_frame(applicants))

    fast = reasons_for(champion.pipeline, applicants, probabilities, typical, transformed)

    assert fast == from_scratch


def test_a_large_batch_is_explained_in_chunks_with_the_same_reasons(
    explained, champion, monkeypatch
):
    applicants, probabilities, whole = explained
    typical = champion.card["explanations"]["typical_values"]
    transformed = champion.pipeline.named_steps["features"].transform(applicants_frame(applicants))
    monkeypatch.setattr(pushes_module, "MOVED_ROWS_PER_CALL", 500)

    chunked = reasons_for(champion.pipeline, applicants, probabilities, typical, transformed)

    assert chunked == whole


def test_the_card_reports_brier_calibration_error_slope_and_intercept(champion):
    calibration = champion.card["metrics"]["calibration"]

    assert calibration["brier"] == pytest.approx(champion.card["metrics"]["holdout"]["brier"])
    assert 0 <= calibration["expected_calibration_error"] < 0.1
    assert 0.5 < calibration["slope"] < 2
    assert sum(entry["applicants"] for entry in calibration["reliability"]) == 200


def test_calibration_of_perfectly_and_badly_calibrated_predictions():
    rng = np.random.default_rng(3)
    probabilities = rng.uniform(0.01, 0.99, 20_000)
    outcomes = (rng.uniform(0, 1, 20_000) < probabilities).astype(int)
    logits = np.log(probabilities / (1 - probabilities))
    overconfident = 1 / (1 + np.exp(-2 * logits))

    good = calibration_report(outcomes, probabilities)
    shifted = calibration_report(outcomes, np.clip(probabilities + 0.2, 0, 1))

    assert good["expected_calibration_error"] < 0.02
    assert shifted["expected_calibration_error"] > 0.15
    assert good["brier"] < shifted["brier"]
    assert good["slope"] == pytest.approx(1, abs=0.05)
    assert good["intercept"] == pytest.approx(0, abs=0.05)
    assert slope_and_intercept(outcomes, overconfident)["slope"] == pytest.approx(0.5, abs=0.05)
