"""Score applicants through a stage's HTTP API (the helpers live in `stages`)."""

from stages.instrument.metrics import expected_calibration_error, expected_cost
from stages.instrument.scoring import ScoredRows, score_rows

__all__ = ["ScoredRows", "expected_calibration_error", "expected_cost", "score_rows"]
