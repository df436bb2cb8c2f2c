"""The contract table: per route and method, what the url_map does not say.

Which request body, which statuses with which answer (`contract_models.py`), who may call,
which query arguments. `openapi.py` turns it, the routes and the schemas into the OpenAPI
document served at `GET /openapi.json`; a route missing here stops the application.
"""

from ..domain.applicant import Applicant
from ..domain.outcome import OutcomeReport, ReviewDecision
from . import contract_models as shapes
from .contract_table import FORM, HTML, Answer, Operation, Query

ERROR = shapes.ErrorBody

INVALID = Answer(400, "The body breaks its contract; `fields` names each field.", ERROR)
TOO_LARGE = Answer(413, "The body is larger than the service accepts.", ERROR)
NOT_JSON = Answer(415, "The body is not sent as JSON.", ERROR)
NO_TOKEN = Answer(401, "The admin token is missing or wrong.", ERROR)
DISABLED = Answer(403, "Admin routes are disabled: no admin token is configured.", ERROR)
REFUSED = Answer(403, "Admin routes are disabled, or the form's CSRF token is wrong.", ERROR)
THROTTLED = Answer(429, "Too many wrong tokens from this address.", ERROR, headers=("Retry-After",))
ADMIN = (NO_TOKEN, DISABLED, THROTTLED)
JSON_BODY = (INVALID, TOO_LARGE, NOT_JSON)
TAKEN = Answer(409, "An application id names another application already; see `fields`.", ERROR)
OUTAGE = Answer(503, "The database is unavailable; retry later.", ERROR, headers=("Retry-After",))
BUSY = Answer(
    429, "More applicants a minute than one client may send.", ERROR, headers=("Retry-After",)
)
SCORING = (*JSON_BODY, TAKEN, BUSY, OUTAGE)
LIMIT = Query("limit", {"type": "integer"}, "How many, newest first (1 to 1000; 0: the default).")
PAGE = Answer(200, "The page.", None, HTML)
SEE_OTHER = Answer(303, "Done; go to the page in `Location`.", None, HTML, ("Location",))
BAD_LIMIT = Answer(400, "`limit` is not an integer.", ERROR)
MONITORING = (
    ("drift", shapes.DriftReport),
    ("performance", shapes.PerformanceReport),
    ("fairness", shapes.FairnessReport),
    ("alerts", shapes.Alerts),
)

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "POST",
        "/score",
        (Answer(200, "Scored and stored, or a retry's answer.", shapes.ScoreAnswer), *SCORING),
        body=Applicant,
    ),
    Operation(
        "POST",
        "/score/batch",
        (Answer(200, "All stored, or retries' first answers.", shapes.BatchAnswer), *SCORING),
        body=shapes.ApplicantBatch,
    ),
    Operation("GET", "/health", (Answer(200, "Up.", shapes.Health),)),
    Operation(
        "GET",
        "/health/ready",
        (
            Answer(200, "Ready: the database answered and the champion verifies.", shapes.Ready),
            Answer(503, "Not ready: `failed` names each dependency that failed.", shapes.Ready),
        ),
    ),
    Operation("GET", "/model", (Answer(200, "The served model's card.", shapes.ModelCard),)),
    Operation(
        "POST",
        "/model/champion",
        (
            Answer(200, "Promoted; now served.", shapes.Served),
            *JSON_BODY,
            *ADMIN,
            Answer(404, "No such registered version.", ERROR),
            Answer(409, "The version's files fail their checksums.", ERROR),
        ),
        body=shapes.Promotion,
        security=("bearer",),
    ),
    Operation(
        "POST",
        "/admin/retrain",
        (
            Answer(202, "Started; follow `Location`.", shapes.JobStarted, headers=("Location",)),
            Answer(409, "A retraining job is running already.", shapes.RetrainingRunning),
            *ADMIN,
        ),
        security=("bearer",),
    ),
    Operation(
        "GET",
        "/admin/jobs/<job_id>",
        (
            Answer(200, "The job has finished.", shapes.Job),
            Answer(202, "The job is running.", shapes.Job),
            Answer(400, "`wait` is not a finite number.", ERROR),
            Answer(404, "No such job.", ERROR),
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
            Answer(200, "The previous champion is served again.", shapes.Served),
            Answer(404, "There is no previous champion.", ERROR),
            Answer(409, "The previous champion's files fail their checksums.", ERROR),
            *ADMIN,
        ),
        security=("bearer",),
    ),
    Operation(
        "POST",
        "/outcomes",
        (
            Answer(200, "Already recorded with the same outcome.", shapes.OutcomeRecorded),
            Answer(201, "Recorded.", shapes.OutcomeRecorded),
            *JSON_BODY,
            *ADMIN,
            Answer(404, "No scored application has this id.", ERROR),
            Answer(409, "A different outcome is recorded already.", ERROR),
        ),
        body=OutcomeReport,
        security=("bearer",),
    ),
    Operation(
        "GET",
        "/reviews",
        (Answer(200, "The oldest pending reviews.", shapes.PendingReviews), BAD_LIMIT, *ADMIN),
        security=("bearer",),
        query=(LIMIT,),
    ),
    Operation(
        "POST",
        "/reviews/<application_id>",
        (
            Answer(200, "Already decided the same way.", shapes.DecidedReview),
            Answer(201, "Decided.", shapes.DecidedReview),
            *JSON_BODY,
            *ADMIN,
            Answer(404, "No review for this application.", ERROR),
            Answer(409, "The review was decided otherwise already.", ERROR),
        ),
        body=ReviewDecision,
        security=("bearer",),
    ),
    *(
        Operation(
            "GET",
            f"/monitoring/{name}",
            (Answer(200, f"The {name} report.", model), BAD_LIMIT, *ADMIN),
            security=("bearer",),
            query=(LIMIT,),
        )
        for name, model in MONITORING
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
        (SEE_OTHER, Answer(401, "Wrong token: the form again.", None, HTML), REFUSED, THROTTLED),
        body=shapes.LoginForm,
        body_media_type=FORM,
    ),
    Operation(
        "POST",
        "/logout",
        (SEE_OTHER, REFUSED),
        body=shapes.SessionForm,
        body_media_type=FORM,
        security=("session",),
    ),
    Operation(
        "POST",
        "/dashboard/retrain",
        (SEE_OTHER, Answer(401, "No login session.", ERROR), REFUSED),
        body=shapes.SessionForm,
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
