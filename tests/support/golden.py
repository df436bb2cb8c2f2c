"""Golden-master files: approved answers per stage, and received files on mismatch.

`tests/golden/<stage>.approved.csv` holds the approved decision and probability (4 decimals)
for the 200 holdout applicants. A stage without its own file reuses the nearest earlier
stage's. On a mismatch the test writes `tests/golden/<stage>.received.csv`; after reviewing
it, approve it with `make approve STAGE=<stage>`.
"""

from pathlib import Path

import pandas as pd

from stages.instrument.stage_list import STAGE_PACKAGES

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden"
COLUMNS = ["application_id", "decision", "probability_default"]


def approved_path(stage: str) -> Path:
    """The approved file that pins `stage`: its own, else the nearest earlier stage's.

    Args:
        stage: A stage package name.

    Returns:
        The path of the approved file (it may not exist yet for the first stage).
    """
    position = STAGE_PACKAGES.index(stage)
    for candidate in reversed(STAGE_PACKAGES[: position + 1]):
        path = GOLDEN_DIR / f"{candidate}.approved.csv"
        if path.exists():
            return path
    return GOLDEN_DIR / f"{stage}.approved.csv"


def received_path(stage: str) -> Path:
    """Where the answers that did not match are written for review."""
    return GOLDEN_DIR / f"{stage}.received.csv"


def as_table(application_ids: list[str], decisions: list[str], probabilities) -> pd.DataFrame:
    """Put answers in the golden-master layout, probabilities rounded to 4 decimals."""
    return pd.DataFrame(
        {
            "application_id": application_ids,
            "decision": decisions,
            "probability_default": [f"{probability:.4f}" for probability in probabilities],
        },
        columns=COLUMNS,
    )


def read_table(path: Path) -> pd.DataFrame:
    """Read a golden-master file as strings, so that 4-decimal values compare exactly."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)
