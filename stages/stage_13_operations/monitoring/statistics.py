"""The drift statistics: PSI with a threshold that grows with sampling noise, and p-values.

With no drift, `n·m/(n+m)·PSI` is roughly chi-squared with `bins − 1` degrees of freedom
(window of `n` rows, reference of `m`; docs/reference/FIGURES.md). The PSI threshold is that
distribution's upper quantile turned back into PSI, but never below `MIN_PSI`: on very large
windows any trivial change is "significant", and an alert needs an effect worth acting on.

The chi-squared p-value is Pearson's test of homogeneity of the two samples' counts (the
reference's rows and the window's, bin by bin, as `scipy.stats.chi2_contingency` without
continuity correction): the reference is a sample too, so its own noise is counted. It
decides for fields compared value by value (`drift.py`) and is reported for the others, beside
the Kolmogorov–Smirnov p-value.

The distributions' tails are read from `scipy.special` (`chdtrc`, `chdtri`, `kolmogorov`,
`ndtri`): they are the functions `scipy.stats.chi2`, `kstwobign` and `norm` call, without the
argument checks that made those calls most of a window's drift report (issue 15).
"""

from functools import lru_cache

import numpy as np
from scipy import special

# A population stability index below this is no shift worth a person's time, however large
# the window (the usual "no significant change" line is 0.1).
MIN_PSI = 0.1
# Smoothing of empty bins: half an observation (a bin the reference never saw still counts).
SMOOTHING_COUNT = 0.5


def effective_size(window_rows: int, reference_rows: int) -> float:
    """The two-sample effective size `n·m/(n+m)`."""
    return window_rows * reference_rows / (window_rows + reference_rows)


def smoothed_shares(counts: np.ndarray) -> np.ndarray:
    """Shares of each bin, with half a count added to every bin so none is zero."""
    counts = np.asarray(counts, dtype=float) + SMOOTHING_COUNT
    return counts / counts.sum()


def psi(reference_shares: np.ndarray, reference_rows: int, window_counts: np.ndarray) -> float:
    """The population stability index of a window against the reference.

    Args:
        reference_shares: The share of reference rows in each bin.
        reference_rows: How many rows the reference had.
        window_counts: How many window rows fall in each bin.

    Returns:
        `Σ (w − r) · ln(w / r)` over the bins, both sides smoothed.
    """
    reference = smoothed_shares(np.asarray(reference_shares, dtype=float) * reference_rows)
    window = smoothed_shares(window_counts)
    return float(np.sum((window - reference) * np.log(window / reference)))


def psi_threshold(bins: int, window_rows: int, reference_rows: int, alpha: float) -> float:
    """The PSI above which a window of this size has drifted (false-alarm probability `alpha`).

    Args:
        bins: The number of bins.
        window_rows: The rows in the window.
        reference_rows: The rows in the reference.
        alpha: The accepted probability of a false alarm for this one test.

    Returns:
        `max(MIN_PSI, chi2.ppf(1 − alpha, bins − 1) / (n·m/(n+m)))`.
    """
    noise = chi_squared_isf(alpha, max(bins - 1, 1)) / effective_size(window_rows, reference_rows)
    return float(max(MIN_PSI, noise))


@lru_cache(maxsize=256)
def chi_squared_isf(alpha: float, degrees_of_freedom: int) -> float:
    """The chi-squared quantile with upper tail `alpha` (`scipy.stats.chi2.isf`)."""
    return float(special.chdtri(degrees_of_freedom, alpha))


def chi_squared_p_value(
    reference_shares: np.ndarray, reference_rows: int, window_counts: np.ndarray
) -> float:
    """The p-value of Pearson's chi-squared test that reference and window share one law.

    Args:
        reference_shares: The share of reference rows in each bin.
        reference_rows: How many rows the reference had (its counts are shares × rows).
        window_counts: How many window rows fall in each bin.

    Returns:
        The upper tail of `Σ (observed − expected)² / expected` over the 2 × bins table of
        counts, with `bins − 1` degrees of freedom (bins empty on both sides left out); 1.0
        when fewer than two bins hold any row.
    """
    reference = np.rint(np.asarray(reference_shares, dtype=float) * reference_rows)
    table = np.vstack([reference, np.asarray(window_counts, dtype=float)])
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] < 2 or (table.sum(axis=1) == 0).any():
        return 1.0
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    statistic = float(np.sum((table - expected) ** 2 / expected))
    return float(special.chdtrc(table.shape[1] - 1, statistic))


def ks_p_value(reference_shares: np.ndarray, reference_rows: int, window_counts: np.ndarray):
    """The Kolmogorov–Smirnov distance of binned distributions and its asymptotic p-value.

    The reference keeps only its bins, so the distance is taken at the bin edges (a lower
    bound of the exact KS distance): the p-value is conservative.

    Returns:
        The distance and the p-value.
    """
    window_counts = np.asarray(window_counts, dtype=float)
    reference_cdf = np.cumsum(reference_shares)
    window_cdf = np.cumsum(window_counts) / max(window_counts.sum(), 1.0)
    distance = float(np.max(np.abs(window_cdf - reference_cdf)))
    size = effective_size(window_counts.sum(), reference_rows)
    return distance, float(special.kolmogorov(distance * np.sqrt(size)))


@lru_cache(maxsize=256)
def z_critical(alpha: float) -> float:
    """The two-sided normal critical value for a false-alarm probability `alpha`."""
    return float(-special.ndtri(alpha / 2))
