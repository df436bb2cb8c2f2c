"""Observations the ML Test Score needs beyond the debt probes, each made through the contract.

Every function takes the probe context and returns `{"holds": bool, ...evidence}`. Each
observation earns at most one test of the score (`ml_test_score.py`).
"""

import re
from datetime import UTC, datetime

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from credit_data.codebook import ATTRIBUTES, PROTECTED_ATTRIBUTES, TARGET, attribute
from credit_data.load import applicant_payload

from ..database import count_rows_containing
from .artifacts import default_probabilities
from .context import ProbeContext
from .records import MODEL_ROUTE, walk

ROWS_COUNTERFACTUAL = 10
BASELINE_MARGIN = 0.01
SLICE_MINIMUM_ROWS = 30
SLICE_MARGIN = 0.1
PERMUTATION_SEED = 5
PERMUTATIONS = 10
HARMFUL_GAIN = 0.01
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def protected_attributes_unused(context: ProbeContext) -> dict:
    """Data 4: changing only protected attributes leaves P(default) unchanged."""
    client, moved = context.client(), []
    for _, row in context.holdout.head(ROWS_COUNTERFACTUAL).iterrows():
        payload = applicant_payload(row)
        other = dict(payload)
        for name in PROTECTED_ATTRIBUTES:
            spec = attribute(name)
            if spec.is_categorical:
                codes = [code for code in spec.codes.values() if code != payload[name]]
                other[name] = codes[0]
            else:
                other[name] = spec.minimum if payload[name] != spec.minimum else spec.maximum
        answers = [
            client.post("/score", json={**body, "application_id": context.new_id("protected")})
            for body in (payload, other)
        ]
        first, second = (answer.get_json()["probability_default"] for answer in answers)
        moved.append(abs(first - second))
    return {
        "attributes": list(PROTECTED_ATTRIBUTES),
        "max_move": max(moved),
        "holds": max(moved) == 0,
    }


def stored_inputs_private(context: ProbeContext) -> dict:
    """Data 5: an applicant's input is kept, and no GET route shows it without credentials."""
    marker = context.new_id("private")
    application_id = context.new_id("private-id")
    payload = {**applicant_payload(context.holdout.iloc[0]), "application_id": application_id}
    payload["purpose_text"] = f"new car {marker}"
    client = context.client()
    client.post("/score", json=payload)
    kept = count_rows_containing(context.trained.database_url, marker) > 0
    shown = []
    for rule in context.app().url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        path = re.sub(r"<[^>]+>", application_id, rule.rule)
        if marker in client.get(path).get_data(as_text=True):
            shown.append(rule.rule)
    return {"inputs_kept": kept, "shown_without_credentials": shown, "holds": kept and not shown}


def simpler_model_not_better(context: ProbeContext) -> dict:
    """Model 5: a logistic regression the probe trains on the training rows is not better."""
    training, holdout = context.training, context.holdout
    numeric = [a.name for a in ATTRIBUTES if not a.is_categorical]
    categorical = [a.name for a in ATTRIBUTES if a.is_categorical and a.name != "purpose"]
    baseline = make_pipeline(
        ColumnTransformer(
            [
                ("n", StandardScaler(), numeric),
                ("c", OneHotEncoder(handle_unknown="ignore"), categorical),
            ]
        ),
        LogisticRegression(max_iter=2000),
    ).fit(training[numeric + categorical], training[TARGET])
    baseline_auc = roc_auc_score(
        holdout[TARGET], baseline.predict_proba(holdout[numeric + categorical])[:, 1]
    )
    served = context.holdout_scores()
    served_auc = roc_auc_score(served.defaulted, served.probabilities)
    return {
        "baseline": "logistic regression on scaled numbers and one-hot categories",
        "baseline_auc": baseline_auc,
        "served_auc": served_auc,
        "holds": served_auc >= baseline_auc - BASELINE_MARGIN,
    }


