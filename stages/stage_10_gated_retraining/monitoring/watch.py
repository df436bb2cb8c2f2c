"""The monitor: checks each new window of the prediction log, and each window's outcomes.

Windows are counted, not timed: window `k` is the predictions `k·size` to `(k+1)·size − 1`
in log order. `check()` is cheap when nothing is new (one query of two indexed maxima), so
serving calls it after every scoring request and before every monitoring read.

Each window is checked once for drift as soon as it is full: inputs and outputs, the
performance its probabilities predict (`estimation.py`) and the approval-rate ratios of the
protected groups (`fairness.py`). It is checked once for prior and concept shift when
`MIN_LABELLED_SHARE` of its automatically approved applicants have outcomes: only approved
applicants ever repay or default, so the rejected are never waited for. Applicants approved
by a reviewer are left out of those checks: the reviewer decided on information the model
does not have, so the model's probabilities need not be calibrated on them. The first
`REFERENCE_WINDOWS` windows of a model version whose outcomes were checked are checked
against its raw probabilities and form its reference period (`reference_period.py`); each
later window is checked on the labelled approved applicants of up to `POOLED_WINDOWS`
windows after the reference period, ending with it, against the probabilities moved by the
reference's offset (a window whose outcomes never come blocks nothing). A window and its
alerts are stored in one transaction, and two processes checking the same window store it
once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from credit_data.codebook import COST_FALSE_APPROVAL, COST_FALSE_REJECTION

from ..features.columns import INPUT_FEATURES
from ..storage.monitoring import SqlMonitoringRepository
from ..storage.window_summaries import WindowSummary
from .alerts import drift_alerts, fairness_alerts, performance_alerts
from .drift import drift_report, holdout_figures
from .estimation import estimated_performance, realised_beside_estimated
from .ledger import Labelled, Ledger
from .performance import performance_report
from .reference_period import REFERENCE_WINDOWS, fitted_offset, known_offset
from .window_fairness import window_fairness

APPROVE, REVIEW, REJECT = "approve", "review", "reject"
DECISIONS = (APPROVE, REVIEW, REJECT)
MIN_LABELLED_SHARE = 0.8
# The outcome checks of a window pool its labelled applicants with those of the windows just
# before it: with selective labels a window of 500 has only 100-150 labelled applicants.
# Chosen on the tuning scenarios (`benchmarks/monitoring_tuning.py`), with `performance.py`'s.
POOLED_WINDOWS = 6
# Windows older than the newest this many are no longer waited on for outcomes.
MAX_WINDOWS_AWAITING_OUTCOMES = 12


# repays DEBT-08 Act Now, Reflect Never: every window is checked for drift and shift.
@dataclass(frozen=True)
class Monitor:
    """Checks the prediction log of one database against the served model's card.

    Attributes:
        findings: Where windows and alerts are read and stored.
        window_size: The predictions per window.
        cutoff: The decision cut-off.
        card: Gives the served model's card (its reference statistics and holdout figures).
        costs: The cost of approving a defaulter and of rejecting a repayer.
        labelled_decisions: Whose outcomes the checks use: the automatically approved (a
            lender's labels); the benchmark's oracle adds `review` and `reject`.
        clock: Gives the current time.
        seen: What this process saw at its last check: the windows checked and the largest
            outcome id (another process may have checked more; the database decides).
    """

    findings: SqlMonitoringRepository
    window_size: int
    cutoff: float
    card: Callable[[], dict]
    costs: tuple[float, float] = (COST_FALSE_APPROVAL, COST_FALSE_REJECTION)
    labelled_decisions: tuple[str, ...] = (APPROVE,)
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    seen: dict = field(default_factory=lambda: {"windows": 0, "outcome_id": -1})

    def check(self) -> int:
        """Check every new full window, then every window whose outcomes have arrived.

        Returns:
            How many alerts were raised.
        """
        raised, new_windows, card = 0, False, None
        last_scored, last_outcome = self.findings.high_water_marks()
        if last_scored >= (self.seen["windows"] + 1) * self.window_size:
            new_windows, card = True, self.card()
            offset = known_offset(self.findings, card["version"], self.labelled_decisions)
            full = self.findings.logged_rows() // self.window_size
            for index in range(self.findings.window_count(), full):
                raised += self.check_drift(index, card, offset)
            self.seen["windows"] = max(self.seen["windows"], full)
        if last_outcome != self.seen["outcome_id"] or new_windows:
            card = card or self.card()
            ledger = Ledger.read(
                self.findings,
                MAX_WINDOWS_AWAITING_OUTCOMES,
                POOLED_WINDOWS,
                (card["version"], REFERENCE_WINDOWS),
            )
            ledger.read_ahead(POOLED_WINDOWS)
            # Oldest first: a model's first checked windows are its reference period.
            for window in ledger.awaiting():
                raised += self.check_outcomes(window, card, ledger)
            self.seen["outcome_id"] = last_outcome
        return raised

    def check_drift(self, index: int, card: dict, offset: float | None) -> int:
        """Check window `index` for drift, estimate its performance, measure fairness.

        The estimate moves the approved's probabilities by the reference period's `offset`
        once it is known (None before).
        """
        rows = self.findings.log_window(index, self.window_size)
        inputs = pd.DataFrame([row.applicant for row in rows], columns=list(INPUT_FEATURES))
        probabilities = np.asarray([row.probability_default for row in rows])
        decisions = np.asarray([row.decision for row in rows])
        report = drift_report(
            inputs, probabilities, card["reference_statistics"], self.cutoff, holdout_figures(card)
        )
        fairness = window_fairness(self.findings, index, decisions, inputs, card["version"])
        window = {
            "index": index,
            "first_id": rows[0].id,
            "last_id": rows[-1].id,
            "rows": len(rows),
            "drift": {
                **report,
                "model_version": card["version"],
                "decisions": {name: int(np.sum(decisions == name)) for name in DECISIONS},
                "estimated_performance": estimated_performance(
                    probabilities, decisions == APPROVE, self.costs, offset
                ),
                "fairness": {"groups": fairness, "alerts": fairness_alerts(fairness)},
            },
        }
        alerts = drift_alerts(report)
        return len(alerts) if self.findings.save_window(window, alerts, self.clock()) else 0

    # repays DEBT-17 Flying blind on outcomes: approved applicants' outcomes are checked.
    def check_outcomes(self, window: WindowSummary, card: dict, ledger: Ledger) -> int:
        """Check a window for prior and concept shift once most of its approved have outcomes."""
        approved = sum(window.decisions.get(decision, 0) for decision in self.labelled_decisions)
        version = card["version"]
        own = self.labelled_approved(ledger, window.first_id, window.last_id, version)
        if approved == 0 or len(own) < MIN_LABELLED_SHARE * approved:
            return 0
        references = ledger.references(version, REFERENCE_WINDOWS)
        reference, labelled, start = None, own, window.index
        if len(references) == REFERENCE_WINDOWS and window.index > references[-1].index:
            rows = Labelled.concatenated(
                [
                    self.labelled_approved(ledger, entry.first_id, entry.last_id, version)
                    for entry in references
                ]
            )
            reference = fitted_offset(rows.defaulted, rows.probabilities)
            start = max(references[-1].index + 1, window.index - POOLED_WINDOWS + 1)
            oldest = ledger.windows[start]
            labelled = self.labelled_approved(ledger, oldest.first_id, window.last_id, version)
        inputs = pd.DataFrame(list(labelled.applicants), columns=list(INPUT_FEATURES))
        report = performance_report(
            labelled.defaulted,
            labelled.probabilities,
            inputs,
            card["reference_statistics"]["features"],
            reference=reference,
        )
        report |= {
            "model_version": version,
            "pooled_windows": [start, window.index],
            "approved_rows": approved,
            "estimated_and_realised": realised_beside_estimated(
                labelled.defaulted,
                labelled.probabilities,
                self.costs[0],
                None if reference is None else reference["offset"],
            ),
        }
        alerts = performance_alerts(report)
        saved = self.findings.save_performance(window.index, report, alerts, self.clock())
        # Checked now, by this process or (when not saved) by another one.
        ledger.outcomes_checked.add(window.index)
        return len(alerts) if saved else 0

    def labelled_approved(
        self, ledger: Ledger, first_id: int, last_id: int, version: int
    ) -> Labelled:
        """The labelled predictions of a model version in an id range (approved ones)."""
        rows = ledger.labelled.between(first_id, last_id)
        return rows.approved_by(self.labelled_decisions, version)
