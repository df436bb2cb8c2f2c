"""The monitor: checks each new window of the prediction log, and each window's outcomes.

Windows are counted, not timed: window `k` is the predictions `k·size` to `(k+1)·size − 1`
in log order. `check()` is cheap when nothing is new (one query of two indexed maxima), so
serving calls it after every scoring request and before every monitoring read. Each window is
checked once: for drift as soon as it is full, for prior and concept shift as soon as
`MIN_LABELLED_SHARE` of it has outcomes. A window and its alerts are stored in one
transaction, and two processes checking the same window store it once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from ..features.columns import CATEGORICAL_FEATURES, INPUT_FEATURES
from ..storage.monitoring import SqlMonitoringRepository
from .alerts import drift_alerts, performance_alerts
from .drift import drift_report
from .performance import performance_report

MIN_LABELLED_SHARE = 0.8
# Windows older than the newest this many are no longer waited on for outcomes.
MAX_WINDOWS_AWAITING_OUTCOMES = 12


@dataclass(frozen=True)
class Monitor:
    """Checks the prediction log of one database against the served model's card.

    Attributes:
        repository: The monitoring repository.
        window_size: The predictions per window.
        cutoff: The decision cut-off.
        card: Gives the served model's card (its reference statistics and holdout figures).
        clock: Gives the current time.
        seen: What this process saw at its last check: the windows checked and the largest
            outcome id (another process may have checked more; the database decides).
    """

    repository: SqlMonitoringRepository
    window_size: int
    cutoff: float
    card: Callable[[], dict]
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    seen: dict = field(default_factory=lambda: {"windows": 0, "outcome_id": -1})

    def check(self) -> int:
        """Check every new full window, then every window whose outcomes have arrived.

        Returns:
            How many alerts were raised.
        """
        raised, new_windows = 0, False
        last_scored, last_outcome = self.repository.high_water_marks()
        if last_scored >= (self.seen["windows"] + 1) * self.window_size:
            new_windows = True
            full = self.repository.logged_rows() // self.window_size
            for index in range(self.repository.window_count(), full):
                raised += self.check_drift(index)
            self.seen["windows"] = max(self.seen["windows"], full)
        if last_outcome != self.seen["outcome_id"] or new_windows:
            for window in self.repository.windows(True, MAX_WINDOWS_AWAITING_OUTCOMES):
                raised += self.check_outcomes(window)
            self.seen["outcome_id"] = last_outcome
        return raised

    def check_drift(self, index: int) -> int:
        """Check window `index` for input and output drift and store it with its alerts."""
        rows = self.repository.log_window(index, self.window_size)
        card = self.card()
        inputs = pd.DataFrame([row.applicant for row in rows], columns=list(INPUT_FEATURES))
        probabilities = np.asarray([row.probability_default for row in rows])
        report = drift_report(
            inputs, probabilities, card["reference_statistics"], self.cutoff, holdout_figures(card)
        )
        window = {
            "index": index,
            "first_id": rows[0].id,
            "last_id": rows[-1].id,
            "rows": len(rows),
            "drift": {**report, "model_version": card["version"]},
        }
        alerts = drift_alerts(report)
        return len(alerts) if self.repository.save_window(window, alerts, self.clock()) else 0

    def check_outcomes(self, window: dict) -> int:
        """Check a window for prior and concept shift once enough of its outcomes are known."""
        labelled = self.repository.labelled_window(window)
        if len(labelled) < MIN_LABELLED_SHARE * window["rows"]:
            return 0
        card = self.card()
        inputs = pd.DataFrame([row.applicant for row, _ in labelled], columns=list(INPUT_FEATURES))
        report = performance_report(
            np.asarray([defaulted for _, defaulted in labelled]),
            np.asarray([row.probability_default for row, _ in labelled]),
            inputs,
            list(CATEGORICAL_FEATURES),
            holdout_figures(card),
        )
        report["model_version"] = card["version"]
        alerts = performance_alerts(report)
        saved = self.repository.save_performance(window["index"], report, alerts, self.clock())
        return len(alerts) if saved else 0


def holdout_figures(card: dict) -> dict:
    """The holdout metrics of a card, with the holdout's size and bad rate."""
    holdout = card["metrics"]["holdout"]
    data = card["training_data"]
    return {**holdout, "rows": data["holdout_rows"], "bad_rate": holdout_bad_rate(data)}


def holdout_bad_rate(data: dict) -> float:
    """The holdout's bad rate, from the data summary's overall and training bad rates."""
    total = data["training_rows"] + data["holdout_rows"]
    return (data["bad_rate"] * total - data["training_bad_rate"] * data["training_rows"]) / data[
        "holdout_rows"
    ]
