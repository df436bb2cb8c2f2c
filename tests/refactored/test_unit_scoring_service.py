"""Unit: the scoring service with a fake model and a fake repository (no Flask, no database)."""

from datetime import UTC, datetime

import pytest

from refactored.domain.applicant import InvalidApplicantError
from refactored.domain.policy import build_policy
from refactored.serving.scoring import score_applicants
from tests.refactored.conftest import FakeRepository, fake_model

POLICY = build_policy(5.0, 1.0, None)


def fixed_clock() -> datetime:
    return datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_an_accepted_applicant_is_stored_once_with_input_probability_decision_and_version(
    valid_payload,
):
    repository = FakeRepository()

    (answer,) = score_applicants(
        [valid_payload], fake_model(0.1, version=7), POLICY, repository, fixed_clock
    )

    (record,) = repository.records
    assert record.applicant == valid_payload
    assert record.probability_default == answer.probability_default == pytest.approx(0.1)
    assert record.decision == answer.decision == "approve"
    assert record.model_version == answer.model_version == 7
    assert record.request_id == answer.request_id
    assert record.scored_at == fixed_clock()
    assert record.decision_cutoff == POLICY.cutoff


def test_the_decision_follows_the_policy_cutoff(valid_payload):
    (answer,) = score_applicants([valid_payload], fake_model(0.2), POLICY, FakeRepository())

    assert answer.decision == "reject"


def test_a_missing_application_id_is_generated_and_stored(valid_payload):
    payload = {key: value for key, value in valid_payload.items() if key != "application_id"}
    repository = FakeRepository()

    (answer,) = score_applicants([payload], fake_model(), POLICY, repository)

    assert answer.application_id
    assert repository.records[0].application_id == answer.application_id


def test_a_rejected_request_stores_nothing(valid_payload):
    repository = FakeRepository()

    with pytest.raises(InvalidApplicantError):
        score_applicants([{**valid_payload, "age": -5}], fake_model(), POLICY, repository)

    assert repository.records == []


def test_a_batch_with_one_invalid_applicant_stores_none_and_names_its_position(valid_payload):
    repository = FakeRepository()
    batch = [valid_payload, {**valid_payload, "age": -5}, valid_payload]

    with pytest.raises(InvalidApplicantError) as caught:
        score_applicants(batch, fake_model(), POLICY, repository)

    assert list(caught.value.problems) == ["applicants.1.age"]
    assert repository.records == []


def test_each_answer_of_a_batch_has_its_own_request_id(valid_payload):
    payloads = [{**valid_payload, "application_id": f"own-{number}"} for number in range(3)]
    answers = score_applicants(payloads, fake_model(), POLICY, FakeRepository())

    assert len({answer.request_id for answer in answers}) == 3
