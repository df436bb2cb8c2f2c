"""DEBT-07 Silent overwrite on retrain: is a label-shuffled model served, and can it be undone?

In a fresh instance, as an admin (with the probes' token), the probe:

1. replaces the training data's labels by a seeded permutation, retrains through the stage's
   retraining route and scores the holdout: without a gate, a chance-level model is now
   served, in place of the previous one;
2. when the stage has a rollback route, puts the original data back without a seeded tenth
   of its training rows (a valid model, slightly different), retrains, checks that the new
   model is served, rolls back, and checks that the holdout answers are again those served
   before that promotion.

The debt is absent when the shuffled model is not served and a promotion can be rolled back.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from credit_data.codebook import SPLIT, TARGET
from credit_data.split import TRAIN

from ..instance import StageInstance
from ..scoring import ScoredRows, score_rows
from .context import ProbeContext
from .result import ProbeResult
from .routes import call_admin, state_changing_routes

DEBT_ID = "DEBT-07"
SHUFFLE_SEED = 7
SUBSAMPLE_SEED = 8
DROPPED_SHARE = 0.1
# A served model whose holdout AUC is below this is no better than a coin for this purpose.
CHANCE_AUC = 0.6
SAME_MODEL_CHECK_ROWS = 20
# Whether a model changed is seen on this many holdout answers; AUCs use all 200.
COMPARED_ROWS = 50


def shuffled_labels(data: pd.DataFrame) -> pd.DataFrame:
    """The data with the `defaulted` column permuted (seeded)."""
    rng = np.random.default_rng(SHUFFLE_SEED)
    return data.assign(**{TARGET: rng.permutation(data[TARGET].to_numpy())})


def fewer_training_rows(data: pd.DataFrame) -> pd.DataFrame:
    """The data without a seeded tenth of its training rows."""
    training = data.index[data[SPLIT] == TRAIN]
    rng = np.random.default_rng(SUBSAMPLE_SEED)
    return data.drop(index=rng.choice(training, round(DROPPED_SHARE * len(training)), False))


def differ(first: ScoredRows, second: ScoredRows) -> bool:
    """Whether two sets of holdout answers differ anywhere (on the rows both have)."""
    rows = min(len(first.probabilities), len(second.probabilities))
    difference = first.probabilities[:rows] - second.probabilities[:rows]
    return float(np.abs(difference).max()) > 1e-9


def auc(scores: ScoredRows) -> float:
    """The holdout AUC of a set of answers."""
    return float(roc_auc_score(scores.defaulted, scores.probabilities))


def call(context: ProbeContext, instance: StageInstance, route: tuple[str, str]) -> int:
    """Call an admin route of the instance with the probes' token; return the status."""
    method, path = route
    return call_admin(context.admin_client(instance), method, path)


def answers(
    context: ProbeContext, instance: StageInstance, label: str, rows: int | None = None
) -> ScoredRows:
    """The instance's answers for the holdout (its first `rows` only if given), under fresh ids."""
    holdout = context.holdout if rows is None else context.holdout.head(rows)
    return score_rows(context.admin_client(instance), holdout, opaque_ids=True)


def answers_before(context: ProbeContext, instance: StageInstance) -> ScoredRows:
    """The fresh instance's holdout answers before any retraining.

    When its first answers equal the shared instance's (same data, same seeded training),
    the shared instance's holdout answers stand for them; otherwise the holdout is scored.
    """
    shared = context.holdout_scores()
    rows = context.holdout.head(SAME_MODEL_CHECK_ROWS)
    first = score_rows(context.admin_client(instance), rows, opaque_ids=True)
    if np.array_equal(first.probabilities, shared.probabilities[:SAME_MODEL_CHECK_ROWS]):
        return shared
    return answers(context, instance, "before-all")


