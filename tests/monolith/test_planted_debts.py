"""Every debt planted in the monolith, shown by its effect (see monolith/README.md).

These are "before" tests: they pass because the debt is there. The stage that repays a debt
makes the matching probe report it absent.
"""

import ast
import hashlib
import re
import shutil
import time
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import brier_score_loss, roc_auc_score

import monolith.app
from credit_data.codebook import APPLICANT_FIELDS
from credit_data.load import applicant_payload
from stages.instrument.instance import StageInstance, new_instance
from stages.instrument.manifest import load_manifest
from stages.instrument.probes.cascade import CLEAR_PURPOSE_TEXTS
from stages.instrument.probes.glue_code import TIMES_THE_FLOOR
from stages.instrument.probes.unusable_database import sqlite_file, unusable
from tests.monolith.conftest import read_note, read_notebook_predictions, run_notebook
from tests.support.database import column_names, count_rows_mentioning
from tests.support.scoring import ScoredRows, expected_calibration_error, expected_cost, score_rows

MONOLITH_SOURCE = Path(monolith.app.__file__)


def test_debt_01_the_risk_binary_is_a_bare_classifier_without_its_preprocessing(
    monolith: StageInstance,
):
    risk_model = joblib.load(monolith.model_dir / "risk_model.joblib")

    assert type(risk_model) is RandomForestClassifier
    assert risk_model.n_features_in_ == 30 != len(APPLICANT_FIELDS)


def test_debt_02_served_probabilities_differ_from_the_notebooks_own(
    monolith: StageInstance, monolith_scores: ScoredRows
):
    notebook = read_notebook_predictions(monolith.model_dir)
    assert notebook["application_id"].tolist() == monolith_scores.application_ids

    differences = np.abs(monolith_scores.probabilities - notebook["probability_default"])

    assert differences.max() > 0.05
    assert (differences > 0.05).sum() >= 20


def test_debt_02_served_auc_is_at_least_002_below_the_reported_auc(
    monolith: StageInstance, monolith_scores: ScoredRows
):
    served_auc = roc_auc_score(monolith_scores.defaulted, monolith_scores.probabilities)

    assert served_auc <= read_note(monolith.model_dir)["test_auc"] - 0.02


def test_debt_03_a_clearer_purpose_text_changes_the_risk_of_the_same_applicant(
    monolith: StageInstance, holdout: pd.DataFrame
):
    client = monolith.create_app().test_client()
    purpose_model = joblib.load(monolith.model_dir / "purpose_model.joblib")
    clear_texts = [CLEAR_PURPOSE_TEXTS[purpose] for purpose in holdout["purpose"]]
    assert (purpose_model.predict(clear_texts) == holdout["purpose"]).all()
    misread = holdout[purpose_model.predict(holdout["purpose_text"]) != holdout["purpose"]]
    assert len(misread) >= 5

    changed = 0
    for _, row in misread.iterrows():
        payload = applicant_payload(row)
        as_typed = client.post("/score", json={**payload, "application_id": "cascade-typed"})
        reworded = {**payload, "purpose_text": CLEAR_PURPOSE_TEXTS[row["purpose"]]}
        as_clear = client.post("/score", json={**reworded, "application_id": "cascade-clear"})
        changed += as_typed.get_json()["probability_default"] != pytest.approx(
            as_clear.get_json()["probability_default"], abs=1e-9
        )

    assert changed >= 3


def test_debt_04_both_models_are_loaded_again_on_every_request(
    monolith: StageInstance, holdout: pd.DataFrame, monkeypatch
):
    client = monolith.create_app().test_client()
    loaded = []
    real_load = joblib.load
    monkeypatch.setattr(joblib, "load", lambda path, **kw: loaded.append(path) or real_load(path))

    for number, (_, row) in enumerate(holdout.head(10).iterrows()):
        client.post("/score", json={**applicant_payload(row), "application_id": f"reload-{number}"})

    assert len(loaded) == 20


def test_debt_05_a_missing_field_is_a_server_error(monolith: StageInstance, holdout: pd.DataFrame):
    payload = applicant_payload(holdout.iloc[0])
    del payload["age"]

    response = monolith.create_app().test_client().post("/score", json=payload)

    assert response.status_code == 500


def test_debt_05_an_impossible_age_is_scored_and_stored(
    monolith: StageInstance, holdout: pd.DataFrame
):
    payload = {**applicant_payload(holdout.iloc[0]), "age": -5, "application_id": "age-minus-5"}

    response = monolith.create_app().test_client().post("/score", json=payload)

    assert response.status_code == 200
    assert count_rows_mentioning(monolith.database_url, "age-minus-5") == 1


def test_debt_06_nothing_records_which_data_trained_the_served_model(monolith: StageInstance):
    data_sha256 = hashlib.sha256(monolith.data_path.read_bytes()).hexdigest()
    written = [path.read_bytes() for path in monolith.model_dir.iterdir()]

    assert not any(data_sha256.encode() in content for content in written)
    assert all("version" not in name for name in column_names(monolith.database_url)["scores"])


