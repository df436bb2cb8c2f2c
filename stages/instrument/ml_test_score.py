"""A stage's ML Test Score (Breck et al. 2017), from what the probes observe.

Each of the 28 tests earns 1 point when an automated check shows it holds, 0.5 when it is done
by hand with documented results, 0 otherwise; a section's score is the sum of its tests, and
the final score is the lowest section score. Here a test earns its point when an observation
made by the probes (a debt probe's evidence, or one of `probes/observations.py`) shows that it
holds for the stage. Each test rests on its own observation: no observation is credited to two
tests, so one decoy cannot earn two points. Tests no observation measures earn nothing (a
hand-made check cannot be verified from outside, so no 0.5 is ever awarded); the README of
`stages/instrument/probes/` says why each is not measured.

The score is computed only when every debt and every observation was measured: on a subset
(`compare --debt X`) it is reported as not computed, never as 0.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .probes.result import ProbeResult

SECTIONS = ("data", "model", "infrastructure", "monitoring")
TESTS_PER_SECTION = 7
AUTOMATED = 1.0


@dataclass(frozen=True)
class Test:
    """One of Breck et al.'s 28 tests and, when measured, the observation that decides it.

    Attributes:
        section: `data`, `model`, `infrastructure` or `monitoring`.
        number: The test's number within its section (1-7).
        name: The test's name.
        source: What observes it: a debt ID (its probe's evidence), `observation` (one of
            `probes/observations.py`), or None when nothing measures it.
        observation: The observation's name: an evidence key of the debt's probe, or the
            name of an observation. Unique over all tests.
        holds: From the probe's result (debt sources) or the observation's record, whether
            the test holds.
    """

    section: str
    number: int
    name: str
    source: str | None = None
    observation: str | None = None
    holds: Callable[[object], bool] | None = None


def evidence(result: ProbeResult, key: str, default=None):
    """One evidence value of a probe's result."""
    return result.evidence.get(key, default)


def observed(record: dict) -> bool:
    """An observation holds."""
    return bool(record.get("holds"))


