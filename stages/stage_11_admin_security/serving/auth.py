"""Admin authentication: a bearer token on every admin route.

Every state-changing administration route (promotion, retraining, rollback), the route that
records outcomes, and the monitoring reads call `require_admin()` first: the bearer token,
compared in constant time. Scoring stays open.
"""

import hmac
import logging

from flask import abort, request

from .context import service

LOGGER = logging.getLogger(__name__)


# repays DEBT-13 Unauthenticated admin endpoint: admin routes need a bearer token.
def require_admin_token(expected: str | None) -> None:
    """Abort with 403 when admin routes are disabled, 401 when the token is missing or wrong.

    Args:
        expected: The configured token; None disables admin routes.
    """
    if expected is None:
        abort(403, description="admin routes are disabled: no admin token is configured")
    if not has_bearer_token(expected):
        log_refused("bearer token")
        abort(401, description="a valid `Authorization: Bearer <token>` header is required")


def log_refused(credential: str) -> None:
    """Log a refused credential, never its value: repeated lines show someone guessing."""
    LOGGER.warning(
        "%s refused: %s %s from %s", credential, request.method, request.path, request.remote_addr
    )


def has_bearer_token(expected: str) -> bool:
    """Whether the request carries `Authorization: Bearer <expected>`."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and token_matches(given, expected)


def token_matches(given: str, expected: str) -> bool:
    """Compare a token in constant time."""
    return hmac.compare_digest(given.encode(), expected.encode())


def require_admin() -> None:
    """Check the current request against the application's configured admin token."""
    require_admin_token(service().settings.admin_token)