@pytest.fixture(scope="module")
def shuffled_retrain(tmp_path_factory, holdout: pd.DataFrame) -> dict:
    """Train a fresh monolith, then retrain it through /retrain on label-shuffled data."""
    instance = new_instance("monolith", tmp_path_factory.mktemp("monolith-retrain"))
    client = instance.create_app().test_client()
    before = score_rows(client, holdout)
    files_before = sorted(path.name for path in instance.model_dir.iterdir())

    data = pd.read_csv(instance.data_path, dtype=str, keep_default_na=False)
    data["defaulted"] = np.random.default_rng(7).permutation(data["defaulted"].to_numpy())
    data.to_csv(instance.data_path, index=False, lineterminator="\n")
    response = client.post("/retrain")
    after = score_rows(instance.create_app().test_client(), holdout)
    return {
        "status": response.status_code,
        "auc_before": roc_auc_score(before.defaulted, before.probabilities),
        "auc_after": roc_auc_score(after.defaulted, after.probabilities),
        "files_before": files_before,
        "files_after": sorted(path.name for path in instance.model_dir.iterdir()),
    }


def test_debt_07_retraining_on_shuffled_labels_silently_replaces_the_served_model(
    shuffled_retrain: dict,
):
    assert shuffled_retrain["auc_before"] > 0.7
    assert shuffled_retrain["auc_after"] < 0.62
    assert shuffled_retrain["files_after"] == shuffled_retrain["files_before"]


def test_debt_08_stored_scores_keep_none_of_the_applicants_inputs(monolith: StageInstance):
    stored_columns = {
        name for names in column_names(monolith.database_url).values() for name in names
    }

    assert not stored_columns & set(APPLICANT_FIELDS)


def test_debt_17_no_route_takes_a_repayment_outcome_back(monolith: StageInstance):
    app = monolith.create_app()
    posted = sorted(rule.rule for rule in app.url_map.iter_rules() if "POST" in rule.methods)
    stored_columns = {
        name for names in column_names(monolith.database_url).values() for name in names
    }

    assert posted == ["/retrain", "/score"]
    assert "defaulted" not in stored_columns


def best_cost(defaulted: np.ndarray, probabilities: np.ndarray) -> float:
    """The lowest expected cost any single cut-off achieves on these probabilities."""
    return min(expected_cost(defaulted, probabilities >= cutoff) for cutoff in probabilities)


def test_debt_09_the_fixed_cutoff_costs_more_than_the_best_cutoff(
    monolith: StageInstance, monolith_scores: ScoredRows
):
    probabilities, defaulted = monolith_scores.probabilities, monolith_scores.defaulted
    decisions = np.asarray(monolith_scores.decisions)
    notebook = read_notebook_predictions(monolith.model_dir)["probability_default"].to_numpy()

    assert probabilities[decisions == "reject"].min() >= 0.5
    assert probabilities[decisions == "approve"].max() < 0.5
    served_cost = expected_cost(defaulted, decisions == "reject")
    assert served_cost >= best_cost(defaulted, probabilities) + 0.04
    # The skew (DEBT-02) inflates served probabilities, which hides part of this debt: on the
    # notebook's own probabilities the same 0.5 cut-off costs far more than the best one.
    assert expected_cost(defaulted, notebook >= 0.5) >= 1.5 * best_cost(defaulted, notebook)


def test_debt_10_paths_and_urls_are_literals_in_the_service_module():
    tree = ast.parse(MONOLITH_SOURCE.read_text())
    literals = [
        node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
    ]

    assert "sqlite:///instance/monolith/scores.db" in literals
    assert sum(isinstance(value, str) and "/" in value for value in literals) >= 3
    assert 0.5 in literals


def test_debt_11_http_sql_preprocessing_and_models_share_one_module():
    tree = ast.parse(MONOLITH_SOURCE.read_text())
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }

    assert {"flask", "sqlalchemy", "pandas", "joblib"} <= imported


def test_debt_12_permuting_only_the_holdout_labels_changes_the_trained_model(
    monolith: StageInstance, tmp_path
):
    data = pd.read_csv(monolith.data_path, dtype=str, keep_default_na=False)
    is_holdout = data["split"] == "holdout"
    permuted = np.random.default_rng(11).permutation(data.loc[is_holdout, "defaulted"].to_numpy())
    data.loc[is_holdout, "defaulted"] = permuted
    data.to_csv(tmp_path / "permuted.csv", index=False, lineterminator="\n")

    run_notebook(tmp_path / "permuted.csv", tmp_path / "out")

    original = read_notebook_predictions(monolith.model_dir)["probability_default"]
    leaked = read_notebook_predictions(tmp_path / "out")["probability_default"]
    assert (np.abs(original - leaked) > 1e-9).sum() >= 20


