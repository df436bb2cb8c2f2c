"""The contract table: per route and method, what the url_map does not say.

Which request body, which statuses with which answer (`contract_models.py`), who may call,
which query arguments. `openapi.py` turns it, the routes and the schemas into the OpenAPI
document served at `GET /openapi.json`; a route missing here stops the application.
"""

from ..domain.applicant import Applicant
from ..domain.outcome import OutcomeReport
from . import contract_models as shapes
from .contract_table import HTML, Answer, Operation, Query

ERROR = shapes.ErrorBody

INVALID = Answer(400, "The body breaks its contract; `fields` names each field.", ERROR)
TOO_LARGE = Answer(413, "The body is larger than the service accepts.", ERROR)
NOT_JSON = Answer(415, "The body is not sent as JSON.", ERROR)
JSON_BODY = (INVALID, TOO_LARGE, NOT_JSON)
LIMIT = Query(
    "limit",
    {"type": "integer"},
    "How many entries, newest first (at least 1, at most 1000; 0 means the default).",
)
PAGE = Answer(200, "The page.", None, HTML)
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
        (Answer(200, "Scored and stored.", shapes.ScoreAnswer), *JSON_BODY),
        body=Applicant,
    ),
    Operation(
        "POST",
        "/score/batch",
        (Answer(200, "All scored and stored.", shapes.BatchAnswer), *JSON_BODY),
        body=shapes.ApplicantBatch,
    ),
    Operation("GET", "/health", (Answer(200, "Up.", shapes.Health),)),
    Operation("GET", "/model", (Answer(200, "The served model's card.", shapes.ModelCard),)),
    Operation("POST", "/retrain", (Answer(200, "Trained again; now served.", shapes.Retrained),)),
    Operation(
        "POST",
        "/outcomes",
        (
            Answer(200, "Already recorded with the same outcome.", shapes.OutcomeRecorded),
            Answer(201, "Recorded.", shapes.OutcomeRecorded),
            *JSON_BODY,
            Answer(404, "No scored application has this id.", ERROR),
            Answer(409, "A different outcome is recorded already.", ERROR),
        ),
        body=OutcomeReport,
    ),
    *(
        Operation(
            "GET",
            f"/monitoring/{name}",
            (Answer(200, f"The {name} report.", model), BAD_LIMIT),
            query=(LIMIT,),
        )
        for name, model in MONITORING
    ),
    Operation("GET", "/dashboard", (PAGE,)),
)
