"""The promotion gate: a challenger replaces the champion only if every check passes.

The challenger is judged on outcomes it never learnt from: the fixed holdout (labels no
training run sees) and the recent window, the newest labelled outcomes, held back from its
training rows together with every other outcome of the same applicants (`outcome_data.py`).
Both models score the same rows, so each comparison is paired: the difference in AUC, in
expected cost per applicant under the cost matrix (at the policy's cut-off) and in Brier
score, each with a 95 % paired bootstrap interval (seeded), and the share of decisions that
change (churn, reported, not a check). The challenger is also compared, on the holdout, with
the first champion of the registry (`reference`), so that costs cannot ratchet up over a
series of promotions each within the margin of the one before.

Each comparison is a non-inferiority test: the challenger must be shown not worse by more
than a margin, not merely not shown worse. Besides the data validation and a floor on its
holdout AUC (a model near 0.5 ranks like a coin), on every comparison the lower end of the
AUC difference's interval stays within `AUC_MARGIN` and the upper ends of the cost and Brier
differences' within `COST_MARGIN` and `BRIER_MARGIN` (calibration: the cut-off and every
estimate assume it). The cost margin, 0.03 per applicant, is about 6 % of the champion's
holdout cost (0.485). On a few hundred labelled rows the intervals span about ±0.06, so most
retrained challengers are refused unless their decisions barely differ or they are clearly
better: the price of promoting only what the evidence supports.

With selective labels the recent window holds only applicants the champion approved: it
cannot show that the challenger would approve better among the rejected (see "Reject
inference" in the README).
"""

import numpy as np
from scipy.stats import rankdata

# Below this holdout AUC a model is not fit to decide on credit, whatever the champion does.
AUC_FLOOR = 0.70
# Non-inferiority margins: how much worse than the champion (or the reference) the 95 %
# interval may reach. AUC: the lower end; expected cost per applicant and Brier score: the
# upper end.
AUC_MARGIN = 0.02
COST_MARGIN = 0.03
BRIER_MARGIN = 0.01
BOOTSTRAP_RESAMPLES = 1000
INTERVAL = (2.5, 97.5)


def expected_cost(defaulted, probabilities, cutoff: float, costs: dict) -> float:
    """The mean cost per applicant of rejecting from `cutoff` on."""
    rejected = np.asarray(probabilities) >= cutoff
    defaulted = np.asarray(defaulted)
    false_approvals = np.sum((defaulted == 1) & ~rejected)
    false_rejections = np.sum((defaulted == 0) & rejected)
    total = (
        costs["cost_false_approval"] * false_approvals
        + costs["cost_false_rejection"] * false_rejections
    )
    return float(total / len(defaulted))


# repays DEBT-07 Silent overwrite: a challenger replaces the champion only past a gate.
def paired_comparison(
    defaulted, champion, challenger, cutoff: float, costs: dict, seed: int
) -> dict:
    """AUC and expected cost of both models on the same rows, and paired bootstrap intervals.

    Args:
        defaulted: The outcomes (1 = defaulted).
        champion: The champion's probabilities of default.
        challenger: The challenger's probabilities of default, same rows.
        cutoff: The policy's cut-off.
        costs: `cost_false_approval` and `cost_false_rejection`.
        seed: The seed of the bootstrap resampling.

    Returns:
        `rows`, `decisions_changed` (the share of rows one model rejects and the other does
        not), and for `auc`, `expected_cost` and `brier`: champion, challenger, difference
        (challenger minus champion) and its 95 % interval.
    """
    defaulted = np.asarray(defaulted, dtype=int)
    models = {"champion": np.asarray(champion), "challenger": np.asarray(challenger)}

    def figures(index: np.ndarray) -> dict:
        rows = defaulted[index]
        result = {"expected_cost": {}, "auc": {}, "brier": {}}
        for name, probabilities in models.items():
            result["expected_cost"][name] = expected_cost(rows, probabilities[index], cutoff, costs)
            both = 0 < rows.sum() < len(rows)
            result["auc"][name] = auc(rows, probabilities[index]) if both else np.nan
            result["brier"][name] = float(np.mean((probabilities[index] - rows) ** 2))
        return result

    point = figures(np.arange(len(defaulted)))
    rng = np.random.default_rng(seed)
    resampled = [
        figures(rng.integers(0, len(defaulted), len(defaulted))) for _ in range(BOOTSTRAP_RESAMPLES)
    ]
    changed = (models["champion"] >= cutoff) != (models["challenger"] >= cutoff)
    comparison = {
        "rows": len(defaulted),
        "bootstrap_resamples": BOOTSTRAP_RESAMPLES,
        "decisions_changed": float(changed.mean()),
    }
    for metric in ("auc", "expected_cost", "brier"):
        differences = [r[metric]["challenger"] - r[metric]["champion"] for r in resampled]
        low, high = np.nanpercentile(differences, INTERVAL)
        comparison[metric] = {
            **{name: float(value) for name, value in point[metric].items()},
            "difference": float(point[metric]["challenger"] - point[metric]["champion"]),
            "interval_95": [float(low), float(high)],
        }
    return comparison


