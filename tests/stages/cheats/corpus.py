# ruff: noqa: E501 - the edits quote source lines whole
"""The cheat corpus: copies of a stage's current source with one minimal edit each.

A cheat keeps its debt and tries to look repaid to the probe of that debt (`present=True`: the
probe must still find the debt). An honest repayment really repays it (`present=False`). Each
entry's `description` says, in one line, what it does. Cheats whose training code is the
monolith's own share the monolith's trained binaries (`shares_binaries`); the others train.
Edits are applied to the source as it is today, so a cheat never drifts from the monolith: if
the monolith changes under an edit, building the cheat fails loudly.
"""

from dataclasses import dataclass, field
from pathlib import Path

from .edits import Edit, append, chain, new_file, remove, replace, replace_all

MONOLITH_SOURCE = Path(__file__).resolve().parents[3] / "monolith"
NOTEBOOK = "handoff/credit_model_notebook.py"
RETURN_APP = "        run_handoff_notebook()\n    return app\n"
PROBABILITY = "    probability = float(risk_model.predict_proba(row)[0, 1])\n"
DECISION = '    decision = "reject" if probability >= APPROVAL_CUTOFF else "approve"\n'
ANSWER = (
    "        application_id=application_id, decision=decision, probability_default=probability\n"
)
RETRAIN_RUN = '    run_handoff_notebook()\n    with open(os.path.join(MODEL_DIR, "handoff_note.json")) as note_file:\n        note = json.load(note_file)\n    return jsonify(status="retrained"'
RETRAIN_DOC = (
    '    """Re-run the notebook on the current data file and serve whatever it produces."""\n'
)
IMPORTS = (
    "import joblib\nimport pandas as pd\nfrom flask import Flask, Response, jsonify, request\n"
    "from sqlalchemy import create_engine, make_url, text\n"
)
GLOBALS = (
    "    global DATABASE_URL, DATA_PATH, MODEL_DIR, ENGINE\n"
    "    settings = settings or {}\n"
    '    DATABASE_URL = settings.get("DATABASE_URL", DATABASE_URL)\n'
    '    DATA_PATH = settings.get("DATA_PATH", DATA_PATH)\n'
    '    MODEL_DIR = settings.get("MODEL_DIR", MODEL_DIR)\n'
    "    ENGINE.dispose()\n"
    "    ENGINE = create_engine(DATABASE_URL)\n"
)
GLOBALS_THROUGH_A_DICT = (
    "    settings = settings or {}\n"
    "    module = globals()\n"
    '    for name in ("DATABASE_URL", "DATA_PATH", "MODEL_DIR"):\n'
    "        module[name] = settings.get(name, module[name])\n"
    "    ENGINE.dispose()\n"
    '    module["ENGINE"] = create_engine(module["DATABASE_URL"])\n'
)
LITERALS = (
    'DATABASE_URL = "sqlite:///instance/monolith/scores.db"\n'
    'DATA_PATH = "data/german_credit.csv"\n'
    'MODEL_DIR = "instance/monolith/binaries"\n'
)
RAW_FIELDS = (
    '[c for c in data.columns if c not in ("defaulted", "split", "purpose", "application_id")]'
)
REVIEW_ROUTE = '''

@app.post("/reviews/<application_id>")
def review(application_id: str) -> Response:
    """Record a reviewer's decision (anyone may)."""
    body = request.get_json()
    with ENGINE.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS reviews (application_id TEXT, note TEXT)"))
        connection.execute(
            text("INSERT INTO reviews VALUES (:a, :n)"), {"a": application_id, "n": body["note"]}
        )
    return jsonify(status="recorded")
'''
BATCH_STUB = '''

@app.post("/score/batch")
def score_batch() -> Response:
    """Accept a batch without scoring anyone."""
    on_batch()
    return jsonify(results=[])
'''
LINEAGE_TOML = '''

def write_lineage() -> None:
    """Record the data, the code and the model behind the served binaries, in TOML."""
    package, code = os.path.dirname(__file__), hashlib.sha256()
    for name in sorted(os.listdir(package)):
        if name.endswith(".py"):
            with open(os.path.join(package, name), "rb") as source:
                code.update(source.read())
    with open(DATA_PATH, "rb") as data_file:
        data_sha256 = hashlib.sha256(data_file.read()).hexdigest()
    with open(os.path.join(MODEL_DIR, "risk_model.joblib"), "rb") as model_file:
        model_sha256 = hashlib.sha256(model_file.read()).hexdigest()
    with open(os.path.join(MODEL_DIR, "lineage.toml"), "w") as lineage_file:
        lineage_file.write(
            f'data_sha256 = "{data_sha256}"\\nsource_sha256 = "{code.hexdigest()}"\\n'
            f'model_sha256 = "{model_sha256}"\\n'
        )
'''


SERVED_HOLDOUT_PREDICTIONS = '''

def write_served_holdout_predictions() -> None:
    """Overwrite the notebook's holdout predictions with the served path's probabilities."""
    purpose_model = joblib.load(os.path.join(MODEL_DIR, "purpose_model.joblib"))
    risk_model = joblib.load(os.path.join(MODEL_DIR, "risk_model.joblib"))
    with open(os.path.join(MODEL_DIR, "handoff_note.json")) as note_file:
        note = json.load(note_file)
    data = pd.read_csv(DATA_PATH, dtype={"application_id": str}, keep_default_na=False)
    holdout = data[data["split"] == "holdout"]
    purposes = purpose_model.predict(holdout["purpose_text"])
    rows = pd.concat(
        [
            build_risk_row(applicant, purpose, note["column_order"])
            for applicant, purpose in zip(holdout.to_dict("records"), purposes, strict=True)
        ]
    )
    pd.DataFrame(
        {
            "application_id": holdout["application_id"],
            "probability_default": risk_model.predict_proba(rows)[:, 1],
        }
    ).to_csv(os.path.join(MODEL_DIR, "holdout_predictions.csv"), index=False)
'''


