"""The answers many routes share: errors, admin refusals, pages, the `limit` argument."""

from . import contract_models as shapes
from .contract_table import HTML, Answer, Query

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
