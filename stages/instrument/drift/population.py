"""The simulated applicants: a seeded population disjoint from every row of the data file.

Drift streams draw their applicants from here, never from the data file. A stage's model was
fitted on the 800 training rows: its scores of them are in-sample (more spread than the
out-of-fold scores of its drift reference), a retraining that learnt a replayed copy of one
counted it twice, and the gate's recent window held applicants both models had learnt from.
The 200 holdout rows cannot stand in: they are the gate's fixed holdout, which no simulated
applicant may enter, and 200 are too few to resample into windows of 500. So every simulated
applicant is new: it is made from the training rows and equals none of the 1,000 rows.

Why not the other way, a world model outside the served model's family alone: the world
already is one (`world.py`, gradient-boosted trees), yet on the training rows both it and the
served model were fitted to the same labels, and agree there more than on new applicants.

**How an applicant is made** (a recombination of near rows, in the spirit of SMOTE-NC for
mixed data). Take a training row at random; the new applicant takes each of `FIELDS` on a
coin toss from that row or from a partner drawn for that field among the rows near it (Gower
distance over the 20 attributes: a numeric field's difference over its range, a category's
mismatch). The loan (purpose, its text, duration, amount, instalment rate) and the home
(housing, property) pass whole, so that a text always names its purpose and a long loan keeps
its large amount. Partners are drawn from a doubly stochastic kernel of the distance
(`partner_shares`), so that every training row is a partner as often as any other: each
attribute's shares equal the training rows' in expectation. Every value is one a real
applicant gave. An applicant equal to a row of the data file (training or holdout) on every
field, or to one made before, is made again.

**Measured** (`python -m benchmarks.simulated_population`): none of the 20,000 applicants is
a row of the data file (before it is dropped, about 4 % of what the recombination makes is
one); the largest difference from the training rows' shares is the mean amount's, 0.9 %;
duration and amount correlate 0.639 (0.636 in the training rows). The served model and the
world correlate 0.909 on the training rows, 0.877 on the holdout and 0.898 on the
population. Refitted on half the training rows, the two correlate 0.883 on that half, 0.855
on the other half and 0.860 on applicants recombined from the first half: the recombined
applicants keep 18 % of the in-sample excess. They are new applicants, not independent ones:
each is made of near rows' values, and a law farther from the training rows than their
neighbours are (an amount between two seen, a combination far from every row) is never made.
"""

from functools import cache

import numpy as np
import pandas as pd

from credit_data.codebook import APPLICATION_ID, ATTRIBUTES, COLUMNS, PURPOSE_TEXT, SPLIT, TARGET
from credit_data.load import load_dataset, training_rows

POPULATION_SIZE = 20_000
BANDWIDTH = 0.03
POPULATION_SEED = 2_718
# What an applicant inherits whole from one parent: the loan (its purpose in the applicant's
# words, duration, amount and instalment rate), the home (housing and property), and each
# other attribute alone.
LOAN = ("purpose", PURPOSE_TEXT, "duration_months", "credit_amount", "installment_rate")
HOME = ("housing", "property")
FIELDS: tuple[tuple[str, ...], ...] = (
    LOAN,
    HOME,
    *((a.name,) for a in ATTRIBUTES if a.name not in LOAN + HOME),
)
COLUMNS_KEPT = [name for name in COLUMNS if name not in (SPLIT, TARGET)]


def gower_distances(rows: pd.DataFrame) -> np.ndarray:
    """The Gower distance between every two rows over the 20 attributes.

    Args:
        rows: Data-set rows.

    Returns:
        A square matrix: the mean over attributes of a numeric field's absolute difference
        divided by its range, or of a category's mismatch (0 or 1).
    """
    total = np.zeros((len(rows), len(rows)))
    for attribute in ATTRIBUTES:
        values = rows[attribute.name]
        if attribute.is_categorical:
            codes = pd.factorize(values)[0]
            total += codes[:, None] != codes[None, :]
        else:
            numbers = values.to_numpy(dtype=float)
            spread = numbers.max() - numbers.min() or 1.0
            total += np.abs(numbers[:, None] - numbers[None, :]) / spread
    return total / len(ATTRIBUTES)


