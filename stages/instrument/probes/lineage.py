"""DEBT-06 No lineage or versioning: can the served model's origin be recovered, and verified?

The probe reads every record the stage keeps, wherever it keeps it and whatever it calls its
keys: JSON and TOML files of the instance folder, every table of its database, `GET /model`
and the answers of `/score`. A recorded value counts only when it identifies something, which
the probe verifies by changing that thing:

- data hash: the SHA-256 of the training data file is recorded; after the data file changes
  and a new model is trained, the new file's hash is recorded;
- model version: a field of the answers that is the same for two answers of one model and
  changes when a model trained on changed data is served (through the stage's retraining
  route in the same instance when it has one, else in a fresh instance);
- code version: a recorded value that is equal in two independent trainings of the same code
  (the pristine instance, and the leakage probe's fresh instance: the same training rows,
  only the holdout's rows changed) and changes when the stage's source changes (a copy of
  its package with one comment added, trained on the same data);
- metrics: a recorded number equals the holdout AUC the probe computes itself, from the
  served answers or the training code's predictions;
- reproducible: the copy with one comment added answers the holdout exactly as the stage.
"""

import hashlib
import json
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sqlalchemy import inspect, text

from credit_data.load import applicant_payload

from ..database import connected
from ..instance import StageInstance
from ..scoring import score_rows
from .context import ProbeContext
from .leakage import holdout_changed
from .offline import offline_candidates
from .records import MODEL_ROUTE, walk
from .result import ProbeResult
from .retraining import fewer_training_rows, retrain_routes, shuffled_retraining
from .routes import call_admin

DEBT_ID = "DEBT-06"
CONTRACT_FIELDS = {"application_id", "decision", "probability_default"}
ROWS_PER_TABLE = 20
ROWS_COMPARED = 50
AUC_TOLERANCE = 5e-4
SAME = 1e-9


def file_documents(folder: Path) -> dict[str, object]:
    """Leaf values of every JSON and TOML file below `folder`, by `file: key path`."""
    leaves = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".json", ".toml") or not path.is_file():
            continue
        try:
            text = path.read_text()
            document = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
        except (UnicodeDecodeError, ValueError):
            continue
        relative = path.relative_to(folder)
        leaves |= {f"{relative}: {key}": value for key, value in walk(document)}
    return leaves


def table_documents(database_url: str) -> dict[str, object]:
    """The first rows of every table of the database, by `table[row].column`."""
    leaves = {}
    with connected(database_url) as connection:
        for table in inspect(connection).get_table_names():
            rows = connection.execute(text(f'SELECT * FROM "{table}" LIMIT {ROWS_PER_TABLE}'))
            for number, row in enumerate(rows.mappings()):
                leaves |= {f"{table}[{number}].{column}": value for column, value in row.items()}
    return leaves


def records(instance: StageInstance, client) -> dict[str, object]:
    """Everything the instance records about its model, as leaf values by where they are."""
    leaves = file_documents(instance.folder) | table_documents(instance.database_url)
    response = client.get(MODEL_ROUTE)
    if response.status_code == 200 and response.is_json:
        leaves |= {f"GET {MODEL_ROUTE}: {k}": v for k, v in walk(response.get_json())}
    return leaves


def holds_text(leaves: dict[str, object], wanted: str) -> list[str]:
    """Where a recorded text value contains `wanted`."""
    return [where for where, value in leaves.items() if isinstance(value, str) and wanted in value]


def answer(client, context: ProbeContext, row_number: int) -> dict:
    """The answer of `/score` for one holdout applicant, under a fresh id."""
    payload = applicant_payload(context.holdout.iloc[row_number])
    payload["application_id"] = context.new_id("lineage")
    return client.post("/score", json=payload).get_json() or {}


def identifying_fields(first: dict, second: dict, other_model: dict) -> list[str]:
    """Fields equal in two answers of one model and different in another model's answer."""
    return sorted(
        key
        for key, value in first.items()
        if key not in CONTRACT_FIELDS
        and not isinstance(value, list | dict)
        and second.get(key) == value
        and key in other_model
        and other_model[key] != value
    )


