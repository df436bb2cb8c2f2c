"""A stand-in stage that watches for drift, to show the monitoring probe reporting absent.

Its model is the drift scenarios' world model. It keeps every input and outcome (in memory,
per instance folder) and, whenever its alerts are read, checks the last 500 inputs against
the data set (mean log amount, duration and age) and the last 500 outcomes against its own
predictions, overall and per checking-account segment. Not a stage of the project: a fixture.
"""

import math

import numpy as np
import pandas as pd
from flask import Flask, jsonify, request

from credit_data.load import load_dataset
from stages.instrument.drift.world import world_probability

WINDOW = 500
MAX_Z = 5.0
INPUTS = {
    "log_amount": lambda f: np.log(f["credit_amount"]),
    "duration": lambda f: f["duration_months"],
    "age": lambda f: f["age"],
}
STATE: dict[str, dict] = {}


def reference() -> dict:
    """Mean and standard deviation of each watched input in the data set."""
    data = load_dataset().astype({"credit_amount": float})
    return {name: (read(data).mean(), read(data).std()) for name, read in INPUTS.items()}


def score(state: dict, applicants: list[dict]) -> list[dict]:
    """Predict, remember the inputs and predictions, and answer."""
    frame = pd.DataFrame(applicants).assign(purpose="unknown")
    probabilities = world_probability(frame)
    answers = []
    for applicant, probability in zip(applicants, probabilities, strict=True):
        state["scored"].append({**applicant, "probability": float(probability)})
        decision = "reject" if probability >= 1 / 6 else "approve"
        answers.append(
            {
                "application_id": applicant["application_id"],
                "decision": decision,
                "probability_default": float(probability),
            }
        )
    return answers


def gap_z(observed: pd.Series, predicted: pd.Series) -> float:
    """How many standard errors the observed bad rate is from the predicted one."""
    rate = predicted.mean()
    return abs(observed.mean() - rate) / math.sqrt(rate * (1 - rate) / len(observed))


def check(state: dict) -> None:
    """Raise the alerts the latest windows call for (each kind once)."""
    scored = pd.DataFrame(state["scored"][-WINDOW:])
    if len(scored) == WINDOW:
        for name, (mean, std) in state["reference"].items():
            if (
                abs(INPUTS[name](scored.astype({"credit_amount": float})).mean() - mean)
                / (std / math.sqrt(WINDOW))
                > MAX_Z
            ):
                state["alerts"].add(f"input drift: {name}")
    predictions = {row["application_id"]: row for row in state["scored"]}
    labelled = pd.DataFrame(
        [{**predictions[i], "defaulted": d} for i, d in list(state["outcomes"].items())[-WINDOW:]]
    )
    if len(labelled) == WINDOW:
        if gap_z(labelled["defaulted"], labelled["probability"]) > MAX_Z:
            state["alerts"].add("bad rate differs from the predicted one")
        for segment, rows in labelled.groupby("checking_account"):
            if len(rows) >= 100 and gap_z(rows["defaulted"], rows["probability"]) > MAX_Z:
                state["alerts"].add(f"performance: checking_account={segment}")


def create_app(settings: dict | None = None) -> Flask:
    """The fake stage on the instance folder the settings name."""
    key = (settings or {}).get("INSTANCE_PATH", "default")
    state = STATE.setdefault(
        key, {"scored": [], "outcomes": {}, "alerts": set(), "reference": reference()}
    )
    app = Flask(__name__)

    @app.post("/score")
    def score_one():
        return jsonify(score(state, [request.get_json()])[0])

    @app.post("/score/batch")
    def score_many():
        return jsonify(results=score(state, request.get_json()["applicants"]))

    @app.post("/outcomes")
    def outcome():
        body = request.get_json()
        state["outcomes"][body["application_id"]] = body["defaulted"]
        return jsonify(status="recorded")

    @app.get("/monitoring/alerts")
    def alerts():
        check(state)
        return jsonify(alerts=sorted(state["alerts"]))

    @app.get("/health")
    def health():
        return jsonify(status="ok")

    return app
