"""Generate a scenario's stream: batches of applicants, and outcomes that arrive a batch late."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from credit_data.codebook import APPLICATION_ID, TARGET

from .population import population
from .scenarios import CONCEPT, COVARIATE, PRIOR, Scenario
from .world import world_logit

# The simulated reviewer sees more than the model: it approves a borderline applicant when
# the world's own probability of default is below the cost-matrix cut-off.
REVIEWER_CUTOFF = 1 / 6
ID_BYTES = 8


@dataclass(frozen=True)
class Batch:
    """One batch of a stream.

    Attributes:
        index: The batch's position, from 0.
        shifted: Whether the scenario's shift applies to this batch.
        applicants: The data-set columns of each applicant, with a random opaque
            `application_id`; `defaulted` holds the outcome that will later be known.
        truth: The world's probability of default for each applicant (after the shift).
        outcomes: Every outcome of the previous batch (`application_id`, `defaulted`); empty
            for the first batch. A lender learns only the approved ones (`SelectiveLabels`).
    """

    index: int
    shifted: bool
    applicants: pd.DataFrame
    truth: np.ndarray
    outcomes: pd.DataFrame

    @property
    def reviewer_approves(self) -> np.ndarray:
        """Whether the simulated reviewer approves each applicant, were it sent to review."""
        return self.truth < REVIEWER_CUTOFF


def sigmoid(logit: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-logit))


def standardised(column: pd.Series) -> np.ndarray:
    """The column minus its mean, divided by its standard deviation."""
    return ((column - column.mean()) / column.std()).to_numpy()


def concept_logit(rows: pd.DataFrame, parameters: dict) -> np.ndarray:
    """The shifted world's log-odds: some effects change, the mean probability does not.

    `categories` adds log-odds to one code of a feature, `above` to the rows above a value of
    a numeric feature, and `scales` multiplies a numeric feature's standardised effect.
    """
    base = world_logit(rows)
    change = np.zeros(len(rows))
    for name, (code, log_odds) in parameters.get("categories", {}).items():
        change += log_odds * (rows[name] == code).to_numpy()
    for name, (value, log_odds) in parameters.get("above", {}).items():
        change += log_odds * (rows[name].astype(float) > value).to_numpy()
    for name, scale in parameters.get("scales", {}).items():
        change += (scale - 1.0) * standardised(rows[name].astype(float))
    target = sigmoid(base).mean()
    offset = brentq(lambda c: sigmoid(base + change - c).mean() - target, -10.0, 10.0)
    return base + change - offset


def covariate_weights(rows: pd.DataFrame, parameters: dict) -> np.ndarray:
    """Resampling weights that tilt the rows toward the scenario's covariates.

    A `tilt` key `log_<column>` tilts by the column's logarithm, any other by the column.
    A `shares` entry `{column: (code, share)}` then gives the rows with that code `share` of
    the weight, the other rows keeping their proportions among themselves.
    """
    tilt = np.zeros(len(rows))
    for key, strength in parameters.get("tilt", {}).items():
        name = key.removeprefix("log_")
        values = rows[name].astype(float)
        tilt += strength * standardised(np.log(values) if key.startswith("log_") else values)
    weights = np.exp(tilt)
    for name, (code, share) in parameters.get("shares", {}).items():
        chosen = (rows[name].astype(str) == str(code)).to_numpy()
        weights = np.where(
            chosen,
            share * weights / weights[chosen].sum(),
            (1 - share) * weights / weights[~chosen].sum(),
        )
    return weights / weights.sum()


def world_truths(scenario: Scenario, rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray | None]:
    """Each row's probability of default in the world, and in the shifted world of a concept shift.

    Computed once per stream: every batch resamples the same rows.

    Returns:
        The world's probabilities, and the shifted world's (None unless a concept shift).
    """
    truth_all = sigmoid(world_logit(rows))
    if scenario.shift != CONCEPT:
        return truth_all, None
    return truth_all, sigmoid(concept_logit(rows, scenario.parameters))


def draw_batch(
    scenario: Scenario,
    shifted: bool,
    rows: pd.DataFrame,
    rng,
    truths: tuple[np.ndarray, np.ndarray | None],
) -> tuple:
    """Draw one batch's row indices, truths and outcomes (`truths` from `world_truths`)."""
    size, (truth_all, concept_truth) = scenario.batch_size, truths
    if shifted and scenario.shift == PRIOR:
        bad_count = round(size * scenario.parameters["bad_rate"])
        bad = rng.choice(len(rows), bad_count, p=truth_all / truth_all.sum())
        good = rng.choice(len(rows), size - bad_count, p=(1 - truth_all) / (1 - truth_all).sum())
        indices = np.concatenate([bad, good])
        outcomes = np.concatenate([np.ones(bad_count, int), np.zeros(size - bad_count, int)])
        order = rng.permutation(size)
        return indices[order], truth_all[indices[order]], outcomes[order]
    if shifted and scenario.shift == COVARIATE:
        indices = rng.choice(len(rows), size, p=covariate_weights(rows, scenario.parameters))
    else:
        indices = rng.choice(len(rows), size)
    truth = truth_all[indices]
    if shifted and scenario.shift == CONCEPT:
        truth = concept_truth[indices]
    return indices, truth, (rng.random(size) < truth).astype(int)


