"""A stage's ML Test Score (Breck et al. 2017), from what the probes establish.

Each of the 28 tests earns 1 point when an automated check shows it holds, 0.5 when it is done
by hand with documented results, 0 otherwise; a section's score is the sum of its tests, and
the final score is the lowest section score. Here a test earns its point when a probe, which
runs automatically in the test suite and on every `compare`, shows that it holds for the
stage. Tests no probe measures earn nothing: a hand-made check cannot be verified from outside,
so no 0.5 is ever awarded.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .probes.result import ProbeResult

SECTIONS = ("data", "model", "infrastructure", "monitoring")
TESTS_PER_SECTION = 7
AUTOMATED = 1.0


@dataclass(frozen=True)
class Credit:
    """How one of Breck et al.'s tests is established from a probe.

    Attributes:
        section: The section (`data`, `model`, `infrastructure`, `monitoring`).
        number: The test's number within its section (1-7).
        test: The test's name.
        debt_id: The debt whose probe measures it.
        holds: Whether the probe's result shows that the test holds.
    """

    section: str
    number: int
    test: str
    debt_id: str
    holds: Callable[[ProbeResult], bool]


def absent(result: ProbeResult) -> bool:
    """The probe found its debt absent."""
    return not result.present


CREDITS: tuple[Credit, ...] = (
    Credit("data", 1, "feature expectations are captured in a schema", "DEBT-05", absent),
    Credit("model", 2, "offline and online metrics correlate", "DEBT-02", absent),
    Credit(
        "infrastructure",
        1,
        "training is reproducible",
        "DEBT-06",
        lambda result: bool(result.evidence.get("retraining_reproduces")),
    ),
    Credit(
        "infrastructure",
        4,
        "model quality is validated before serving",
        "DEBT-07",
        lambda result: (
            "auc_after" in result.evidence and not result.evidence.get("chance_model_served")
        ),
    ),
    Credit(
        "infrastructure",
        7,
        "serving models can be rolled back",
        "DEBT-07",
        lambda result: bool(result.evidence.get("promotion_rolled_back")),
    ),
    Credit("monitoring", 2, "data invariants hold for inputs", "DEBT-05", absent),
    Credit("monitoring", 3, "training and serving are not skewed", "DEBT-02", absent),
    Credit("monitoring", 7, "prediction quality has not regressed", "DEBT-08", absent),
)


def ml_test_score(results: dict[str, ProbeResult]) -> dict:
    """Score one stage from its probe results.

    Args:
        results: The stage's probe results by debt ID (probes not run earn nothing).

    Returns:
        The credited tests, each section's sum and the final score (the minimum).
    """
    credited = [
        credit
        for credit in CREDITS
        if credit.debt_id in results and credit.holds(results[credit.debt_id])
    ]
    sections = {
        section: sum(AUTOMATED for credit in credited if credit.section == section)
        for section in SECTIONS
    }
    return {
        "sections": sections,
        "final": min(sections.values()),
        "credited": [f"{c.section} {c.number}: {c.test} ({c.debt_id})" for c in credited],
        "measurable": len(CREDITS),
        "tests": len(SECTIONS) * TESTS_PER_SECTION,
    }
