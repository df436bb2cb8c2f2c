"""The floor under a reason, from the data: how far a push can be trusted, and what floors give.

`python -m benchmarks.reason_floor [STAGE] [--refits N]` (stage 06 on; default the last) fits
the stage's logistic regression on the 800 training rows, as training does, and explains the
holdout applicants its policy rejects or reviews. It prints:

- the reasons under the stage's rule against the rule before it (a floor of 0.005, the
  direction table's veto, no purpose text): the applicants whose largest push (the purpose
  text's included) is not among their reasons, the pushes among an applicant's four largest
  and above the floor that are left out, and the reasons naming the telephone, the job and
  the purpose;
- how stable a push is: the regression refitted on N bootstrap resamples of the training rows
  (seeded), each applicant's push of each feature again; per band of push size, how many
  pushes fall in it and in what share of the refits they keep their sign; the median
  standard deviation of a push across the refits;
- for a few floors, what the stage's rule would give: reasons in all, applicants with a
  single reason, and the reasons naming the telephone, the job and the purpose;
- the pushes against Regulation B's comment 9(b)(2)-5, second method, in score points: each
  field's log-odds contribution minus its average over the typical values (all applicants);
  for how many applicants the two agree on the largest and on the four largest.
"""

import argparse
import importlib
import itertools
from collections import Counter

import numpy as np

from credit_data.codebook import TARGET
from credit_data.load import holdout_rows, load_dataset, training_rows
from stages.instrument.manifest import load_manifest

SEED = 42
BANDS = (0.0, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.06, 0.1, 1.0)
FLOORS = (0.005, 0.01, 0.015, 0.02, 0.025, 0.03)
WATCHED = ("telephone", "job", "purpose_text")
OLD_FLOOR = 0.005


def stage_module(package: str, name: str):
    """One module of the stage."""
    return importlib.import_module(f"{package}.{name}")


def fitted(package: str, rows):
    """The stage's logistic regression in its pipeline, fitted on `rows`."""
    pipelines = stage_module(package, "features.pipeline")
    candidates = stage_module(package, "training.candidates")
    pipeline = pipelines.build_pipeline(candidates.logistic_regression(SEED))
    return pipeline.fit(rows, rows[TARGET])


def pushes_with(package: str, pipeline, applicants: list[dict], typical: dict) -> np.ndarray:
    """Every applicant's push for every feature, from `pipeline`."""
    frame = stage_module(package, "features.frame").applicants_frame(applicants)
    transformed = pipeline.named_steps["features"].transform(frame)
    probabilities = pipeline.predict_proba(frame)[:, 1]
    pushes = stage_module(package, "explanations.pushes")
    return pushes.pushes_of(pipeline, applicants, probabilities, typical, transformed)


def chosen(pushes: np.ndarray, allowed: np.ndarray, limit: int) -> list[list[int]]:
    """Per applicant, the allowed features with the largest pushes, at most `limit`."""
    ranked = np.argsort(np.where(allowed, -pushes, np.inf), axis=1, kind="stable")[:, :limit]
    return [[k for k in row if allowed[i, k]] for i, row in enumerate(ranked)]


def describe_rule(name, given, pushes, features, floor, limit) -> None:
    """Print what one rule's reasons leave out and how often they name the watched fields."""
    largest = pushes.argmax(axis=1)
    missing = sum(largest[i] not in cited for i, cited in enumerate(given))
    left_out = 0
    for i, cited in enumerate(given):
        top = np.argsort(-pushes[i], kind="stable")[:limit]
        left_out += sum(pushes[i, k] >= floor and k not in cited for k in top)
    named = Counter(features[k] for cited in given for k in cited)
    watched = ", ".join(f"{field} {named[field]}" for field in WATCHED)
    print(
        f"  {name}: {sum(map(len, given))} reasons; largest push not among them: {missing}; "
        f"pushes among the four largest and of at least {floor} left out: {left_out}; "
        f"reasons naming {watched}"
    )


def score_points(package: str, pipeline, applicants: list[dict], typical: dict) -> np.ndarray:
    """Each field's log-odds contribution above its average over the typical values."""
    frame = stage_module(package, "features.frame").applicants_frame(applicants)
    transformed = pipeline.named_steps["features"].transform(frame)
    weights = pipeline.named_steps["classifier"].coef_[0]
    moves = stage_module(package, "explanations.moves")
    found = moves.transformed_moves(pipeline, applicants[0], typical)
    own = np.column_stack([transformed[:, block] @ weights[block] for block in found.blocks])
    moved = [found.rows[move, block] @ weights[block] for move, block in enumerate(found.blocks)]
    return (own - np.asarray(moved)[None, :]) @ found.weights


