"""The approval-rate ratio of protected groups, with its interval: one definition for all.

**Approved.** An applicant counts as approved when approved automatically or by a reviewer,
and as refused when refused automatically or by a reviewer. An application whose review is
still pending is not decided yet and counts in neither: its group's rate is that of its
decided applicants, and the pending are reported beside it. Counting a pending review as a
refusal (what a rate of automatic approvals does) would lower the rate of whichever group has
more close calls, and counting it as an approval would presume the reviewer's answer.

**The ratio** is the approval rate of the less approved group over that of the more approved
one. Below 0.8 it fails the four-fifths convention of US employment law (29 CFR 1607.4(D)), a
screening figure, not a test of discrimination: base rates differ between groups.

**The interval** is Katz's log interval of the ratio of two proportions: the log of the
ratio has variance `1/a1 - 1/n1 + 1/a2 - 1/n2` (approved `a`, decided `n`); half is added to
each count of a group with no approvals or no refusals (the interval then widened to hold
the ratio itself). It is wide on a small group, which is what it is for. The same guideline
says that a large difference on small numbers that is not statistically significant may not
be adverse impact, so a ratio is *clearly* below four fifths only when the whole interval
is, and the smaller group has at least `MIN_GROUP_ROWS` decided applicants (pooled over
windows in the monitor).

**The minimum, 100,** is what it takes for the interval to tell the ratios this data carries
from the line. The interval's half-width on the log scale is 1.96 times
`sqrt(1/a1 - 1/n1 + ...)`, driven by the smaller group's approvals `a1`; to tell a ratio of
one half (age, in this data) from four fifths it must stay under `ln(0.8 / 0.5) = 0.47`. At
the approval rates of the smaller groups here (about 0.17 under 25, about 0.45 for those who
are not foreign workers) 100 decided applicants are 17 to 45 approvals: enough for the
normal approximation, and for the age ratio, about one half in every window of the replays,
to be clearly below the line in 73 of 132 windows, against 39 with a minimum of 30
(`benchmarks/fairness_figures.py`). A larger minimum pools more windows, so that a change
shows later.
"""

import math

from scipy.stats import norm

FOUR_FIFTHS = 0.8
MIN_GROUP_ROWS = 100
CONFIDENCE = 0.95


def approval_ratio(groups: dict[str, tuple[int, int]], confidence: float = CONFIDENCE) -> dict:
    """The approval-rate ratio of the least to the most approved group, with its interval.

    Args:
        groups: Per group, `(approved, decided)`.
        confidence: The interval's confidence level.

    Returns:
        `ratio` (None without two decided groups or without any approval), its `interval`
        `[low, high]` (None with the ratio), `less_approved_group`, `more_approved_group`,
        `smaller_group_decided`, `enough` (that group has at least `MIN_GROUP_ROWS`),
        `below_four_fifths` (the ratio is) and `clearly_below_four_fifths` (the whole
        interval is, on enough applicants).
    """
    rates = {name: a / n for name, (a, n) in groups.items() if n > 0}
    smaller = min((n for _, n in groups.values()), default=0)
    entry = {
        "ratio": None,
        "interval": None,
        "confidence": confidence,
        "less_approved_group": None,
        "more_approved_group": None,
        "smaller_group_decided": int(smaller),
        "enough": smaller >= MIN_GROUP_ROWS,
        "below_four_fifths": False,
        "clearly_below_four_fifths": False,
    }
    if len(rates) < 2 or len(rates) < len(groups) or max(rates.values()) == 0:
        return entry
    lower, higher = min(rates, key=rates.get), max(rates, key=rates.get)
    ratio = rates[lower] / rates[higher]
    low, high = log_ratio_interval(groups[lower], groups[higher], confidence)
    # With the half added, the interval may miss a ratio of 0 or 1: it is widened to hold it.
    low, high = min(low, ratio), max(high, ratio)
    return entry | {
        "ratio": float(ratio),
        "interval": [low, high],
        "less_approved_group": lower,
        "more_approved_group": higher,
        "below_four_fifths": ratio < FOUR_FIFTHS,
        "clearly_below_four_fifths": bool(entry["enough"] and high < FOUR_FIFTHS),
    }


def log_ratio_interval(
    first: tuple[int, int], second: tuple[int, int], confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """Katz's log interval of the ratio of two proportions, `first` over `second`.

    Args:
        first: `(approved, decided)` of the numerator's group.
        second: `(approved, decided)` of the denominator's group.
        confidence: The confidence level.

    Returns:
        The interval's bounds.
    """
    (a1, n1), (a2, n2) = (corrected(*first), corrected(*second))
    spread = norm.ppf(0.5 + confidence / 2) * math.sqrt(1 / a1 - 1 / n1 + 1 / a2 - 1 / n2)
    centre = math.log((a1 / n1) / (a2 / n2))
    return float(math.exp(centre - spread)), float(math.exp(centre + spread))


def corrected(approved: int, decided: int) -> tuple[float, float]:
    """Half added to each count of a group with no approvals or no refusals (Haldane)."""
    if approved == 0 or approved == decided:
        return approved + 0.5, decided + 1.0
    return float(approved), float(decided)
