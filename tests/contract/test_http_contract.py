"""The HTTP contract, version 1: every stage answers these the same way.

Parametrized over the stage list: adding a stage adds its runs without editing this file.
"""

import numpy as np
import pandas as pd
from flask.testing import FlaskClient

from credit_data.load import applicant_payload
from stages.instrument.instance import StageInstance
from tests.support.database import count_rows_mentioning
from tests.support.scoring import ScoredRows

DECISIONS = {"approve", "review", "reject"}


def payload_for(row: pd.Series, application_id: str) -> dict:
    """The JSON body for `row`, under a fresh application id."""
    return {**applicant_payload(row), "application_id": application_id}


def test_health_answers_200(client: FlaskClient):
    assert client.get("/health").status_code == 200


def test_valid_applicant_gets_200_with_id_decision_and_probability(
    client: FlaskClient, holdout: pd.DataFrame
):
    for number, (_, row) in enumerate(holdout.head(5).iterrows()):
        response = client.post("/score", json=payload_for(row, f"contract-fields-{number}"))

        assert response.status_code == 200
        body = response.get_json()
        assert body["application_id"] == f"contract-fields-{number}"
        assert body["decision"] in DECISIONS
        assert isinstance(body["probability_default"], float)
        assert 0.0 <= body["probability_default"] <= 1.0


def test_application_id_is_optional_and_generated_when_missing(
    client: FlaskClient, holdout: pd.DataFrame
):
    payload = applicant_payload(holdout.iloc[0])
    del payload["application_id"]

    response = client.post("/score", json=payload)

    assert response.status_code == 200
    assert isinstance(response.get_json()["application_id"], str)
    assert response.get_json()["application_id"]


def test_same_applicant_gets_the_same_answer_under_another_id(
    client: FlaskClient, holdout: pd.DataFrame
):
    for number, (_, row) in enumerate(holdout.head(10).iterrows()):
        first = client.post("/score", json=payload_for(row, f"contract-same-a{number}"))
        second = client.post("/score", json=payload_for(row, f"contract-same-b{number}"))

        assert first.get_json()["decision"] == second.get_json()["decision"]
        assert first.get_json()["probability_default"] == second.get_json()["probability_default"]


def test_decisions_are_ordered_by_probability_with_one_cutoff(holdout_scores: ScoredRows):
    decisions = np.asarray(holdout_scores.decisions)
    probabilities = holdout_scores.probabilities
    approved = probabilities[decisions == "approve"]
    rejected = probabilities[decisions == "reject"]
    reviewed = probabilities[decisions == "review"]

    assert approved.size and rejected.size
    assert approved.max() < rejected.min()
    if reviewed.size:
        assert approved.max() <= reviewed.min() and reviewed.max() <= rejected.min()


def test_each_scored_application_is_stored_exactly_once(
    stage_instance: StageInstance, holdout_scores: ScoredRows
):
    counts = [
        count_rows_mentioning(stage_instance.database_url, application_id)
        for application_id in holdout_scores.application_ids
    ]

    assert counts == [1] * len(holdout_scores.application_ids)
