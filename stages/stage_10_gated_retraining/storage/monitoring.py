"""The monitoring repository: reading the prediction log by windows, storing findings.

The log is read with column selects (SQLAlchemy Core rows, not ORM objects): the monitor
reads thousands of rows per check and needs five of their columns (issue 15).
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, Row, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .orm import Alert, MonitoredWindow, Outcome, ScoredApplication

# What the monitor reads of a logged prediction.
LOGGED_COLUMNS = (
    ScoredApplication.id,
    ScoredApplication.applicant,
    ScoredApplication.probability_default,
    ScoredApplication.decision,
    ScoredApplication.model_version,
)


def window_entry(window: MonitoredWindow) -> dict:
    """A monitored window as JSON-ready data."""
    return {
        "index": window.index,
        "first_id": window.first_id,
        "last_id": window.last_id,
        "rows": window.rows,
        "checked_at": window.checked_at.isoformat(),
        "drift": window.drift,
        "performance": window.performance,
    }


def alert_entry(alert: Alert) -> dict:
    """An alert as JSON-ready data."""
    return {
        "id": alert.id,
        "window": alert.window_index,
        "kind": alert.kind,
        "subject": alert.subject,
        "message": alert.message,
        "evidence": alert.evidence,
        "raised_at": alert.raised_at.isoformat(),
    }


class SqlMonitoringRepository:
    """Windows of the prediction log and the alerts they raised, in the scores database."""

    def __init__(self, engine: Engine):
        """Read and write through `engine`."""
        self.engine = engine

    def logged_rows(self) -> int:
        """How many predictions the log holds."""
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(ScoredApplication))

    def high_water_marks(self) -> tuple[int, int]:
        """The largest prediction-log id and the largest outcome id (0 when empty), cheaply.

        The log never has more rows than its largest id, so no new window can be full while
        that id is below the next window's end; no outcome arrived while the outcome id stays.
        """
        query = select(
            select(func.max(ScoredApplication.id)).scalar_subquery(),
            select(func.max(Outcome.id)).scalar_subquery(),
        )
        with self.engine.connect() as connection:
            scored, outcomes = connection.execute(query).one()
        return scored or 0, outcomes or 0

    def window_count(self) -> int:
        """How many windows have been checked (they are numbered from 0 without gaps)."""
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(MonitoredWindow))

    def log_window(self, index: int, size: int) -> list[Row]:
        """The `index`-th window of `size` predictions, in log order.

        Returns:
            Rows with `id`, `applicant`, `probability_default`, `decision`, `model_version`.
        """
        query = select(*LOGGED_COLUMNS).order_by(ScoredApplication.id)
        with self.engine.connect() as connection:
            return list(connection.execute(query.offset(index * size).limit(size)))

    def labelled_between(self, first_id: int, last_id: int) -> list[Row]:
        """The logged predictions with ids in a range that have an outcome, in log order.

        Returns:
            Rows with the columns of `log_window` and `defaulted`.
        """
        query = (
            select(*LOGGED_COLUMNS, Outcome.defaulted)
            .join(Outcome, Outcome.application_id == ScoredApplication.application_id)
            .where(ScoredApplication.id.between(first_id, last_id))
            .order_by(ScoredApplication.id)
        )
        with self.engine.connect() as connection:
            return list(connection.execute(query))

    def window(self, index: int) -> dict | None:
        """The checked window `index`, or None."""
        with Session(self.engine) as session:
            found = session.get(MonitoredWindow, index)
            return window_entry(found) if found else None

    def windows_before(self, index: int, limit: int) -> list[dict]:
        """The checked windows just before window `index`, newest first, at most `limit`."""
        query = select(MonitoredWindow).where(MonitoredWindow.index < index)
        query = query.order_by(MonitoredWindow.index.desc()).limit(limit)
        with Session(self.engine) as session:
            return [window_entry(window) for window in session.scalars(query)]

    def windows(self, awaiting_outcomes: bool = False, limit: int | None = None) -> list[dict]:
        """Checked windows, newest first (only those without a performance check, if asked)."""
        query = select(MonitoredWindow).order_by(MonitoredWindow.index.desc())
        if awaiting_outcomes:
            query = query.where(MonitoredWindow.performance.is_(None))
        with Session(self.engine) as session:
            return [window_entry(window) for window in session.scalars(query.limit(limit))]

    def save_window(self, window: dict, alerts: Sequence[dict], now: datetime) -> bool:
        """Store a checked window and its alerts together; False if another process did."""
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(MonitoredWindow.__table__), {**window, "checked_at": now})
                self._add_alerts(connection, window["index"], alerts, now)
        except IntegrityError:
            return False
        return True

    def save_performance(
        self, index: int, performance: dict, alerts: Sequence[dict], now: datetime
    ) -> bool:
        """Store a window's performance check and its alerts, once; False if already done."""
        with self.engine.begin() as connection:
            changed = connection.execute(
                update(MonitoredWindow.__table__)
                .where(MonitoredWindow.index == index, MonitoredWindow.performance.is_(None))
                .values(performance=performance)
            ).rowcount
            if changed:
                self._add_alerts(connection, index, alerts, now)
        return bool(changed)

    @staticmethod
    def _add_alerts(connection, index: int, alerts: Sequence[dict], now: datetime) -> None:
        """Insert `alerts` of window `index`."""
        if alerts:
            rows = [{**alert, "window_index": index, "raised_at": now} for alert in alerts]
            connection.execute(insert(Alert.__table__), rows)

    def alerts(self, limit: int = 100) -> list[dict]:
        """The most recent alerts, newest first."""
        query = select(Alert).order_by(Alert.id.desc()).limit(limit)
        with Session(self.engine) as session:
            return [alert_entry(alert) for alert in session.scalars(query)]