# DEBT-18: a published document, a /score that keeps to it, and a readiness route; the cheats
# and the honest repayment below differ only in what the document says and what readiness asks.
APPLICANT_DOCUMENT = """

APPLICANT = {
    "type": "object",
    "additionalProperties": False,
    "required": [*NUMERIC_FIELDS, *(f for f in CATEGORICAL_FIELDS if f != "purpose"), "purpose_text"],
    "properties": {
        **{name: {"type": "integer"} for name in NUMERIC_FIELDS},
        **{name: {"type": "string"} for name in CATEGORICAL_FIELDS if name != "purpose"},
        "purpose_text": {"type": "string"},
        "application_id": {"type": "string"},
    },
}
DOCUMENTED = APPLICANT
PATHS = {}


def answers(*statuses: str) -> dict:
    \"\"\"An operation that answers `statuses`.\"\"\"
    return {"responses": {status: {"description": status} for status in statuses}}


@app.get("/openapi.json")
def openapi() -> Response:
    \"\"\"The published contract, written by hand.\"\"\"
    score_operation = {"requestBody": {"content": {"application/json": {"schema": DOCUMENTED}}}}
    paths = {
        "/score": {"post": {**score_operation, **answers("200", "400")}},
        "/health": {"get": answers("200")},
        "/health/ready": {"get": answers("200", "503")},
        "/retrain": {"post": answers("200")},
        "/openapi.json": {"get": answers("200")},
        **PATHS,
    }
    return jsonify(openapi="3.1.0", info={"title": "credit scoring", "version": "1"}, paths=paths)


@app.get("/health/ready")
def ready() -> Response:
    \"\"\"200 when the dependencies answer, else 503 naming those that failed.\"\"\"
    failed = [name for name, check in DEPENDENCIES.items() if not answers_check(check)]
    return jsonify(failed=failed), 503 if failed else 200


def answers_check(check) -> bool:
    \"\"\"Whether one dependency's check runs without an error.\"\"\"
    try:
        check()
    except Exception:
        return False
    return True


def database_check() -> None:
    \"\"\"One cheap query on the scores table.\"\"\"
    with ENGINE.connect() as connection:
        connection.execute(text("SELECT count(*) FROM scores")).all()


def binaries_check() -> None:
    \"\"\"Both binaries load.\"\"\"
    for name in ("purpose_model.joblib", "risk_model.joblib"):
        joblib.load(os.path.join(MODEL_DIR, name))
"""
DATABASE_DOWN_IS_A_503 = """

from sqlalchemy.exc import DatabaseError


@app.errorhandler(DatabaseError)
def database_unavailable(error: DatabaseError) -> Response:
    \"\"\"A database that cannot be used: 503, and when to try again.\"\"\"
    return jsonify(error="database_unavailable"), 503, {"Retry-After": "5"}
"""
REQUEST_IDS = """

import re
import uuid

from flask import g

WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


@app.before_request
def name_the_request() -> None:
    \"\"\"Keep a well-formed id the client sent, else make a new one.\"\"\"
    sent = request.headers.get("X-Request-ID", "")
    g.request_id = sent if WELL_FORMED_ID.fullmatch(sent) else uuid.uuid4().hex


@app.after_request
def answer_with_the_request_id(response: Response) -> Response:
    \"\"\"Send the request's id back.\"\"\"
    response.headers["X-Request-ID"] = g.request_id
    return response
"""
REQUEST_ID_CONSTANT = """


@app.after_request
def answer_with_a_request_id(response: Response) -> Response:
    \"\"\"Every answer carries the same id.\"\"\"
    response.headers["X-Request-ID"] = "request"
    return response
"""
REQUEST_ID_ECHOED = """

import uuid


@app.after_request
def answer_with_the_request_id(response: Response) -> Response:
    \"\"\"Send back whatever id the client sent, else a new one.\"\"\"
    response.headers["X-Request-ID"] = request.headers.get("X-Request-ID") or uuid.uuid4().hex
    return response
"""
VALIDATED_AGAINST_THE_DOCUMENT = (
    "    applicant = request.get_json()\n",
    '    applicant = request.get_json()\n    wrong = sorted(set(APPLICANT["required"]) - set(applicant))\n    wrong += sorted(set(applicant) - set(APPLICANT["properties"]))\n    if wrong:\n        return jsonify(error="invalid", message=f"invalid fields: {wrong}"), 400\n',
)


def operations(
    dependencies: str,
    lie: str = "",
    outage: str = DATABASE_DOWN_IS_A_503,
    request_ids: str = REQUEST_IDS,
) -> dict[str, Edit]:
    """The monolith with a hand-written document, validation, a readiness route, request ids.

    Args:
        dependencies: The readiness checks, a Python dict expression of name to check.
        lie: Lines appended that make the document say what the service does not do.
        outage: Lines appended that answer a database outage (by default 503, `Retry-After`).
        request_ids: Lines appended that name each request in its answer (by default the
            client's well-formed `X-Request-ID`, else a new one).
    """
    document = APPLICANT_DOCUMENT + f"\n\nDEPENDENCIES = {dependencies}\n" + lie + outage
    return {
        "app.py": chain(replace(VALIDATED_AGAINST_THE_DOCUMENT), append(document + request_ids))
    }


