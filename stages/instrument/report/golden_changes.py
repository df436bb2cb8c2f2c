"""The golden-master changes between a stage and its predecessor: which decisions changed.

Each stage is pinned by `tests/golden/<package>.approved.csv` (200 holdout applicants: decision
and probability, 4 decimals), or, when it has no file of its own, by the nearest earlier
stage's file (see `tests/support/golden.py`).
"""

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..manifest import REPOSITORY_ROOT, Manifest, Stage

GOLDEN_DIR = REPOSITORY_ROOT / "tests" / "golden"
KEY = "application_id"


@dataclass
class GoldenChanges:
    """How a stage's approved answers differ from its predecessor's.

    Attributes:
        file: The approved file pinning the stage (relative to the repository), or None.
        previous_file: The predecessor's, or None.
        compared: Applicants in both files.
        changed: One row per applicant whose decision changed: id, decisions and
            probabilities before and after.
        largest_shift: The largest change of a probability of default.
        mean_shift: The mean absolute change of the probabilities.
    """

    file: str | None
    previous_file: str | None
    compared: int = 0
    changed: list[dict] = field(default_factory=list)
    largest_shift: float | None = None
    mean_shift: float | None = None

    @property
    def same_file(self) -> bool:
        """Whether both stages are pinned by the same approved file (a pure refactoring)."""
        return self.file is not None and self.file == self.previous_file


def approved_file(manifest: Manifest, stage: Stage) -> Path | None:
    """The approved file that pins `stage`: its own, else the nearest earlier stage's."""
    position = manifest.stages.index(stage)
    for candidate in reversed(manifest.stages[: position + 1]):
        path = GOLDEN_DIR / f"{candidate.package}.approved.csv"
        if path.exists():
            return path
    return None


def relative(path: Path | None) -> str | None:
    """The path relative to the repository, as text."""
    return None if path is None else path.relative_to(REPOSITORY_ROOT).as_posix()


def golden_changes(manifest: Manifest, stage: Stage) -> GoldenChanges:
    """Compare the stage's approved answers with its predecessor's."""
    previous = manifest.predecessor(stage)
    current_path = approved_file(manifest, stage)
    previous_path = approved_file(manifest, previous) if previous else None
    changes = GoldenChanges(relative(current_path), relative(previous_path))
    if current_path is None or previous_path is None or changes.same_file:
        return changes
    before = pd.read_csv(previous_path, dtype={KEY: str}, keep_default_na=False)
    after = pd.read_csv(current_path, dtype={KEY: str}, keep_default_na=False)
    both = before.merge(after, on=KEY, suffixes=("_before", "_after"))
    shift = (both["probability_default_after"] - both["probability_default_before"]).abs()
    changes.compared = len(both)
    changes.largest_shift = float(shift.max()) if len(both) else None
    changes.mean_shift = float(shift.mean()) if len(both) else None
    flipped = both[both["decision_before"] != both["decision_after"]]
    changes.changed = flipped.to_dict("records")
    return changes
