"""Anonymous scoring volume per client: applicants scored per minute, counted per address.

Scoring is open to anyone who can reach the service, and one request may carry up to 20,000
applicants: without a limit, one client fills the disk and the review queue. Each process
counts the applicants each client address sent in the last minute (a moving window of the
`limits` library, in this process's memory: with several workers the service as a whole
admits up to that many times more). A request that would exceed `SCORING_ROWS_PER_MINUTE` is
refused whole with 429 and `Retry-After`, before anything is scored or stored, and logged
with its address; 0 turns the limit off. Within the limit a client still leaves a trace: each
stored application keeps the address that sent it, and each pending review shows it.
"""

import logging
import math
import time

from flask import Flask, current_app
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from .auth import client_address

EXTENSION = "scoring_volume"
LOGGER = logging.getLogger(__name__)


class ScoringVolume:
    """Admits a client's scoring requests while its applicants per minute stay under a limit."""

    def __init__(self, rows_per_minute: int):
        """Limit every client address to `rows_per_minute` applicants (0: no limit)."""
        self.item = RateLimitItemPerMinute(rows_per_minute) if rows_per_minute > 0 else None
        self.limiter = MovingWindowRateLimiter(MemoryStorage()) if self.item is not None else None

    def admit(self, address: str, rows: int) -> None:
        """Count `rows` applicants of `address`, or refuse the request whole.

        Raises:
            TooManyRequests: With `Retry-After`, if the rows would exceed the address's limit
                (or a single request carries more than the limit).
        """
        if self.item is None or self.limiter is None:
            return
        if rows <= self.item.amount and self.limiter.hit(self.item, address, cost=rows):
            return
        reset_at = self.limiter.get_window_stats(self.item, address).reset_time
        wait = max(1, math.ceil(reset_at - time.time()))
        LOGGER.warning("scoring volume refused: %d applicants from %s", rows, address)
        raise TooManyRequests(
            f"more than {self.item.amount} applicants a minute from this address", retry_after=wait
        )


def attach_volume(app: Flask, rows_per_minute: int) -> None:
    """Give `app` its scoring volume limit."""
    app.extensions[EXTENSION] = ScoringVolume(rows_per_minute)


def admit_scoring(rows: int) -> None:
    """Count this request's applicants against its client's limit (429 when over it)."""
    current_app.extensions[EXTENSION].admit(client_address(), rows)
