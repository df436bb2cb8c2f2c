"""The contract of an outcome report and of a reviewer's decision (pydantic, strict)."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .applicant import WHOLE_NUMBER, InvalidApplicantError, describe_errors
from .rules import APPLICATION_ID_MAX_LENGTH

NOTE_MAX_LENGTH = 2000


class InvalidBodyError(InvalidApplicantError):
    """A request body (other than an applicant) that breaks its contract."""


class OutcomeReport(BaseModel):
    """`POST /outcomes`: whether a scored application's borrower defaulted (1) or repaid (0)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    application_id: str = Field(min_length=1, max_length=APPLICATION_ID_MAX_LENGTH)
    defaulted: Annotated[int, WHOLE_NUMBER] = Field(ge=0, le=1)


class ReviewDecision(BaseModel):
    """`POST /reviews/<application_id>`: the reviewer's decision and note."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    decision: Literal["approve", "reject"]
    note: str = Field("", max_length=NOTE_MAX_LENGTH)


def parse(schema: type[BaseModel], payload: object) -> BaseModel:
    """Validate a decoded JSON body against `schema`.

    Raises:
        InvalidBodyError: Naming every invalid field (answered as 400).
    """
    if not isinstance(payload, dict):
        raise InvalidBodyError({"(body)": ["the body must be a JSON object"]})
    try:
        return schema.model_validate(payload)
    except ValidationError as error:
        raise InvalidBodyError(describe_errors(error)) from None
