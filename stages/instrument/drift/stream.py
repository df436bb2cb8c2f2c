"""Generate a scenario's stream: batches of applicants, and outcomes that arrive a batch late."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from credit_data.codebook import APPLICATION_ID, TARGET
from credit_data.load import load_dataset

from .scenarios import Scenario
from .world import world_logit


@dataclass(frozen=True)
class Batch:
    """One batch of a stream.

    Attributes:
        index: The batch's position, from 0.
        shifted: Whether the scenario's shift applies to this batch.
        applicants: The data-set columns of each applicant, with a fresh `application_id`;
            `defaulted` holds the outcome that will later be known.
        truth: The world's probability of default for each applicant (after the shift).
        outcomes: The outcomes that arrive with this batch: the previous batch's
            (`application_id`, `defaulted`); empty for the first batch.
    """

    index: int
    shifted: bool
    applicants: pd.DataFrame
    truth: np.ndarray
    outcomes: pd.DataFrame


def sigmoid(logit: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-logit))


def standardised(column: pd.Series) -> np.ndarray:
    """The column minus its mean, divided by its standard deviation."""
    return ((column - column.mean()) / column.std()).to_numpy()


def concept_logit(rows: pd.DataFrame, parameters: dict) -> np.ndarray:
    """The shifted world's log-odds: some attributes' effects change, the bad rate does not."""
    base = world_logit(rows)
    change = parameters["checking_account_none"] * (rows["checking_account"] == "none").to_numpy()
    duration = standardised(rows["duration_months"].astype(float))
    change = change + (parameters["duration_months_scale"] - 1.0) * duration
    target = sigmoid(base).mean()
    offset = brentq(lambda c: sigmoid(base + change - c).mean() - target, -10.0, 10.0)
    return base + change - offset


def covariate_weights(rows: pd.DataFrame, parameters: dict) -> np.ndarray:
    """Resampling weights that tilt the rows toward the scenario's covariates."""
    tilt = (
        parameters["log_credit_amount"] * standardised(np.log(rows["credit_amount"].astype(float)))
        + parameters["duration_months"] * standardised(rows["duration_months"].astype(float))
        + parameters["age"] * standardised(rows["age"].astype(float))
    )
    weights = np.exp(tilt)
    return weights / weights.sum()


def draw_batch(scenario: Scenario, shifted: bool, rows: pd.DataFrame, rng) -> tuple:
    """Draw one batch's row indices, truths and outcomes."""
    size, truth_all = scenario.batch_size, sigmoid(world_logit(rows))
    if shifted and scenario.shift == "prior":
        bad_count = round(size * scenario.parameters["bad_rate"])
        bad = rng.choice(len(rows), bad_count, p=truth_all / truth_all.sum())
        good = rng.choice(len(rows), size - bad_count, p=(1 - truth_all) / (1 - truth_all).sum())
        indices = np.concatenate([bad, good])
        outcomes = np.concatenate([np.ones(bad_count, int), np.zeros(size - bad_count, int)])
        order = rng.permutation(size)
        return indices[order], truth_all[indices[order]], outcomes[order]
    if shifted and scenario.shift == "covariate":
        indices = rng.choice(len(rows), size, p=covariate_weights(rows, scenario.parameters))
    else:
        indices = rng.choice(len(rows), size)
    truth = truth_all[indices]
    if shifted and scenario.shift == "concept":
        truth = sigmoid(concept_logit(rows, scenario.parameters))[indices]
    return indices, truth, (rng.random(size) < truth).astype(int)


def stream(scenario: Scenario, rows: pd.DataFrame | None = None) -> list[Batch]:
    """Generate the scenario's batches (seeded: the same scenario gives the same stream).

    Args:
        scenario: The scenario.
        rows: The rows to resample from; the committed data set when None.

    Returns:
        The batches, in order; each carries the previous batch's outcomes.
    """
    rows = (load_dataset() if rows is None else rows).reset_index(drop=True)
    rng = np.random.default_rng(scenario.seed)
    batches, previous = [], rows.iloc[0:0][[APPLICATION_ID, TARGET]]
    for index in range(scenario.batches):
        shifted = index >= scenario.reference_batches and scenario.shift != "none"
        indices, truth, outcomes = draw_batch(scenario, shifted, rows, rng)
        applicants = rows.iloc[indices].reset_index(drop=True)
        applicants[APPLICATION_ID] = [
            f"{scenario.name}-{index}-{number:04d}" for number in range(len(applicants))
        ]
        applicants[TARGET] = outcomes
        batches.append(Batch(index, shifted, applicants, truth, previous))
        previous = applicants[[APPLICATION_ID, TARGET]]
    return batches
