"""Drift of one window against the model's reference statistics: inputs and outputs.

Each of the 20 input features is binned as its reference was (quantile bins for numbers, the
codes for categories and the values of integers with few values, word-count bins for the
purpose text), and so is the score. The false-alarm budget of a whole window, `WINDOW_ALPHA`,
is shared equally among its tests (Bonferroni), whichever test each one is:

- A field compared value by value (a category, or an integer with few values such as the
  dependants) drifts when the chi-squared test of the window's counts against the
  reference's (`statistics.chi_squared_p_value`) has a p-value below its share of the budget.
  PSI is a poor yardstick there: with two or three values, a move a lender would act on
  (telephone 41 % to 57 %, foreign workers 4 % to 13 %, two dependants 15 % to 28 %) is a
  PSI of about 0.1, at the floor `MIN_PSI`, while its p-value is below 1e-7. The floor is
  not needed against trivial changes here either: the reference's rows bound the test's
  power, and with the 800 training rows a 40 % share must move by about 7 points before any
  window, however large, flags it (a 4 % share by about 3). A reference of many thousands of
  rows would call for a floor on the change of share, not on PSI.
- A binned number (quantile bins of an amount, a duration, an age, the text's word count,
  the score) keeps PSI above its size-aware threshold: with ten bins its noise threshold is
  already above the floor at a window of 500, and PSI is the figure credit-risk teams read.

PSI is reported for every field, the chi-squared p-value too, so a window reads the same way
whatever decided it.
"""

import numpy as np
import pandas as pd

from .statistics import chi_squared_p_value, ks_p_value, psi, psi_threshold, z_critical

# The probability that a window without drift raises any drift alert at all.
WINDOW_ALPHA = 0.002
OTHER_CATEGORY = "(other)"
CHI_SQUARED, PSI = "chi_squared", "psi"


def bin_counts(values: pd.Series, entry: dict) -> tuple[np.ndarray, np.ndarray]:
    """The window's counts and the reference's shares in the reference's bins.

    Args:
        values: The window's values of one feature.
        entry: The feature's reference entry: `edges` and `frequencies`, or, for a
            category, `frequencies` by code.

    Returns:
        Window counts and reference shares, bin by bin (categories get an extra bin for
        codes the reference never saw).
    """
    if entry["kind"] == "categorical":
        codes = list(entry["frequencies"])
        positions = pd.Index(codes).get_indexer(values.astype(str))
        counts = np.bincount(positions[positions >= 0], minlength=len(codes))
        counts = np.append(counts, np.sum(positions < 0))
        shares = np.append([entry["frequencies"][code] for code in codes], 0.0)
        return counts, shares
    inner = np.asarray(entry["edges"][1:-1], dtype=float)
    numbers = values.to_numpy(dtype=float)
    counts = np.bincount(np.searchsorted(inner, numbers, side="right"), minlength=len(inner) + 1)
    return counts, np.asarray(entry["frequencies"], dtype=float)


def compare(values: pd.Series, entry: dict, reference_rows: int, alpha: float) -> dict:
    """Whether one feature drifted, by the test that suits it, with the other figures.

    Args:
        values: The window's values of the feature.
        entry: The feature's reference entry.
        reference_rows: How many rows the reference had.
        alpha: This test's share of the window's false-alarm budget.

    Returns:
        `kind`, `test` (`chi_squared` for a field compared value by value, else `psi`),
        `psi` and its `threshold`, `chi_squared_p_value`, `alpha` and `drifted`; for a binned
        number, the Kolmogorov–Smirnov distance and p-value too.
    """
    counts, shares = bin_counts(values, entry)
    window_rows = int(counts.sum())
    value = psi(shares, reference_rows, counts)
    threshold = psi_threshold(len(counts), window_rows, reference_rows, alpha)
    p_value = chi_squared_p_value(shares, reference_rows, counts)
    by_value = entry["kind"] == "categorical"
    result = {
        "kind": entry["kind"],
        "test": CHI_SQUARED if by_value else PSI,
        "psi": value,
        "threshold": threshold,
        "chi_squared_p_value": p_value,
        "alpha": alpha,
        "drifted": bool(p_value < alpha if by_value else value > threshold),
    }
    if entry["kind"] != "categorical":
        distance, p_value = ks_p_value(shares, reference_rows, counts)
        result |= {"ks_distance": distance, "ks_p_value": p_value}
    return result


