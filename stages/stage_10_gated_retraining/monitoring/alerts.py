"""Which findings of a window become alerts, with the evidence behind each."""

INPUT_DRIFT = "input_drift"
OUTPUT_DRIFT = "output_drift"
PRIOR_SHIFT = "prior_shift"
CONCEPT_SHIFT = "concept_shift"
FAIRNESS = "fairness"


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


def performance_alerts(report: dict) -> list[dict]:
    """A prior-shift alert, or concept-shift alerts (miscalibrated segments, AUC, Brier).

    When the overall bad rate moved, every segment moves with it: the segments are then kept
    as the prior-shift alert's evidence rather than raised as concept shifts of their own.
    """
    prior, alerts = report["prior"], []
    if prior["shifted"]:
        message = (
            f"observed bad rate {prior['observed_bad_rate']:.3f} against "
            f"{prior['predicted_bad_rate']:.3f} predicted (z = {prior['z']:.1f})"
        )
        evidence = {**prior, "miscalibrated_segments": report["miscalibrated_segments"]}
        alerts.append(alert(PRIOR_SHIFT, "bad_rate", message, evidence))
    else:
        for segment in report["miscalibrated_segments"]:
            subject = f"{segment['feature']}={segment['code']}"
            message = (
                f"{subject}: observed bad rate {segment['observed_bad_rate']:.3f} against "
                f"{segment['predicted_bad_rate']:.3f} predicted (z = {segment['z']:.1f}; "
                f"against the rest of the window {segment['z_against_rest']:.1f})"
            )
            alerts.append(alert(CONCEPT_SHIFT, subject, message, segment))
        if report["brier"]["worse"]:
            brier = report["brier"]
            message = (
                f"Brier score {brier['value']:.3f} against {brier['expected_if_calibrated']:.3f} "
                f"expected (z = {brier['z']:.1f})"
            )
            alerts.append(alert(CONCEPT_SHIFT, "brier", message, brier))
    if report["auc"]["dropped"]:
        auc = report["auc"]
        message = (
            f"AUC {auc['value']:.3f} against {auc['expected']:.3f} expected from the "
            f"probabilities (z = {auc['z']:.1f})"
        )
        alerts.append(alert(CONCEPT_SHIFT, "auc", message, auc))
    return alerts


def fairness_alerts(report: dict) -> list[dict]:
    """One fairness alert per protected attribute whose ratio is clearly below 0.8.

    Clearly: the ratio's whole interval is below four fifths, on a smaller group of at least
    `MIN_GROUP_ROWS` decided applicants (pooled over windows if need be). A ratio below 0.8
    whose interval reaches 0.8 is shown with the window, not raised: on one attribute in
    every window, a rule on the ratio alone would raise on noise, most often on the smallest
    group. They are kept with the window (`GET /monitoring/fairness`), apart from the drift
    and shift alerts: a ratio below four fifths is a standing property of the model and the
    population as often as a change, and it needs a person's judgement either way.
    """
    return [
        alert(
            FAIRNESS,
            attribute,
            f"approval-rate ratio of {attribute} groups {entry['ratio']:.2f} "
            f"({entry['confidence']:.0%} interval {entry['interval'][0]:.2f} to "
            f"{entry['interval'][1]:.2f}; {entry['less_approved_group']} against "
            f"{entry['more_approved_group']}, over {entry['pooled_windows']} window(s)), "
            "below 0.8",
            entry,
        )
        for attribute, entry in report.items()
        if entry["clearly_below_four_fifths"]
    ]


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