def partner_shares(rows: pd.DataFrame, bandwidth: float = BANDWIDTH) -> np.ndarray:
    """How likely each row is to be each other row's partner: near rows likely, far ones not.

    A kernel of the Gower distance, `exp(-distance / bandwidth)` (zero for a row and
    itself), scaled symmetrically until every row and every column sums to one (Sinkhorn):
    a row drawn at random and then its partner drawn from its row of the matrix makes every
    training row a partner equally often, so that no attribute's shares lean toward the
    rows that are many rows' near neighbours.

    Args:
        rows: Data-set rows.
        bandwidth: The kernel's scale in Gower distance.

    Returns:
        A symmetric matrix whose rows and columns each sum to one.
    """
    kernel = np.exp(-gower_distances(rows) / bandwidth)
    np.fill_diagonal(kernel, 0.0)
    scale = np.ones(len(rows))
    for _ in range(10_000):
        scale = np.sqrt(scale / (kernel @ scale))
        if np.abs(scale * (kernel @ scale) - 1).max() < 1e-12:
            return scale[:, None] * kernel * scale[None, :]
    raise ArithmeticError("the partner shares did not converge")


def applicant_keys(rows: pd.DataFrame) -> pd.Series:
    """A 64-bit hash of each row's attributes and text: equal rows, equal keys."""
    names = [name for group in FIELDS for name in group]
    return pd.util.hash_pandas_object(rows[names].astype(str), index=False)


def recombined(parents: pd.DataFrame, size: int, rng: np.random.Generator) -> pd.DataFrame:
    """`size` applicants, each made from one row and, field by field, its near partners.

    Each applicant starts from a row drawn at random; each of `FIELDS` then comes, on a coin
    toss, from that row or from a partner drawn for that field from the row's partner shares.

    Args:
        parents: The rows to recombine.
        size: How many applicants to make.
        rng: The random source.

    Returns:
        The applicants (data-set columns without the target and the split).
    """
    cumulative = np.cumsum(partner_shares(parents), axis=1)
    first = rng.integers(len(parents), size=size)
    children = {}
    for group in FIELDS:
        partner = (cumulative[first] < rng.random(size)[:, None]).sum(axis=1)
        source = np.where(rng.random(size) < 0.5, np.minimum(partner, len(parents) - 1), first)
        for name in group:
            children[name] = parents[name].to_numpy()[source]
    return pd.DataFrame(children)[[name for name in COLUMNS_KEPT if name in children]]


def population(size: int = POPULATION_SIZE, seed: int = POPULATION_SEED) -> pd.DataFrame:
    """The seeded population streams draw from: `size` applicants, none a row of the data file.

    Made from the training rows only (`recombined`); an applicant equal to any of the 1,000
    rows on every applicant field, or made twice, is replaced by a new one.

    Args:
        size: How many applicants.
        seed: The seed of the random source.

    Returns:
        The applicants, with every data-set column but the target and the split; their
        `application_id` is empty (a stream gives each draw an opaque id). A copy: made once.
    """
    return made_population(size, seed).copy()


@cache
def made_population(size: int, seed: int) -> pd.DataFrame:
    """`population`, made once per size and seed."""
    data = load_dataset()
    parents = training_rows(data)
    taken = set(applicant_keys(data))
    rng = np.random.default_rng(seed)
    kept: list[pd.DataFrame] = []
    while sum(len(frame) for frame in kept) < size:
        children = recombined(parents, size, rng)
        keys = applicant_keys(children)
        new = (~keys.isin(taken) & ~keys.duplicated()).to_numpy()
        taken.update(keys[new])
        kept.append(children[new])
    applicants = pd.concat(kept, ignore_index=True).head(size)
    return applicants.assign(**{APPLICATION_ID: ""})[COLUMNS_KEPT]
