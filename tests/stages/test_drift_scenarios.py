"""The drift scenarios: seeded, new applicants (no row of the data file), opaque ids, known shifts.

And selective labels: a lender learns the outcomes of the applicants it approved only.
"""

import itertools

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from credit_data.codebook import ONE_STEP_WORSE, TARGET
from credit_data.load import holdout_rows, training_rows
from stages.instrument.drift.population import applicant_keys, population
from stages.instrument.drift.scenarios import (
    CONCEPT,
    NONE,
    SCENARIOS,
    TUNING_SCENARIOS,
    scenario,
)
from stages.instrument.drift.stream import Batch, SelectiveLabels, stream
from stages.instrument.drift.world import world_features, world_model, world_probability


@pytest.fixture(scope="module")
def streams() -> dict[str, list[Batch]]:
    """Every judging scenario's stream, generated once."""
    return {candidate.name: stream(candidate) for candidate in SCENARIOS}


def shifted_and_reference(batches: list[Batch]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All applicants of the shifted batches, and of the reference batches."""
    shifted = pd.concat([b.applicants for b in batches if b.shifted])
    reference = pd.concat([b.applicants for b in batches if not b.shifted])
    return shifted, reference


def test_every_shift_type_documents_parameters_and_budget():
    assert {candidate.shift for candidate in SCENARIOS} == {"none", "prior", "covariate", CONCEPT}
    for candidate in SCENARIOS + TUNING_SCENARIOS:
        assert candidate.description
        assert candidate.batch_size >= 500
        assert (candidate.detection_budget is None) == (candidate.shift == NONE)
        assert bool(candidate.parameters) == (candidate.shift != NONE)
        if candidate.detection_budget:
            assert candidate.deadline < candidate.batches


def test_outcome_shifts_count_only_from_the_batch_after_their_first_shifted_outcomes():
    for name in ("covariate", "covariate_telephone"):
        assert scenario(name).earliest_fair_alert == scenario(name).reference_batches
    for name in ("prior", "concept", "concept_long_loans"):
        assert scenario(name).earliest_fair_alert == scenario(name).reference_batches + 1


def test_tuning_scenarios_share_no_seed_and_no_shape_with_the_judging_ones():
    judging = {(s.shift, repr(s.parameters)) for s in SCENARIOS if s.shift != NONE}
    tuning = {(s.shift, repr(s.parameters)) for s in TUNING_SCENARIOS if s.shift != NONE}
    assert not judging & tuning
    assert not {s.seed for s in SCENARIOS} & {s.seed for s in TUNING_SCENARIOS}


def test_the_same_scenario_gives_the_same_stream(streams):
    again = stream(scenario("covariate"))

    for first, second in zip(streams["covariate"], again, strict=True):
        pd.testing.assert_frame_equal(first.applicants, second.applicants)


def test_outcomes_arrive_one_batch_late(streams):
    for batches in streams.values():
        assert batches[0].outcomes.empty
        for previous, batch in itertools.pairwise(batches):
            expected = previous.applicants[["application_id", "defaulted"]]
            pd.testing.assert_frame_equal(batch.outcomes, expected)


def test_applicants_are_no_row_of_the_data_file_and_have_opaque_ids_that_name_no_scenario(
    streams, dataset
):
    training = training_rows(dataset)
    in_file = set(applicant_keys(dataset))
    told = set(zip(training["purpose"], training["purpose_text"], strict=True))
    for name, batches in streams.items():
        applicants = pd.concat([batch.applicants for batch in batches])
        assert not applicant_keys(applicants).isin(in_file).any(), name
        assert set(zip(applicants["purpose"], applicants["purpose_text"], strict=True)) <= told
        assert not set(applicants["application_id"]) & set(dataset["application_id"])
        assert applicants["application_id"].str.fullmatch(r"[0-9a-f]{16}").all()
        assert not applicants["application_id"].str.contains(name).any()
        assert applicants["application_id"].is_unique


def test_the_population_keeps_the_training_rows_shares_and_their_dependencies(dataset):
    training, applicants = training_rows(dataset), population()
    for name in ("checking_account", "savings", "housing", "telephone", "foreign_worker"):
        shares = training[name].value_counts(normalize=True)
        moved = applicants[name].value_counts(normalize=True).reindex(shares.index)
        assert (moved - shares).abs().max() < 0.015, name
    assert applicants["credit_amount"].mean() == pytest.approx(
        training["credit_amount"].mean(), rel=0.02
    )
    correlation = applicants["duration_months"].corr(applicants["credit_amount"])
    assert correlation == pytest.approx(
        training["duration_months"].corr(training["credit_amount"]), abs=0.03
    )


def test_the_world_is_fitted_on_the_training_rows_only(dataset):
    training = training_rows(dataset)
    refitted = clone(world_model()).fit(world_features(training), training[TARGET])
    on_every_row = clone(world_model()).fit(world_features(dataset), dataset[TARGET])

    everyone = world_features(dataset)
    served = world_model().predict_proba(everyone)[:, 1]
    assert np.allclose(served, refitted.predict_proba(everyone)[:, 1])
    assert not np.allclose(served, on_every_row.predict_proba(everyone)[:, 1], atol=0.01)


def test_the_world_never_lowers_the_risk_of_a_worse_value_of_an_ordered_field(dataset):
    applicants = holdout_rows(dataset)
    before = world_probability(applicants)
    for field, worse in ONE_STEP_WORSE.items():
        movable = applicants[field].isin(list(worse))
        moved = applicants.assign(**{field: applicants[field].replace(worse)})
        after = world_probability(moved)
        assert movable.any()
        assert (after[movable.to_numpy()] >= before[movable.to_numpy()] - 1e-12).all(), field


def test_baseline_keeps_the_bad_rate_near_thirty_percent(streams):
    rates = [batch.applicants["defaulted"].mean() for batch in streams["baseline"]]

    assert all(0.25 < rate < 0.36 for rate in rates)


def test_prior_shift_raises_the_bad_rate_from_thirty_to_fifty_percent(streams):
    shifted, reference = shifted_and_reference(streams["prior"])

    assert shifted["defaulted"].mean() == pytest.approx(0.5, abs=0.005)
    assert reference["defaulted"].mean() == pytest.approx(0.3, abs=0.04)


def test_covariate_shift_brings_larger_longer_loans_and_younger_applicants(streams):
    shifted, reference = shifted_and_reference(streams["covariate"])

    assert shifted["credit_amount"].median() > 1.3 * reference["credit_amount"].median()
    assert shifted["duration_months"].mean() > reference["duration_months"].mean() + 3
    assert shifted["age"].mean() < reference["age"].mean() - 3


def test_the_telephone_shift_moves_its_share_from_41_to_57_percent_and_not_the_bad_rate(
    streams, dataset
):
    shifted, reference = shifted_and_reference(streams["covariate_telephone"])
    training = training_rows(dataset)

    assert (training["telephone"] == "yes").mean() == pytest.approx(0.41, abs=0.005)
    # 5,000 shifted draws: a standard error of 0.007.
    assert (shifted["telephone"] == "yes").mean() == pytest.approx(0.57, abs=0.02)
    assert (reference["telephone"] == "yes").mean() == pytest.approx(0.41, abs=0.04)
    assert shifted["defaulted"].mean() == pytest.approx(reference["defaulted"].mean(), abs=0.03)


@pytest.mark.parametrize(
    ("name", "segment"),
    [
        ("concept", lambda rows: rows["checking_account"] == "none"),
        ("concept_long_loans", lambda rows: rows["duration_months"] >= 24),
    ],
)
def test_concept_shifts_change_who_defaults_but_not_the_inputs_or_the_bad_rate(
    streams, name, segment
):
    shifted, reference = shifted_and_reference(streams[name])

    assert shifted["credit_amount"].mean() == pytest.approx(
        reference["credit_amount"].mean(), rel=0.1
    )
    assert shifted["defaulted"].mean() == pytest.approx(reference["defaulted"].mean(), abs=0.05)
    rise = (
        shifted.loc[segment(shifted), "defaulted"].mean()
        - reference.loc[segment(reference), "defaulted"].mean()
    )
    assert rise > 0.1
    truth = np.concatenate([b.truth for b in streams[name] if b.shifted])
    assert truth.shape == (len(shifted),)


def test_a_lender_learns_the_outcomes_of_the_approved_and_of_reviewed_applicants_it_approved(
    streams,
):
    first, second = streams["baseline"][:2]
    decisions = ["approve", "reject", "review", "review"] * (len(first.applicants) // 4)
    labels, oracle = SelectiveLabels(), SelectiveLabels("all")

    labels.learn(first, decisions)
    reported = labels.outcomes(second)

    ids = first.applicants["application_id"].to_numpy()
    reviewed = np.asarray(decisions) == "review"
    expected = set(ids[np.asarray(decisions) == "approve"]) | set(
        ids[reviewed & first.reviewer_approves]
    )
    assert set(reported["application_id"]) == expected
    assert len(oracle.outcomes(second)) == len(first.applicants) > len(reported)
