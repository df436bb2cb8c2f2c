"""The training report: what was compared, what was chosen and why, as Markdown."""

from .selection import CandidateResult

PROXY_AUDIT = (
    "how well a logistic regression on the scored fields predicts each protected attribute "
    "(5-fold CV AUC on the training and holdout rows; 0.5: not at all). Where they predict "
    "it, leaving the attribute out of the score does not keep the score from carrying it, "
    "and the ratios above are the check that matters."
)
PROXY_READINGS = {
    "strong": "a strong proxy (AUC 0.7 or more): the scored fields carry the attribute",
    "moderate": "a moderate proxy (AUC 0.6 to 0.7)",
    "none": "no proxy to speak of (AUC under 0.6)",
}


def training_report(results: list[CandidateResult], chosen: CandidateResult, card: dict) -> str:
    """Write the report stored in the model card.

    Args:
        results: Every candidate's cross-validation result, simplest first.
        chosen: The chosen candidate.
        card: The model card so far (training data, metrics, explanations).

    Returns:
        The report, in Markdown.
    """
    metrics, data = card["metrics"], card["training_data"]
    reasons = card["explanations"]["holdout"]
    tolerances = metrics["selection"]["tolerances"]
    holdout, calibration = metrics["holdout"], metrics["calibration"]
    protected = metrics["protected_attributes"]
    lines = [
        "# Training report",
        "",
        f"Data: {data['rows']} rows ({len(data['invalid_rows'])} invalid, listed in the "
        f"card), {data['training_rows']} for training, {data['holdout_rows']} held out; "
        f"bad rate {data['bad_rate']:.3f}; sha256 {data['sha256'][:12]}.",
        "",
        "Out-of-fold (5-fold CV on the training rows; calibration fitted inside each fold "
        "where marked):",
        "",
        "| candidate | calibrated | keeps the order | CV AUC mean | CV AUC std | Brier | "
        "expected cost | calibration slope | intercept |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result.name} | {'yes' if result.calibrated else 'no'} | "
            f"{'yes' if result.keeps_order else 'no (benchmark)'} | {result.auc_mean:.4f} | "
            f"{result.auc_std:.4f} | {result.brier:.4f} | "
            f"{result.expected_cost:.4f} | {result.calibration['slope']:.2f} | "
            f"{result.calibration['intercept']:.2f} |"
        )
    lines += [
        "",
        f"Chosen: **{chosen.name}**, the simplest candidate keeping the code book's order of "
        f"risk within {tolerances['auc']} of the best mean CV AUC, {tolerances['brier']} of the "
        f"best Brier score and {tolerances['expected_cost']} of the lowest expected cost "
        "(else the cheapest keeping it); the others are benchmarks.",
        "",
        f"Holdout: AUC {holdout['auc']:.4f}, Brier {holdout['brier']:.4f}, expected cost "
        f"{holdout['expected_cost']:.4f} per applicant, approval rate "
        f"{holdout['approval_rate']:.3f}; calibration slope {calibration['slope']:.2f}, "
        f"intercept {calibration['intercept']:.2f}, ECE "
        f"{calibration['expected_calibration_error']:.3f}.",
        "",
        f"Protected attributes ({', '.join(protected['attributes'])}) are not scored. Scoring "
        f"them would give CV AUC {protected['with']['cv_auc_mean']:.4f} "
        f"(± {protected['with']['cv_auc_std']:.4f}) and holdout AUC "
        f"{protected['with']['holdout_auc']:.4f}, against {protected['without']['cv_auc_mean']:.4f}"
        f" (± {protected['without']['cv_auc_std']:.4f}) and "
        f"{protected['without']['holdout_auc']:.4f} without.",
        "",
        "Fairness on every labelled row scored by a model that did not see it (training rows "
        "out of fold, holdout rows by this model): approval-rate ratio, less approved group / "
        "more approved group, with its 95% interval; approved = below the cut-off and outside "
        "the review band if there is one (it counts as undecided):",
    ]
    for attribute, entry in metrics["fairness"].items():
        lines.append(f"- {attribute}: {ratio_text(entry)}; " + groups_text(entry["groups"]))
    lines += ["", "Proxy audit: " + PROXY_AUDIT, ""]
    for attribute, entry in protected["proxies"].items():
        lines.append(
            f"- {attribute} (share {entry['share']:.3f}): CV AUC {entry['cv_auc_mean']:.3f} "
            f"(± {entry['cv_auc_std']:.3f}), {PROXY_READINGS[entry['reading']]}"
        )
    unexpected = ", ".join(
        f"{value} {count}" for value, count in reasons["against_credit_practice"].items()
    )
    lines += [
        "",
        f"Reasons on the holdout: {reasons['applicants']} rejected or reviewed applicants, "
        f"{reasons['without_reasons']} without a reason, "
        f"{reasons['only_a_reason_under_the_floor']} whose only reason is a push under the "
        f"floor; values given as reasons that credit practice would not hold against an "
        f"applicant: {unexpected or 'none'}.",
    ]
    return "\n".join(lines) + "\n"


def ratio_text(entry: dict) -> str:
    """A fairness entry's ratio and interval in words, or why there is none."""
    if entry["ratio"] is None:
        return "no ratio (a group has no decided applicant or none is approved)"
    low, high = entry["interval"]
    text = f"ratio {entry['ratio']:.3f} ({low:.3f} to {high:.3f})"
    if not entry["enough"]:
        text += f", smaller group only {entry['smaller_group_decided']} decided: not conclusive"
    elif entry["clearly_below_four_fifths"]:
        text += ", clearly below 0.8"
    elif entry["below_four_fifths"]:
        text += ", below 0.8 but the interval reaches it"
    return text


def groups_text(groups: dict) -> str:
    """Each group's approval rate, size and bad rate, in words."""
    return ", ".join(
        f"{group} {values['approval_rate']:.3f} (n={values['decided']} decided of "
        f"{values['applicants']}, bad rate {values['bad_rate']:.3f})"
        for group, values in groups.items()
    )
