"""Score applicants through a stage's HTTP API and summarise the answers."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from flask.testing import FlaskClient

from credit_data.codebook import COST_FALSE_APPROVAL, COST_FALSE_REJECTION
from credit_data.load import applicant_payload


@dataclass(frozen=True)
class ScoredRows:
    """The answers of `POST /score` for a set of data-set rows.

    Attributes:
        application_ids: The ids, in row order.
        decisions: The decision of each row.
        probabilities: The probability of default of each row.
        defaulted: The true outcome of each row (1 = bad).
    """

    application_ids: list[str]
    decisions: list[str]
    probabilities: np.ndarray
    defaulted: np.ndarray


def score_rows(client: FlaskClient, rows: pd.DataFrame) -> ScoredRows:
    """Post every row to `/score` and collect the answers.

    Args:
        client: A test client of the stage.
        rows: Data-set rows.

    Returns:
        The answers, in row order.

    Raises:
        AssertionError: If a request is not answered with 200.
    """
    decisions, probabilities = [], []
    for _, row in rows.iterrows():
        response = client.post("/score", json=applicant_payload(row))
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        decisions.append(body["decision"])
        probabilities.append(body["probability_default"])
    return ScoredRows(
        application_ids=rows["application_id"].tolist(),
        decisions=decisions,
        probabilities=np.asarray(probabilities, dtype=float),
        defaulted=rows["defaulted"].to_numpy(),
    )


def expected_cost(defaulted: np.ndarray, rejected: np.ndarray) -> float:
    """Mean cost per applicant under the 5:1 cost matrix.

    Args:
        defaulted: 1 for a bad applicant, 0 for a good one.
        rejected: True where the applicant is rejected.

    Returns:
        The average cost: 5 per approved bad applicant, 1 per rejected good one.
    """
    approved_bad = np.sum((defaulted == 1) & ~rejected)
    rejected_good = np.sum((defaulted == 0) & rejected)
    cost = COST_FALSE_APPROVAL * approved_bad + COST_FALSE_REJECTION * rejected_good
    return float(cost / len(defaulted))


def expected_calibration_error(probabilities: np.ndarray, outcomes: np.ndarray, bins: int = 10):
    """Expected calibration error over equal-width probability bins.

    Args:
        probabilities: Predicted probabilities of default.
        outcomes: 1 for a bad applicant, 0 for a good one.
        bins: How many equal-width bins split [0, 1].

    Returns:
        The bin-size-weighted mean of |mean predicted - observed bad rate|.
    """
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(probabilities, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for index in range(bins):
        members = which == index
        if members.any():
            gap = abs(probabilities[members].mean() - outcomes[members].mean())
            error += members.mean() * gap
    return float(error)