def opaque_ids(rng, count: int) -> list[str]:
    """`count` random hexadecimal ids: nothing in them names a scenario or a batch."""
    return [rng.bytes(ID_BYTES).hex() for _ in range(count)]


def stream(scenario: Scenario, rows: pd.DataFrame | None = None) -> list[Batch]:
    """Generate the scenario's batches (seeded: the same scenario gives the same stream).

    Args:
        scenario: The scenario.
        rows: The applicants to resample from; the simulated population (`population.py`,
            disjoint from every row of the data file) when None.

    Returns:
        The batches, in order; each carries the previous batch's outcomes.
    """
    rows = (population() if rows is None else rows).reset_index(drop=True)
    rng = np.random.default_rng(scenario.seed)
    ids = np.random.default_rng([scenario.seed, 1])
    batches = []
    previous = pd.DataFrame({APPLICATION_ID: pd.Series(dtype=str), TARGET: pd.Series(dtype=int)})
    truths = world_truths(scenario, rows)
    for index in range(scenario.batches):
        shifted = index >= scenario.reference_batches and scenario.shift != "none"
        indices, truth, outcomes = draw_batch(scenario, shifted, rows, rng, truths)
        applicants = rows.iloc[indices].reset_index(drop=True)
        applicants[APPLICATION_ID] = opaque_ids(ids, len(applicants))
        applicants[TARGET] = outcomes
        batches.append(Batch(index, shifted, applicants, truth, previous))
        previous = applicants[[APPLICATION_ID, TARGET]]
    return batches


class SelectiveLabels:
    """The outcomes a lender learns: only those of the applicants it approved.

    A replayer calls `learn` with each batch's decisions as the stage answered them, and
    `outcomes` for what to report with the next batch. Reviewed applicants count as approved
    when the simulated reviewer approves. `labels="all"` reports every outcome (the oracle).
    """

    def __init__(self, labels: str = "approved"):
        if labels not in ("approved", "all"):
            raise ValueError(f"labels must be 'approved' or 'all', got {labels!r}")
        self.labels = labels
        self.approved: set[str] = set()

    def learn(self, batch: Batch, decisions: list[str]) -> None:
        """Remember which of the batch's applicants were approved (directly or on review)."""
        for application_id, decision, reviewer in zip(
            batch.applicants[APPLICATION_ID], decisions, batch.reviewer_approves, strict=True
        ):
            if decision == "approve" or (decision == "review" and reviewer):
                self.approved.add(application_id)

    def outcomes(self, batch: Batch) -> pd.DataFrame:
        """The outcomes to report with `batch`: the previous batch's, approved ones only."""
        if self.labels == "all":
            return batch.outcomes
        return batch.outcomes[batch.outcomes[APPLICATION_ID].isin(self.approved)]
