"""The training run: snapshot → validation → cross-validated choice → fit → holdout → artifact."""

import logging
from dataclasses import dataclass
from pathlib import Path

from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

from credit_data.codebook import TARGET

from ..features.columns import INPUT_FEATURES
from ..features.pipeline import build_pipeline
from ..model.artifact import save_pipeline
from .candidates import CANDIDATES, Candidate
from .compare import evaluate_candidate
from .data import take_snapshot
from .selection import CandidateResult, Tolerances, choose_simplest

LOGGER = logging.getLogger(__name__)
TOLERANCES = Tolerances()


@dataclass(frozen=True)
class TrainingResult:
    """What a training run produced.

    Attributes:
        path: The artifact written.
        data: The data snapshot's summary (rows used, rejected, held out).
        results: Every candidate's cross-validation result, simplest first.
        chosen: The chosen candidate's result.
        holdout_auc: The fitted pipeline's AUC on the holdout, which no step of training saw.
        pipeline: The fitted pipeline.
    """

    path: Path
    data: dict
    results: list[CandidateResult]
    chosen: CandidateResult
    holdout_auc: float
    pipeline: object


# repays DEBT-01 Just a binary: the service trains its own model from the data file.
def train_and_save(
    data_path: Path,
    model_dir: Path,
    seed: int,
    candidates: tuple[Candidate, ...] = CANDIDATES,
) -> TrainingResult:
    """Train a model on `data_path` and write it as the model folder's one artifact.

    Gradient boosting's OpenMP threads spin while they wait: next to other busy threads on a
    2-core machine they made a 3-second run take a minute, so the run uses one thread per
    numeric library (plenty for 800 rows).

    Args:
        data_path: The data file, with the fixed split.
        model_dir: The model folder; its artifact is replaced.
        seed: The seed of every random choice.
        candidates: The classifiers to compare, simplest first.

    Returns:
        The artifact's path, the cross-validation results, the holdout AUC and the pipeline.
    """
    with threadpool_limits(limits=1):
        snapshot = take_snapshot(data_path)
        if snapshot.invalid:
            LOGGER.warning("%d invalid rows left out of training", len(snapshot.invalid))
        training, holdout = snapshot.training, snapshot.holdout
        results = [evaluate_candidate(c, training, seed) for c in candidates]
        chosen = choose_simplest(results, TOLERANCES)
        candidate = next(c for c in candidates if c.name == chosen.name)
        pipeline = build_pipeline(candidate.build(seed)).fit(
            training[list(INPUT_FEATURES)], training[TARGET].to_numpy()
        )
        holdout_probabilities = pipeline.predict_proba(holdout[list(INPUT_FEATURES)])[:, 1]
        holdout_auc = float(roc_auc_score(holdout[TARGET].to_numpy(), holdout_probabilities))
    path = save_pipeline(pipeline, model_dir)
    LOGGER.info("trained %s (holdout AUC %.4f) into %s", chosen.name, holdout_auc, path)
    return TrainingResult(
        path=path,
        data=snapshot.summary(),
        results=results,
        chosen=chosen,
        holdout_auc=holdout_auc,
        pipeline=pipeline,
    )


def training_report(result: TrainingResult) -> str:
    """What was compared, what was chosen and how it does on the holdout, as Markdown."""
    data = result.data
    lines = [
        f"Data: {data['rows']} rows ({len(data['invalid_rows'])} invalid), "
        f"{data['training_rows']} for training, {data['holdout_rows']} held out.",
        "",
        "| candidate | CV AUC mean | CV AUC std | Brier |",
        "|---|---|---|---|",
    ]
    for entry in result.results:
        lines.append(
            f"| {entry.name} | {entry.auc_mean:.4f} | {entry.auc_std:.4f} | {entry.brier:.4f} |"
        )
    tolerances = TOLERANCES.summary()
    lines += [
        "",
        f"Chosen: **{result.chosen.name}**, the simplest candidate within {tolerances['auc']} "
        f"of the best mean CV AUC and {tolerances['brier']} of the best Brier score.",
        f"Holdout AUC {result.holdout_auc:.4f}.",
    ]
    return "\n".join(lines) + "\n"
