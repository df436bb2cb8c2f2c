"""The contract of the dashboard's pages and forms (HTML for a browser, a login session)."""

from . import contract_models as shapes
from .contract_answers import ADMIN, DISABLED, ERROR, PAGE, REFUSED, SEE_OTHER, THROTTLED
from .contract_table import FORM, HTML, Answer, Operation

PAGES: tuple[Operation, ...] = (
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
