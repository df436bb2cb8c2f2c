"""Score applicants through a stage's HTTP API (the helpers live in `stages`)."""

from stages.metrics import expected_calibration_error, expected_cost
from stages.scoring import ScoredRows, score_rows

__all__ = ["ScoredRows", "expected_calibration_error", "expected_cost", "score_rows"]
