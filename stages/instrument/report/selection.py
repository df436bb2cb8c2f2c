"""What one build of the report measures and replays."""

from dataclasses import dataclass

DEFAULT_SCENARIO = "concept"
WORKERS = 2


@dataclass(frozen=True)
class Selection:
    """What one build measures.

    Attributes:
        stages: Stage names (number, slug or package); every stage when None.
        debts: Debt IDs; every debt when None.
        scenario: The drift scenario replayed.
        replays: Stage names to replay; None replays the first stage and every stage whose
            monitoring probe found an alert channel; an empty list replays none.
        workers: Processes measuring and replaying stages side by side.
        windows: (windows, applicants per window) replacing the scenario's, for a short
            replay; the scenario's own when None.
    """

    stages: list[str] | None = None
    debts: list[str] | None = None
    scenario: str = DEFAULT_SCENARIO
    replays: list[str] | None = None
    workers: int = WORKERS
    windows: tuple[int, int] | None = None
