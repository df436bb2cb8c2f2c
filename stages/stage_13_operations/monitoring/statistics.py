"""The drift statistics: PSI with a threshold that grows with sampling noise, and p-values.

With no drift, `n·m/(n+m)·PSI` is roughly chi-squared with `bins − 1` degrees of freedom
(window of `n` rows, reference of `m`; docs/reference/FIGURES.md). The PSI threshold is that
distribution's upper quantile turned back into PSI, but never below `MIN_PSI`: on very large
windows any trivial change is "significant", and an alert needs an effect worth acting on.
The chi-squared and Kolmogorov–Smirnov p-values are reported beside it as supporting figures.

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
    """The p-value of the two-sample chi-squared test of homogeneity of the binned shares."""
    reference = smoothed_shares(np.asarray(reference_shares, dtype=float) * reference_rows)
    window_counts = np.asarray(window_counts, dtype=float)
    window = window_counts / max(window_counts.sum(), 1.0)
    size = effective_size(window_counts.sum(), reference_rows)
    statistic = size * np.sum((window - reference) ** 2 / reference)
    return float(special.chdtrc(max(len(reference) - 1, 1), statistic))


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
