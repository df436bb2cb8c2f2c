"""Unit: the column-wise check of a table agrees with the schema of one request."""

import pandas as pd
import pytest

from credit_data.load import applicant_payload
from refactored.domain.applicant import InvalidApplicantError, parse_applicant
from refactored.domain.frame_check import check_frame
from refactored.domain.rules import APPLICANT_RULES


def values_to_try(rule) -> list:
    """Values on both sides of the rule, of the kinds a CSV file can carry."""
    if rule.kind == "integer":
        return [rule.minimum - 1, rule.minimum, rule.maximum, rule.maximum + 1]
    if rule.kind == "category":
        return [*rule.codes, "zzz", rule.codes[0].upper()]
    return ["a", " ", "", "b" * rule.max_length, "b" * (rule.max_length + 1)]


CASES = [(rule.name, value) for rule in APPLICANT_RULES for value in values_to_try(rule)]


def schema_accepts(payload: dict) -> bool:
    try:
        parse_applicant(payload)
    except InvalidApplicantError:
        return False
    return True


@pytest.mark.parametrize(("field", "value"), CASES)
def test_the_table_check_and_the_schema_accept_the_same_values(holdout, field, value):
    payload = {**applicant_payload(holdout.iloc[0]), field: value}

    valid, problems = check_frame(pd.DataFrame([payload]))

    assert (not problems) == schema_accepts(payload)
    assert len(valid) == (0 if problems else 1)
    if problems:
        assert list(problems[0]) == [field]


def test_a_table_without_a_column_rejects_every_row(holdout):
    table = holdout.head(3).drop(columns=["age"])

    valid, problems = check_frame(table)

    assert valid.empty
    assert all(list(found) == ["age"] for found in problems.values())
    assert sorted(problems) == [0, 1, 2]


def test_numbers_read_as_text_from_a_file_are_checked_as_numbers(holdout):
    table = holdout.head(3).astype(str)
    table.loc[1, "age"] = "forty"

    valid, problems = check_frame(table)

    assert list(problems) == [1]
    assert valid["age"].dtype == "int64" and len(valid) == 2
