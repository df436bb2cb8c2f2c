"""Refused credentials per client address, so that guessing the admin token is throttled.

Kept in the database, so every process and host of the service counts the same refusals (a
limiter in each process's memory would allow as many guesses per window as there are
processes). One row per refused credential, deleted once older than the window. A throttled
request is not a refusal and adds no row, so one address holds at most `ALLOWED_REFUSALS`
rows: flooding the table takes as many addresses as rows.
"""

import math
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select

from .orm import RefusedCredential

REFUSALS = RefusedCredential.__table__
# 20 wrong tokens in 15 minutes from one address: then 429 until the oldest leaves the window.
ALLOWED_REFUSALS = 20
WINDOW = timedelta(minutes=15)


class SqlRefusalRepository:
    """Refused credentials in the scores database."""

    def __init__(self, engine: Engine):
        """Read and write through `engine`."""
        self.engine = engine

    def record(self, address: str, now: datetime) -> None:
        """Count one refused credential of `address`, forgetting every refusal out of the window."""
        with self.engine.begin() as connection:
            connection.execute(delete(REFUSALS).where(RefusedCredential.refused_at <= now - WINDOW))
            connection.execute(insert(REFUSALS), {"address": address, "refused_at": now})

    def retry_after(self, address: str, now: datetime) -> int:
        """Seconds until `address` may present a credential again; 0 when it may now.

        Args:
            address: The client's address.
            now: The current time (UTC).
        """
        query = (
            select(RefusedCredential.refused_at)
            .where(RefusedCredential.address == address)
            .where(RefusedCredential.refused_at > now - WINDOW)
            .order_by(RefusedCredential.refused_at.desc())
            .limit(ALLOWED_REFUSALS)
        )
        with self.engine.connect() as connection:
            recent = connection.execute(query).scalars().all()
        if len(recent) < ALLOWED_REFUSALS:
            return 0
        oldest = recent[-1] if recent[-1].tzinfo else recent[-1].replace(tzinfo=UTC)
        return max(1, math.ceil((oldest + WINDOW - now).total_seconds()))
