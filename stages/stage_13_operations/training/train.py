"""The training run: snapshot → validation → cross-validated choice → fit → holdout → register."""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from credit_data.codebook import APPLICATION_ID, TARGET

from ..domain.policy import APPROVE, DecisionPolicy
from ..domain.rules import APPLICANT_RULES
from ..explanations.reasons import MIN_PUSH
from ..explanations.summary import reasons_summary
from ..explanations.typical import typical_values
from ..features.columns import INPUT_FEATURES
from ..features.pipeline import build_pipeline
from ..registry import ModelRegistry
from .calibration import calibration_report
from .candidates import CANDIDATES, Candidate
from .compare import evaluate_candidate, protected_comparison
from .data import DataSnapshot, take_snapshot
from .evaluate import fairness_slices, quality_metrics
from .lineage import code_version, library_versions
from .outcome_data import OutcomeRows
from .reference import reference_statistics
from .report import training_report
from .selection import Tolerances, choose_simplest

LOGGER = logging.getLogger(__name__)
HOLDOUT_PREDICTIONS_NAME = "holdout_predictions.csv"
REPORT_NAME = "training_report.md"
TOLERANCES = Tolerances()


@dataclass(frozen=True)
class TrainingResult:
    """What a training run produced.

    Attributes:
        version: The registry version of the new model.
        card: Its model card.
        pipeline: The fitted pipeline.
    """

    version: int
    card: dict
    pipeline: object


# repays DEBT-01 Just a binary: the service trains its own model from the data file.
def train_and_register(
    data_path: Path,
    registry: ModelRegistry,
    policy: DecisionPolicy,
    costs: dict,
    seed: int,
    candidates: tuple[Candidate, ...] = CANDIDATES,
    outcomes: OutcomeRows | None = None,
) -> TrainingResult:
    """Train a model on `data_path` and register it (aliases are left to the caller).

    Gradient boosting's OpenMP threads spin while they wait: next to other busy threads on a
    2-core machine they made a 3-second run take a minute, so the run uses one thread per
    numeric library (plenty for 800 rows).

    Args:
        data_path: The data file, with the fixed split.
        registry: Where to register the model.
        policy: The decision policy the metrics use.
        costs: `cost_false_approval` and `cost_false_rejection`.
        seed: The seed of every random choice.
        candidates: The classifiers to compare, simplest first.
        outcomes: Labelled outcomes to train on besides the file's training split, with
            their lineage (retraining); None for the file alone.

    Returns:
        The new version, its card and the fitted pipeline.
    """
    with threadpool_limits(limits=1):
        snapshot = take_snapshot(data_path)
        if snapshot.invalid:
            LOGGER.warning("%d invalid rows left out of training", len(snapshot.invalid))
        training, holdout = training_rows(snapshot, outcomes), snapshot.holdout
        results = [evaluate_candidate(c, training, policy, costs, seed) for c in candidates]
        chosen = choose_simplest(results, TOLERANCES)
        candidate = next(c for c in candidates if c.name == chosen.name)
        pipeline = build_pipeline(candidate.build(seed)).fit(
            training[list(INPUT_FEATURES)], training[TARGET].to_numpy()
        )
        holdout_probabilities = pipeline.predict_proba(holdout[list(INPUT_FEATURES)])[:, 1]
        defaulted = holdout[TARGET].to_numpy()
        holdout_metrics = quality_metrics(defaulted, holdout_probabilities, policy, costs)
        typical = typical_values(training)
        metrics = {
            "cross_validation": [result.summary() for result in results],
            "selection": {"chosen": chosen.name, "tolerances": TOLERANCES.summary()},
            "holdout": holdout_metrics,
            "calibration": calibration_report(defaulted, holdout_probabilities),
            "fairness": fairness_slices(
                policy, (training, chosen.out_of_fold), (holdout, holdout_probabilities)
            ),
            "protected_attributes": protected_comparison(
                candidate,
                chosen,
                holdout_metrics["auc"],
                (training, holdout),
                policy,
                costs,
                seed,
            ),
        }
    data = snapshot.summary()
    if outcomes is not None:
        data["outcomes"] = outcomes.lineage
        data["training_rows_with_outcomes"] = len(training)
    card = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "model": chosen.name,
        "libraries": library_versions(),
        "code": code_version(),
        "training_data": data,
        "seed": seed,
        "parameters": pipeline.named_steps["classifier"].get_params(),
        "decision_policy": {
            "cutoff": policy.cutoff,
            "source": policy.source,
            "review_band": policy.review_band,
            **costs,
        },
        "metrics": metrics,
        "feature_schema": feature_schema(pipeline),
        "reference_statistics": reference_statistics(training, chosen.out_of_fold),
        "explanations": {
            "method": (
                "push = P(default) minus its expectation when one feature takes its typical "
                "values (training frequencies), the purpose text included; reasons: the "
                f"largest push and every other of at least {MIN_PUSH}, at most four, largest "
                "first"
            ),
            "typical_values": typical,
            "holdout": holdout_reasons(pipeline, holdout, holdout_probabilities, policy, typical),
        },
    }
    card["training_report"] = training_report(results, chosen, card)
    predictions = pd.DataFrame(
        {APPLICATION_ID: holdout[APPLICATION_ID], "probability_default": holdout_probabilities}
    )
    attachments = {
        HOLDOUT_PREDICTIONS_NAME: predictions.to_csv(index=False, lineterminator="\n"),
        REPORT_NAME: card["training_report"],
    }
    if outcomes is not None:
        attachments[outcomes.lineage["rows_file"]] = outcomes.attachment
    version = registry.register(pipeline, _json_safe(card), attachments)
    LOGGER.info("registered model version %d (%s)", version, chosen.name)
    return TrainingResult(version=version, card=registry.card(version), pipeline=pipeline)


def holdout_reasons(pipeline, holdout, probabilities, policy, typical) -> dict:
    """The reasons of the holdout applicants the policy rejects or reviews, summarised."""
    explained = np.flatnonzero(policy.decide_many(probabilities) != APPROVE)
    applicants = holdout.iloc[explained][list(INPUT_FEATURES)].to_dict("records")
    return reasons_summary(pipeline, applicants, probabilities[explained], typical)


def training_rows(snapshot: DataSnapshot, outcomes: OutcomeRows | None) -> pd.DataFrame:
    """The file's training split, plus the labelled outcomes when retraining."""
    if outcomes is None or not len(outcomes.rows):
        return snapshot.training
    added = outcomes.rows[[*INPUT_FEATURES, TARGET]]
    return pd.concat([snapshot.training, added], ignore_index=True)


def feature_schema(pipeline) -> dict:
    """The input fields with their rules, and the pipeline's output feature names."""
    return {
        "inputs": [
            {key: value for key, value in vars(rule).items() if value not in (None, ())}
            for rule in APPLICANT_RULES
        ],
        "model_features": pipeline.named_steps["features"].get_feature_names_out().tolist(),
    }


def _json_safe(value):
    """Replace values JSON cannot hold (numpy scalars, tuples) by plain Python ones."""
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    if hasattr(value, "item"):
        return value.item()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return repr(value)
