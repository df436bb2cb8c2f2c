"""The drift scenarios: seeded, batches of at least 500, outcomes one batch late, known shifts."""

import itertools

import numpy as np
import pandas as pd
import pytest

from stages.instrument.drift.scenarios import SCENARIOS, scenario
from stages.instrument.drift.stream import Batch, stream


@pytest.fixture(scope="module")
def streams() -> dict[str, list[Batch]]:
    """Every scenario's stream, generated once."""
    return {candidate.name: stream(candidate) for candidate in SCENARIOS}


def shifted_and_reference(batches: list[Batch]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All applicants of the shifted batches, and of the reference batches."""
    shifted = pd.concat([b.applicants for b in batches if b.shifted])
    reference = pd.concat([b.applicants for b in batches if not b.shifted])
    return shifted, reference


def test_the_four_shift_types_each_document_parameters_and_budget():
    assert [candidate.shift for candidate in SCENARIOS] == ["none", "prior", "covariate", "concept"]
    for candidate in SCENARIOS:
        assert candidate.description
        assert candidate.batch_size >= 500
        assert (candidate.detection_budget is None) == (candidate.shift == "none")
        assert bool(candidate.parameters) == (candidate.shift != "none")


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


def test_features_are_resampled_real_rows(streams, dataset):
    real = set(dataset["application_id"])
    batch = streams["baseline"][0].applicants
    originals = dataset.set_index("purpose_text").index
    assert set(batch["purpose_text"]) <= set(originals)
    assert not set(batch["application_id"]) & real  # fresh ids, never a real applicant's


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


def test_concept_shift_changes_who_defaults_but_not_the_inputs_or_the_bad_rate(streams):
    shifted, reference = shifted_and_reference(streams["concept"])
    no_account = shifted["checking_account"] == "none"
    reference_no_account = reference["checking_account"] == "none"

    assert shifted["credit_amount"].mean() == pytest.approx(
        reference["credit_amount"].mean(), rel=0.1
    )
    assert shifted["defaulted"].mean() == pytest.approx(reference["defaulted"].mean(), abs=0.05)
    rise = (
        shifted.loc[no_account, "defaulted"].mean()
        - reference.loc[reference_no_account, "defaulted"].mean()
    )
    assert rise > 0.15
    truth = np.concatenate([b.truth for b in streams["concept"] if b.shifted])
    assert truth.shape == (len(shifted),)
