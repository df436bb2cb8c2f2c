"""Admin authentication: a named bearer token on every admin route.

Every state-changing administration route (promotion, retraining, rollback), the route that
records outcomes, and the monitoring reads call `require_admin()` first: the bearer token,
compared in constant time with every configured one (`credentials.py`). It returns the name
of the credential, which the route records with what it changes. Scoring stays open.
"""

import logging
from collections.abc import Mapping

from flask import abort, request
from werkzeug.exceptions import TooManyRequests

from ..credentials import credential_named
from ..storage.refusals import SqlRefusalRepository
from .context import service
from .scoring import utc_now

LOGGER = logging.getLogger(__name__)


# repays DEBT-13 Unauthenticated admin endpoint: admin routes need a bearer token.
def require_admin_token(credentials: Mapping[str, str]) -> str:
    """The name of the request's credential; 403 when admin routes are disabled, 401 when wrong.

    Args:
        credentials: The configured tokens by name; none disables admin routes.

    Returns:
        The name of the credential the request carries.
    """
    if not credentials:
        abort(403, description="admin routes are disabled: no admin token is configured")
    name = bearer_credential(credentials)
    if name is None:
        abort(401, description="a valid `Authorization: Bearer <token>` header is required")
    return name


def bearer_credential(credentials: Mapping[str, str]) -> str | None:
    """The name of the request's bearer token, or None; a wrong token is counted as refused.

    Raises:
        TooManyRequests: While this client's address has too many refusals (429, with
            `Retry-After`), whatever token it sends, so that guessing stays slow.
    """
    throttle_guessing()
    name = bearer_token_name(credentials)
    if name is None and "Authorization" in request.headers:
        refuse("bearer token")
    return name


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


def bearer_token_name(credentials: Mapping[str, str]) -> str | None:
    """The name of the credential in `Authorization: Bearer <token>`, or None."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return credential_named(credentials, given) if scheme.lower() == "bearer" else None


def require_admin() -> str:
    """Check the current request against the configured admin tokens; return the name."""
    return require_admin_token(service().settings.admin_tokens)
