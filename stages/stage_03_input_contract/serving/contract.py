"""The contract table: per route and method, what the url_map does not say.

Which request body, which statuses with which answer (`contract_models.py`), who may call,
which query arguments. `openapi.py` turns it, the routes and the schemas into the OpenAPI
document served at `GET /openapi.json`; a route missing here stops the application.
"""

from ..domain.applicant import Applicant
from . import contract_models as shapes
from .contract_table import Answer, Operation

ERROR = shapes.ErrorBody

INVALID = Answer(400, "The body breaks the input contract; `fields` names each field.", ERROR)
TOO_LARGE = Answer(413, "The body is larger than the service accepts.", ERROR)
NOT_JSON = Answer(415, "The body is not sent as JSON.", ERROR)
JSON_BODY = (INVALID, TOO_LARGE, NOT_JSON)

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "POST",
        "/score",
        (Answer(200, "Scored and stored.", shapes.ScoreAnswer), *JSON_BODY),
        body=Applicant,
    ),
    Operation("GET", "/health", (Answer(200, "Up.", shapes.Health),)),
    Operation("POST", "/retrain", (Answer(200, "Trained again; now served.", shapes.Retrained),)),
)
