"""The contract table: per route, what the url_map does not say, and the answers' shapes.

`openapi.py` turns it, the routes and the request schemas into the OpenAPI document served at
`GET /openapi.json`. Each response model is the shape the route really returns (read the
route); the contract tests check every answer against it.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..domain.applicant import Applicant
from .openapi import Answer, Operation

Probability = Field(ge=0.0, le=1.0)


class Shape(BaseModel):
    """A response body: exactly these fields, nothing more."""

    model_config = ConfigDict(extra="forbid")


class ErrorBody(Shape):
    """Every error: a stable code, a message, and for invalid input each field's problems."""

    error: str
    message: str
    fields: dict[str, list[str]] = Field(default_factory=dict)


class ScoreAnswer(Shape):
    """`POST /score`: the applicant's id, the decision and the probability of default."""

    application_id: str
    decision: Literal["approve", "reject"]
    probability_default: float = Probability


class Health(Shape):
    """`GET /health`: the service is up."""

    status: Literal["ok"]


class Retrained(Shape):
    """`POST /retrain`: the notebook ran again; its test AUC."""

    status: Literal["retrained"]
    test_auc: float = Probability


INVALID = Answer(400, "The body breaks the input contract; `fields` names each field.", ErrorBody)
TOO_LARGE = Answer(413, "The body is larger than the service accepts.", ErrorBody)
NOT_JSON = Answer(415, "The body is not sent as JSON.", ErrorBody)
JSON_BODY = (INVALID, TOO_LARGE, NOT_JSON)

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "POST",
        "/score",
        (Answer(200, "Scored and stored.", ScoreAnswer), *JSON_BODY),
        body=Applicant,
    ),
    Operation("GET", "/health", (Answer(200, "Up.", Health),)),
    Operation("POST", "/retrain", (Answer(200, "Retrained; now served.", Retrained),)),
)
