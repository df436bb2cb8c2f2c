"""The credit-scoring service, as it went to production: everything in one module.

The data science team handed over two binaries and a note (see `handoff/`); this module wraps
them in a web service. It works, and it is the starting point of the refactoring: every
`# DEBT-NN` marker below names a piece of technical debt that a later stage repays. The
debts are listed, with how to observe each one, in `monolith/README.md`.
"""

import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime

import joblib
import pandas as pd
from flask import Flask, Response, jsonify, request
from sqlalchemy import create_engine, make_url, text

# DEBT-10 Configuration debt: paths and URLs are literals, relative to the working directory.
DATABASE_URL = "sqlite:///instance/monolith/scores.db"
DATA_PATH = "data/german_credit.csv"
MODEL_DIR = "instance/monolith/binaries"
NOTEBOOK_PATH = os.path.join(os.path.dirname(__file__), "handoff", "credit_model_notebook.py")

# DEBT-09 Fixed threshold: 0.5 ignores the 5:1 cost of approving a bad applicant.
APPROVAL_CUTOFF = 0.5

# The fields of the risk model, copied from version 2 of the handoff note.
NUMERIC_FIELDS = [
    "duration_months",
    "credit_amount",
    "installment_rate",
    "residence_since",
    "age",
    "existing_credits",
    "people_liable",
]
CATEGORICAL_FIELDS = [
    "checking_account",
    "credit_history",
    "purpose",
    "savings",
    "employment_since",
    "personal_status_sex",
    "other_debtors",
    "property",
    "other_installment_plans",
    "housing",
    "job",
    "telephone",
    "foreign_worker",
]

# DEBT-11 Entanglement: HTTP, SQL, preprocessing and models share this module and its globals.
app = Flask(__name__)
ENGINE = create_engine(DATABASE_URL)


def create_app(settings: dict | None = None) -> Flask:
    """Configure the service and return it; train the models first if there are none.

    Added later so that tests can point the service at a temporary folder. It rebinds the
    module's globals, so every caller in the process shares the last settings given.

    Args:
        settings: Optional overrides: `DATABASE_URL`, `DATA_PATH` (the training data file)
            and `MODEL_DIR` (the binaries and the handoff note).

    Returns:
        The module's Flask application.
    """
    global DATABASE_URL, DATA_PATH, MODEL_DIR, ENGINE
    settings = settings or {}
    DATABASE_URL = settings.get("DATABASE_URL", DATABASE_URL)
    DATA_PATH = settings.get("DATA_PATH", DATA_PATH)
    MODEL_DIR = settings.get("MODEL_DIR", MODEL_DIR)
    ENGINE.dispose()
    ENGINE = create_engine(DATABASE_URL)
    database_file = make_url(DATABASE_URL).database
    if database_file:
        os.makedirs(os.path.dirname(os.path.abspath(database_file)), exist_ok=True)
    with ENGINE.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE IF NOT EXISTS scores ("
                " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                " application_id TEXT,"
                " probability_default REAL,"
                " decision TEXT,"
                " scored_at TEXT)"
            )
        )
    if not os.path.exists(os.path.join(MODEL_DIR, "risk_model.joblib")):
        run_handoff_notebook()
    return app


def run_handoff_notebook() -> None:
    """Run the data scientists' notebook, which writes the binaries into `MODEL_DIR`."""
    # DEBT-01 Just a binary: the service cannot train; it runs the exported notebook as is.
    environment = {**os.environ, "HANDOFF_DATA_PATH": DATA_PATH, "HANDOFF_OUTPUT_DIR": MODEL_DIR}
    subprocess.run(
        [sys.executable, NOTEBOOK_PATH], env=environment, check=True, capture_output=True
    )


def build_risk_row(applicant: dict, purpose: str, column_order: list[str]) -> pd.DataFrame:
    """Build the risk model's input row in the handoff note's column order.

    Written against version 2 of the note: numeric fields go in as received, each category
    becomes the one-hot column `<field>_<code>`, and columns the model does not use are left
    out.

    Args:
        applicant: The applicant's fields as received.
        purpose: The purpose category predicted from the applicant's text.
        column_order: The risk model's columns, from the handoff note.

    Returns:
        A one-row frame in the note's column order.
    """
    row = dict.fromkeys(column_order, 0.0)
    for field in NUMERIC_FIELDS:
        if field in row:
            # DEBT-02 Training/serving skew: since note v3 the notebook standardises these.
            row[field] = float(applicant[field])
    for field in CATEGORICAL_FIELDS:
        value = purpose if field == "purpose" else applicant[field]
        one_hot_column = f"{field}_{value}"
        if one_hot_column in row:
            row[one_hot_column] = 1.0
    return pd.DataFrame([row], columns=column_order)


@app.post("/score")
def score() -> Response:
    """Score one applicant: predict the purpose, then the probability of default."""
    # DEBT-19 Glue code: per applicant, the glue around the model costs many times the model.
    # DEBT-05 No input validation: a missing field is a 500, age -5 is scored and stored.
    applicant = request.get_json()
    application_id = applicant.get("application_id") or str(uuid.uuid4())

    # DEBT-04 Reload per request: both binaries and the note are read on every call.
    purpose_model = joblib.load(os.path.join(MODEL_DIR, "purpose_model.joblib"))
    risk_model = joblib.load(os.path.join(MODEL_DIR, "risk_model.joblib"))
    with open(os.path.join(MODEL_DIR, "handoff_note.json")) as note_file:
        note = json.load(note_file)

    # DEBT-03 Correction cascade: the risk model was trained on the true purpose category.
    purpose = purpose_model.predict([applicant["purpose_text"]])[0]
    row = build_risk_row(applicant, purpose, note["column_order"])
    probability = float(risk_model.predict_proba(row)[0, 1])
    del purpose_model, risk_model  # unload the models to free memory

    # DEBT-14 Communicate with Ambivalence: an uncalibrated number and a verdict, no reasons.
    # DEBT-15 No human in the loop: every decision is final, however close to the cut-off.
    decision = "reject" if probability >= APPROVAL_CUTOFF else "approve"

    # DEBT-08 Act Now, Reflect Never: the inputs are not kept and nothing is monitored.
    # DEBT-17 Flying blind on outcomes: no repayment outcome is ever taken back.
    # DEBT-06 No lineage: nothing records which model or data produced this score.
    with ENGINE.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO scores (application_id, probability_default, decision, scored_at)"
                " VALUES (:application_id, :probability_default, :decision, :scored_at)"
            ),
            {
                "application_id": application_id,
                "probability_default": probability,
                "decision": decision,
                "scored_at": datetime.now(UTC).isoformat(),
            },
        )
    return jsonify(
        application_id=application_id, decision=decision, probability_default=probability
    )


@app.get("/health")
def health() -> Response:
    """Answer that the service is up."""
    # DEBT-18 Unobservable and un-upgradable: "ok" without asking the database or the binaries,
    # and no published contract says what the routes accept.
    return jsonify(status="ok")


@app.post("/retrain")
def retrain() -> Response:
    """Re-run the notebook on the current data file and serve whatever it produces."""
    # DEBT-13 Unauthenticated admin endpoint: anyone who can reach the service can retrain it.
    # DEBT-07 Silent overwrite: the binaries are replaced in place, with no gate and no rollback.
    run_handoff_notebook()
    with open(os.path.join(MODEL_DIR, "handoff_note.json")) as note_file:
        note = json.load(note_file)
    return jsonify(status="retrained", test_auc=note["test_auc"])
