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
from .openapi import FORM, HTML, Answer, Operation, Query

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


class Promotion(BaseModel):
    """`POST /model/champion`: the registered version to serve (other fields are ignored)."""

    version: int = Field(ge=1)


class Served(Shape):
    """A promotion or a rollback: the version now served."""

    status: Literal["promoted", "rolled_back"]
    model_version: int


class Job(Shape):
    """A retraining job: its state, and once finished the gate's decision and reasons."""

    job_id: str
    state: Literal["running", "promoted", "refused", "failed"]
    requested_at: str
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


class LoginForm(BaseModel):
    """`POST /login`: the admin token typed in the form, and the form's CSRF token."""

    token: str
    csrf_token: str


class SessionForm(BaseModel):
    """A dashboard form's CSRF token."""

    csrf_token: str


INVALID = Answer(400, "The body breaks its contract; `fields` names each field.", ErrorBody)
TOO_LARGE = Answer(413, "The body is larger than the service accepts.", ErrorBody)
NOT_JSON = Answer(415, "The body is not sent as JSON.", ErrorBody)
NO_TOKEN = Answer(401, "The admin token is missing or wrong.", ErrorBody)
DISABLED = Answer(403, "Admin routes are disabled: no admin token is configured.", ErrorBody)
REFUSED = Answer(403, "Admin routes are disabled, or the form's CSRF token is wrong.", ErrorBody)
ADMIN = (NO_TOKEN, DISABLED)
JSON_BODY = (INVALID, TOO_LARGE, NOT_JSON)
LIMIT = Query(
    "limit",
    {"type": "integer"},
    "How many entries, newest first (at least 1, at most 1000; 0 means the default).",
)
PAGE = Answer(200, "The page.", None, HTML)
SEE_OTHER = Answer(303, "Done; go to the page in `Location`.", None, HTML, ("Location",))
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
    Operation(
        "POST",
        "/model/champion",
        (
            Answer(200, "Promoted; now served.", Served),
            *JSON_BODY,
            *ADMIN,
            Answer(404, "No such registered version.", ErrorBody),
            Answer(409, "The version's files fail their checksums.", ErrorBody),
        ),
        body=Promotion,
        security=("bearer",),
    ),
    Operation(
        "POST",
        "/admin/retrain",
        (
            Answer(202, "Started; follow `Location`.", JobStarted, headers=("Location",)),
            Answer(409, "A retraining job is running already.", RetrainingRunning),
            *ADMIN,
        ),
        security=("bearer",),
    ),
    Operation(
        "GET",
        "/admin/jobs/<job_id>",
        (
            Answer(200, "The job has finished.", Job),
            Answer(202, "The job is running.", Job),
            Answer(400, "`wait` is not a finite number.", ErrorBody),
            Answer(404, "No such job.", ErrorBody),
            *ADMIN,
        ),
        security=("bearer",),
        query=(
            Query("wait", {"type": "number"}, "Seconds to wait for the job to end (at most 20)."),
        ),
    ),
    Operation(
        "POST",
        "/admin/rollback",
        (
            Answer(200, "The previous champion is served again.", Served),
            Answer(404, "There is no previous champion.", ErrorBody),
            Answer(409, "The previous champion's files fail their checksums.", ErrorBody),
            *ADMIN,
        ),
        security=("bearer",),
    ),
    Operation(
        "POST",
        "/outcomes",
        (
            Answer(200, "Already recorded with the same outcome.", OutcomeRecorded),
            Answer(201, "Recorded.", OutcomeRecorded),
            *JSON_BODY,
            *ADMIN,
            Answer(404, "No scored application has this id.", ErrorBody),
            Answer(409, "A different outcome is recorded already.", ErrorBody),
        ),
        body=OutcomeReport,
        security=("bearer",),
    ),
    Operation(
        "GET",
        "/monitoring/drift",
        (Answer(200, "The drift report.", DriftReport), BAD_LIMIT, *ADMIN),
        security=("bearer",),
        query=(LIMIT,),
    ),
    Operation(
        "GET",
        "/monitoring/performance",
        (Answer(200, "The performance report.", PerformanceReport), BAD_LIMIT, *ADMIN),
        security=("bearer",),
        query=(LIMIT,),
    ),
    Operation(
        "GET",
        "/monitoring/fairness",
        (Answer(200, "The fairness report.", FairnessReport), BAD_LIMIT, *ADMIN),
        security=("bearer",),
        query=(LIMIT,),
    ),
    Operation(
        "GET",
        "/monitoring/alerts",
        (Answer(200, "The alerts.", Alerts), BAD_LIMIT, *ADMIN),
        security=("bearer",),
        query=(LIMIT,),
    ),
    Operation(
        "GET",
        "/login",
        (
            PAGE,
            Answer(302, "Logged in already: go to the dashboard.", None, HTML, ("Location",)),
            DISABLED,
        ),
    ),
    Operation(
        "POST",
        "/login",
        (SEE_OTHER, Answer(401, "Wrong token: the form again.", None, HTML), REFUSED),
        body=LoginForm,
        body_media_type=FORM,
    ),
    Operation(
        "POST",
        "/logout",
        (SEE_OTHER, REFUSED),
        body=SessionForm,
        body_media_type=FORM,
        security=("session",),
    ),
    Operation(
        "POST",
        "/dashboard/retrain",
        (SEE_OTHER, Answer(401, "No login session.", ErrorBody), REFUSED),
        body=SessionForm,
        body_media_type=FORM,
        security=("session",),
    ),
    Operation(
        "GET",
        "/dashboard",
        (
            PAGE,
            Answer(302, "A browser without a session: to the login.", None, HTML, ("Location",)),
            *ADMIN,
        ),
        security=("bearer", "session"),
    ),
)