def word_counts(texts: pd.Series) -> pd.Series:
    """The number of words of each text (as pandas' `str.split().str.len()`, a loop cheaper)."""
    return pd.Series([len(text.split()) for text in texts.astype(str)], dtype=np.int64)


def drift_report(
    inputs: pd.DataFrame,
    probabilities: np.ndarray,
    reference: dict,
    cutoff: float,
    holdout: dict,
) -> dict:
    """Input and output drift of one window.

    Args:
        inputs: The window's applicants, one column per input feature.
        probabilities: The probabilities of default the window was given.
        reference: The model card's `reference_statistics`.
        cutoff: The decision cut-off.
        holdout: The model card's holdout metrics (`approval_rate`) and holdout size.

    Returns:
        `rows`, `features` (per feature: PSI, threshold, p-values, drifted), `score`
        (PSI of the score), `approval` (rate below the cut-off against the holdout's, z) and
        `drifted` (the names of the drifted features and outputs).
    """
    features = reference["features"]
    tests = len(features) + 2
    alpha = WINDOW_ALPHA / tests
    reference_rows = int(reference["rows"])
    per_feature = {}
    for name, entry in features.items():
        values = word_counts(inputs[name]) if entry["kind"] == "text_word_count" else inputs[name]
        per_feature[name] = compare(values, entry, reference_rows, alpha)
    scores = pd.Series(np.asarray(probabilities, dtype=float))
    score = compare(
        scores, {"kind": "score", **reference["score"]["quantile_bins"]}, reference_rows, alpha
    )
    approval = approval_change(np.asarray(probabilities) < cutoff, holdout, alpha)
    drifted = [name for name, result in per_feature.items() if result["drifted"]]
    drifted += [
        name
        for name, result in (("score", score), ("approval_rate", approval))
        if result["drifted"]
    ]
    return {
        "rows": len(inputs),
        "features": per_feature,
        "score": score,
        "approval": approval,
        "alpha_per_test": alpha,
        "drifted": drifted,
    }


def approval_change(approved: np.ndarray, holdout: dict, alpha: float) -> dict:
    """The window's share below the cut-off against the holdout's (two-proportion z-test)."""
    window_rate, window_rows = float(np.mean(approved)), len(approved)
    holdout_rate, holdout_rows = float(holdout["approval_rate"]), int(holdout["rows"])
    pooled = (window_rate * window_rows + holdout_rate * holdout_rows) / (
        window_rows + holdout_rows
    )
    spread = np.sqrt(pooled * (1 - pooled) * (1 / window_rows + 1 / holdout_rows))
    z = (window_rate - holdout_rate) / spread if spread > 0 else 0.0
    return {
        "rate": window_rate,
        "holdout_rate": holdout_rate,
        "change": window_rate - holdout_rate,
        "z": float(z),
        "threshold": z_critical(alpha),
        "drifted": bool(abs(z) > z_critical(alpha)),
    }


def holdout_figures(card: dict) -> dict:
    """The holdout metrics of a card, with the holdout's size and bad rate."""
    holdout = card["metrics"]["holdout"]
    data = card["training_data"]
    return {**holdout, "rows": data["holdout_rows"], "bad_rate": holdout_bad_rate(data)}


def holdout_bad_rate(data: dict) -> float:
    """The holdout's bad rate, from the data summary's overall and training bad rates."""
    total = data["training_rows"] + data["holdout_rows"]
    return (data["bad_rate"] * total - data["training_bad_rate"] * data["training_rows"]) / data[
        "holdout_rows"
    ]
