"""A stand-in stage that watches for drift, to show the monitoring probe reporting absent.

Its model is the drift scenarios' world model (calibrated by construction before a shift).
It approves below the cost-matrix cut-off, keeps every input and outcome (in memory, per
instance folder) and, whenever its alerts are read, checks the last 500 inputs against the
training rows (mean log amount, duration and age, the share with a telephone) and its
labelled applicants (the approved ones: outcomes come for no others) against its own
predictions, overall and per segment (checking account, loans of 24 months or more). Not a
stage of the project: a fixture. `cheats.py` builds the stages that must not pass from the
same parts.
"""

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
from flask import Flask, jsonify, request

from credit_data.load import load_dataset, training_rows
from stages.instrument.drift.world import world_probability

WINDOW = 500
LABELLED_POOL = 400
MAX_Z = 5.0
# The outcome checks' critical z: two-sided p 7e-6, with six tests a check and a dozen checks
# a replay a false alarm about once in 2,000 baseline replays. At 5.0 the long-loan segment
# (z 4.6 at the deadline) was caught one batch late once the replayed applicants were new.
OUTCOME_Z = 4.5
INPUTS = {
    "log_amount": lambda f: np.log(f["credit_amount"].astype(float)),
    "duration": lambda f: f["duration_months"].astype(float),
    "age": lambda f: f["age"].astype(float),
    "telephone": lambda f: (f["telephone"] == "yes").astype(float),
}
STATE: dict[str, dict] = {}


def reference() -> dict:
    """Mean and standard deviation of each watched input in the training rows."""
    data = training_rows(load_dataset())
    return {name: (read(data).mean(), read(data).std()) for name, read in INPUTS.items()}


def score(state: dict, applicants: list[dict]) -> list[dict]:
    """Predict, remember the inputs and predictions, and answer."""
    frame = pd.DataFrame(applicants).assign(purpose="unknown")
    probabilities = world_probability(frame)
    answers = []
    for applicant, probability in zip(applicants, probabilities, strict=True):
        state["scored"].append({**applicant, "probability": float(probability)})
        answers.append(
            {
                "application_id": applicant["application_id"],
                "decision": "reject" if probability >= 1 / 6 else "approve",
                "probability_default": float(probability),
            }
        )
    return answers


def gap_z(observed: pd.Series, predicted: pd.Series) -> float:
    """How many standard errors the observed defaults are from the predicted ones."""
    spread = math.sqrt((predicted * (1 - predicted)).sum())
    return abs(observed.sum() - predicted.sum()) / spread if spread > 0 else 0.0


def honest_check(state: dict) -> None:
    """Raise the alerts the latest inputs and outcomes call for (each kind once)."""
    scored = pd.DataFrame(state["scored"][-WINDOW:])
    if len(scored) == WINDOW:
        for name, (mean, std) in state["reference"].items():
            if abs(INPUTS[name](scored).mean() - mean) / (std / math.sqrt(WINDOW)) > MAX_Z:
                state["alerts"].add(f"input drift: {name}")
    predictions = {row["application_id"]: row for row in state["scored"]}
    outcomes = list(state["outcomes"].items())[-LABELLED_POOL:]
    labelled = pd.DataFrame([{**predictions[i], "defaulted": d} for i, d in outcomes])
    if len(labelled) == LABELLED_POOL:
        if gap_z(labelled["defaulted"], labelled["probability"]) > OUTCOME_Z:
            state["alerts"].add("bad rate differs from the predicted one")
        segments = {
            **{
                f"checking_account={code}": rows
                for code, rows in labelled.groupby("checking_account")
            },
            "duration >= 24": labelled[labelled["duration_months"] >= 24],
        }
        for name, rows in segments.items():
            if len(rows) >= 40 and gap_z(rows["defaulted"], rows["probability"]) > OUTCOME_Z:
                state["alerts"].add(f"performance: {name}")


def make_app(settings: dict | None, check: Callable[[dict], None]) -> Flask:
    """The fake stage on the instance folder the settings name, with its own alert check."""
    key = (settings or {}).get("INSTANCE_PATH", "default")
    state = STATE.setdefault(
        key,
        {"scored": [], "outcomes": {}, "alerts": set(), "reference": reference(), "batches": 0},
    )
    app = Flask(__name__)

    @app.post("/score")
    def score_one():
        return jsonify(score(state, [request.get_json()])[0])

    @app.post("/score/batch")
    def score_many():
        state["batches"] += 1
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


def create_app(settings: dict | None = None) -> Flask:
    """The honest fake stage."""
    return make_app(settings, honest_check)