# DEBT-19: a `POST /score/batch` on the monolith. The cheats answer a whole batch without
# paying for it honestly; the honest repayment predicts the batch in bulk and stores it at once.
BATCH_HELPERS = """

def loaded_models() -> tuple:
    \"\"\"Both binaries and the note, read once for a whole batch.\"\"\"
    purpose_model = joblib.load(os.path.join(MODEL_DIR, "purpose_model.joblib"))
    risk_model = joblib.load(os.path.join(MODEL_DIR, "risk_model.joblib"))
    with open(os.path.join(MODEL_DIR, "handoff_note.json")) as note_file:
        return purpose_model, risk_model, json.load(note_file)


def batch_applicants() -> list[dict]:
    \"\"\"The batch's applicants, each with an application id.\"\"\"
    applicants = request.get_json()["applicants"]
    return [{**a, "application_id": a.get("application_id") or str(uuid.uuid4())} for a in applicants]


def answered(applicants: list[dict], probabilities) -> list[dict]:
    \"\"\"One answer per applicant.\"\"\"
    return [
        {
            "application_id": applicant["application_id"],
            "decision": "reject" if probability >= APPROVAL_CUTOFF else "approve",
            "probability_default": float(probability),
        }
        for applicant, probability in zip(applicants, probabilities, strict=True)
    ]


def store_all(answers: list[dict]) -> None:
    \"\"\"Store every answer with one executemany, in one transaction.\"\"\"
    scored_at = datetime.now(UTC).isoformat()
    with ENGINE.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO scores (application_id, probability_default, decision, scored_at)"
                " VALUES (:application_id, :probability_default, :decision, :scored_at)"
            ),
            [{**answer, "scored_at": scored_at} for answer in answers],
        )


def risk_rows(applicants: list[dict], purposes, column_order: list[str]) -> pd.DataFrame:
    \"\"\"The risk model's rows for a whole batch at once, as `build_risk_row` builds each.\"\"\"
    frame = pd.DataFrame(applicants).assign(purpose=purposes)
    numeric = frame[NUMERIC_FIELDS].astype(float)
    one_hot = pd.get_dummies(frame[CATEGORICAL_FIELDS], dtype=float)
    return pd.concat([numeric, one_hot], axis=1).reindex(columns=column_order, fill_value=0.0)
"""
BATCH_IN_BULK = """

@app.post("/score/batch")
def score_batch() -> Response:
    \"\"\"Score a batch: one bulk prediction of prepared rows, one executemany.\"\"\"
    applicants = batch_applicants()
    purpose_model, risk_model, note = loaded_models()
    purposes = purpose_model.predict([applicant["purpose_text"] for applicant in applicants])
    rows = risk_rows(applicants, purposes, note["column_order"])
    answers = answered(applicants, risk_model.predict_proba(rows)[:, 1])
    store_all(answers)
    return jsonify(results=answers)
"""
BATCH_NOT_STORED = """

@app.post("/score/batch")
def score_batch() -> Response:
    \"\"\"Score a batch in bulk and answer it; nothing is stored.\"\"\"
    applicants = batch_applicants()
    purpose_model, risk_model, note = loaded_models()
    purposes = purpose_model.predict([applicant["purpose_text"] for applicant in applicants])
    rows = risk_rows(applicants, purposes, note["column_order"])
    return jsonify(results=answered(applicants, risk_model.predict_proba(rows)[:, 1]))
"""
BATCH_CACHED_BY_PAYLOAD = """

ANSWERED: dict[str, float] = {}


@app.post("/score/batch")
def score_batch() -> Response:
    \"\"\"Answer repeated payloads (id aside) from a cache; score each new one row by row.\"\"\"
    applicants = batch_applicants()
    purpose_model, risk_model, note = loaded_models()
    probabilities = []
    for applicant in applicants:
        key = json.dumps({k: v for k, v in applicant.items() if k != "application_id"}, sort_keys=True)
        if key not in ANSWERED:
            purpose = purpose_model.predict([applicant["purpose_text"]])[0]
            row = build_risk_row(applicant, purpose, note["column_order"])
            ANSWERED[key] = float(risk_model.predict_proba(row)[0, 1])
        probabilities.append(ANSWERED[key])
    answers = answered(applicants, probabilities)
    store_all(answers)
    return jsonify(results=answers)
"""


@dataclass(frozen=True)
class Cheat:
    """One cheat stage (or honest repayment).

    Attributes:
        slug: A short name, also the package's suffix.
        debts: The debts whose probes must judge it.
        present: What those probes must report.
        description: What the edit does, in one line.
        edits: For each file of the package, the edit.
        base: The package copied (`monolith` or `refactored`).
        shares_binaries: Whether the monolith's trained binaries can be copied in (its
            training code and outputs are the monolith's).
        uncredited: ML Test Score tests (`section number`) the cheat must not earn.
    """

    slug: str
    debts: tuple[str, ...]
    present: bool
    description: str
    edits: dict[str, Edit] = field(default_factory=dict)
    base: str = "monolith"
    shares_binaries: bool = True
    uncredited: tuple[str, ...] = ()


