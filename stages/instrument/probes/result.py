"""What a probe returns: present or absent, the evidence, and a one-line summary."""

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class ProbeResult:
    """The measured state of one debt on one stage.

    Attributes:
        debt_id: The debt measured, for example `DEBT-02`.
        present: Whether the debt is present on the stage.
        figure: The key figure, short enough for a cell of the matrix.
        summary: One line saying what was measured and what it shows.
        evidence: The numbers behind the verdict (JSON-serialisable).
    """

    debt_id: str
    present: bool
    figure: str
    summary: str
    evidence: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        """The result in the `compare --json` layout."""
        return {
            "present": self.present,
            "figure": self.figure,
            "summary": self.summary,
            "evidence": plain(self.evidence),
        }


def plain(value):
    """Turn numpy scalars, arrays, tuples and paths into plain JSON values, recursively."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | np.ndarray):
        return [plain(item) for item in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return round(float(value), 6) if np.isfinite(value) else None
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
