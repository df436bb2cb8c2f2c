"""The answers' shapes, one pydantic model each, as the routes really return them.

The contract table (`contract.py`) names them per route and status; request bodies the
domain defines (the applicant, an outcome report) come from `domain/`.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from ..domain.applicant import Applicant
from .api import MAX_BATCH_APPLICANTS

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
    decision: Literal["approve", "review", "reject"]
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


class Ready(Shape):
    """`GET /health/ready`: what each dependency's check found; on 503, those that failed."""

    status: Literal["ready", "unavailable"]
    checks: dict[str, str]
    failed: list[Literal["database", "champion"]] = Field(default_factory=list)


class ModelCard(RootModel[dict[str, Any]]):
    """`GET /model`: the served model's card (lineage, metrics, reference statistics)."""


class Promotion(BaseModel):
    """`POST /model/champion`: the registered version to serve (other fields are ignored)."""

    version: int = Field(ge=1)


class Served(Shape):
    """A promotion or a rollback: the version now served."""

    status: Literal["promoted", "rolled_back"]
    model_version: int
    by: str


class Job(Shape):
    """A retraining job: its state, and once finished the gate's decision and reasons."""

    job_id: str
    state: Literal["running", "promoted", "refused", "failed"]
    requested_at: str
    requested_by: str
    heartbeat_at: str
    finished_at: str | None
    promoted: bool | None
    reasons: list[Any]
    gate: dict[str, Any] | None
    error: str | None
    model_version: int | None


class JobStarted(Job):
    """`POST /admin/retrain`: the job just started, and where to follow it."""

    location: str


class RetrainingRunning(Shape):
    """`POST /admin/retrain` while a job runs: the running job's id."""

    error: Literal["retraining_running"]
    message: str
    job_id: str


class ChampionChanges(Shape):
    """`GET /admin/champion-changes`: action, versions, who and when, newest first."""

    changes: list[dict[str, Any]]


class OutcomeRecorded(Shape):
    """`POST /outcomes`: the outcome as recorded."""

    status: Literal["recorded", "unchanged"]
    application_id: str
    defaulted: int


class PendingReviews(Shape):
    """`GET /reviews`: the oldest pending reviews."""

    reviews: list[dict[str, Any]]


class DecidedReview(Shape):
    """`POST /reviews/<application_id>`: the review with the reviewer's decision."""

    review: dict[str, Any]


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


class LoginForm(BaseModel):
    """`POST /login`: the admin token typed in the form, and the form's CSRF token."""

    token: str
    csrf_token: str


class SessionForm(BaseModel):
    """A dashboard form's CSRF token."""

    csrf_token: str
