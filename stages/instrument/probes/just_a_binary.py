"""DEBT-01 Just a binary: does the stage serve a model that scores a raw applicant?

A binary that needs its inputs prepared by hand (scaled, one-hot encoded, columns selected)
forces the service to re-create the training code's preprocessing. The probe loads every
model file of the reference (what training wrote before anything was served, any suffix) and
asks each for P(default) on the raw holdout applicants. A raw-capable model repays the debt
only if it is the one serving: its probabilities must equal `POST /score`'s for every
holdout applicant. An unused raw-capable file, or one written while serving, earns nothing.
"""

import numpy as np

from .artifacts import default_probabilities
from .context import ProbeContext
from .examples import applicant_example
from .result import ProbeResult

DEBT_ID = "DEBT-01"
# A raw-capable model serves when its probabilities and the served ones differ by less.
SAME = 1e-6


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-01 on the context's stage."""
    holdout, served = context.holdout, context.holdout_scores()
    described = []
    for name, model in context.reference_models():
        probabilities = default_probabilities(model, holdout)
        entry = {
            "file": name,
            "type": type(model).__name__,
            "inputs": int(getattr(model, "n_features_in_", 0)) or None,
            "scores_raw_applicants": probabilities is not None,
        }
        if probabilities is not None:
            difference = np.abs(probabilities - served.probabilities)
            worst = int(difference.argmax())
            entry |= {
                "max_abs_difference_from_served": float(difference.max()),
                "is_the_served_model": bool(difference.max() < SAME),
                "example": applicant_example(
                    holdout.iloc[worst],
                    model_file_probability=probabilities[worst],
                    served_probability=served.probabilities[worst],
                    served_decision=served.decisions[worst],
                ),
            }
        described.append(entry)
    raw_capable = sum(model["scores_raw_applicants"] for model in described)
    serves_raw = [m for m in described if m.get("is_the_served_model")]
    present = not serves_raw
    figure = f"{len(serves_raw)}/{raw_capable}/{len(described)} serve/raw/files"
    if serves_raw:
        summary = f"{serves_raw[0]['file']} takes raw applicants and is the model served"
    elif raw_capable:
        gap = min(m["max_abs_difference_from_served"] for m in described if "example" in m)
        summary = (
            f"{raw_capable} of {len(described)} model files take raw applicants, but none is "
            f"the one served (closest differs by {gap:.3f}); the service prepares its own input"
        )
    else:
        widths = ", ".join(f"{m['type']} ({m['inputs']} inputs)" for m in described)
        summary = f"no model file scores a raw applicant; the service must prepare: {widths}"
    evidence = {"models": described, "raw_capable": raw_capable, "serving": len(serves_raw)}
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
