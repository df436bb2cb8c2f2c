"""The column-wise pre-check never certifies what the pydantic schema would refuse or change."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credit_data.load import applicant_payloads, holdout_rows, load_dataset
from refactored.domain.applicant import Applicant, InvalidApplicantError, parse_applicant
from refactored.domain.rules import APPLICANT_RULES
from refactored.serving.plain_batch import FIELD_NAMES, plain_columns

VALID = applicant_payloads(holdout_rows(load_dataset()).head(5))
FIELDS = [rule.name for rule in APPLICANT_RULES] + ["application_id", "salary"]
# Values that break, or only look like, each kind of field.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", " ", "\t\n", "\x1c", "\u00a0", "A11", "A999", "x" * 65, "x" * 201]),
    st.text(max_size=3),
    st.lists(st.integers(), max_size=1),
)


def schema_columns(payloads: list) -> dict[str, list] | None:
    """What the pydantic schema makes of the payloads, column by column; None if it refuses."""
    try:
        fields = [parse_applicant(payload).model_dump() for payload in payloads]
    except InvalidApplicantError:
        return None
    return {name: [applicant[name] for applicant in fields] for name in FIELD_NAMES}


def test_a_plain_batch_is_certified_with_the_values_the_schema_returns():
    assert plain_columns(VALID) == schema_columns(VALID)
    assert plain_columns(VALID)["application_id"] == [p["application_id"] for p in VALID]


def test_the_field_order_is_the_schema_s():
    assert tuple(Applicant.model_fields) == FIELD_NAMES


def test_a_batch_without_ids_is_certified_with_none_for_each_id():
    payloads = [{k: v for k, v in payload.items() if k != "application_id"} for payload in VALID]

    assert plain_columns(payloads)["application_id"] == [None] * len(VALID)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("duration_months", 12.0),
        ("duration_months", True),
        ("duration_months", 0),
        ("checking_account", "A99"),
        ("purpose_text", "   "),
        ("purpose_text", ""),
        ("application_id", None),
        ("application_id", ""),
        ("salary", 1000),
    ],
)
def test_anything_unusual_is_left_to_the_schema(field, value):
    payloads = [dict(payload) for payload in VALID]
    payloads[2][field] = value

    assert plain_columns(payloads) is None


def test_a_missing_field_or_a_payload_that_is_no_object_is_left_to_the_schema():
    missing = [dict(payload) for payload in VALID]
    del missing[1]["age"]

    assert plain_columns(missing) is None
    assert plain_columns([*VALID, [1, 2]]) is None
    assert plain_columns([]) is None


@settings(max_examples=400, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(VALID) - 1),
    field=st.sampled_from(FIELDS),
    value=ODD_VALUES,
    drop=st.booleans(),
)
def test_whatever_is_certified_the_schema_accepts_unchanged(position, field, value, drop):
    payloads = [dict(payload) for payload in VALID]
    if drop:
        payloads[position].pop(field, None)
    else:
        payloads[position][field] = value

    certified = plain_columns(payloads)

    if certified is not None:
        assert certified == schema_columns(payloads)


def test_an_unknown_field_in_place_of_the_id_is_left_to_the_schema():
    payloads = [dict(payload) for payload in VALID]
    del payloads[3]["application_id"]
    payloads[3]["salary"] = 1000
    del payloads[1]["application_id"]

    assert plain_columns(payloads) is None
    assert plain_columns([payloads[1], payloads[3]]) is None
