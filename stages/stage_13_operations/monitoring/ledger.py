"""What one outcome check reads: the checked windows and the labelled log, each read once.

One `Monitor.check()` tests up to `MAX_WINDOWS_AWAITING_OUTCOMES` windows for prior and
concept shift, each on its own labelled predictions, on those of the windows pooled with it
and on those of its model's reference period: ranges of the log that overlap. A `Ledger`
reads the summaries of the windows it can need once per check (never all the log's windows,
nor their findings), and each range of labelled predictions once (`LabelledLog`), decoding
each applicant once; a range inside one already read is sliced from it (issue 15). What the
check stores updates the ledger (`outcomes_checked`), so a window checked first in the loop
is a reference for those after it, as before.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Row

from ..storage.monitoring import SqlMonitoringRepository
from ..storage.window_summaries import SqlWindowSummaries, WindowSummary


@dataclass(frozen=True)
class Labelled:
    """Logged predictions with an outcome, in log order, column by column.

    Attributes:
        ids: The prediction-log ids (increasing).
        applicants: The applicants' inputs (dicts).
        probabilities: The probabilities of default they were given.
        decisions: The decisions.
        model_versions: The model versions that scored them.
        defaulted: The outcomes (1 = defaulted).
    """

    ids: np.ndarray
    applicants: np.ndarray
    probabilities: np.ndarray
    decisions: np.ndarray
    model_versions: np.ndarray
    defaulted: np.ndarray

    @classmethod
    def of_rows(cls, rows: Sequence[Row]) -> "Labelled":
        """The columns of logged rows with their outcome.

        Args:
            rows: Rows with `id`, `applicant`, `probability_default`, `decision`,
                `model_version` and `defaulted`.
        """
        applicants = np.empty(len(rows), dtype=object)
        applicants[:] = [row.applicant for row in rows]
        return cls(
            ids=np.asarray([row.id for row in rows], dtype=np.int64),
            applicants=applicants,
            probabilities=np.asarray([row.probability_default for row in rows], dtype=float),
            decisions=np.asarray([row.decision for row in rows], dtype=object),
            model_versions=np.asarray([row.model_version for row in rows], dtype=np.int64),
            defaulted=np.asarray([row.defaulted for row in rows], dtype=np.int64),
        )

    @classmethod
    def concatenated(cls, parts: Sequence["Labelled"]) -> "Labelled":
        """The rows of `parts`, one after the other."""
        return cls(
            *(
                np.concatenate([getattr(part, name) for part in parts])
                for name in cls.__dataclass_fields__
            )
        )

    def __len__(self) -> int:
        """How many predictions."""
        return len(self.ids)

    def where(self, mask: np.ndarray) -> "Labelled":
        """The rows where `mask` holds."""
        return Labelled(*(getattr(self, name)[mask] for name in self.__dataclass_fields__))

    def between(self, first_id: int, last_id: int) -> "Labelled":
        """The rows with ids from `first_id` to `last_id`, both included."""
        start = np.searchsorted(self.ids, first_id, side="left")
        stop = np.searchsorted(self.ids, last_id, side="right")
        return self.where(slice(start, stop))

    def approved_by(self, decisions: Sequence[str], version: int) -> "Labelled":
        """The rows with one of `decisions`, scored by model `version`."""
        chosen = np.isin(self.decisions, list(decisions)) & (self.model_versions == version)
        return self.where(chosen)


@dataclass
class LabelledLog:
    """The labelled predictions of id ranges, each range read from the database once.

    Attributes:
        findings: Where the log is read.
        read: The ranges read so far: `(first_id, last_id, rows)`.
    """

    findings: SqlMonitoringRepository
    read: list[tuple[int, int, Labelled]] = field(default_factory=list)

    def between(self, first_id: int, last_id: int) -> Labelled:
        """The labelled predictions with ids from `first_id` to `last_id`, in log order."""
        for first, last, rows in self.read:
            if first <= first_id and last_id <= last:
                return rows.between(first_id, last_id)
        rows = Labelled.of_rows(self.findings.labelled_between(first_id, last_id))
        self.read.append((first_id, last_id, rows))
        return rows


@dataclass
class Ledger:
    """The checked windows and the labelled log as one check sees them.

    Attributes:
        windows: The checked windows this check can use, by index.
        labelled: The labelled predictions, read range by range.
        outcomes_checked: The windows whose outcomes were checked (by any process).
        waiting: The windows to check (their indices, oldest first).
    """

    windows: dict[int, WindowSummary]
    labelled: LabelledLog
    outcomes_checked: set[int]
    waiting: list[int]

    @classmethod
    def read(
        cls, findings: SqlMonitoringRepository, awaiting: int, pooled: int, references: tuple
    ) -> "Ledger":
        """The windows one outcome check can use, read in at most three light queries.

        Args:
            findings: Where the windows are read.
            awaiting: How many of the newest windows awaiting outcomes to check.
            pooled: How many windows an outcome check pools (the window itself included).
            references: The model version and how many of its windows form its reference
                period.

        The ledger holds the windows to check, every window from `pooled - 1` before the
        oldest of them on (those a check pools, and those checked during this check), and the
        model version's oldest checked windows: whichever windows are its reference period
        after any check of this one are among them, however many windows the log has.
        """
        summaries = SqlWindowSummaries(findings.engine)
        waiting = summaries.awaiting_summaries(awaiting)
        windows = {}
        if waiting:
            version, count = references
            read = summaries.reference_summaries(version, count)
            read += summaries.window_summaries(waiting[0].index - pooled + 1)
            windows = {window.index: window for window in read}
        return cls(
            windows=windows,
            labelled=LabelledLog(findings),
            outcomes_checked={index for index, w in windows.items() if w.outcomes_checked},
            waiting=[window.index for window in waiting],
        )

    def awaiting(self) -> list[WindowSummary]:
        """The windows to check, oldest first."""
        return [self.windows[index] for index in self.waiting]

    def references(self, version: int, count: int) -> list[WindowSummary]:
        """The oldest `count` windows of model `version` whose outcomes were checked."""
        return [
            window
            for index, window in sorted(self.windows.items())
            if window.model_version == version and index in self.outcomes_checked
        ][:count]

    def read_ahead(self, pooled: int) -> None:
        """Read the labelled predictions of the windows to check and those they pool at once."""
        if self.waiting:
            oldest = self.waiting[0] - pooled + 1
            first = min(w.first_id for index, w in self.windows.items() if index >= oldest)
            self.labelled.between(first, self.windows[self.waiting[-1]].last_id)
