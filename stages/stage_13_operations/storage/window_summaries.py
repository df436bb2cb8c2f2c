"""Summaries of the checked windows: what the outcome checks need, without the findings.

The outcome checks read the windows they can need in light queries (`monitoring/ledger.py`):
the database extracts each window's model version and decision counts from its drift JSON,
so no check reads every window or its findings (issue 15).
"""

from dataclasses import dataclass

from sqlalchemy import Engine, select

from .orm import MonitoredWindow


@dataclass(frozen=True)
class WindowSummary:
    """What the outcome checks need of a checked window, without its findings.

    Attributes:
        index: The window's number.
        first_id: The id of its first logged prediction.
        last_id: The id of its last.
        model_version: The model version its drift check ran against.
        decisions: How many of its predictions each decision had.
        outcomes_checked: Whether its prior and concept shift were checked.
    """

    index: int
    first_id: int
    last_id: int
    model_version: int | None
    decisions: dict
    outcomes_checked: bool


# What the outcome checks read of a window: no findings, the drift check's model version and
# decision counts extracted from its JSON by the database.
SUMMARY = select(
    MonitoredWindow.index,
    MonitoredWindow.first_id,
    MonitoredWindow.last_id,
    MonitoredWindow.drift["model_version"].as_integer(),
    MonitoredWindow.drift["decisions"],
    MonitoredWindow.performance.is_not(None),
)


class SqlWindowSummaries:
    """The summaries of the checked windows in the scores database."""

    def __init__(self, engine: Engine):
        """Read through `engine`."""
        self.engine = engine

    def window_summaries(self, from_index: int = 0) -> list[WindowSummary]:
        """The checked windows from `from_index` on, oldest first, without their findings."""
        query = SUMMARY.where(MonitoredWindow.index >= from_index).order_by(MonitoredWindow.index)
        return self._summaries(query)

    def awaiting_summaries(self, limit: int) -> list[WindowSummary]:
        """The newest `limit` windows whose outcomes were not checked, oldest first."""
        query = (
            SUMMARY.where(MonitoredWindow.performance.is_(None))
            .order_by(MonitoredWindow.index.desc())
            .limit(limit)
        )
        return self._summaries(query)[::-1]

    def reference_summaries(self, version: int, count: int) -> list[WindowSummary]:
        """The oldest `count` windows of model `version` whose outcomes were checked."""
        query = (
            SUMMARY.where(
                MonitoredWindow.performance.is_not(None),
                MonitoredWindow.drift["model_version"].as_integer() == version,
            )
            .order_by(MonitoredWindow.index)
            .limit(count)
        )
        return self._summaries(query)

    def _summaries(self, query) -> list[WindowSummary]:
        """The `WindowSummary` of each row of a `SUMMARY` query."""
        with self.engine.connect() as connection:
            return [
                WindowSummary(index, first_id, last_id, version, decisions or {}, bool(checked))
                for index, first_id, last_id, version, decisions, checked in connection.execute(
                    query
                )
            ]