def rollback_restores(context, instance, routes: dict, original, served, evidence) -> bool:
    """Promote a valid model, roll it back; are the answers again those served before?"""
    fewer_training_rows(original).to_csv(instance.data_path, index=False, lineterminator="\n")
    evidence["valid_retrain_status"] = call(context, instance, routes["retrain"])
    promoted = answers(context, instance, "promoted", COMPARED_ROWS)
    evidence["valid_model_served"] = differ(promoted, served)
    if not evidence["valid_model_served"]:
        return False  # nothing was promoted, so nothing can be rolled back
    evidence["rollback_status"] = call(context, instance, routes["rollback"])
    return not differ(answers(context, instance, "rolled-back", COMPARED_ROWS), served)


@dataclass(frozen=True)
class ShuffledRetraining:
    """A trained copy retrained through the stage's route on shuffled labels.

    Attributes:
        instance: The copy (its data file now holds the shuffled labels).
        original: Its data before the labels were shuffled.
        status: The retraining route's status.
        before: Its holdout answers before the retraining.
        after: Its holdout answers after it (all 200 applicants).
    """

    instance: StageInstance
    original: pd.DataFrame
    status: int
    before: ScoredRows
    after: ScoredRows

    @property
    def served_model_changed(self) -> bool:
        """Whether the answers after the retraining differ from those before."""
        return differ(self.after, self.before)


def retrain_routes(context: ProbeContext) -> list[tuple[str, str]]:
    """The stage's state-changing routes named after retraining."""
    return state_changing_routes(context.app(), ("retrain",))


def shuffled_retraining(context: ProbeContext) -> ShuffledRetraining:
    """Retrain a trained copy on shuffled labels through the stage's route; once per context.

    This probe's first leg; the lineage probe measures the same retraining when it served a
    new model (a model trained on changed data, through the route, in the same instance).

    Raises:
        ValueError: If the stage has no retraining route.
    """
    if "shuffled_retraining" not in context.cache:
        routes = retrain_routes(context)
        if not routes:
            raise ValueError("the stage has no retraining route")
        # A stage whose `create_app` rebinds module state (the monolith's does) must not be
        # configured for another instance between two requests: shared answers first.
        context.holdout_scores()
        instance = context.trained_copy("silent-overwrite")
        before = answers_before(context, instance)
        original = pd.read_csv(instance.data_path, dtype=str, keep_default_na=False)
        shuffled_labels(original).to_csv(instance.data_path, index=False, lineterminator="\n")
        status = call(context, instance, routes[0])
        after = answers(context, instance, "after")
        context.cache["shuffled_retraining"] = ShuffledRetraining(
            instance, original, status, before, after
        )
    return context.cache["shuffled_retraining"]


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-07 on the context's stage."""
    found = {"retrain": retrain_routes(context)}
    found["rollback"] = state_changing_routes(context.app(), ("rollback",))
    evidence = {f"{name}_route": routes[:1] for name, routes in found.items()}
    if not found["retrain"]:
        summary = "no retraining route, hence no gate and no rollback to measure"
        return ProbeResult(DEBT_ID, True, "no retrain route", summary, evidence)
    routes = {name: found[name][0] for name in found if found[name]}
    retrained = shuffled_retraining(context)
    instance, after = retrained.instance, retrained.after
    evidence |= {
        "retrain_status": retrained.status,
        "auc_before": auc(retrained.before),
        "auc_after": auc(after),
        "served_model_changed": retrained.served_model_changed,
    }
    restored = "rollback" in routes and rollback_restores(
        context, instance, routes, retrained.original, after, evidence
    )
    ungated = evidence["served_model_changed"] and evidence["auc_after"] < CHANCE_AUC
    evidence |= {"chance_model_served": ungated, "promotion_rolled_back": restored}
    present = ungated or not restored
    summary = (
        f"retrained on shuffled labels ({evidence['retrain_status']}): served AUC "
        f"{evidence['auc_before']:.3f} -> {evidence['auc_after']:.3f}; a promotion rolled "
        f"back: {'yes' if restored else 'no'}"
    )
    figure = f"AUC {evidence['auc_before']:.2f}→{evidence['auc_after']:.2f}"
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
