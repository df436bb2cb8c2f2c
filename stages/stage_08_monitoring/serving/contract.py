"""The contract table: per route, what the url_map does not say, and the answers' shapes.

`openapi.py` turns it, the routes and the request schemas into the OpenAPI document served at
`GET /openapi.json`. Each response model is the shape the route really returns (read the
route); the contract tests check every answer against it.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from ..domain.applicant import Applicant
from ..domain.outcome import OutcomeReport
from .api import MAX_BATCH_APPLICANTS
from .openapi import HTML, Answer, Operation, Query

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
    """`POST /score`: the decision, its probability, its reasons and who made it."""

    application_id: str
    decision: Literal["approve", "reject"]
    probability_default: float = Probability
    model_version: int
    request_id: str
    reasons: list[Reason]


class ApplicantBatch(Shape):
    """`POST /score/batch`: the applicants to score together."""

    applicants: list[Applicant] = Field(min_length=1, max_length=MAX_BATCH_APPLICANTS)


class BatchAnswer(Shape):
    """`POST /score/batch`: one answer per applicant, in order."""

    model_version: int
    results: list[ScoreAnswer]


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


class OutcomeRecorded(Shape):
    """`POST /outcomes`: the outcome as recorded."""

    status: Literal["recorded", "unchanged"]
    application_id: str
    defaulted: int


class DriftReport(Shape):
    """`GET /monitoring/drift`: the latest windows' drift, newest first."""

    window_size: int
    logged_rows: int
    windows: list[dict[str, Any]]


class PerformanceReport(Shape):
    """`GET /monitoring/performance`: the holdout's metrics and each window's."""

    window_size: int
    holdout: dict[str, Any]
    windows: list[dict[str, Any]]


class FairnessReport(Shape):
    """`GET /monitoring/fairness`: the protected groups' approval-rate ratios per window."""

    threshold: float
    windows: list[dict[str, Any]]


class Alerts(Shape):
    """`GET /monitoring/alerts`: the latest alerts, newest first."""

    alerts: list[dict[str, Any]]


INVALID = Answer(400, "The body breaks its contract; `fields` names each field.", ErrorBody)
TOO_LARGE = Answer(413, "The body is larger than the service accepts.", ErrorBody)
NOT_JSON = Answer(415, "The body is not sent as JSON.", ErrorBody)
JSON_BODY = (INVALID, TOO_LARGE, NOT_JSON)
LIMIT = Query(
    "limit",
    {"type": "integer"},
    "How many entries, newest first (at least 1, at most 1000; 0 means the default).",
)
PAGE = Answer(200, "The page.", None, HTML)
BAD_LIMIT = Answer(400, "`limit` is not an integer.", ErrorBody)

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "POST",
        "/score",
        (Answer(200, "Scored and stored.", ScoreAnswer), *JSON_BODY),
        body=Applicant,
    ),
    Operation(
        "POST",
        "/score/batch",
        (Answer(200, "All scored and stored.", BatchAnswer), *JSON_BODY),
        body=ApplicantBatch,
    ),
    Operation("GET", "/health", (Answer(200, "Up.", Health),)),
    Operation("GET", "/model", (Answer(200, "The served model's card.", ModelCard),)),
    Operation("POST", "/retrain", (Answer(200, "Retrained; now served.", Retrained),)),
    Operation(
        "POST",
        "/outcomes",
        (
            Answer(200, "Already recorded with the same outcome.", OutcomeRecorded),
            Answer(201, "Recorded.", OutcomeRecorded),
            *JSON_BODY,
            Answer(404, "No scored application has this id.", ErrorBody),
            Answer(409, "A different outcome is recorded already.", ErrorBody),
        ),
        body=OutcomeReport,
    ),
    Operation(
        "GET",
        "/monitoring/drift",
        (Answer(200, "The drift report.", DriftReport), BAD_LIMIT),
        query=(LIMIT,),
    ),
    Operation(
        "GET",
        "/monitoring/performance",
        (Answer(200, "The performance report.", PerformanceReport), BAD_LIMIT),
        query=(LIMIT,),
    ),
    Operation(
        "GET",
        "/monitoring/fairness",
        (Answer(200, "The fairness report.", FairnessReport), BAD_LIMIT),
        query=(LIMIT,),
    ),
    Operation(
        "GET",
        "/monitoring/alerts",
        (Answer(200, "The alerts.", Alerts), BAD_LIMIT),
        query=(LIMIT,),
    ),
    Operation("GET", "/dashboard", (PAGE,)),
)
