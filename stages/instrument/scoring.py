"""Score applicants through a stage's HTTP API and collect the answers."""

import uuid
from dataclasses import dataclass

import numpy as np
import pandas as pd
from flask.testing import FlaskClient

from credit_data.load import applicant_payloads


class ScoringError(RuntimeError):
    """A stage did not answer a valid applicant with 200."""


@dataclass(frozen=True)
class ScoredRows:
    """The answers of `POST /score` for a set of data-set rows.

    Attributes:
        application_ids: The ids of the rows, in row order.
        decisions: The decision of each row.
        probabilities: The probability of default of each row.
        defaulted: The true outcome of each row (1 = bad).
    """

    application_ids: list[str]
    decisions: list[str]
    probabilities: np.ndarray
    defaulted: np.ndarray


def score_rows(client: FlaskClient, rows: pd.DataFrame, opaque_ids: bool = False) -> ScoredRows:
    """Post every row to `/score` and collect the answers.

    Args:
        client: A test client of the stage.
        rows: Data-set rows.
        opaque_ids: Send each request under a fresh random id instead of the row's own, so
            that a stage can neither recognise the holdout (or a probe) by its ids nor collide
            with answers stored before; False sends the rows' ids as they are.

    Returns:
        The answers, in row order (with the rows' own ids).

    Raises:
        ScoringError: If a request is not answered with 200.
    """
    decisions, probabilities = [], []
    for payload in applicant_payloads(rows):
        if opaque_ids:
            payload["application_id"] = uuid.uuid4().hex
        response = client.post("/score", json=payload)
        if response.status_code != 200:
            raise ScoringError(f"{response.status_code}: {response.get_data(as_text=True)}")
        body = response.get_json()
        decisions.append(body["decision"])
        probabilities.append(body["probability_default"])
    return ScoredRows(
        application_ids=rows["application_id"].tolist(),
        decisions=decisions,
        probabilities=np.asarray(probabilities, dtype=float),
        defaulted=rows["defaulted"].to_numpy(),
    )
