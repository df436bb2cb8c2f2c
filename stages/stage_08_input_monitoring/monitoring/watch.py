"""The monitor: checks each new window of the prediction log for drift.

Windows are counted, not timed: window `k` is the predictions `k·size` to `(k+1)·size − 1`
in log order. `check()` is cheap when nothing is new (one query of an indexed maximum), so
serving calls it after every scoring request and before every monitoring read.

Each window is checked once, as soon as it is full, against the served model's reference
statistics (its card): each input feature, the score distribution and the approval rate
(`drift.py`). Only what the service itself sees is checked: no outcome is taken back, so a
change in who defaults among applicants who look the same cannot show here. A window and its
alerts are stored in one transaction, and two processes checking the same window store it
once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from ..features.columns import INPUT_FEATURES
from ..storage.monitoring import SqlMonitoringRepository
from .alerts import drift_alerts
from .drift import drift_report, holdout_figures

APPROVE, REVIEW, REJECT = "approve", "review", "reject"
DECISIONS = (APPROVE, REVIEW, REJECT)


# repays DEBT-08 Act Now, Reflect Never: every window is checked for drift and shift.
# DEBT-17 Flying blind on outcomes: no repayment outcome is taken back or checked.
@dataclass(frozen=True)
class Monitor:
    """Checks the prediction log of one database against the served model's card.

    Attributes:
        findings: Where windows and alerts are read and stored.
        window_size: The predictions per window.
        cutoff: The decision cut-off.
        card: Gives the served model's card (its reference statistics and holdout figures).
        clock: Gives the current time.
        seen: What this process saw at its last check: the windows checked (another process
            may have checked more; the database decides).
    """

    findings: SqlMonitoringRepository
    window_size: int
    cutoff: float
    card: Callable[[], dict]
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    seen: dict = field(default_factory=lambda: {"windows": 0})

    def check(self) -> int:
        """Check every new full window.

        Returns:
            How many alerts were raised.
        """
        raised = 0
        if self.findings.high_water_mark() >= (self.seen["windows"] + 1) * self.window_size:
            card = self.card()
            full = self.findings.logged_rows() // self.window_size
            for index in range(self.findings.window_count(), full):
                raised += self.check_drift(index, card)
            self.seen["windows"] = max(self.seen["windows"], full)
        return raised

    def check_drift(self, index: int, card: dict) -> int:
        """Check window `index` for drift in the inputs, the scores and the approval rate."""
        rows = self.findings.log_window(index, self.window_size)
        inputs = pd.DataFrame([row.applicant for row in rows], columns=list(INPUT_FEATURES))
        probabilities = np.asarray([row.probability_default for row in rows])
        decisions = np.asarray([row.decision for row in rows])
        report = drift_report(
            inputs, probabilities, card["reference_statistics"], self.cutoff, holdout_figures(card)
        )
        window = {
            "index": index,
            "first_id": rows[0].id,
            "last_id": rows[-1].id,
            "rows": len(rows),
            "drift": {
                **report,
                "model_version": card["version"],
                "decisions": {name: int(np.sum(decisions == name)) for name in DECISIONS},
            },
        }
        alerts = drift_alerts(report)
        return len(alerts) if self.findings.save_window(window, alerts, self.clock()) else 0