def sha256_file(path: Path) -> str:
    """The hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def another_model(context: ProbeContext) -> tuple[StageInstance, str]:
    """An instance serving a model trained on changed data, and how it was obtained.

    Through the stage's retraining route, in the same instance: the retraining probe's copy
    retrained on shuffled labels when that served a new model (measured once per context);
    else a trained copy whose data file lost a tenth of its training rows, when the route
    serves a new model then; else a fresh instance on that data.
    """
    data = pd.read_csv(context.trained.data_path, dtype=str, keep_default_na=False)
    changed = fewer_training_rows(data)
    routes = retrain_routes(context)
    if routes:
        method, path = routes[0]
        retrained = shuffled_retraining(context)
        if retrained.status < 300 and retrained.served_model_changed:
            how = f"{method} {path} in the same instance (labels shuffled: DEBT-07's retraining)"
            return retrained.instance, how
        instance = context.trained_copy("lineage-retrained")
        changed.to_csv(instance.data_path, index=False, lineterminator="\n")
        status = call_admin(context.admin_client(instance), method, path)
        if status < 300:
            return instance, f"{method} {path} in the same instance"
    return context.fresh_instance("lineage-changed-data", changed), "a fresh instance"


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-06 on the context's stage."""
    shared_answers = context.holdout_scores()
    client = context.client()
    first, second = answer(client, context, 0), answer(client, context, 1)
    data_hash = sha256_file(context.trained.data_path)
    shared = records(context.trained, client)
    checks = {"data_hash_verifies": bool(holds_text(shared, data_hash))}
    evidence = {
        "records_read": len(shared),
        "data_hash_recorded_at": holds_text(shared, data_hash)[:3],
    }
    extra_fields = [key for key in first if key not in CONTRACT_FIELDS]
    if not checks["data_hash_verifies"] and not extra_fields:
        # Nothing could identify the model: do not train three more instances to show it.
        checks |= dict.fromkeys(("model_version_identifies", "code_version_identifies"), False)
        checks["retraining_reproduces"] = None
    else:
        changed, how = another_model(context)
        changed_client = context.admin_client(changed)
        third = answer(changed_client, context, 0)
        changed_records = records(changed, changed_client)
        new_hash = sha256_file(changed.data_path)
        fields = identifying_fields(first, second, third)
        evidence |= {
            "changed_model_obtained_by": how,
            "changed_model_answers_differently": third.get("probability_default")
            != first.get("probability_default"),
            "model_version_fields": {k: [first[k], third[k]] for k in fields},
            "new_data_hash_recorded_at": holds_text(changed_records, new_hash)[:3],
        }
        checks["data_hash_verifies"] &= bool(holds_text(changed_records, new_hash))
        checks["model_version_identifies"] = (
            bool(fields) and evidence["changed_model_answers_differently"]
        )
        same_code = records_of_independent_training(context)
        variant = context.code_variant("lineage")
        copy = context.fresh_instance("lineage-code-variant", package=variant)
        copy_client = copy.create_app().test_client()
        copied = records(copy, copy_client)
        reference = records_of_reference(context)
        code_keys = [
            key
            for key, value in reference.items()
            if key in same_code
            and same_code[key] == value
            and is_identifier(value)
            and key in copied
            and normalised(copied[key], variant, context) != value
        ]
        evidence["code_version_recorded_at"] = code_keys[:3]
        checks["code_version_identifies"] = bool(code_keys)
        again = score_rows(copy_client, context.holdout.head(ROWS_COMPARED), opaque_ids=True)
        difference = np.abs(again.probabilities - shared_answers.probabilities[:ROWS_COMPARED])
        evidence["retrain_max_abs_difference"] = float(difference.max())
        checks["retraining_reproduces"] = bool(difference.max() < SAME)
    checks["metrics_verify"] = metrics_recorded(context, shared)
    evidence |= checks
    held = sum(bool(value) for value in checks.values())
    present = held < len(checks)
    missing = [name for name, holds in checks.items() if not holds]
    summary = f"{held} of {len(checks)} lineage checks hold" + (
        f"; missing: {', '.join(missing)}" if missing else ""
    )
    return ProbeResult(DEBT_ID, present, f"{held}/{len(checks)} checks", summary, evidence)


def records_of_independent_training(context: ProbeContext) -> dict[str, object]:
    """The records of a training of the same code independent of the pristine instance's.

    The leakage probe's instance (`leakage.py`, shared through the context): the same code
    and the same training rows, only the holdout's rows changed, trained in its own folder.
    """
    instance = context.trained_on("holdout-changed", holdout_changed)
    return records(instance, instance.create_app().test_client())


def records_of_reference(context: ProbeContext) -> dict[str, object]:
    """The records of the pristine instance's training: its reference files and database."""
    pristine = context.pristine()
    return file_documents(context.reference.folder) | table_documents(pristine.database_url)


def is_identifier(value: object) -> bool:
    """Whether a recorded value can name a version: a number or a non-empty text."""
    return isinstance(value, str | int | float) and not isinstance(value, bool) and value != ""


def normalised(value: object, variant: str, context: ProbeContext) -> object:
    """A value recorded by the code variant, with its package name put back."""
    if isinstance(value, str):
        return value.replace(variant, context.stage.package)
    return value


def metrics_recorded(context: ProbeContext, leaves: dict[str, object]) -> bool:
    """Whether a recorded number equals a holdout AUC the probe computes itself."""
    served = context.holdout_scores()
    aucs = [roc_auc_score(served.defaulted, served.probabilities)]
    aucs += [roc_auc_score(served.defaulted, p) for _, p in offline_candidates(context)]
    numbers = [v for v in leaves.values() if isinstance(v, float) and 0.5 < v <= 1.0]
    return any(abs(number - auc) <= AUC_TOLERANCE for number in numbers for auc in aucs)