def auc(defaulted: np.ndarray, probabilities: np.ndarray) -> float:
    """The ROC AUC (Mann-Whitney statistic, ties counted half)."""
    ranks = rankdata(probabilities)
    positives = int(defaulted.sum())
    negatives = len(defaulted) - positives
    rank_sum = ranks[defaulted == 1].sum()
    return float((rank_sum - positives * (positives + 1) / 2) / (positives * negatives))


def check(name: str, passed: bool, detail: str) -> dict:
    """One check of the gate."""
    return {"check": name, "passed": bool(passed), "detail": detail}


def gate_decision(
    comparisons: dict,
    validation: dict,
    floor: float = AUC_FLOOR,
    margins: dict | None = None,
) -> dict:
    """Decide whether the challenger may become the champion, and say why.

    Args:
        comparisons: Paired comparisons by window (each from `paired_comparison`):
            `holdout`, `recent` when there is one, and `reference` (the first champion
            against the challenger on the holdout) when the registry has one.
        validation: The data validation's result (`passed`, `problems`).
        floor: The lowest acceptable holdout AUC.
        margins: The non-inferiority margins by metric (`auc`, `expected_cost`, `brier`);
            `AUC_MARGIN`, `COST_MARGIN` and `BRIER_MARGIN` when None.

    Returns:
        `promote` (bool), `checks` (each with its name, result and detail) and `reasons`
        (the details of the failed checks, or of all checks when promoted).
    """
    margins = margins or {"auc": AUC_MARGIN, "expected_cost": COST_MARGIN, "brier": BRIER_MARGIN}
    holdout_auc = comparisons["holdout"]["auc"]["challenger"]
    checks = [
        check(
            "data validation",
            validation["passed"],
            "passed" if validation["passed"] else "; ".join(validation["problems"]),
        ),
        check(
            "holdout AUC above the floor",
            holdout_auc >= floor,
            f"challenger holdout AUC {holdout_auc:.3f}, floor {floor:.2f}",
        ),
    ]
    for window, figures in comparisons.items():
        checks += non_inferiority_checks(window, figures, margins)
    promote = all(entry["passed"] for entry in checks)
    reasons = [entry["detail"] for entry in checks if promote or not entry["passed"]]
    return {"promote": promote, "checks": checks, "reasons": reasons}


def non_inferiority_checks(window: str, figures: dict, margins: dict) -> list[dict]:
    """The AUC, cost and Brier checks of one comparison, each against its margin."""
    against = "first champion" if window == "reference" else "champion"
    rows = "holdout" if window == "reference" else window
    changed = figures["decisions_changed"]
    where = f"{figures['rows']} {rows} rows, {changed:.1%} of decisions changed"
    found = []
    for metric, label, higher_is_worse in (
        ("auc", "AUC", False),
        ("expected_cost", "cost per applicant", True),
        ("brier", "Brier score", True),
    ):
        figure, margin = figures[metric], margins[metric]
        low, high = figure["interval_95"]
        passed = high <= margin if higher_is_worse else low >= -margin
        bound = "upper" if higher_is_worse else "lower"
        found.append(
            check(
                f"{label} not worse than the {against}'s by more than {margin:g} ({window})",
                passed,
                f"challenger {label} {figure['challenger']:.3f}, {against} "
                f"{figure['champion']:.3f}, difference {figure['difference']:+.3f} "
                f"(95 % {interval(figure)}; {bound} end within {margin:g}: "
                f"{'yes' if passed else 'no'}), {where}",
            )
        )
    return found


def interval(figure: dict) -> str:
    """A difference's 95 % interval, as text."""
    low, high = figure["interval_95"]
    return f"{low:+.3f} to {high:+.3f}"