TESTS: tuple[Test, ...] = (
    Test(
        "data",
        1,
        "feature expectations are captured in a schema",
        "DEBT-05",
        "every rejection names the field at fault, never a 5xx",
        lambda r: (
            evidence(r, "server_errors") == 0 and evidence(r, "messages_not_naming_the_field") == 0
        ),
    ),
    Test("data", 2, "all features are beneficial", "observation", "features_beneficial", observed),
    Test("data", 3, "no feature's cost is too much"),
    Test(
        "data",
        4,
        "features adhere to meta-level requirements",
        "observation",
        "protected_attributes_unused",
        observed,
    ),
    Test(
        "data",
        5,
        "the data pipeline has appropriate privacy controls",
        "observation",
        "stored_inputs_private",
        observed,
    ),
    Test("data", 6, "new features can be added quickly"),
    Test("data", 7, "all input feature code is tested"),
    Test(
        "model",
        1,
        "model specs are reviewed and submitted (versioned)",
        "DEBT-06",
        "code_version_identifies",
        lambda r: bool(evidence(r, "code_version_identifies")),
    ),
    Test(
        "model",
        2,
        "offline and online metrics correlate",
        "DEBT-02",
        "offline and served holdout AUC agree",
        lambda r: (
            evidence(r, "offline_auc") is not None
            and abs(evidence(r, "offline_auc") - evidence(r, "served_auc")) < 0.005
        ),
    ),
    Test("model", 3, "all hyperparameters have been tuned"),
    Test("model", 4, "the impact of model staleness is known"),
    Test(
        "model",
        5,
        "a simpler model is not better",
        "observation",
        "simpler_model_not_better",
        observed,
    ),
    Test(
        "model",
        6,
        "model quality is sufficient on important data slices",
        "observation",
        "slices_sufficient",
        observed,
    ),
    Test(
        "model",
        7,
        "the model is tested for considerations of inclusion",
        "DEBT-14",
        "reasons never cite a protected attribute",
        lambda r: (
            (evidence(r, "with_reasons") or 0) > 0 and evidence(r, "protected_attribute_given") == 0
        ),
    ),
    Test(
        "infrastructure",
        1,
        "training is reproducible",
        "DEBT-06",
        "retraining_reproduces",
        lambda r: bool(evidence(r, "retraining_reproduces")),
    ),
    Test("infrastructure", 2, "model specs are unit tested"),
    Test(
        "infrastructure",
        3,
        "the ML pipeline is integration tested",
        "DEBT-06",
        "a retrain through the stage's route serves a new model that records its data",
        lambda r: (
            str(evidence(r, "changed_model_obtained_by", "")).endswith("same instance")
            and bool(evidence(r, "changed_model_answers_differently"))
            and bool(evidence(r, "new_data_hash_recorded_at"))
        ),
    ),
    Test(
        "infrastructure",
        4,
        "model quality is validated before serving",
        "DEBT-07",
        "a shuffled-label model is refused and a valid one is served",
        lambda r: (
            "auc_after" in r.evidence
            and not evidence(r, "served_model_changed")
            and bool(evidence(r, "valid_model_served"))
        ),
    ),
    Test(
        "infrastructure",
        5,
        "the model is debuggable",
        "DEBT-14",
        "each reason cites a value that raises P(default) above typical values, through /score",
        lambda r: (
            (evidence(r, "reasons_checked") or 0) > 0
            and evidence(r, "reasons_consistent", 0) >= 0.9 * evidence(r, "reasons_checked")
        ),
    ),
    Test("infrastructure", 6, "models are canaried before serving"),
    Test(
        "infrastructure",
        7,
        "serving models can be rolled back",
        "DEBT-07",
        "promotion_rolled_back",
        lambda r: bool(evidence(r, "promotion_rolled_back")),
    ),
    Test("monitoring", 1, "dependency changes result in notification"),
    Test(
        "monitoring",
        2,
        "data invariants hold for inputs",
        "DEBT-05",
        "no bad request is accepted or stored",
        lambda r: evidence(r, "accepted") == 0 and evidence(r, "rows_written") == 0,
    ),
    Test(
        "monitoring",
        3,
        "training and serving are not skewed",
        "DEBT-02",
        "max_abs_difference",
        lambda r: (evidence(r, "max_abs_difference") or 1.0) <= 1e-4,
    ),
    Test(
        "monitoring",
        4,
        "models are not too stale",
        "observation",
        "training_time_exposed",
        observed,
    ),
    Test(
        "monitoring",
        5,
        "models are numerically stable",
        "observation",
        "numerically_stable",
        observed,
    ),
    Test(
        "monitoring",
        6,
        "computing performance has not regressed",
        "DEBT-04",
        "latency_ratio",
        lambda r: (evidence(r, "latency_ratio") or 99.0) <= 2.0,
    ),
    Test(
        "monitoring",
        7,
        "prediction quality has not regressed",
        "DEBT-17",
        "the prior and every concept-shift scenario caught with approved-only outcomes",
        lambda r: not r.present,
    ),
)

MEASURED = tuple(test for test in TESTS if test.source is not None)
_OBSERVATIONS = [(test.source, test.observation) for test in MEASURED]
if len(set(_OBSERVATIONS)) != len(_OBSERVATIONS):
    raise ValueError("an observation is credited to two tests")


def label(test: Test) -> str:
    """`section N: name`."""
    return f"{test.section} {test.number}: {test.name}"


def ml_test_score(
    results: dict[str, ProbeResult], observations: dict[str, dict] | None, complete: bool
) -> dict:
    """Score one stage.

    Args:
        results: The stage's probe results by debt ID.
        observations: The records of `probes/observations.py`, by name (None if not made).
        complete: Whether every debt of the manifest was measured.

    Returns:
        `computed`; when computed, each section's sum, the final score (the minimum), the
        tests measured and credited (with their source and observation), and those not
        measured.
    """
    if not complete or observations is None:
        return {"computed": False, "why": "computed only when every debt is measured"}
    credited = []
    for test in MEASURED:
        if test.source == "observation":
            record = observations.get(test.observation)
            holds = record is not None and test.holds(record)
        else:
            result = results.get(test.source)
            holds = result is not None and test.holds(result)
        if holds:
            credited.append(test)
    sections = {
        section: sum(AUTOMATED for test in credited if test.section == section)
        for section in SECTIONS
    }
    return {
        "computed": True,
        "sections": sections,
        "final": min(sections.values()),
        "measured": [f"{label(t)} <- {t.source}: {t.observation}" for t in MEASURED],
        "credited": [label(test) for test in credited],
        "not_measured": [label(test) for test in TESTS if test.source is None],
        "tests": len(TESTS),
        "most_per_section": {s: sum(t.section == s for t in MEASURED) for s in SECTIONS},
    }
