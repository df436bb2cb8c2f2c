"""Admin authentication: a bearer token on every admin route.

Every state-changing administration route (promotion, retraining, rollback), the route that
records outcomes, and the monitoring reads call `require_admin()` first: the bearer token,
compared in constant time. Scoring stays open.
"""

import hmac
import logging

from flask import abort, request
from werkzeug.exceptions import TooManyRequests

from ..storage.refusals import SqlRefusalRepository
from .context import service
from .scoring import utc_now

LOGGER = logging.getLogger(__name__)


# repays DEBT-13 Unauthenticated admin endpoint: admin routes need a bearer token.
def require_admin_token(expected: str | None) -> None:
    """Abort with 403 when admin routes are disabled, 401 when the token is missing or wrong.

    Args:
        expected: The configured token; None disables admin routes.
    """
    if expected is None:
        abort(403, description="admin routes are disabled: no admin token is configured")
    if not bearer_token_accepted(expected):
        abort(401, description="a valid `Authorization: Bearer <token>` header is required")


def bearer_token_accepted(expected: str) -> bool:
    """Whether the request carries the right bearer token; a wrong one is counted as refused.

    Raises:
        TooManyRequests: While this client's address has too many refusals (429, with
            `Retry-After`), whatever token it sends, so that guessing stays slow.
    """
    throttle_guessing()
    if has_bearer_token(expected):
        return True
    if "Authorization" in request.headers:
        refuse("bearer token")
    return False


def throttle_guessing() -> None:
    """Answer 429 while this client's address has too many refused credentials in the window.

    Raises:
        TooManyRequests: With `Retry-After`, the seconds until the oldest refusal counts no more.
    """
    wait = refusals().retry_after(client_address(), utc_now())
    if wait:
        LOGGER.warning("credentials throttled for %s: %d s to wait", client_address(), wait)
        raise TooManyRequests("too many wrong credentials from this address", retry_after=wait)


def refuse(credential: str) -> None:
    """Log a refused credential (never its value) and count it against the client's address."""
    log_refused(credential)
    refusals().record(client_address(), utc_now())


def refusals() -> SqlRefusalRepository:
    """The refused credentials, in the service's database (shared by all its processes)."""
    return SqlRefusalRepository(service().scores.engine)


def client_address() -> str:
    """The client's address as this process sees it (a proxy in front must pass it on)."""
    return request.remote_addr or "unknown"


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
