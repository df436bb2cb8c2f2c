"""The credit-scoring service, everything still in one module, but configured from outside.

The data science team handed over two binaries and a note (see `handoff/`); this module wraps
them in a web service. Stage 01 moved every path, URL and the cut-off into `config.py`, and
`create_app` builds a new application (its own settings and database engine) on every call.
Every `# DEBT-NN` marker names a piece of technical debt that a later stage repays.
"""

import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime

import joblib
import pandas as pd
from flask import Blueprint, Flask, Response, current_app, jsonify, request
from sqlalchemy import Engine, create_engine, make_url, text

from .config import Settings, load_settings

NOTEBOOK_PATH = os.path.join(os.path.dirname(__file__), "handoff", "credit_model_notebook.py")
# Where each application keeps its settings and database engine (`app.extensions`).
EXTENSION_KEY = "credit_scoring"

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

# DEBT-11 Entanglement: HTTP, SQL, preprocessing and models share this module.
api = Blueprint("api", __name__)


def create_app(settings: dict | None = None) -> Flask:
    """Build a new application with its own settings and database; train the models if needed.

    Args:
        settings: Overrides of the settings by name (`INSTANCE_PATH`, `DATABASE_URL`,
            `DATA_PATH`, `MODEL_DIR`, `DECISION_CUTOFF`); the rest come from `CREDIT_<NAME>`
            environment variables or defaults (see `config.py`).

    Returns:
        The Flask application.
    """
    config = load_settings(settings)
    engine = create_engine(config.database_url)
    database_file = make_url(config.database_url).database
    if database_file:
        os.makedirs(os.path.dirname(os.path.abspath(database_file)), exist_ok=True)
    with engine.begin() as connection:
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
    if not os.path.exists(os.path.join(config.model_dir, "risk_model.joblib")):
        run_handoff_notebook(config)
    app = Flask(__name__, instance_path=str(config.instance_path))
    app.extensions[EXTENSION_KEY] = {"settings": config, "engine": engine}
    app.register_blueprint(api)
    return app


def current_settings() -> Settings:
    """The settings of the application handling the current request."""
    return current_app.extensions[EXTENSION_KEY]["settings"]


def current_engine() -> Engine:
    """The database engine of the application handling the current request."""
    return current_app.extensions[EXTENSION_KEY]["engine"]


def run_handoff_notebook(settings: Settings) -> None:
    """Run the data scientists' notebook, which writes the binaries into the model folder."""
    # DEBT-01 Just a binary: the service cannot train; it runs the exported notebook as is.
    environment = {
        **os.environ,
        "HANDOFF_DATA_PATH": str(settings.data_path),
        "HANDOFF_OUTPUT_DIR": str(settings.model_dir),
    }
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


@api.post("/score")
def score() -> Response:
    """Score one applicant: predict the purpose, then the probability of default."""
    # DEBT-19 Glue code: per applicant, the glue around the model costs many times the model.
    # DEBT-05 No input validation: a missing field is a 500, age -5 is scored and stored.
    applicant = request.get_json()
    application_id = applicant.get("application_id") or str(uuid.uuid4())
    settings = current_settings()

    # DEBT-04 Reload per request: both binaries and the note are read on every call.
    purpose_model = joblib.load(os.path.join(settings.model_dir, "purpose_model.joblib"))
    risk_model = joblib.load(os.path.join(settings.model_dir, "risk_model.joblib"))
    with open(os.path.join(settings.model_dir, "handoff_note.json")) as note_file:
        note = json.load(note_file)

    # DEBT-03 Correction cascade: the risk model was trained on the true purpose category.
    purpose = purpose_model.predict([applicant["purpose_text"]])[0]
    row = build_risk_row(applicant, purpose, note["column_order"])
    probability = float(risk_model.predict_proba(row)[0, 1])
    del purpose_model, risk_model  # unload the models to free memory

    # DEBT-14 Communicate with Ambivalence: an uncalibrated number and a verdict, no reasons.
    # DEBT-15 No human in the loop: every decision is final, however close to the cut-off.
    decision = "reject" if probability >= settings.decision_cutoff else "approve"

    # DEBT-08 Act Now, Reflect Never: the inputs are not kept and nothing is monitored.
    # DEBT-17 Flying blind on outcomes: no repayment outcome is ever taken back.
    # DEBT-06 No lineage: nothing records which model or data produced this score.
    with current_engine().begin() as connection:
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


@api.get("/health")
def health() -> Response:
    """Answer that the service is up."""
    return jsonify(status="ok")


@api.post("/retrain")
def retrain() -> Response:
    """Re-run the notebook on the current data file and serve whatever it produces."""
    # DEBT-13 Unauthenticated admin endpoint: anyone who can reach the service can retrain it.
    # DEBT-07 Silent overwrite: the binaries are replaced in place, with no gate and no rollback.
    settings = current_settings()
    run_handoff_notebook(settings)
    with open(os.path.join(settings.model_dir, "handoff_note.json")) as note_file:
        note = json.load(note_file)
    return jsonify(status="retrained", test_auc=note["test_auc"])
