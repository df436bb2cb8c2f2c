"""Admin authentication: a bearer token from the configuration, compared in constant time.

Every state-changing administration route (promotion, retraining, rollback), the routes that
record outcomes and reviews, and the monitoring reads call `require_admin()` first. Scoring
stays open.
"""

import hmac

from flask import abort, request

from .context import service


# repays DEBT-13 Unauthenticated admin endpoint: admin routes need a bearer token.
def require_admin_token(expected: str | None) -> None:
    """Abort with 403 when admin routes are disabled, 401 when the token is missing or wrong.

    Args:
        expected: The configured token; None disables admin routes.
    """
    if expected is None:
        abort(403, description="admin routes are disabled: no admin token is configured")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), expected.encode()):
        abort(401, description="a valid `Authorization: Bearer <token>` header is required")


def require_admin() -> None:
    """Check the current request against the application's configured admin token."""
    require_admin_token(service().settings.admin_token)
