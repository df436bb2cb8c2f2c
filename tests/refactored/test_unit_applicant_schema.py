"""Unit: the input contract, built from the data dictionary."""

import pytest

from credit_data.codebook import APPLICANT_FIELDS
from credit_data.load import applicant_payload
from refactored.domain.applicant import InvalidApplicantError, parse_applicant


def problems_of(payload) -> dict:
    """The problems `parse_applicant` reports for `payload` (it must fail)."""
    with pytest.raises(InvalidApplicantError) as caught:
        parse_applicant(payload)
    return caught.value.problems


def test_every_row_of_the_data_set_is_a_valid_applicant(dataset):
    for _, row in dataset.iterrows():
        parse_applicant(applicant_payload(row))


def test_every_invalid_field_is_named_not_only_the_first(valid_payload):
    payload = {**valid_payload, "age": 12, "savings": "lots", "credit_amount": 0, "pet": "cat"}
    del payload["housing"]

    assert set(problems_of(payload)) == {"age", "savings", "credit_amount", "pet", "housing"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age", 17),
        ("age", 101),
        ("age", "49"),
        ("age", 49.5),
        ("age", float("nan")),
        ("age", True),
        ("age", None),
        ("credit_amount", -1),
        ("credit_amount", 100_001),
        ("duration_months", 0),
        ("installment_rate", 5),
        ("checking_account", "LT_0"),
        ("foreign_worker", 1),
        ("purpose_text", ""),
        ("purpose_text", "   "),
        ("purpose_text", "x" * 201),
        ("application_id", 17),
        ("application_id", ""),
    ],
)
def test_a_value_outside_the_contract_is_named_with_its_field(valid_payload, field, value):
    assert list(problems_of({**valid_payload, field: value})) == [field]


def test_a_whole_number_sent_with_a_zero_fraction_is_that_integer(valid_payload):
    # JSON has one kind of number, and the published contract (JSON Schema) calls 49.0 an
    # integer: refusing it would refuse what the document promises to accept.
    applicant = parse_applicant({**valid_payload, "age": 49.0, "credit_amount": 2500.0})

    assert (applicant.age, applicant.credit_amount) == (49, 2500)
    assert type(applicant.age) is int


def test_application_id_is_optional(valid_payload):
    payload = dict(valid_payload)
    del payload["application_id"]

    assert parse_applicant(payload).application_id is None


def test_a_body_that_is_not_an_object_is_refused():
    assert problems_of([1, 2, 3]) == {"(body)": ["the body must be a JSON object"]}


def test_the_schema_covers_exactly_the_applicant_fields(valid_payload):
    missing_all = problems_of({})

    assert set(missing_all) == set(APPLICANT_FIELDS)
