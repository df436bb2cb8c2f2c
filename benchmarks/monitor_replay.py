"""Replay a drift scenario through the refactored stage's monitor, with selective labels.

Shared by the monitoring benchmark, the tuning script and the monitoring tests. Each batch's
outcomes are reported with the next batch, for the applicants the stage approved only (or
all of them, `labels="all"`, the oracle comparison), and the monitor runs after each batch
as serving runs it after each request.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from credit_data.codebook import TARGET
from refactored.monitoring.watch import DECISIONS, Monitor
from refactored.storage.engine import build_engine
from refactored.storage.monitoring import SqlMonitoringRepository
from stages.instrument.drift.scenarios import Scenario
from stages.instrument.drift.stream import SelectiveLabels, stream

from .scored_log import COST_CUTOFF, add_outcomes, log_batch

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Replay:
    """What one replay showed.

    Attributes:
        first_alert: The first batch after which an alert existed, or None.
        alerts: Every alert raised, oldest first.
        windows: Every checked window, newest first.
        labelled: How many outcomes were reported.
        first_alert_per_kind: For each kind of alert raised, the first batch after which one
            existed.
    """

    first_alert: int | None
    alerts: list[dict]
    windows: list[dict]
    labelled: int
    first_alert_per_kind: dict[str, int] = field(default_factory=dict)

    @property
    def kinds(self) -> list[str]:
        """The kinds of alert raised."""
        return sorted({alert["kind"] for alert in self.alerts})


def replay(
    scenario: Scenario,
    model,
    database: Path,
    labels: str = "approved",
    window_size: int | None = None,
    lead_in: int = 0,
) -> Replay:
    """Replay `scenario` on a fresh SQLite database at `database`.

    Args:
        scenario: The scenario.
        model: The registered model that scores (its `pipeline`, `version` and `card`).
        database: The SQLite file to create.
        labels: `"approved"` (a lender's labels) or `"all"` (the oracle: every outcome is
            reported and the monitor's checks use them all).
        window_size: The monitor's window; the scenario's batch size when None.
        lead_in: Applicants of the first batch logged before the stream starts (with the
            outcomes of the approved among them), so that windows straddle the batches and
            the shift.
    """
    engine = build_engine(f"sqlite:///{database}")
    findings = SqlMonitoringRepository(engine)
    monitor = Monitor(
        findings,
        window_size or scenario.batch_size,
        COST_CUTOFF,
        card=lambda: model.card,
        clock=lambda: NOW,
        labelled_decisions=("approve",) if labels == "approved" else DECISIONS,
    )
    selective = SelectiveLabels(labels)
    batches = stream(scenario)
    if lead_in:
        lead = (
            batches[0]
            .applicants.head(lead_in)
            .assign(application_id=lambda frame: "lead-" + frame["application_id"])
        )
        decisions = log_batch(engine, model, lead, NOW)
        approved = [decision == "approve" for decision in decisions]
        add_outcomes(engine, lead[approved][["application_id", TARGET]], NOW)
    first, reported, per_kind = None, 0, {}
    for batch in batches:
        outcomes = selective.outcomes(batch)
        add_outcomes(engine, outcomes, NOW)
        reported += len(outcomes)
        selective.learn(batch, log_batch(engine, model, batch.applicants, NOW))
        if monitor.check():
            first = batch.index if first is None else first
            for alert in findings.alerts(10_000):
                per_kind.setdefault(alert["kind"], batch.index)
    result = Replay(first, findings.alerts(10_000)[::-1], findings.windows(), reported, per_kind)
    engine.dispose()
    return result
