"""A stand-in stage that has repaid the debts no project stage repays yet.

It shows their probes reporting absent: gated retraining with rollback (DEBT-07), admin routes
behind a token (DEBT-13), reasons and a calibrated probability (DEBT-14), and a review band
(DEBT-15).

Its first model is a one-hot logistic regression fitted to keep the code book's order of risk
(the refactored stage's `MonotoneLogisticRegression`: a score that rewards a worse credit
history cannot be explained honestly, DEBT-14); a retrained model is the same regression, live
only if its holdout AUC passes a floor. Not a stage of the project: a fixture.
"""

import hmac
from functools import cache

import numpy as np
import pandas as pd
from flask import Flask, abort, jsonify, request
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sqlalchemy import create_engine, text

from credit_data.codebook import ATTRIBUTES, ONE_STEP_WORSE, PROTECTED_ATTRIBUTES, TARGET
from credit_data.load import holdout_rows, load_dataset, training_rows
from refactored.features.monotone import MonotoneLogisticRegression

CUTOFF = 1 / 6
REVIEW_BAND = 0.05
AUC_FLOOR = 0.7
MAX_REASONS = 4
MODELS: dict[str, list] = {}
NUMERIC = [attribute.name for attribute in ATTRIBUTES if not attribute.is_categorical]
CATEGORICAL = [attribute.name for attribute in ATTRIBUTES if attribute.is_categorical]


@cache
def ordered_world() -> Pipeline:
    """A one-hot logistic regression on the training rows that keeps the code book's order."""
    data = training_rows(load_dataset())
    features = ColumnTransformer(
        [
            ("numeric", StandardScaler(), NUMERIC),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
        ]
    ).fit(data)
    names = list(features.get_feature_names_out())
    pairs = tuple(
        (
            names.index(f"categorical__{field}_{better}"),
            names.index(f"categorical__{field}_{worse}"),
        )
        for field, steps in ONE_STEP_WORSE.items()
        for better, worse in steps.items()
    )
    regression = MonotoneLogisticRegression(max_iter=2000, order_pairs=pairs)
    return make_pipeline(features, regression.fit(features.transform(data), data[TARGET]))


@cache
def average_applicant(features) -> np.ndarray:
    """The mean of the transformed columns over the data set."""
    return np.asarray(features.transform(load_dataset()).mean(axis=0))


def reasons(model, applicant: pd.DataFrame) -> list[str]:
    """The attributes pushing this applicant most toward default, protected ones left out."""
    features, regression = model[0], model[-1]
    reference = average_applicant(features)
    push = (np.asarray(features.transform(applicant))[0] - np.asarray(reference)).ravel()
    push = push * regression.coef_[0]
    by_attribute = {}
    for name, value in zip(features.get_feature_names_out(), push, strict=True):
        attribute = next(a for a in NUMERIC + CATEGORICAL if name.split("__")[1].startswith(a))
        by_attribute[attribute] = by_attribute.get(attribute, 0.0) + value
    ranked = sorted(by_attribute.items(), key=lambda item: -item[1])
    allowed = [name for name, value in ranked if value > 0 and name not in PROTECTED_ATTRIBUTES]
    return [f"{name} raises the risk" for name in allowed[:MAX_REASONS]]


def create_app(settings: dict | None = None) -> Flask:
    """The fake stage on the instance the settings name."""
    settings = settings or {}
    versions = MODELS.setdefault(settings.get("INSTANCE_PATH", "default"), [ordered_world()])
    engine = create_engine(settings.get("DATABASE_URL", "sqlite://"))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS scores (application_id TEXT, p REAL)"))
        connection.execute(
            text(
                "CREATE TABLE IF NOT EXISTS reviews (application_id TEXT, decision TEXT, note TEXT)"
            )
        )
    app = Flask(__name__)

    def require_admin() -> None:
        token = settings.get("ADMIN_TOKEN")
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if not token or scheme != "Bearer" or not hmac.compare_digest(given, token):
            abort(401)

    @app.post("/score")
    def score():
        body = request.get_json()
        applicant = pd.DataFrame([body]).assign(purpose="unknown")
        probability = float(versions[-1].predict_proba(applicant)[0, 1])
        decision = "reject" if probability >= CUTOFF else "approve"
        if abs(probability - CUTOFF) < REVIEW_BAND:
            decision = "review"
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO scores VALUES (:i, :p)"),
                {"i": body["application_id"], "p": probability},
            )
        answer = {
            "application_id": body["application_id"],
            "decision": decision,
            "probability_default": probability,
        }
        if decision != "approve":
            answer["reasons"] = reasons(versions[-1], applicant)
        return jsonify(answer)

    @app.post("/reviews/<application_id>")
    def review(application_id: str):
        require_admin()
        body = request.get_json()
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO reviews VALUES (:i, :d, :n)"),
                {"i": application_id, "d": body["decision"], "n": body["note"]},
            )
        return jsonify(status="recorded"), 201

    @app.post("/admin/retrain")
    def retrain():
        require_admin()
        data = load_dataset(settings["DATA_PATH"])
        challenger = clone(ordered_world()).fit(training_rows(data), training_rows(data)[TARGET])
        holdout = holdout_rows(data)
        auc = roc_auc_score(holdout["defaulted"], challenger.predict_proba(holdout)[:, 1])
        if auc < AUC_FLOOR:
            return jsonify(status="rejected by the gate", auc=auc), 422
        versions.append(challenger)
        return jsonify(status="promoted", auc=auc)

    @app.post("/admin/rollback")
    def rollback():
        require_admin()
        if len(versions) > 1:
            versions.pop()
        return jsonify(status="serving the previous model", versions=len(versions))

    @app.get("/health")
    def health():
        return jsonify(status="ok")

    return app
