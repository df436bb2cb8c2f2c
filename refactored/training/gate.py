"""The promotion gate: a challenger replaces the champion only if every check passes.

Checks: the data passed validation; the challenger's holdout AUC is above a floor (a model
near 0.5 ranks applicants like a coin); and it is not worse than the champion beyond a
tolerance, on the fixed holdout and on the most recent labelled window.
"""

# Below this holdout AUC a model is not fit to decide on credit, whatever the champion does.
AUC_FLOOR = 0.70
# How much AUC a challenger may lose against the champion and still be promoted.
AUC_TOLERANCE = 0.02


def check(name: str, passed: bool, detail: str) -> dict:
    """One check of the gate."""
    return {"check": name, "passed": bool(passed), "detail": detail}


def gate_decision(
    challenger: dict,
    champion: dict,
    validation: dict,
    floor: float = AUC_FLOOR,
    tolerance: float = AUC_TOLERANCE,
) -> dict:
    """Decide whether the challenger may become the champion, and say why.

    Args:
        challenger: The challenger's metrics: `holdout` and, when there is one, `recent`
            (each with `auc`).
        champion: The champion's metrics on the same rows.
        validation: The data validation's result (`passed`, `problems`).
        floor: The lowest acceptable holdout AUC.
        tolerance: How much AUC the challenger may lose against the champion.

    Returns:
        `promote` (bool), `checks` (each with its name, result and detail) and `reasons`
        (the details of the failed checks, or of all checks when promoted).
    """
    checks = [
        check(
            "data validation",
            validation["passed"],
            "passed" if validation["passed"] else "; ".join(validation["problems"]),
        ),
        check(
            "holdout AUC above the floor",
            challenger["holdout"]["auc"] >= floor,
            f"challenger holdout AUC {challenger['holdout']['auc']:.3f}, floor {floor:.2f}",
        ),
    ]
    for window in ("holdout", "recent"):
        if window not in challenger:
            continue
        new, old = challenger[window]["auc"], champion[window]["auc"]
        checks.append(
            check(
                f"not worse than the champion on the {window} rows",
                new >= old - tolerance,
                f"challenger AUC {new:.3f}, champion {old:.3f}, tolerance {tolerance:.2f}",
            )
        )
    promote = all(entry["passed"] for entry in checks)
    reasons = [entry["detail"] for entry in checks if promote or not entry["passed"]]
    return {"promote": promote, "checks": checks, "reasons": reasons}
