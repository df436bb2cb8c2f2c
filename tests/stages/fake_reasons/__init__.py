"""Stand-in stages for the DEBT-14 and DEBT-16 probes: honest reasons, and ways to cheat.

Each module is a "stage" with a `create_app`: a logistic regression fitted on the training
split behind `POST /score` (the refactored stage's, which keeps the code book's order of
risk), whose answers carry reasons made in one of several ways. The honest one uses the
refactored stage's reasons; the others cheat in the ways the probes must catch (`unordered`
gives the honest reasons of a regression fitted freely, which rewards a critical history).
Not stages of the project: fixtures.
"""

from functools import cache

import numpy as np
from flask import Flask, jsonify, request
from sklearn.linear_model import LogisticRegression

from credit_data.codebook import TARGET
from credit_data.load import load_dataset, training_rows
from refactored.explanations.pushes import pushes_of
from refactored.explanations.reasons import reasons_for
from refactored.explanations.typical import typical_values
from refactored.explanations.words import describe
from refactored.features.columns import INPUT_FEATURES
from refactored.features.frame import applicants_frame
from refactored.features.monotone import MonotoneLogisticRegression
from refactored.features.pipeline import build_pipeline

CUTOFF = 1 / 6
CONSTANT_REASONS = [
    {"feature": "duration_months", "text": "Duration of the credit in months: too long"},
    {"feature": "credit_amount", "text": "Credit amount in DM: too high"},
    {"feature": "savings", "text": "Savings account and bonds: too low"},
]


@cache
def fitted(include_protected: bool, ordered: bool = True):
    """The model, fitted once per process, and the training split's typical values."""
    training = training_rows(load_dataset())
    free = LogisticRegression(C=0.1, max_iter=2000)
    classifier = MonotoneLogisticRegression(C=0.1, max_iter=2000) if ordered else free
    pipeline = build_pipeline(classifier, include_protected)
    pipeline.fit(training[list(INPUT_FEATURES)], training[TARGET].astype(int))
    return pipeline, typical_values(training)


def honest_reasons(applicant: dict, scored: tuple, include_protected: bool, ordered: bool) -> list:
    """The refactored stage's reasons for one applicant."""
    pipeline, typical = fitted(include_protected, ordered)
    row, probability = scored
    return reasons_for(pipeline, [applicant], np.array([probability]), typical, row)[0]


def flattering_reasons(applicant: dict, scored: tuple) -> list:
    """The features whose values lower this applicant's risk most, given as reasons."""
    pipeline, typical = fitted(False)
    row, probability = scored
    pushes = pushes_of(pipeline, [applicant], np.array([probability]), typical, row)[0]
    features = list(typical)
    return [
        {"feature": features[index], "text": describe(features[index], applicant[features[index]])}
        for index in np.argsort(pushes)[:4]
        if pushes[index] < 0
    ]


def reasons_by(mode: str, applicant: dict, scored: tuple) -> list:
    """The reasons a stage of kind `mode` gives, from the applicant's row and probability."""
    if mode == "constant":
        return CONSTANT_REASONS
    if mode == "flattering":
        return flattering_reasons(applicant, scored)
    reasons = honest_reasons(applicant, scored, mode == "protected_score", mode != "unordered")
    if mode == "protected_reason":
        reasons = [*reasons, {"feature": "age", "text": describe("age", applicant["age"])}]
    return reasons


def build_app(mode: str) -> Flask:
    """A stage that scores with the fitted model and gives reasons the `mode` way."""
    app = Flask(__name__)

    @app.post("/score")
    def score():
        applicant = request.get_json()
        pipeline, _ = fitted(mode == "protected_score", mode != "unordered")
        row = pipeline.named_steps["features"].transform(applicants_frame([applicant]))
        probability = float(pipeline.named_steps["classifier"].predict_proba(row)[0, 1])
        decision = "reject" if probability >= CUTOFF else "approve"
        scored = (row, probability)
        reasons = reasons_by(mode, applicant, scored) if decision == "reject" else []
        return jsonify(
            application_id=applicant["application_id"],
            decision=decision,
            probability_default=probability,
            reasons=reasons,
        )

    return app
