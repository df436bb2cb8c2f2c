"""A window's fairness figures: who was approved, and the windows pooled with it.

Every decision here is automatic (no person reviews an application yet), so an applicant
counts as approved when the model approved it, and every application is decided
(`domain/fairness.py`). The window's counts are stored with it, and a later window whose
smaller group is short of the minimum pools them.
"""

import numpy as np
import pandas as pd

from ..domain.policy import APPROVE
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
        decisions: Its applicants' decisions, in log order.
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
    return fairness_report(inputs, decisions == APPROVE, None, earlier)
