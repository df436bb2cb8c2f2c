"""A window's fairness figures: who was approved, and the windows pooled with it.

An applicant counts as approved when approved automatically or by a reviewer; an application
whose review is still pending when the window is checked counts as undecided
(`domain/fairness.py` argues both). The window's counts are those known when it is checked,
and stored with it; a later window that pools them pools those counts: a review decided after
its window was checked is not counted, and the `decided` beside `applicants` says how many.
"""

import numpy as np
import pandas as pd
from sqlalchemy import Row

from ..domain.policy import APPROVE, REVIEW
from ..storage.monitoring import SqlMonitoringRepository
from .fairness import MAX_POOLED_WINDOWS, fairness_report


def window_fairness(
    findings: SqlMonitoringRepository,
    index: int,
    decisions: np.ndarray,
    inputs: pd.DataFrame,
    version: int,
) -> dict:
    """The fairness report of window `index`, pooled with the model version's windows before.

    Args:
        findings: The monitoring repository (earlier windows).
        index: The window's index.
        decisions: Its applicants' decisions, in log order (`final_decisions`).
        inputs: Its applicants.
        version: The model version that scored the window: windows of another are not pooled.

    Returns:
        Per protected attribute, the entry of `fairness.fairness_report`.
    """
    earlier = []
    for window in findings.windows_before(index, MAX_POOLED_WINDOWS - 1):
        if window["drift"].get("model_version") != version or "fairness" not in window["drift"]:
            break
        earlier.append(window["drift"]["fairness"]["groups"])
    return fairness_report(inputs, decisions == APPROVE, decisions != REVIEW, earlier)


def final_decisions(findings: SqlMonitoringRepository, rows: list[Row]) -> np.ndarray:
    """Each applicant's decision: the automatic one, or the reviewer's (`review` while pending)."""
    reviewed = findings.review_decisions(rows[0].id, rows[-1].id)
    return np.asarray(
        [
            (reviewed.get(row.id) or REVIEW) if row.decision == REVIEW else row.decision
            for row in rows
        ]
    )
