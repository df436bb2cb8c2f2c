"""The input contract: the pydantic schema of one applicant, built from the field rules.

Strict on purpose: `"12"` is not a number, `true` is not 1, an unknown category code or an
unknown field is an error. Every invalid field is reported, not only the first. JSON has one
kind of number, so `12.0` is the integer 12 (as JSON Schema says); `12.5` is not an integer.
"""

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
)

from credit_data.codebook import APPLICATION_ID

from .rules import APPLICANT_RULES, APPLICATION_ID_MAX_LENGTH, FieldRule


class InvalidApplicantError(ValueError):
    """An applicant that breaks the input contract.

    Attributes:
        problems: Each invalid field's name mapped to what is wrong with it.
    """

    def __init__(self, problems: dict[str, list[str]]):
        super().__init__(f"invalid fields: {', '.join(sorted(problems))}")
        self.problems = problems


def whole_number(value: object) -> object:
    """A JSON number without a fractional part (`12.0`) as the integer it is; others as given."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


# Marks an integer field of a JSON body: strict (no `"12"`, no `true`), but `12.0` is 12.
WHOLE_NUMBER = BeforeValidator(whole_number)


class ApplicantBase(BaseModel):
    """Settings shared by the generated schema: strict types, unknown fields rejected."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _annotation(rule: FieldRule) -> Any:
    """The pydantic type of one field rule."""
    if rule.kind == "category":
        return Literal[rule.codes]
    if rule.kind == "integer":
        return Annotated[int, Field(ge=rule.minimum, le=rule.maximum), WHOLE_NUMBER]
    return Annotated[str, Field(min_length=1, max_length=rule.max_length, pattern=r"\S")]


Applicant = create_model(
    "Applicant",
    __base__=ApplicantBase,
    __doc__="One applicant as sent to `POST /score`: the 20 attributes and an optional id.",
    **{
        APPLICATION_ID: (
            str | None,
            Field(None, min_length=1, max_length=APPLICATION_ID_MAX_LENGTH),
        )
    },
    **{rule.name: (_annotation(rule), ...) for rule in APPLICANT_RULES},
)


# repays DEBT-05 No input validation: one schema checks every field before scoring.
def parse_applicant(payload: object) -> BaseModel:
    """Validate one decoded JSON payload against the schema.

    Args:
        payload: The decoded JSON body.

    Returns:
        The validated applicant.

    Raises:
        InvalidApplicantError: Naming every invalid field and why.
    """
    if not isinstance(payload, dict):
        raise InvalidApplicantError({"(body)": ["the body must be a JSON object"]})
    try:
        return Applicant.model_validate(payload)
    except ValidationError as error:
        raise InvalidApplicantError(describe_errors(error)) from None


def describe_errors(error: ValidationError) -> dict[str, list[str]]:
    """Group a pydantic error's messages by field name (the input values are not echoed)."""
    problems: dict[str, list[str]] = {}
    for detail in error.errors(include_url=False, include_input=False, include_context=False):
        field = ".".join(str(part) for part in detail["loc"]) or "(body)"
        problems.setdefault(field, []).append(detail["msg"])
    return problems
