"""The promotion gate: a challenger replaces the champion only if every check passes.

The challenger is judged on outcomes it never learnt from: the fixed holdout (labels no
training run sees) and the recent window, the newest labelled outcomes, held back from its
training rows together with every other outcome of the same applicants (`outcome_data.py`).
Both models score the same rows, so each comparison is paired: the difference in AUC and in
expected cost per applicant under the cost matrix (at the policy's cut-off), each with a
95 % paired bootstrap interval (seeded). Checks:

- the data passed validation;
- the challenger's holdout AUC is above a floor (a model near 0.5 ranks like a coin);
- on each window, it loses at most `AUC_TOLERANCE` of AUC (point estimate), and it is not
  costlier than the champion: neither significantly (the lower end of the 95 % interval of
  the cost difference above 0) nor materially (the point difference above
  `COST_TOLERANCE`). On a few hundred labelled rows one more defaulter approved moves the
  cost per applicant by 0.025 and the intervals span about ±0.06: a tighter rule would
  refuse models that differ only by noise, and asking for a significant improvement would
  refuse every retraining.

With selective labels the recent window holds only applicants the champion approved: the
challenger is compared on them alone, never on those the champion rejected (whose outcomes
nobody knows). That favours neither model's ranking, but it cannot show that the challenger
would approve better among the rejected: see "Reject inference" in the README.
"""

import numpy as np
from scipy.stats import rankdata

# Below this holdout AUC a model is not fit to decide on credit, whatever the champion does.
AUC_FLOOR = 0.70
# How much AUC a challenger may lose against the champion and still be promoted.
AUC_TOLERANCE = 0.02
# How much more expected cost per applicant a challenger may have and still be promoted
# (two more defaulters approved among 200 holdout applicants cost 0.05).
COST_TOLERANCE = 0.05
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
        `rows`, and for `auc` and `expected_cost`: champion, challenger, difference
        (challenger minus champion) and its 95 % interval.
    """
    defaulted = np.asarray(defaulted, dtype=int)
    models = {"champion": np.asarray(champion), "challenger": np.asarray(challenger)}

    def figures(index: np.ndarray) -> dict:
        rows = defaulted[index]
        result = {"expected_cost": {}, "auc": {}}
        for name, probabilities in models.items():
            result["expected_cost"][name] = expected_cost(rows, probabilities[index], cutoff, costs)
            both = 0 < rows.sum() < len(rows)
            result["auc"][name] = auc(rows, probabilities[index]) if both else np.nan
        return result

    point = figures(np.arange(len(defaulted)))
    rng = np.random.default_rng(seed)
    resampled = [
        figures(rng.integers(0, len(defaulted), len(defaulted))) for _ in range(BOOTSTRAP_RESAMPLES)
    ]
    comparison = {"rows": len(defaulted), "bootstrap_resamples": BOOTSTRAP_RESAMPLES}
    for metric in ("auc", "expected_cost"):
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
    auc_tolerance: float = AUC_TOLERANCE,
    cost_tolerance: float = COST_TOLERANCE,
) -> dict:
    """Decide whether the challenger may become the champion, and say why.

    Args:
        comparisons: Paired comparisons by window: `holdout` and, when there is one,
            `recent` (each from `paired_comparison`).
        validation: The data validation's result (`passed`, `problems`).
        floor: The lowest acceptable holdout AUC.
        auc_tolerance: How much AUC the challenger may lose against the champion.
        cost_tolerance: How much expected cost per applicant it may add (at the point
            estimate; a significant increase is refused whatever its size).

    Returns:
        `promote` (bool), `checks` (each with its name, result and detail) and `reasons`
        (the details of the failed checks, or of all checks when promoted).
    """
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
    for window in ("holdout", "recent"):
        if window not in comparisons:
            continue
        auc, cost = comparisons[window]["auc"], comparisons[window]["expected_cost"]
        rows = comparisons[window]["rows"]
        checks += [
            check(
                f"AUC not worse than the champion's on the {window} rows",
                auc["difference"] >= -auc_tolerance,
                f"challenger AUC {auc['challenger']:.3f}, champion {auc['champion']:.3f}, "
                f"difference {auc['difference']:+.3f} (95 % {interval(auc)}), "
                f"tolerance {auc_tolerance:.2f}, {rows} rows",
            ),
            check(
                f"expected cost not above the champion's on the {window} rows",
                cost["difference"] <= cost_tolerance and cost["interval_95"][0] <= 0,
                f"challenger cost {cost['challenger']:.3f} per applicant, champion "
                f"{cost['champion']:.3f}, difference {cost['difference']:+.3f} "
                f"(95 % {interval(cost)}), tolerance {cost_tolerance:.2f}, {rows} rows",
            ),
        ]
    promote = all(entry["passed"] for entry in checks)
    reasons = [entry["detail"] for entry in checks if promote or not entry["passed"]]
    return {"promote": promote, "checks": checks, "reasons": reasons}


def interval(figure: dict) -> str:
    """A difference's 95 % interval, as text."""
    low, high = figure["interval_95"]
    return f"{low:+.3f} to {high:+.3f}"
