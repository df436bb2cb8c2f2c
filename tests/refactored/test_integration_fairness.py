"""Integration: the monitor's fairness figures on a real database.

What counts as approved (automatically or by a reviewer; a pending review is undecided), a
ratio with its interval in every window (the smaller group pooled over windows until it is
large enough), and the card's figures and proxy audit.
"""

import numpy as np
import pandas as pd

from benchmarks.monitor_replay import NOW, replay
from benchmarks.scored_log import log_batch
from credit_data.codebook import APPLICATION_ID
from refactored.domain.fairness import MIN_GROUP_ROWS
from refactored.monitoring.watch import Monitor
from refactored.storage.engine import build_engine
from refactored.storage.monitoring import SqlMonitoringRepository
from refactored.storage.reviews import SqlReviewRepository
from stages.instrument.drift.scenarios import scenario

ATTRIBUTES = ("sex", "age", "foreign_worker")
WINDOW = 200


def test_every_replay_window_rates_every_attribute_with_an_interval_pooling_small_groups(
    tmp_path, champion
):
    result = replay(scenario("baseline"), champion, tmp_path / "replay.db")

    entries = [window["drift"]["fairness"]["groups"] for window in result.windows]
    assert len(entries) == scenario("baseline").batches
    for entry in entries:
        for attribute in ATTRIBUTES:
            low, high = entry[attribute]["interval"]
            assert low <= entry[attribute]["ratio"] <= high, (attribute, entry[attribute])
    foreign = [entry["foreign_worker"] for entry in entries]
    # About 20 of a window of 500 are not foreign workers: the ratio pools windows.
    assert min(f["groups"]["no"]["decided"] for f in foreign) < MIN_GROUP_ROWS
    assert any(f["pooled_windows"] > 1 for f in foreign)
    for window, f in zip(result.windows, foreign, strict=True):
        pooled = min(counts["decided"] for counts in f["pooled_groups"].values())
        assert f["enough"] == (pooled >= MIN_GROUP_ROWS)
        # Short of the minimum only when every earlier window is pooled already.
        assert f["enough"] or f["pooled_windows"] == window["index"] + 1


def logged_window(tmp_path, champion, holdout) -> tuple:
    """A window of the 200 holdout applicants logged with serving's decisions, and its engine."""
    rows = holdout.copy().reset_index(drop=True)
    rows[APPLICATION_ID] = [f"fair-{number}" for number in range(len(rows))]
    engine = build_engine(f"sqlite:///{tmp_path / 'fair.db'}")
    decisions = np.asarray(log_batch(engine, champion, rows, NOW))
    return engine, rows, decisions


def checked_fairness(engine, champion) -> dict:
    """Check the window and return its stored fairness groups."""
    findings = SqlMonitoringRepository(engine)
    Monitor(findings, WINDOW, 1 / 6, card=lambda: champion.card, clock=lambda: NOW).check()
    return findings.window(0)["drift"]["fairness"]["groups"]


def test_a_reviewers_approval_counts_as_approved(tmp_path, champion, holdout):
    engine, rows, decisions = logged_window(tmp_path, champion, holdout)
    reviews = SqlReviewRepository(engine)
    for application_id in rows[APPLICATION_ID][decisions == "review"]:
        reviews.decide(application_id, "approve", "known customer", NOW, "reviewer")

    groups = checked_fairness(engine, champion)

    reviewed = int(np.sum(decisions == "review"))
    assert reviewed > 0
    for attribute in ATTRIBUTES:
        counts = groups[attribute]["groups"].values()
        assert sum(c["approved"] for c in counts) == np.sum(decisions == "approve") + reviewed
        assert sum(c["decided"] for c in counts) == len(rows)
    engine.dispose()


def test_a_pending_review_counts_as_undecided(tmp_path, champion, holdout):
    engine, rows, decisions = logged_window(tmp_path, champion, holdout)

    groups = checked_fairness(engine, champion)

    for attribute in ATTRIBUTES:
        counts = groups[attribute]["groups"].values()
        assert sum(c["approved"] for c in counts) == np.sum(decisions == "approve")
        assert sum(c["decided"] for c in counts) == np.sum(decisions != "review")
        assert sum(c["applicants"] for c in counts) == len(rows)
    engine.dispose()


def test_the_card_rates_out_of_sample_rows_with_intervals_and_audits_the_proxies(champion):
    card = champion.card
    fairness = card["metrics"]["fairness"]
    proxies = card["metrics"]["protected_attributes"]["proxies"]

    foreign = fairness["foreign_worker"]
    assert foreign["groups"]["not_foreign"]["applicants"] > 30
    assert foreign["interval"][0] <= foreign["ratio"] <= foreign["interval"][1]
    assert set(proxies) == {"age_under_25", "female", "foreign_worker"}
    assert proxies["age_under_25"]["cv_auc_mean"] > 0.7
    assert proxies["age_under_25"]["reading"] == "strong"
    assert "Proxy audit" in card["training_report"]
    assert pd.notna(proxies["female"]["cv_auc_std"])
