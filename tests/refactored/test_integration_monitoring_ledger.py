"""Integration: an outcome check reads only the windows it can need, and still finds them all.

A check reads the newest windows awaiting outcomes, the windows they pool and the model's
reference period (`monitoring/ledger.py`), never every window. Here the reference period
(windows 0 and 1) lies far behind the windows checked later, and three windows are left
unchecked between them: the later checks must still pool from the right window and move their
probabilities by the offset fitted on the reference windows' labelled rows.
"""

import numpy as np
import pytest

from benchmarks.monitor_replay import NOW
from benchmarks.scored_log import add_outcomes, log_batch
from credit_data.codebook import APPLICATION_ID, TARGET
from refactored.monitoring.reference_period import fitted_offset
from refactored.monitoring.watch import (
    APPROVE,
    MAX_WINDOWS_AWAITING_OUTCOMES,
    POOLED_WINDOWS,
    Monitor,
)
from refactored.storage.engine import build_engine
from refactored.storage.monitoring import SqlMonitoringRepository

WINDOW = 100
FIRST_WINDOWS, LATER_WINDOWS = 10, 15


def log_with_outcomes(engine, champion, rows) -> None:
    """Log `rows` as scored, then record the outcomes of the approved among them."""
    decisions = log_batch(engine, champion, rows, NOW)
    approved = rows[[decision == APPROVE for decision in decisions]]
    add_outcomes(engine, approved[[APPLICATION_ID, TARGET]], NOW)


@pytest.fixture
def checked(instance, champion, holdout):
    """The findings after two checks: 10 windows, then 15 more, each with its outcomes."""
    rng = np.random.default_rng(3)
    total = (FIRST_WINDOWS + LATER_WINDOWS) * WINDOW
    rows = holdout.iloc[rng.choice(len(holdout), total)].reset_index(drop=True)
    rows[APPLICATION_ID] = [f"ledger-{number}" for number in range(total)]
    engine = build_engine(instance.database_url)
    findings = SqlMonitoringRepository(engine)
    monitor = Monitor(findings, WINDOW, 1 / 6, card=lambda: champion.card, clock=lambda: NOW)
    log_with_outcomes(engine, champion, rows.iloc[: FIRST_WINDOWS * WINDOW])
    monitor.check()
    log_with_outcomes(engine, champion, rows.iloc[FIRST_WINDOWS * WINDOW :])
    monitor.check()
    yield findings
    engine.dispose()


def test_later_checks_pool_from_the_right_window_against_the_distant_reference_period(
    checked, champion
):
    windows = {window["index"]: window for window in checked.windows()}
    newest = FIRST_WINDOWS + LATER_WINDOWS - 1
    awaited = range(newest - MAX_WINDOWS_AWAITING_OUTCOMES + 1, newest + 1)

    assert [index for index, w in sorted(windows.items()) if w["performance"] is None] == [
        index for index in range(FIRST_WINDOWS, awaited.start)
    ]
    labelled = [
        row
        for first in (windows[0], windows[1])
        for row in checked.labelled_between(first["first_id"], first["last_id"])
        if row.decision == APPROVE and row.model_version == champion.version
    ]
    expected = fitted_offset(
        np.asarray([row.defaulted for row in labelled]),
        np.asarray([row.probability_default for row in labelled]),
    )
    for index in awaited:
        performance = windows[index]["performance"]
        assert performance["pooled_windows"] == [max(2, index - POOLED_WINDOWS + 1), index]
        assert performance["reference"] == expected
