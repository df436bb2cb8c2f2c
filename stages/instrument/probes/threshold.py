"""DEBT-09 Fixed threshold: what does the stage's cut-off cost, against the best one?

The stage's cut-off is read from its automatic answers for the holdout (midway between the
highest approved and the lowest rejected probability; answers sent to review are left out, so
that a review band around the cut-off does not move it). It is applied to the model's own
probabilities (the holdout predictions of the probe's own run of the training code,
`offline.py`, so that training/serving skew, DEBT-02, cannot hide this debt, and nothing the
stage writes when it starts can stand in for them; the served ones when the run left none),
and its expected cost per applicant under the 5:1 cost matrix is set against the best single
cut-off's. Costs are computed two ways: on the holdout's realised outcomes, and in expectation
under the drift scenarios' "world" model, which removes the outcomes' coin-toss noise from the
comparison; the verdict uses the second.
"""

import numpy as np

from credit_data.codebook import COST_FALSE_APPROVAL, COST_FALSE_REJECTION

from ..drift.world import world_probability
from ..metrics import best_cutoff, expected_cost
from .context import ProbeContext
from .examples import applicant_example
from .offline import closest, offline_candidates
from .result import ProbeResult

DEBT_ID = "DEBT-09"
# How much more than the best cut-off the stage's may cost (in expectation) before it counts.
TOLERATED_RATIO = 1.25


def stage_cutoff(probabilities: np.ndarray, decisions: np.ndarray) -> float:
    """The cut-off automatic decisions imply: midway between top approval and lowest rejection.

    Other decisions, such as `review`, are left out: a review band must not move it.

    Args:
        probabilities: The served probabilities of default.
        decisions: The served decisions (`approve`, `reject`, `review`, ...).

    Returns:
        The cut-off, or NaN when not both decisions occur.
    """
    decisions = np.asarray(decisions)
    approved, rejected = decisions == "approve", decisions == "reject"
    if not approved.any() or not rejected.any():
        return float("nan")
    return float((probabilities[approved].max() + probabilities[rejected].min()) / 2)


def world_cost(truth: np.ndarray, rejected: np.ndarray) -> float:
    """Expected cost per applicant when each applicant defaults with probability `truth`."""
    costs = np.where(rejected, COST_FALSE_REJECTION * (1 - truth), COST_FALSE_APPROVAL * truth)
    return float(costs.mean())


def best_world_cutoff(truth: np.ndarray, probabilities: np.ndarray) -> tuple[float, float]:
    """The single cut-off on `probabilities` with the lowest expected cost, and that cost."""
    cutoffs = [*np.unique(probabilities), np.inf]
    costs = [world_cost(truth, probabilities >= cutoff) for cutoff in cutoffs]
    best = int(np.argmin(costs))
    return float(cutoffs[best]), costs[best]


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-09 on the context's stage."""
    scores = context.holdout_scores()
    served, defaulted = scores.probabilities, scores.defaulted
    cutoff = stage_cutoff(served, scores.decisions)
    candidates = offline_candidates(context)
    source, model = "served probabilities", served
    if candidates:
        source, model = closest(candidates, served)
    truth = world_probability(context.holdout)
    cost = world_cost(truth, model >= cutoff)
    best_world, best = best_world_cutoff(truth, model)
    best_realised_cutoff, best_realised = best_cutoff(defaulted, model)
    # The applicant the two cut-offs treat differently who costs the most in expectation.
    differ = (model >= cutoff) != (model >= best_world)
    costs = np.where(
        model >= cutoff, COST_FALSE_REJECTION * (1 - truth), COST_FALSE_APPROVAL * truth
    )
    evidence = {
        "stage_cutoff": cutoff,
        "best_expected_cutoff": best_world,
        "probabilities": source,
        "expected_cost": cost,
        "best_expected_cost": best,
        "cost_ratio": cost / best,
        "realised_cost": expected_cost(defaulted, model >= cutoff),
        "best_realised_cost": best_realised,
        "best_realised_cutoff": best_realised_cutoff,
        "served_realised_cost": expected_cost(defaulted, served >= cutoff),
    }
    if differ.any():
        worst = int(np.flatnonzero(differ)[np.argmax(costs[differ])])
        evidence["worst_applicant"] = applicant_example(
            context.holdout.iloc[worst],
            model_probability=model[worst],
            served_probability=served[worst],
            served_decision=scores.decisions[worst],
            world_default_probability=truth[worst],
            decision_at_best_cutoff="reject" if model[worst] >= best_world else "approve",
        )
    present = cost > TOLERATED_RATIO * best
    figure = f"cost {cost:.2f} vs {best:.2f}"
    summary = (
        f"cut-off {cutoff:.3f} (best {best_world:.3f}) on the {source}: expected cost "
        f"{cost:.3f} per applicant against "
        f"{best:.3f} at the best cut-off (realised on the holdout: "
        f"{evidence['realised_cost']:.3f} against {best_realised:.3f})"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