def slices_sufficient(context: ProbeContext) -> dict:
    """Model 6: the served holdout AUC on each large slice is within a margin of the whole."""
    served, holdout = context.holdout_scores(), context.holdout.reset_index(drop=True)
    overall = roc_auc_score(served.defaulted, served.probabilities)
    slices = {
        "age under 30": holdout["age"] < 30,
        "age 30 or over": holdout["age"] >= 30,
        **{
            f"personal_status_sex {code}": holdout["personal_status_sex"] == code
            for code in holdout["personal_status_sex"].unique()
        },
    }
    aucs = {}
    for name, members in slices.items():
        members = members.to_numpy()
        outcomes = served.defaulted[members]
        if members.sum() >= SLICE_MINIMUM_ROWS and 0 < outcomes.mean() < 1:
            aucs[name] = roc_auc_score(outcomes, served.probabilities[members])
    worst = min(aucs.values())
    return {"overall_auc": overall, "slice_aucs": aucs, "holds": worst >= overall - SLICE_MARGIN}


def features_beneficial(context: ProbeContext) -> dict:
    """Data 2: no input of the served model improves its holdout AUC when permuted.

    The gain of each input is its mean over `PERMUTATIONS` seeded permutations of the holdout
    (one permutation of 200 rows moves the AUC by about 0.01 by chance alone).

    Measured on the reference's raw-capable model that answers exactly as `/score` (the probe
    cannot permute the inputs of a model it cannot call on raw applicants).
    """
    served, holdout = context.holdout_scores(), context.holdout
    for name, model in context.reference_models():
        probabilities = default_probabilities(model, holdout)
        if probabilities is None or np.abs(probabilities - served.probabilities).max() > 1e-6:
            continue
        base = roc_auc_score(served.defaulted, probabilities)
        rng, gains = np.random.default_rng(PERMUTATION_SEED), {}
        for field in holdout.columns.intersection([a.name for a in ATTRIBUTES] + ["purpose_text"]):
            if field == "purpose":
                continue
            aucs = []
            for _ in range(PERMUTATIONS):
                permuted = holdout.assign(**{field: rng.permutation(holdout[field].to_numpy())})
                aucs.append(roc_auc_score(served.defaulted, default_probabilities(model, permuted)))
            gains[field] = float(np.mean(aucs)) - base
        harmful = {field: gain for field, gain in gains.items() if gain > HARMFUL_GAIN}
        return {
            "model_file": name,
            "auc_gain_when_permuted": gains,
            "harmful": harmful,
            "holds": not harmful,
        }
    return {"model_file": None, "holds": False}


def training_time_exposed(context: ProbeContext) -> dict:
    """Monitoring 4: the service tells when its model was trained (a time within this run)."""
    pristine = context.pristine()
    started, ended = context.cache["pristine_trained_between"]
    response = pristine.create_app().test_client().get(MODEL_ROUTE)
    found = []
    if response.status_code == 200 and response.is_json:
        for key, value in walk(response.get_json()):
            if isinstance(value, str) and ISO_TIME.match(value):
                try:
                    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
                except ValueError:
                    continue
                moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
                if started <= moment <= ended:
                    found.append(key)
    return {"route": MODEL_ROUTE, "keys": found[:3], "holds": bool(found)}


def numerically_stable(context: ProbeContext) -> dict:
    """Monitoring 5: applicants at the edges of every valid range get a finite probability."""
    client, payload = context.client(), applicant_payload(context.holdout.iloc[0])
    numeric = [a for a in ATTRIBUTES if not a.is_categorical]
    extremes = [{a.name: a.minimum for a in numeric}, {a.name: a.maximum for a in numeric}]
    answers = []
    for extreme in extremes:
        body = {**payload, **extreme, "application_id": context.new_id("extreme")}
        response = client.post("/score", json=body)
        answer = response.get_json(silent=True) or {}
        answers.append((response.status_code, answer.get("probability_default")))
    finite = all(
        status == 200 and isinstance(p, float | int) and 0.0 <= p <= 1.0 and np.isfinite(p)
        for status, p in answers
    )
    served = context.holdout_scores().probabilities
    holds = finite and bool(np.isfinite(served).all())
    return {"extreme_answers": answers, "holds": holds}


OBSERVATIONS = {
    "protected_attributes_unused": protected_attributes_unused,
    "stored_inputs_private": stored_inputs_private,
    "simpler_model_not_better": simpler_model_not_better,
    "slices_sufficient": slices_sufficient,
    "features_beneficial": features_beneficial,
    "training_time_exposed": training_time_exposed,
    "numerically_stable": numerically_stable,
}


def observe(context: ProbeContext) -> dict[str, dict]:
    """Make every observation on the context's stage."""
    return {name: observation(context) for name, observation in OBSERVATIONS.items()}