def main(argv: list[str] | None = None) -> None:
    """Fit, explain, refit on resamples, and print the figures of the module's docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", nargs="?", default="14", help="a stage from 06 on")
    parser.add_argument("--refits", type=int, default=30, help="bootstrap refits")
    arguments = parser.parse_args(argv)
    package = load_manifest().stage(arguments.stage).package
    reasons = stage_module(package, "explanations.reasons")
    directions = stage_module(package, "explanations.directions")
    policy = stage_module(package, "config").load_settings().policy
    data = load_dataset()
    training, holdout = training_rows(data), holdout_rows(data)
    typical = stage_module(package, "explanations.typical").typical_values(training)
    features = list(typical)
    served = fitted(package, training)
    inputs = list(stage_module(package, "features.columns").INPUT_FEATURES)
    probabilities = served.predict_proba(holdout[inputs])[:, 1]
    explained = np.flatnonzero(policy.decide_many(probabilities) != "approve")
    applicants = holdout.iloc[explained][inputs].to_dict("records")
    pushes = pushes_with(package, served, applicants, typical)
    print(f"{package}: {len(applicants)} of {len(holdout)} holdout applicants rejected or reviewed")

    print("\nreasons, the rule before (floor 0.005, direction table, no purpose) and this one:")
    agrees = np.column_stack(
        [
            directions.agree_with_direction(f, [a[f] for a in applicants], typical[f])
            for f in features
        ]
    )
    old = (pushes >= OLD_FLOOR) & agrees & (np.array(features) != "purpose_text")
    limit = reasons.MAX_REASONS
    describe_rule("before", chosen(pushes, old, limit), pushes, features, OLD_FLOOR, limit)
    new = chosen(pushes, reasons.citable(pushes), limit)
    describe_rule("now", new, pushes, features, reasons.MIN_PUSH, limit)

    rng = np.random.default_rng(SEED)
    refits = []
    for _ in range(arguments.refits):
        rows = training.iloc[rng.integers(0, len(training), len(training))]
        refits.append(pushes_with(package, fitted(package, rows), applicants, typical))
    refits = np.asarray(refits)
    positive = pushes > 0
    kept = (np.sign(refits) == np.sign(pushes)).mean(axis=0)
    spread = refits.std(axis=0)
    print(
        f"\npositive pushes by size, and the share of {arguments.refits} refits keeping the sign:"
    )
    for low, high in itertools.pairwise(BANDS):
        band = positive & (pushes >= low) & (pushes < high)
        if band.any():
            print(f"  [{low:.3f}, {high:.3f}): {band.sum():4d} pushes, {kept[band].mean():.3f}")
    median = float(np.median(spread[positive]))
    print(f"median standard deviation of a positive push: {median:.4f} (twice: {2 * median:.4f})")

    print(f"\nfloors (at most {limit} reasons, the largest push always):")
    for floor in FLOORS:
        allowed = pushes >= floor
        allowed[np.arange(len(pushes)), pushes.argmax(axis=1)] |= pushes.max(axis=1) > 0
        given = chosen(pushes, allowed, limit)
        named = Counter(features[k] for cited in given for k in cited)
        print(
            f"  {floor:.3f}: {sum(map(len, given))} reasons, "
            f"{sum(len(c) == 1 for c in given)} applicants with a single one; "
            + ", ".join(f"{field} {named[field]}" for field in WATCHED)
        )

    points = score_points(package, served, applicants, typical)
    same_largest = int(np.sum(points.argmax(axis=1) == pushes.argmax(axis=1)))
    four = [
        set(np.argsort(-a)[:limit]) == set(np.argsort(-b)[:limit])
        for a, b in zip(points, pushes, strict=True)
    ]
    print(
        "\nagainst comment 9(b)(2)-5's second method in score points (log-odds above the "
        f"all-applicant average): the same largest for {same_largest} of {len(pushes)} "
        f"applicants, the same {limit} largest for {sum(four)}"
    )


if __name__ == "__main__":
    main()
