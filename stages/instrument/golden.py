"""The golden master a stage keeps: the approved holdout answers of `tests/golden/`.

The same rule as the contract suite's (`tests/support/golden.py`): a stage without its own
approved file is pinned by the nearest earlier stage's. `grade` reads the files; it never
writes a received file.
"""

from pathlib import Path

import pandas as pd

from .manifest import REPOSITORY_ROOT, Manifest, Stage
from .scoring import ScoredRows

GOLDEN_DIR = REPOSITORY_ROOT / "tests" / "golden"


def approved_file(manifest: Manifest, stage: Stage) -> Path | None:
    """The approved file that pins `stage`: its own, else the nearest earlier stage's."""
    position = manifest.stages.index(stage)
    for candidate in reversed(manifest.stages[: position + 1]):
        path = GOLDEN_DIR / f"{candidate.package}.approved.csv"
        if path.exists():
            return path
    return None


def keeps_golden_master(manifest: Manifest, stage: Stage) -> bool:
    """Whether `stage` is pinned by the same approved file as its predecessor."""
    previous = manifest.predecessor(stage)
    return previous is not None and approved_file(manifest, previous) == approved_file(
        manifest, stage
    )


def differing_answers(scores: ScoredRows, approved: Path) -> list[dict]:
    """The holdout answers that differ from the approved file (4 decimals, as approved).

    Args:
        scores: The holdout's answers, under the rows' own application ids.
        approved: An approved golden-master file.

    Returns:
        One entry per differing applicant: its id, the approved and the received answer.
    """
    table = pd.read_csv(approved, dtype=str, keep_default_na=False)
    expected = {row.application_id: row for row in table.itertuples(index=False)}
    differing = []
    for application_id, decision, probability in zip(
        scores.application_ids, scores.decisions, scores.probabilities, strict=True
    ):
        received = (decision, f"{probability:.4f}")
        row = expected.get(application_id)
        approved_answer = (row.decision, row.probability_default) if row else None
        if approved_answer != received:
            differing.append(
                {
                    "application_id": application_id,
                    "approved": approved_answer,
                    "received": received,
                }
            )
    missing = set(expected) - set(scores.application_ids)
    differing += [
        {"application_id": key, "approved": "listed", "received": None} for key in missing
    ]
    return differing
