"""The contract table: per route, what the url_map does not say, and the answers' shapes.

`openapi.py` turns it, the routes and the request schemas into the OpenAPI document served at
`GET /openapi.json`. Each response model is the shape the route really returns (read the
route); the contract tests check every answer against it.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

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


class Reason(Shape):
    """One reason of a decision: the feature, in plain words, and how much it pushes."""

    feature: str
    text: str
    push: float


class ScoreAnswer(Shape):
    """`POST /score`: the decision, its probability, its reasons and the model's version."""

    application_id: str
    decision: Literal["approve", "reject"]
    probability_default: float = Probability
    reasons: list[Reason]
    model_version: int


class Health(Shape):
    """`GET /health`: the service is up, and the version it serves."""

    status: Literal["ok"]
    model_version: int


class ModelCard(RootModel[dict[str, Any]]):
    """`GET /model`: the served model's card (lineage, metrics, reference statistics)."""


class Retrained(Shape):
    """`POST /retrain`: trained again; the new champion's version and holdout AUC."""

    status: Literal["retrained"]
    model_version: int
    holdout_auc: float = Probability


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
    Operation("GET", "/model", (Answer(200, "The served model's card.", ModelCard),)),
    Operation("POST", "/retrain", (Answer(200, "Retrained; now served.", Retrained),)),
)
