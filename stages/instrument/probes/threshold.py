"""DEBT-09 Fixed threshold: what does the stage's cut-off cost, against the best one?

The stage's cut-off is read from its answers for the holdout (midway between the highest
approved and the lowest rejected probability). It is applied to the model's own probabilities
(the training code's holdout predictions when the stage offers them, so that training/serving
skew, DEBT-02, cannot hide this debt; the served ones otherwise), and its expected cost per
applicant under the 5:1 cost matrix is set against the best single cut-off's. Costs are
computed two ways: on the holdout's realised outcomes, and in expectation under the drift
scenarios' "world" model, which removes the outcomes' coin-toss noise from the comparison; the
verdict uses the second.
"""

import numpy as np

from credit_data.codebook import COST_FALSE_APPROVAL, COST_FALSE_REJECTION

from ..drift.world import world_probability
from ..metrics import best_cutoff, expected_cost
from .context import ProbeContext
from .result import ProbeResult
from .skew import offline_candidates

DEBT_ID = "DEBT-09"
# How much more than the best cut-off the stage's may cost (in expectation) before it counts.
TOLERATED_RATIO = 1.25


def stage_cutoff(probabilities: np.ndarray, rejected: np.ndarray) -> float:
    """The cut-off decisions imply: midway between the top approval and the lowest rejection."""
    if rejected.all() or not rejected.any():
        return float("nan")
    return float((probabilities[~rejected].max() + probabilities[rejected].min()) / 2)


def world_cost(truth: np.ndarray, rejected: np.ndarray) -> float:
    """Expected cost per applicant when each applicant defaults with probability `truth`."""
    costs = np.where(rejected, COST_FALSE_REJECTION * (1 - truth), COST_FALSE_APPROVAL * truth)
    return float(costs.mean())


def best_world_cost(truth: np.ndarray, probabilities: np.ndarray) -> float:
    """The lowest expected cost of any single cut-off on `probabilities`."""
    cutoffs = [*np.unique(probabilities), np.inf]
    return min(world_cost(truth, probabilities >= cutoff) for cutoff in cutoffs)


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-09 on the context's stage."""
    scores = context.holdout_scores()
    served, defaulted = scores.probabilities, scores.defaulted
    cutoff = stage_cutoff(served, np.asarray(scores.decisions) != "approve")
    candidates = offline_candidates(context)
    source, model = "served probabilities", served
    if candidates:
        source, model = min(candidates, key=lambda item: np.abs(item[1] - served).max())
    truth = world_probability(context.holdout)
    cost, best = world_cost(truth, model >= cutoff), best_world_cost(truth, model)
    best_realised_cutoff, best_realised = best_cutoff(defaulted, model)
    evidence = {
        "stage_cutoff": cutoff,
        "probabilities": source,
        "expected_cost": cost,
        "best_expected_cost": best,
        "cost_ratio": cost / best,
        "realised_cost": expected_cost(defaulted, model >= cutoff),
        "best_realised_cost": best_realised,
        "best_realised_cutoff": best_realised_cutoff,
        "served_realised_cost": expected_cost(defaulted, served >= cutoff),
    }
    present = cost > TOLERATED_RATIO * best
    figure = f"cost {cost:.2f} vs {best:.2f}"
    summary = (
        f"cut-off {cutoff:.3f} on the {source}: expected cost {cost:.3f} per applicant against "
        f"{best:.3f} at the best cut-off (realised on the holdout: "
        f"{evidence['realised_cost']:.3f} against {best_realised:.3f})"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
