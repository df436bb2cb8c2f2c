"""The answers' shapes, one pydantic model each, as the routes really return them.

The contract table (`contract.py`) names them per route and status; request bodies the
domain defines (the applicant, an outcome report) come from `domain/`.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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
