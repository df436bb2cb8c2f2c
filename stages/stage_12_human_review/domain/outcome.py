"""The contract of an outcome report and of a reviewer's decision (pydantic, strict).

A reviewer who rejects names the reasons, from the same list as the model's: the fields the
model scores (Regulation B, comment 9(b)(2)-7: in a system that combines a score with a
person's judgement, the reasons come from both). The note says more, for the record only.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError, field_validator

from ..features.columns import (
    SCORED_CATEGORICAL_FEATURES,
    SCORED_NUMERIC_FEATURES,
    TEXT_FEATURE,
)
from .applicant import WHOLE_NUMBER, InvalidApplicantError, describe_errors
from .rules import APPLICATION_ID_MAX_LENGTH

NOTE_MAX_LENGTH = 2000
# The fields a reason may name (the model's reasons name the same), and at most as many.
REASON_FEATURES = tuple(
    sorted((*SCORED_NUMERIC_FEATURES, *SCORED_CATEGORICAL_FEATURES, TEXT_FEATURE))
)
ReasonField = Literal[REASON_FEATURES]
MAX_REVIEW_REASONS = 4


class InvalidBodyError(InvalidApplicantError):
    """A request body (other than an applicant) that breaks its contract."""


class OutcomeReport(BaseModel):
    """`POST /outcomes`: whether a scored application's borrower defaulted (1) or repaid (0)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    application_id: str = Field(min_length=1, max_length=APPLICATION_ID_MAX_LENGTH)
    defaulted: Annotated[int, WHOLE_NUMBER] = Field(ge=0, le=1)


class Approval(BaseModel):
    """A reviewer's approval: no reasons (nothing adverse to explain), a note for the record."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    decision: Literal["approve"]
    note: str = Field("", max_length=NOTE_MAX_LENGTH)

    @property
    def reasons(self) -> list[str]:
        """An approval gives no reasons."""
        return []


class Rejection(BaseModel):
    """A reviewer's rejection: one to four fields the model scores, each once, and a note."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    decision: Literal["reject"]
    reasons: list[ReasonField] = Field(
        min_length=1, max_length=MAX_REVIEW_REASONS, json_schema_extra={"uniqueItems": True}
    )
    note: str = Field("", max_length=NOTE_MAX_LENGTH)

    @field_validator("reasons")
    @classmethod
    def each_field_once(cls, reasons: list[str]) -> list[str]:
        """Refuse a field named twice."""
        if len(set(reasons)) < len(reasons):
            raise ValueError("a field is named twice")
        return reasons


class ReviewDecision(RootModel[Annotated[Approval | Rejection, Field(discriminator="decision")]]):
    """`POST /reviews/<application_id>`: an approval, or a rejection with its reasons."""


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
