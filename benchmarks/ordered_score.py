"""What keeping the code book's order of risk costs: the ordered regression against the free one.

`python -m benchmarks.ordered_score [STAGE]` (stage 06 on; default the last) fits the stage's
logistic regression candidate, which keeps the order (`features/monotone.py`), and the same
regression fitted freely (scikit-learn's `LogisticRegression` with the same settings: the
model the stages served before the order), in the stage's own pipeline, and prints for both:

- out of fold (the stage's 5-fold cross-validation on the 800 training rows): the mean of the
  fold AUCs (the training report's CV AUC), and the AUC of the pooled out-of-fold
  probabilities, their Brier score and expected cost per applicant at the policy's cut-off;
- on the 200 holdout applicants: AUC, Brier score and expected cost, with the 95 % paired
  bootstrap interval (1,000 resamples, seeded) of each difference (ordered minus free), out of
  fold and on the holdout;
- the holdout decisions of one against the other, under the stage's policy (review band
  included);
- the one-step-worse moves of the ordered fields (`credit_data.codebook.ONE_STEP_WORSE`) on
  the holdout that lower P(default), and the coefficients of the ordered fields.
"""

import argparse
import importlib

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score

from credit_data.codebook import ONE_STEP_WORSE, TARGET
from credit_data.load import holdout_rows, load_dataset, training_rows
from stages.instrument.manifest import load_manifest

SEED = 42
RESAMPLES = 1000
# A drop this small is floating-point rounding, not a reward.
TOLERANCE = 1e-9


def stage_parts(package: str):
    """The stage's settings loader, pipeline module, candidates module and evaluation module."""
    return tuple(
        importlib.import_module(f"{package}.{name}")
        for name in ("config", "features.pipeline", "training.candidates", "training.evaluate")
    )


def figures(defaulted, probabilities, cutoff: float, costs: dict) -> dict:
    """AUC, Brier score and expected cost per applicant."""
    rejected = probabilities >= cutoff
    false_approvals = np.sum((defaulted == 1) & ~rejected)
    false_rejections = np.sum((defaulted == 0) & rejected)
    cost = costs["cost_false_approval"] * false_approvals
    cost += costs["cost_false_rejection"] * false_rejections
    return {
        "auc": roc_auc_score(defaulted, probabilities),
        "brier": brier_score_loss(defaulted, probabilities),
        "expected_cost": cost / len(defaulted),
    }


def paired_intervals(defaulted, free, ordered, cutoff: float, costs: dict) -> dict:
    """The 95 % paired bootstrap interval of each figure's difference, ordered minus free."""
    rng = np.random.default_rng(SEED)
    differences = {"auc": [], "brier": [], "expected_cost": []}
    for _ in range(RESAMPLES):
        index = rng.integers(0, len(defaulted), len(defaulted))
        one = figures(defaulted[index], ordered[index], cutoff, costs)
        other = figures(defaulted[index], free[index], cutoff, costs)
        for name in differences:
            differences[name].append(one[name] - other[name])
    return {name: np.percentile(values, [2.5, 97.5]) for name, values in differences.items()}


def order_drops(pipeline, holdout: pd.DataFrame) -> tuple[int, int]:
    """The holdout's one-step-worse moves of an ordered field, and those lowering P(default)."""
    before = pipeline.predict_proba(holdout)[:, 1]
    moves = drops = 0
    for field, steps in ONE_STEP_WORSE.items():
        on_scale = holdout[field].isin(list(steps)).to_numpy()
        moved = holdout.copy()
        moved.loc[on_scale, field] = holdout.loc[on_scale, field].map(steps)
        after = pipeline.predict_proba(moved)[:, 1]
        moves += int(on_scale.sum())
        drops += int(np.sum(on_scale & (after < before - TOLERANCE)))
    return moves, drops


def main(argv: list[str] | None = None) -> None:
    """Fit both regressions in the stage's pipeline and print what the order changes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", nargs="?", default="14", help="a stage from 06 on")
    package = load_manifest().stage(parser.parse_args(argv).stage).package
    config, pipelines, candidates, evaluate = stage_parts(package)
    settings = config.load_settings()
    policy, costs = settings.policy, settings.costs
    data = load_dataset()
    training, holdout = training_rows(data), holdout_rows(data)
    models = {
        "free": LogisticRegression(C=0.1, max_iter=2000, random_state=SEED),
        "ordered": candidates.logistic_regression(SEED),
    }
    fold_aucs, out_of_fold, on_holdout, fitted = {}, {}, {}, {}
    for name, classifier in models.items():
        pipeline = pipelines.build_pipeline(classifier)
        fold_aucs[name], out_of_fold[name] = evaluate.cross_validate(pipeline, training, SEED)
        fitted[name] = pipelines.build_pipeline(classifier).fit(training, training[TARGET])
        on_holdout[name] = fitted[name].predict_proba(holdout)[:, 1]
    print(f"{package}: the ordered logistic regression against the same fitted freely")
    free_auc, ordered_auc = (float(np.mean(fold_aucs[name])) for name in models)
    print(
        f"\nCV AUC (mean of the fold AUCs): {free_auc:.4f} -> {ordered_auc:.4f}, "
        f"{ordered_auc - free_auc:+.4f}"
    )
    for label, rows, probabilities in (
        ("out of fold, pooled", training, out_of_fold),
        ("holdout", holdout, on_holdout),
    ):
        defaulted = rows[TARGET].to_numpy()
        intervals = paired_intervals(
            defaulted, probabilities["free"], probabilities["ordered"], policy.cutoff, costs
        )
        print(f"\n{label} ({len(rows)} rows): free -> ordered, difference [95 % paired interval]")
        free = figures(defaulted, probabilities["free"], policy.cutoff, costs)
        ordered = figures(defaulted, probabilities["ordered"], policy.cutoff, costs)
        for name, (low, high) in intervals.items():
            print(
                f"  {name}: {free[name]:.4f} -> {ordered[name]:.4f}, "
                f"{ordered[name] - free[name]:+.4f} [{low:+.4f}, {high:+.4f}]"
            )
    decisions = {name: policy.decide_many(on_holdout[name]) for name in models}
    print("\nholdout decisions (rows: free, columns: ordered):")
    print(pd.crosstab(decisions["free"], decisions["ordered"], rownames=["free"], colnames=[""]))
    print("\none-step-worse moves of an ordered field lowering P(default) on the holdout:")
    for name, pipeline in fitted.items():
        moves, drops = order_drops(pipeline, holdout)
        print(f"  {name}: {drops} of {moves}")
    print("\ncoefficients of the ordered fields (free -> ordered):")
    names = fitted["free"].named_steps["features"].get_feature_names_out()
    free_coef, ordered_coef = (fitted[name].named_steps["classifier"].coef_[0] for name in models)
    for index, column in enumerate(names):
        if any(column.startswith(f"categories__{field}_") for field in ONE_STEP_WORSE):
            print(f"  {column}: {free_coef[index]:+.3f} -> {ordered_coef[index]:+.3f}")


if __name__ == "__main__":
    main()
