"""The HTTP contract, version 1, checked on a trained instance of a working folder.

The same rules as the contract suite (`tests/contract/test_http_contract.py`), as checks that
return what they saw instead of failing a test: health, the answer's fields, an optional id,
the same answer under another id, decisions ordered by one cut-off, one stored row per score.
"""

from collections.abc import Callable

import numpy as np
import pandas as pd
from flask.testing import FlaskClient

from credit_data.load import applicant_payload

from .database import count_rows_mentioning
from .instance import StageInstance
from .scoring import ScoredRows

DECISIONS = {"approve", "review", "reject"}


def health(client: FlaskClient, holdout: pd.DataFrame, scores: ScoredRows) -> str:
    """`GET /health` answers 200."""
    status = client.get("/health").status_code
    return "" if status == 200 else f"GET /health answered {status}"


def answer_fields(client: FlaskClient, holdout: pd.DataFrame, scores: ScoredRows) -> str:
    """A valid applicant gets 200 with its id, a decision and a probability in [0, 1]."""
    payload = {**applicant_payload(holdout.iloc[0]), "application_id": "grade-fields"}
    response = client.post("/score", json=payload)
    body = response.get_json(silent=True) or {}
    probability = body.get("probability_default")
    if response.status_code != 200:
        return f"POST /score answered {response.status_code}"
    if body.get("application_id") != "grade-fields" or body.get("decision") not in DECISIONS:
        return f"the answer lacks its id or a decision: {body}"
    if not isinstance(probability, float) or not 0.0 <= probability <= 1.0:
        return f"probability_default is not a float in [0, 1]: {probability!r}"
    return ""


def optional_id(client: FlaskClient, holdout: pd.DataFrame, scores: ScoredRows) -> str:
    """An applicant without an id gets 200 and a generated id."""
    payload = applicant_payload(holdout.iloc[1])
    payload.pop("application_id", None)
    response = client.post("/score", json=payload)
    body = response.get_json(silent=True) or {}
    if response.status_code != 200 or not isinstance(body.get("application_id"), str):
        return f"without an id: {response.status_code} {body}"
    return ""


def same_answer(client: FlaskClient, holdout: pd.DataFrame, scores: ScoredRows) -> str:
    """The same applicant under another id gets the same decision and probability."""
    for number, (_, row) in enumerate(holdout.head(5).iterrows()):
        answers = [
            client.post(
                "/score", json={**applicant_payload(row), "application_id": f"g{side}{number}"}
            )
            for side in "ab"
        ]
        bodies = [answer.get_json(silent=True) or {} for answer in answers]
        keys = [(body.get("decision"), body.get("probability_default")) for body in bodies]
        if keys[0] != keys[1]:
            return f"applicant {row['application_id']} answered {keys[0]} then {keys[1]}"
    return ""


def one_cutoff(client: FlaskClient, holdout: pd.DataFrame, scores: ScoredRows) -> str:
    """Approvals lie below rejections (reviews between): one cut-off orders the decisions."""
    decisions, probabilities = np.asarray(scores.decisions), scores.probabilities
    approved = probabilities[decisions == "approve"]
    rejected = probabilities[decisions == "reject"]
    reviewed = probabilities[decisions == "review"]
    if not (approved.size and rejected.size) or approved.max() >= rejected.min():
        return "approvals and rejections are not separated by one cut-off"
    if reviewed.size and not (approved.max() <= reviewed.min() <= reviewed.max() <= rejected.min()):
        return "reviews do not lie between approvals and rejections"
    return ""


CHECKS: dict[str, Callable[[FlaskClient, pd.DataFrame, ScoredRows], str]] = {
    "GET /health answers 200": health,
    "an answer has its id, a decision and a probability": answer_fields,
    "the application id is optional": optional_id,
    "the same applicant gets the same answer under another id": same_answer,
    "one cut-off orders the decisions": one_cutoff,
}


def stored_once(instance: StageInstance, scores: ScoredRows) -> str:
    """Each holdout applicant scored is stored in exactly one row."""
    for application_id in scores.application_ids:
        count = count_rows_mentioning(instance.database_url, application_id)
        if count != 1:
            return f"application {application_id} is stored in {count} rows"
    return ""
