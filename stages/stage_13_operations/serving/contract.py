"""The contract table: per route and method, what the url_map does not say.

Which request body, which statuses with which answer (`contract_models.py`), who may call,
which query arguments; the answers many routes share are in `contract_answers.py`, the
dashboard's pages in `contract_pages.py`. `openapi.py` turns it, the routes and the schemas
into the OpenAPI document served at `GET /openapi.json`; a route missing here stops the
application.
"""

from ..domain.applicant import Applicant
from ..domain.outcome import OutcomeReport, ReviewDecision
from . import contract_models as shapes
from .contract_answers import (
    ADMIN,
    BAD_LIMIT,
    ERROR,
    JSON_BODY,
    LIMIT,
    SCORING,
)
from .contract_pages import PAGES
from .contract_table import TEXT, Answer, Operation, Query

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
        "/metrics",
        (Answer(200, "The metrics, in Prometheus' text format.", None, media_type=TEXT),),
    ),
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
        "/admin/champion-changes",
        (Answer(200, "Every change of champion, newest first.", shapes.ChampionChanges), *ADMIN),
        security=("bearer",),
    ),
    *PAGES,
)
