"""Which findings of a window become alerts, with the evidence behind each."""

INPUT_DRIFT = "input_drift"
OUTPUT_DRIFT = "output_drift"


def drift_alerts(report: dict) -> list[dict]:
    """One alert per drifted input feature, and per drifted output (score, approval rate)."""
    alerts = []
    for name, result in report["features"].items():
        if result["drifted"]:
            alerts.append(alert(INPUT_DRIFT, name, input_drift_message(name, result), result))
    score = report["score"]
    if score["drifted"]:
        message = (
            f"score distribution drifted: PSI {score['psi']:.3f} above {score['threshold']:.3f}"
        )
        alerts.append(alert(OUTPUT_DRIFT, "score", message, score))
    approval = report["approval"]
    if approval["drifted"]:
        message = (
            f"approval rate {approval['rate']:.3f} against {approval['holdout_rate']:.3f} "
            f"on the holdout (z = {approval['z']:.1f})"
        )
        alerts.append(alert(OUTPUT_DRIFT, "approval_rate", message, approval))
    return alerts


def input_drift_message(name: str, result: dict) -> str:
    """What a drifted input's alert says: the figure of the test that decided, against its line."""
    if result["test"] == "chi_squared":
        return (
            f"input drift in {name}: chi-squared p-value {result['chi_squared_p_value']:.2g} "
            f"below {result['alpha']:.2g} (PSI {result['psi']:.3f})"
        )
    return f"input drift in {name}: PSI {result['psi']:.3f} above {result['threshold']:.3f}"


def alert(kind: str, subject: str, message: str, evidence: dict) -> dict:
    """One alert's stored fields."""
    return {"kind": kind, "subject": subject, "message": message, "evidence": evidence}