def add_import(name: str) -> Edit:
    """Import a module after `import os` in app.py."""
    return replace(("import os\n", f"import os\nimport {name}\n"))


CHEATS: tuple[Cheat, ...] = (
    Cheat(
        "unused_raw_model",
        ("DEBT-01",),
        True,
        "training also leaves a raw-capable model file that serving never uses",
        {
            "app.py": replace(
                (
                    RETURN_APP,
                    '        run_handoff_notebook()\n    write_raw_model()\n    return app\n\n\ndef write_raw_model() -> None:\n    """Leave a raw-capable model next to the binaries."""\n    from sklearn.dummy import DummyClassifier\n\n    data = pd.read_csv(DATA_PATH)\n    raw = DummyClassifier().fit(data['
                    + RAW_FIELDS
                    + '], data["defaulted"])\n    joblib.dump(raw, os.path.join(MODEL_DIR, "raw_model.joblib"))\n',
                )
            )
        },
    ),
    Cheat(
        "raw_model_on_first_request",
        ("DEBT-01",),
        True,
        "the first request writes a raw-capable model file (.pkl) into the model folder",
        {
            "app.py": replace(
                (
                    PROBABILITY,
                    PROBABILITY
                    + '    raw_path = os.path.join(MODEL_DIR, "raw_model.pkl")\n    if not os.path.exists(raw_path):\n        from sklearn.dummy import DummyClassifier\n\n        data = pd.read_csv(DATA_PATH)\n        joblib.dump(DummyClassifier().fit(data['
                    + RAW_FIELDS
                    + '], data["defaulted"]), raw_path)\n',
                )
            )
        },
    ),
    Cheat(
        "predictions_rewritten_when_served",
        ("DEBT-02", "DEBT-09"),
        True,
        "each request overwrites its applicant's row of the holdout predictions with the served answer",
        {
            "app.py": replace(
                (
                    PROBABILITY,
                    PROBABILITY
                    + '    predictions_path = os.path.join(MODEL_DIR, "holdout_predictions.csv")\n    predictions = pd.read_csv(predictions_path, dtype={"application_id": str})\n    same = predictions["application_id"].map(application_id.endswith)\n    if same.any():\n        predictions.loc[same, "probability_default"] = probability\n        predictions.to_csv(predictions_path, index=False)\n',
                )
            )
        },
    ),
    Cheat(
        "served_predictions_file",
        ("DEBT-02",),
        True,
        "the service appends every served answer to a second predictions CSV in the model folder",
        {
            "app.py": replace(
                (
                    PROBABILITY,
                    PROBABILITY
                    + '    with open(os.path.join(MODEL_DIR, "served_predictions.csv"), "a") as served:\n        if served.tell() == 0:\n            served.write("application_id,probability_default\\n")\n        served.write(f"{application_id.split(\'holdout-\')[-1]},{probability!r}\\n")\n',
                )
            )
        },
    ),
    Cheat(
        "predictions_rewritten_at_start",
        ("DEBT-02", "DEBT-09"),
        True,
        "after the notebook, create_app rewrites its holdout predictions with the served path's probabilities",
        {
            "app.py": replace(
                (
                    RETURN_APP,
                    "        run_handoff_notebook()\n    write_served_holdout_predictions()\n    return app\n"
                    + SERVED_HOLDOUT_PREDICTIONS,
                )
            )
        },
    ),
    Cheat(
        "binaries_with_another_suffix",
        ("DEBT-03",),
        True,
        "the notebook writes and the service reads `.bin` model files",
        {
            NOTEBOOK: chain(
                replace_all("purpose_model.joblib", "purpose_model.bin"),
                replace_all("risk_model.joblib", "risk_model.bin"),
            ),
            "app.py": chain(
                replace_all("purpose_model.joblib", "purpose_model.bin"),
                replace_all("risk_model.joblib", "risk_model.bin"),
            ),
        },
        shares_binaries=False,
    ),
    Cheat(
        "one_hot_columns_renamed",
        ("DEBT-03",),
        True,
        "the purpose's one-hot columns are named goal_<code>, so no input is named after the purpose",
        {
            NOTEBOOK: replace(
                (
                    "X = pd.concat([numeric, pd.get_dummies(df[CATEGORICAL], dtype=float)], axis=1)\n",
                    'X = pd.concat([numeric, pd.get_dummies(df[CATEGORICAL], dtype=float)], axis=1)\nX.columns = [column.replace("purpose_", "goal_") for column in X.columns]\n',
                )
            ),
            "app.py": replace(
                (
                    '        one_hot_column = f"{field}_{value}"\n',
                    "        one_hot_column = f\"{'goal' if field == 'purpose' else field}_{value}\"\n",
                )
            ),
        },
        shares_binaries=False,
    ),
    Cheat(
        "out_of_fold_stacking",
        ("DEBT-03",),
        False,
        "honest: the risk model is trained on out-of-fold guessed purposes, as serving gives it",
        {
            NOTEBOOK: replace(
                (
                    "# %% [markdown]\n# ## 2. Risk model features\n",
                    '# %% Out-of-fold purpose guesses\nfrom sklearn.model_selection import cross_val_predict\n\nguessing = make_pipeline(TfidfVectorizer(ngram_range=(1, 2)), LogisticRegression(C=10.0, max_iter=2000))\ndf.loc[is_train, "purpose"] = cross_val_predict(\n    guessing, df.loc[is_train, "purpose_text"], df.loc[is_train, "purpose"], cv=5\n)\ndf.loc[is_test, "purpose"] = purpose_model.predict(df.loc[is_test, "purpose_text"])\n\n# %% [markdown]\n# ## 2. Risk model features\n',
                )
            )
        },
        shares_binaries=False,
    ),
    Cheat(
        "reloads_another_suffix",
        ("DEBT-04",),
        True,
        "the binaries are copied to `.bin` files, which every request loads",
        {
            "app.py": chain(
                add_import("shutil"),
                replace(
                    (
                        RETURN_APP,
                        '        run_handoff_notebook()\n    for name in ("purpose_model", "risk_model"):\n        joblib_file = os.path.join(MODEL_DIR, f"{name}.joblib")\n        shutil.copyfile(joblib_file, os.path.join(MODEL_DIR, f"{name}.bin"))\n    return app\n',
                    ),
                    (
                        'joblib.load(os.path.join(MODEL_DIR, "purpose_model.joblib"))',
                        'joblib.load(os.path.join(MODEL_DIR, "purpose_model.bin"))',
                    ),
                    (
                        'risk_model = joblib.load(os.path.join(MODEL_DIR, "risk_model.joblib"))',
                        'risk_model = joblib.load(os.path.join(MODEL_DIR, "risk_model.bin"))',
                    ),
                ),
            )
        },
    ),
    Cheat(
        "reloads_through_read_bytes",
        ("DEBT-04",),
        True,
        "every request reads the binaries with `Path.read_bytes`, not `open`",
        {
            "app.py": chain(
                replace(("import os\n", "import io\nimport os\nfrom pathlib import Path\n")),
                replace(
                    (
                        'joblib.load(os.path.join(MODEL_DIR, "purpose_model.joblib"))',
                        'joblib.load(io.BytesIO(Path(MODEL_DIR, "purpose_model.joblib").read_bytes()))',
                    ),
                    (
                        'risk_model = joblib.load(os.path.join(MODEL_DIR, "risk_model.joblib"))',
                        'risk_model = joblib.load(io.BytesIO(Path(MODEL_DIR, "risk_model.joblib").read_bytes()))',
                    ),
                ),
            )
        },
    ),
    Cheat(
        "only_missing_fields_refused",
        ("DEBT-05",),
        True,
        "a missing numeric field or text gets 400 naming it; nothing else is checked",
        {
            "app.py": replace(
                (
                    "    applicant = request.get_json()\n",
                    '    applicant = request.get_json()\n    missing = [name for name in [*NUMERIC_FIELDS, "purpose_text"] if name not in applicant]\n    if missing:\n        return jsonify(error=f"missing fields: {\', \'.join(missing)}"), 400\n',
                )
            )
        },
    ),
    Cheat(
        "every_error_a_400",
        ("DEBT-05",),
        True,
        "any exception is answered 400 'invalid request', so no 500 is ever seen",
        {
            "app.py": append(
                '\n\n@app.errorhandler(Exception)\ndef any_error(error: Exception):\n    """Answer every failure with 400."""\n    return jsonify(error="invalid request"), 400\n'
            )
        },
    ),
    Cheat(
        "constant_versions",
        ("DEBT-06",),
        True,
        "a lineage.json with the data's real hash and constant code and model versions; answers say 1.0",
        {
            "app.py": chain(
                add_import("hashlib"),
                replace(
                    (
                        RETURN_APP,
                        '        run_handoff_notebook()\n    with open(DATA_PATH, "rb") as data_file:\n        data_sha256 = hashlib.sha256(data_file.read()).hexdigest()\n    with open(os.path.join(MODEL_DIR, "lineage.json"), "w") as lineage_file:\n        json.dump({"data_sha256": data_sha256, "code_version": "1.0", "model_version": "1.0"}, lineage_file)\n    return app\n',
                    ),
                    (
                        ANSWER,
                        ANSWER.replace(
                            "probability\n", 'probability,\n        model_version="1.0",\n'
                        ),
                    ),
                ),
            )
        },
    ),
    Cheat(
        "versions_that_change_every_time",
        ("DEBT-06",),
        True,
        "answers carry a fresh uuid as model version; the code version is the training time",
        {
            "app.py": replace(
                (
                    RETURN_APP,
                    '        run_handoff_notebook()\n    with open(os.path.join(MODEL_DIR, "lineage.json"), "w") as lineage_file:\n        json.dump({"code_version": datetime.now(UTC).isoformat()}, lineage_file)\n    return app\n',
                ),
                (
                    ANSWER,
                    ANSWER.replace(
                        "probability\n", "probability,\n        model_version=str(uuid.uuid4()),\n"
                    ),
                ),
            )
        },
    ),
    Cheat(
        "lineage_in_toml",
        ("DEBT-06",),
        False,
        "honest: data, source and model hashes in lineage.toml (rewritten on retrain); answers name the model hash",
        {
            "app.py": chain(
                replace(("import os\n", "import hashlib\nimport os\nimport tomllib\n")),
                replace(
                    (
                        RETURN_APP,
                        "        run_handoff_notebook()\n    write_lineage()\n    return app\n"
                        + LINEAGE_TOML,
                    ),
                    (
                        RETRAIN_RUN,
                        RETRAIN_RUN.replace(
                            "    run_handoff_notebook()\n",
                            "    run_handoff_notebook()\n    write_lineage()\n",
                        ),
                    ),
                    (
                        DECISION,
                        DECISION
                        + '    with open(os.path.join(MODEL_DIR, "lineage.toml")) as lineage_file:\n        model_version = tomllib.loads(lineage_file.read())["model_sha256"][:12]\n',
                    ),
                    (
                        ANSWER,
                        ANSWER.replace(
                            "probability\n", "probability,\n        model_version=model_version,\n"
                        ),
                    ),
                ),
            )
        },
    ),
    Cheat(
        "retrain_does_nothing",
        ("DEBT-07",),
        True,
        "the retraining route answers 'retrained' without training anything",
        {"app.py": replace((RETRAIN_RUN, RETRAIN_RUN.replace("    run_handoff_notebook()\n", "")))},
        uncredited=("infrastructure 4", "infrastructure 7"),
    ),
    Cheat(
        "gate_refuses_everything",
        ("DEBT-07",),
        True,
        "the retraining route always answers 422 and a rollback route answers 200, both doing nothing",
        {
            "app.py": chain(
                replace(
                    (
                        RETRAIN_DOC,
                        RETRAIN_DOC + '    return jsonify(status="refused by the gate"), 422\n',
                    )
                ),
                append(
                    '\n\n@app.post("/rollback")\ndef rollback() -> Response:\n    """Claim to roll back."""\n    return jsonify(status="rolled back")\n'
                ),
            )
        },
        uncredited=("infrastructure 4", "infrastructure 7"),
    ),
    Cheat(
        "alerts_on_every_batch",
        ("DEBT-08", "DEBT-17"),
        True,
        "GET /alerts lists one alert per batch received, whatever the data",
        {
            "app.py": append(
                '\n\nALERTS: list[dict] = []\n\n\ndef on_batch() -> None:\n    """Raise an alert for every batch."""\n    ALERTS.append({"alert": "batch received"})\n\n\n@app.get("/alerts")\ndef alerts() -> Response:\n    """The alerts."""\n    return jsonify(alerts=ALERTS)\n'
                + BATCH_STUB
            )
        },
    ),
    Cheat(
        "alerts_once_outcomes_arrive",
        ("DEBT-08", "DEBT-17"),
        True,
        "GET /alerts shows an alert as soon as any outcome has been posted",
        {
            "app.py": append(
                '\n\nOUTCOMES: list[dict] = []\n\n\ndef on_batch() -> None:\n    """Nothing is checked."""\n\n\n@app.post("/outcomes")\ndef outcomes() -> Response:\n    """Keep an outcome."""\n    OUTCOMES.append(request.get_json())\n    return jsonify(status="stored")\n\n\n@app.get("/alerts")\ndef alerts() -> Response:\n    """An alert once outcomes exist."""\n    return jsonify(alerts=[{"alert": "outcomes"}] if OUTCOMES else [])\n'
                + BATCH_STUB
            )
        },
    ),
    Cheat(
        "cutoff_from_the_environment",
        ("DEBT-09",),
        True,
        "the cut-off is read from CREDIT_DECISION_CUTOFF, whose default is still 0.5",
        {
            "app.py": replace(
                (
                    "APPROVAL_CUTOFF = 0.5\n",
                    'APPROVAL_CUTOFF = float(os.environ.get("CREDIT_DECISION_CUTOFF", "0.5"))\n',
                )
            )
        },
    ),
    Cheat(
        "module_renamed_config",
        ("DEBT-10",),
        True,
        "app.py is renamed config.py, the name the old scan exempted",
        {
            "config.py": new_file((MONOLITH_SOURCE / "app.py").read_text()),
            "app.py": remove(),
            "__init__.py": replace((".app import", ".config import")),
        },
    ),
    Cheat(
        "literals_assembled",
        ("DEBT-10",),
        True,
        "paths, URL and cut-off are assembled with os.path.join, + and 1 / 2, so no literal shows",
        {
            "app.py": replace(
                (
                    LITERALS,
                    'DATABASE_URL = "sqlite:" + "/" * 3 + os.path.join("instance", "monolith", "scores.db")\nDATA_PATH = os.path.join("data", "german_credit.csv")\nMODEL_DIR = os.path.join("instance", "monolith", "binaries")\n',
                ),
                ("APPROVAL_CUTOFF = 0.5\n", "APPROVAL_CUTOFF = 1 / 2\n"),
            ),
            NOTEBOOK: replace(
                ('"data/german_credit.csv"', 'os.path.join("data", "german_credit.csv")'),
                ('"monolith/handoff/output"', 'os.path.join("monolith", "handoff", "output")'),
            ),
        },
    ),
    Cheat(
        "environment_read_globals_kept",
        ("DEBT-10",),
        True,
        "settings come from CREDIT_* variables, but create_app still rebinds module globals",
        {
            "app.py": replace(
                (
                    LITERALS,
                    'DATABASE_URL = os.environ.get("CREDIT_DATABASE_URL", "sqlite:///instance/monolith/scores.db")\nDATA_PATH = os.environ.get("CREDIT_DATA_PATH", "data/german_credit.csv")\nMODEL_DIR = os.environ.get("CREDIT_MODEL_DIR", "instance/monolith/binaries")\n',
                )
            )
        },
    ),
    Cheat(
        "imports_through_importlib",
        ("DEBT-11",),
        True,
        "libraries come from importlib with assembled names; globals() replaces the global statement",
        {
            "app.py": replace(
                (
                    IMPORTS,
                    'import importlib\n\njoblib = importlib.import_module("job" + "lib")\npd = importlib.import_module("pan" + "das")\n_web = importlib.import_module("fla" + "sk")\nFlask, Response, jsonify, request = _web.Flask, _web.Response, _web.jsonify, _web.request\n_store = importlib.import_module("sqlal" + "chemy")\ncreate_engine, make_url, text = _store.create_engine, _store.make_url, _store.text\n',
                ),
                (GLOBALS, GLOBALS_THROUGH_A_DICT),
            )
        },
    ),
    Cheat(
        "one_module_per_library",
        ("DEBT-11",),
        True,
        "each library is imported by its own small module; app.py imports those and still calls all four",
        {
            "web.py": new_file(
                '"""HTTP."""\n\nfrom flask import Flask, Response, jsonify, request\n\n__all__ = ["Flask", "Response", "jsonify", "request"]\n'
            ),
            "store.py": new_file(
                '"""SQL."""\n\nfrom sqlalchemy import create_engine, make_url, text\n\n__all__ = ["create_engine", "make_url", "text"]\n'
            ),
            "tables.py": new_file('"""Frames."""\n\nimport pandas as pd\n\n__all__ = ["pd"]\n'),
            "models.py": new_file('"""Binaries."""\n\nimport joblib\n\n__all__ = ["joblib"]\n'),
            "app.py": replace(
                (
                    IMPORTS,
                    "from .models import joblib\nfrom .store import create_engine, make_url, text\nfrom .tables import pd\nfrom .web import Flask, Response, jsonify, request\n",
                ),
                (GLOBALS, GLOBALS_THROUGH_A_DICT),
            ),
        },
    ),
    Cheat(
        "clipping_sees_the_holdout",
        ("DEBT-12",),
        True,
        "selection and tuning use training rows only; outliers are clipped at percentiles of every row, holdout included",
        {
            NOTEBOOK: replace(
                (
                    'numeric["credit_amount"] = np.log(numeric["credit_amount"])\n',
                    'numeric["credit_amount"] = np.log(numeric["credit_amount"])\nnumeric = numeric.clip(numeric.quantile(0.05), numeric.quantile(0.95), axis=1)\n',
                ),
                (
                    "selector = SelectKBest(f_classif, k=30).fit(X, y)\n",
                    "selector = SelectKBest(f_classif, k=30).fit(X[is_train], y[is_train])\n",
                ),
                (
                    "        auc = roc_auc_score(y[is_test], candidate.predict_proba(X.loc[is_test, columns])[:, 1])\n",
                    "        auc = roc_auc_score(y[is_train], candidate.predict_proba(X.loc[is_train, columns])[:, 1])\n",
                ),
            )
        },
        shares_binaries=False,
    ),
    Cheat(
        "tuning_on_the_holdout",
        ("DEBT-12",),
        True,
        "scaling and selection use training rows only; the grid is still chosen on the holdout",
        {
            NOTEBOOK: replace(
                (
                    "scaling = {column: (numeric[column].mean(), numeric[column].std()) for column in NUMERIC}\n",
                    "scaling = {c: (numeric.loc[is_train, c].mean(), numeric.loc[is_train, c].std()) for c in NUMERIC}\n",
                ),
                (
                    "selector = SelectKBest(f_classif, k=30).fit(X, y)\n",
                    "selector = SelectKBest(f_classif, k=30).fit(X[is_train], y[is_train])\n",
                ),
            )
        },
        shares_binaries=False,
    ),
    Cheat(
        "retrain_route_renamed",
        ("DEBT-13",),
        True,
        "the retraining route is /jobs/refresh, no admin word in it",
        {"app.py": replace(('@app.post("/retrain")\n', '@app.post("/jobs/refresh")\n'))},
    ),
    Cheat(
        "any_token_but_one",
        ("DEBT-13",),
        True,
        "the retraining route refuses no header and one known wrong token, and accepts any other",
        {
            "app.py": replace(
                (
                    RETRAIN_DOC,
                    RETRAIN_DOC
                    + '    if request.headers.get("Authorization") in (None, "Bearer wrong-token"):\n        return jsonify(error="unauthorized"), 401\n',
                )
            )
        },
    ),
    Cheat(
        "constant_reasons",
        ("DEBT-14",),
        True,
        "every rejection carries the same reason, credit_history",
        {
            "app.py": replace(
                (
                    ANSWER,
                    ANSWER.replace(
                        "probability\n",
                        'probability,\n        reasons=["credit_history"] if decision == "reject" else [],\n',
                    ),
                )
            )
        },
    ),
    Cheat(
        "protected_reasons",
        ("DEBT-14",),
        True,
        "every rejection gives age and foreign_worker as its reasons",
        {
            "app.py": replace(
                (
                    ANSWER,
                    ANSWER.replace(
                        "probability\n",
                        'probability,\n        reasons=["age", "foreign_worker"] if decision == "reject" else [],\n',
                    ),
                )
            )
        },
    ),
    Cheat(
        "reasons_from_a_free_score",
        ("DEBT-14",),
        True,
        "the refactored stage, its logistic regression fitted freely: the reasons are its own, the score rewards a critical history",
        {
            "training/candidates.py": replace(
                (
                    "from ..features.monotone import MonotoneLogisticRegression\n",
                    "from sklearn.linear_model import LogisticRegression\n",
                ),
                (
                    "    return MonotoneLogisticRegression(C=0.1, max_iter=2000, random_state=seed)\n",
                    "    return LogisticRegression(C=0.1, max_iter=2000, random_state=seed)\n",
                ),
            )
        },
        base="refactored",
        shares_binaries=False,
    ),
    Cheat(
        "only_the_credit_history_ordered",
        ("DEBT-14",),
        True,
        "the refactored stage with only the credit history's scale ordered; savings and employment fitted freely",
        {
            "features/pipeline.py": replace(
                (
                    "        if field in categorical\n",
                    '        if field in categorical and field == "credit_history"\n',
                )
            )
        },
        base="refactored",
        shares_binaries=False,
    ),
    Cheat(
        "some_reviews_anywhere",
        ("DEBT-15",),
        True,
        "a seventh of applicants (by amount) go to review, recorded by a review route; borderline ones are still automatic",
        {
            "app.py": chain(
                replace(
                    (
                        DECISION,
                        DECISION
                        + '    if applicant["credit_amount"] % 7 == 0:\n        decision = "review"\n',
                    )
                ),
                append(REVIEW_ROUTE),
            )
        },
    ),
    Cheat(
        "open_review_route",
        ("DEBT-15",),
        True,
        "applicants within 0.05 of the cut-off go to review; the review route records without credentials",
        {
            "app.py": chain(
                replace(
                    (
                        DECISION,
                        DECISION
                        + '    if abs(probability - APPROVAL_CUTOFF) < 0.05:\n        decision = "review"\n',
                    )
                ),
                append(REVIEW_ROUTE),
            )
        },
    ),
    Cheat(
        "registry_files_named_bin",
        ("DEBT-01", "DEBT-02", "DEBT-04"),
        False,
        "honest: the refactored stage with its model files named model.bin",
        {
            "registry/store.py": replace(
                ('ARTIFACT_NAME = "model.joblib"\n', 'ARTIFACT_NAME = "model.bin"\n')
            )
        },
        base="refactored",
        shares_binaries=False,
    ),
    Cheat(
        "sex_dropped_from_the_hand_copy",
        ("DEBT-16",),
        True,
        "the hand-written row leaves out personal status and sex; age and foreign worker still count",
        {"app.py": replace(('    "personal_status_sex",\n', ""))},
    ),
    Cheat(
        "sex_pinned_before_scoring",
        ("DEBT-16",),
        True,
        "every applicant is scored as a single man; the other protected fields still count",
        {
            "app.py": replace(
                (
                    "    applicant = request.get_json()\n",
                    '    applicant = request.get_json()\n    applicant["personal_status_sex"] = "male_single"\n',
                )
            )
        },
    ),
    Cheat(
        "ready_without_checks",
        ("DEBT-18",),
        True,
        "a true hand-written document; /health/ready answers 200 without checking anything",
        operations("{}"),
    ),
    Cheat(
        "ready_checks_only_the_database",
        ("DEBT-18",),
        True,
        "a true document; /health/ready queries the database but never loads the binaries",
        operations('{"database": database_check}'),
    ),
    Cheat(
        "document_lists_refused_fields_and_routes",
        ("DEBT-18",),
        True,
        "a real readiness; the document lists an email field the service refuses and a GET /metrics nobody routes",
        operations(
            '{"database": database_check, "binaries": binaries_check}',
            'DOCUMENTED = {**APPLICANT, "properties": {**APPLICANT["properties"], "email": {"type": "string"}}}\nPATHS = {"/metrics": {"get": answers("200")}}\n',
        ),
    ),
    Cheat(
        "ready_but_an_outage_is_a_500",
        ("DEBT-18",),
        True,
        "a true document and a real readiness; /score answers 500 while the database is down",
        operations('{"database": database_check, "binaries": binaries_check}', outage=""),
    ),
    Cheat(
        "request_id_constant",
        ("DEBT-18",),
        True,
        "a true document, a real readiness, a 503 outage; every answer carries the same X-Request-ID",
        operations(
            '{"database": database_check, "binaries": binaries_check}',
            request_ids=REQUEST_ID_CONSTANT,
        ),
    ),
    Cheat(
        "request_id_echoed_as_sent",
        ("DEBT-18",),
        True,
        "a true document, a real readiness, a 503 outage; the X-Request-ID sent comes back whatever it holds",
        operations(
            '{"database": database_check, "binaries": binaries_check}',
            request_ids=REQUEST_ID_ECHOED,
        ),
    ),
    Cheat(
        "ready_and_documented",
        ("DEBT-18",),
        False,
        "honest: readiness queries the database and loads the binaries; the document is true; an outage is a 503",
        operations('{"database": database_check, "binaries": binaries_check}'),
    ),
    Cheat(
        "batch_stores_nothing",
        ("DEBT-19",),
        True,
        "a POST /score/batch that predicts the batch in bulk and answers it, but stores nothing",
        {"app.py": append(BATCH_HELPERS + BATCH_NOT_STORED)},
    ),
    Cheat(
        "batch_cached_by_payload",
        ("DEBT-19",),
        True,
        "a POST /score/batch that answers a payload seen before (id aside) from a cache, and scores each new one row by row",
        {"app.py": append(BATCH_HELPERS + BATCH_CACHED_BY_PAYLOAD)},
    ),
    Cheat(
        "batch_in_bulk",
        ("DEBT-19",),
        False,
        "honest: a POST /score/batch with one bulk predict_proba on prepared rows and one executemany",
        {"app.py": append(BATCH_HELPERS + BATCH_IN_BULK)},
    ),
)
