"""DEBT-01 Just a binary: can any model file the stage serves score a raw applicant?

A binary that needs its inputs prepared by hand (scaled, one-hot encoded, columns selected)
forces the service to re-create the training code's preprocessing. The probe loads every
model file the stage wrote and asks each for P(default) on the raw holdout applicants.
"""

from .artifacts import default_probabilities, load_models
from .context import ProbeContext
from .result import ProbeResult

DEBT_ID = "DEBT-01"


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-01 on the context's stage."""
    holdout = context.holdout
    models = load_models(context.trained.folder)
    described = [
        {
            "file": str(path.relative_to(context.trained.folder)),
            "type": type(model).__name__,
            "inputs": int(getattr(model, "n_features_in_", 0)) or None,
            "scores_raw_applicants": default_probabilities(model, holdout) is not None,
        }
        for path, model in models
    ]
    raw_capable = sum(model["scores_raw_applicants"] for model in described)
    present = raw_capable == 0
    figure = f"{raw_capable}/{len(described)} take raw input"
    if present:
        widths = ", ".join(f"{m['type']} ({m['inputs']} inputs)" for m in described)
        summary = f"no model file scores a raw applicant; the service must prepare: {widths}"
    else:
        summary = f"{raw_capable} of {len(described)} model files score raw applicants directly"
    return ProbeResult(
        DEBT_ID, present, figure, summary, {"models": described, "raw_capable": raw_capable}
    )