def test_debt_13_retrain_needs_no_credentials(shuffled_retrain: dict):
    assert shuffled_retrain["status"] == 200


def test_debt_14_answers_carry_no_reasons_and_are_badly_calibrated(
    monolith: StageInstance, holdout: pd.DataFrame, monolith_scores: ScoredRows
):
    payload = {**applicant_payload(holdout.iloc[0]), "application_id": "ambivalence"}
    body = monolith.create_app().test_client().post("/score", json=payload).get_json()
    probabilities, defaulted = monolith_scores.probabilities, monolith_scores.defaulted

    assert set(body) == {"application_id", "decision", "probability_default"}
    assert expected_calibration_error(probabilities, defaulted) > 0.1
    assert brier_score_loss(defaulted, probabilities) > 0.2


def test_debt_15_borderline_applicants_are_decided_without_a_human(
    monolith: StageInstance, monolith_scores: ScoredRows
):
    borderline = np.abs(monolith_scores.probabilities - 0.5) < 0.05
    client = monolith.create_app().test_client()

    assert borderline.sum() >= 5
    # Borderline applicants are approved and rejected automatically, on either side of 0.5 ...
    assert set(np.asarray(monolith_scores.decisions)[borderline]) == {"approve", "reject"}
    # ... and nothing sends them to a person: there is no review queue to read.
    assert client.get("/reviews").status_code == 404


def test_debt_16_changing_only_a_protected_attribute_changes_the_risk(
    monolith: StageInstance, holdout: pd.DataFrame
):
    scored_columns = read_note(monolith.model_dir)["column_order"]
    client = monolith.create_app().test_client()

    assert {"age", "foreign_worker_yes"} <= set(scored_columns)
    moved = 0
    for number, (_, row) in enumerate(holdout.head(20).iterrows()):
        payload = {**applicant_payload(row), "application_id": f"protected-{number}"}
        other = "no" if payload["foreign_worker"] == "yes" else "yes"
        before = client.post("/score", json=payload).get_json()["probability_default"]
        changed = {**payload, "foreign_worker": other, "application_id": f"protected-{number}-b"}
        after = client.post("/score", json=changed).get_json()
        moved += abs(after["probability_default"] - before) > 1e-9

    assert moved >= 10


def test_debt_18_health_says_ok_while_the_database_is_unusable_and_nothing_is_published(
    monolith: StageInstance, holdout: pd.DataFrame, tmp_path: Path
):
    copy = StageInstance("monolith", tmp_path / "monolith")
    shutil.copytree(monolith.folder, copy.folder)
    client = copy.create_app().test_client()
    payload = {**applicant_payload(holdout.iloc[0]), "application_id": "unobservable"}
    assert client.post("/score", json=payload).status_code == 200

    with unusable(sqlite_file(copy.database_url)):
        health = client.get("/health")
        scored = client.post("/score", json={**payload, "application_id": "unobservable-2"})

    # "ok" while every applicant gets a 500: a load balancer keeps sending them.
    assert (health.status_code, scored.status_code) == (200, 500)
    # No published contract: a client learns what /score accepts from its errors.
    assert client.get("/openapi.json").status_code == 404


def test_debt_19_one_request_per_applicant_costs_many_times_the_model(
    monolith: StageInstance, holdout: pd.DataFrame
):
    client = monolith.create_app().test_client()
    payloads = [
        {**applicant_payload(row), "application_id": f"glue-{number}"}
        for number, (_, row) in enumerate(holdout.head(50).iterrows())
    ]
    # No batch route: each applicant is one request, two loads, a hand-built row and a commit.
    assert client.post("/score/batch", json={"applicants": payloads}).status_code == 404
    client.post("/score", json={**payloads[0], "application_id": "glue-warm-up"})
    started = time.process_time()
    for payload in payloads:
        assert client.post("/score", json=payload).status_code == 200
    served = (time.process_time() - started) / len(payloads)

    risk_model = joblib.load(monolith.model_dir / "risk_model.joblib")
    rows = pd.DataFrame(
        np.zeros((2_000, risk_model.n_features_in_)), columns=risk_model.feature_names_in_
    )
    started = time.process_time()
    risk_model.predict_proba(rows)
    model = (time.process_time() - started) / len(rows)

    assert served > TIMES_THE_FLOOR * model


def test_every_debt_of_the_manifest_has_a_marker_and_a_row_in_the_readme():
    package = MONOLITH_SOURCE.parent
    markers = {
        match
        for path in package.rglob("*.py")
        for match in re.findall(r"# (DEBT-\d\d) ", path.read_text())
    }
    readme = (package / "README.md").read_text()
    debts = {debt.id for debt in load_manifest().debts}

    assert markers == debts
    assert all(f"| {debt} |" in readme for debt in debts)
