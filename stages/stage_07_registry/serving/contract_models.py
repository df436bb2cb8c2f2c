"""The answers' shapes, one pydantic model each, as the routes really return them.

The contract table (`contract.py`) names them per route and status; request bodies the
domain defines (the applicant, an outcome report) come from `domain/`.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

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
