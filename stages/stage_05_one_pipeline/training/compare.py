"""Cross-validating candidates."""

import pandas as pd

from credit_data.codebook import TARGET

from ..features.pipeline import build_pipeline
from .candidates import Candidate
from .evaluate import cross_validate, quality_metrics
from .selection import CandidateResult


def evaluate_candidate(candidate: Candidate, training: pd.DataFrame, seed: int) -> CandidateResult:
    """Cross-validate one candidate on the training rows."""
    pipeline = build_pipeline(candidate.build(seed))
    fold_aucs, out_of_fold = cross_validate(pipeline, training, seed)
    defaulted = training[TARGET].to_numpy()
    metrics = quality_metrics(defaulted, out_of_fold)
    return CandidateResult(
        name=candidate.name,
        fold_aucs=fold_aucs,
        brier=metrics["brier"],
        out_of_fold=out_of_fold,
    )
