"""Named admin credentials: one bearer token per person, so every decision names who made it.

`ADMIN_TOKENS` names each token, `name=token` pairs separated by commas
(`alice=<token>,bob=<token>`); `ADMIN_TOKEN`, a single token, is named `admin`. A promotion,
a rollback, a retraining request (and, from the review stage, a review decision) records the
name of the credential that made it, never the token.

Each token is checked at start: at least `MIN_TOKEN_LENGTH` characters (the token is the only
credential of the admin routes), and no two names share one (a token would then name two
people, and a record could not say which one acted).
"""

import hmac
import re
from collections.abc import Mapping

# A token shorter than this is refused at start-up.
MIN_TOKEN_LENGTH = 16
# The name of the single `ADMIN_TOKEN`.
SINGLE_TOKEN_NAME = "admin"
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_.-]{0,39}")
GENERATE_ONE = "generate one with `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"


def admin_credentials(single: object, named: object) -> dict[str, str]:
    """The admin tokens by name, from the `ADMIN_TOKEN` and `ADMIN_TOKENS` settings.

    Args:
        single: The `ADMIN_TOKEN` setting (None or empty: none).
        named: The `ADMIN_TOKENS` setting: a mapping of names to tokens, or its text form
            `name=token,name=token` (None or empty: none).

    Returns:
        Each person's name and token; empty when no token is configured.

    Raises:
        ValueError: If a name is malformed or repeated, a token is too short, or two names
            share a token.
    """
    pairs = list(named_pairs(named))
    if single:
        pairs.append((SINGLE_TOKEN_NAME, str(single)))
    credentials: dict[str, str] = {}
    for name, token in pairs:
        check_credential(name, token, credentials)
        credentials[name] = token
    return credentials


def named_pairs(named: object) -> list[tuple[str, str]]:
    """The (name, token) pairs of the `ADMIN_TOKENS` setting, in the order given."""
    if not named:
        return []
    if isinstance(named, Mapping):
        return [(str(name), str(token)) for name, token in named.items()]
    pairs = []
    for entry in str(named).split(","):
        name, separator, token = entry.strip().partition("=")
        if not separator:
            raise ValueError("ADMIN_TOKENS must be `name=token` pairs separated by commas")
        pairs.append((name.strip(), token.strip()))
    return pairs


def check_credential(name: str, token: str, known: Mapping[str, str]) -> None:
    """Refuse a malformed or repeated name, a short token, or a token another name holds.

    Raises:
        ValueError: Naming the credential (never showing a token).
    """
    if not NAME_PATTERN.fullmatch(name):
        raise ValueError(
            f"admin credential name {name!r} must be lower-case letters, digits, `.`, `_` or "
            "`-`, starting with a letter, at most 40 characters"
        )
    if name in known:
        raise ValueError(f"admin credential {name!r} is configured twice")
    if len(token) < MIN_TOKEN_LENGTH:
        raise ValueError(
            f"the admin token of {name!r} must be at least {MIN_TOKEN_LENGTH} characters long "
            f"(got {len(token)}); {GENERATE_ONE}"
        )
    for other, other_token in known.items():
        if hmac.compare_digest(token.encode(), other_token.encode()):
            raise ValueError(f"admin credentials {other!r} and {name!r} share one token")


def credential_named(credentials: Mapping[str, str], given: str) -> str | None:
    """The name of the credential whose token is `given`, or None.

    Every token is compared, in constant time, whichever matches: the time taken says nothing
    about which name, or how much of a token, was right.
    """
    found = None
    for name, token in credentials.items():
        if hmac.compare_digest(given.encode(), token.encode()):
            found = name
    return found
