"""The training report: what was compared, what was chosen and why, as Markdown."""

from .selection import CandidateResult


def training_report(
    results: list[CandidateResult],
    chosen: CandidateResult,
    tolerance: float,
    holdout: dict,
    fairness: dict,
    data: dict,
) -> str:
    """Write the report stored in the model card.

    Args:
        results: Every candidate's cross-validation result, simplest first.
        chosen: The chosen candidate.
        tolerance: The AUC tolerance of the choice.
        holdout: The chosen model's holdout metrics.
        fairness: The fairness slices on the holdout.
        data: The data snapshot's summary.

    Returns:
        The report, in Markdown.
    """
    best = max(result.auc_mean for result in results)
    lines = [
        "# Training report",
        "",
        f"Data: {data['rows']} rows ({len(data['invalid_rows'])} invalid, listed in the "
        f"card), {data['training_rows']} for training, {data['holdout_rows']} held out; "
        f"bad rate {data['bad_rate']:.3f}; sha256 {data['sha256'][:12]}.",
        "",
        "| candidate | CV AUC mean | CV AUC std | CV Brier | CV expected cost |",
        "|---|---|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result.name} | {result.auc_mean:.4f} | {result.auc_std:.4f} | "
            f"{result.brier:.4f} | {result.expected_cost:.4f} |"
        )
    lines += [
        "",
        f"Chosen: **{chosen.name}**, the simplest candidate within {tolerance} of the best "
        f"mean CV AUC ({best:.4f}).",
        "",
        f"Holdout: AUC {holdout['auc']:.4f}, Brier {holdout['brier']:.4f}, expected cost "
        f"{holdout['expected_cost']:.4f} per applicant, approval rate "
        f"{holdout['approval_rate']:.3f}.",
        "",
        "Fairness slices on the holdout (approval-rate ratio, lower group / higher group):",
    ]
    for attribute, entry in fairness.items():
        groups = ", ".join(
            f"{group} {values['approval_rate']:.3f} (n={values['applicants']}, "
            f"bad rate {values['bad_rate']:.3f})"
            for group, values in entry["groups"].items()
        )
        lines.append(f"- {attribute}: ratio {entry['approval_rate_ratio']:.3f}; {groups}")
    return "\n".join(lines) + "\n"
