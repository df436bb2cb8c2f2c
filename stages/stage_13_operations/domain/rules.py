"""The rules an applicant's fields obey, built from the data dictionary.

The pydantic schema that checks one request (`applicant.py`) is generated from them, so the
code book stays the one description of a valid applicant.
"""

from dataclasses import dataclass

from credit_data.codebook import APPLICANT_FIELDS, ATTRIBUTES, PURPOSE_TEXT

# Plausible ranges, wider than the data set's own minimum and maximum (see the code book): a
# value outside them is a typo or a unit error, not an unusual applicant.
PLAUSIBLE_RANGES: dict[str, tuple[int, int]] = {
    "duration_months": (1, 120),
    "credit_amount": (1, 100_000),
    "installment_rate": (1, 4),
    "residence_since": (1, 4),
    "age": (18, 100),
    "existing_credits": (1, 10),
    "people_liable": (1, 10),
}
PURPOSE_TEXT_MAX_LENGTH = 200
APPLICATION_ID_MAX_LENGTH = 64


@dataclass(frozen=True)
class FieldRule:
    """What one applicant field must be.

    Attributes:
        name: The field's name in requests and in the data set.
        kind: `"category"`, `"integer"` or `"text"`.
        codes: The allowed codes of a category.
        minimum: The smallest allowed integer.
        maximum: The largest allowed integer.
        max_length: The longest allowed text.
    """

    name: str
    kind: str
    codes: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None


def applicant_rules() -> tuple[FieldRule, ...]:
    """The rule of every applicant field, in the order of `APPLICANT_FIELDS`."""
    by_name = {attribute.name: attribute for attribute in ATTRIBUTES}
    rules = []
    for name in APPLICANT_FIELDS:
        if name == PURPOSE_TEXT:
            rules.append(FieldRule(name, "text", max_length=PURPOSE_TEXT_MAX_LENGTH))
        elif by_name[name].is_categorical:
            rules.append(FieldRule(name, "category", codes=tuple(by_name[name].codes.values())))
        else:
            minimum, maximum = PLAUSIBLE_RANGES[name]
            rules.append(FieldRule(name, "integer", minimum=minimum, maximum=maximum))
    return tuple(rules)


APPLICANT_RULES: tuple[FieldRule, ...] = applicant_rules()
