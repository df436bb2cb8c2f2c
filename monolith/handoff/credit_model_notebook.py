# %% [markdown]
# # Credit risk model, version 3 (final)
#
# Exported from `credit_model_v3_FINAL.ipynb` by the data science team, 2020-06-12.
#
# Trains the two components the engineers asked for:
# 1. the **purpose classifier** (NLP): applicants type the purpose of the loan as free text,
#    and the risk model needs the purpose category;
# 2. the **risk model**: the probability that the applicant defaults.
#
# Writes the binaries (`purpose_model.joblib`, `risk_model.joblib`), the handoff note for the
# engineers (`handoff_note.json`: column order, scaling constants, test AUC) and our holdout
# predictions (`holdout_predictions.csv`) into the output folder.
#
# Run every cell from the top: later cells use variables that earlier cells define.

# %% Parameters (papermill style: the caller may override them through the environment)
import os

DATA_PATH = os.environ.get("HANDOFF_DATA_PATH", "data/german_credit.csv")
OUTPUT_DIR = os.environ.get("HANDOFF_OUTPUT_DIR", "monolith/handoff/output")
SEED = 42

# %% Imports
import json
from datetime import UTC, datetime

import joblib
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.pipeline import make_pipeline

# %% Load the data
df = pd.read_csv(DATA_PATH, dtype={"application_id": str}, keep_default_na=False)
is_train = df["split"] == "train"
is_test = df["split"] == "holdout"
print(f"{len(df)} applicants, bad rate {df['defaulted'].mean():.1%}")

# %% [markdown]
# ## 1. Purpose classifier
# TF-IDF on words and word pairs, then a logistic regression. Trained on the training rows.

# %% Purpose classifier
purpose_model = make_pipeline(
    TfidfVectorizer(ngram_range=(1, 2)),
    LogisticRegression(C=10.0, max_iter=2000),
)
purpose_model.fit(df.loc[is_train, "purpose_text"], df.loc[is_train, "purpose"])
purpose_accuracy = accuracy_score(
    df.loc[is_test, "purpose"], purpose_model.predict(df.loc[is_test, "purpose_text"])
)
print(f"purpose classifier test accuracy: {purpose_accuracy:.3f}")

# %% [markdown]
# ## 2. Risk model features
# One-hot for the categories (the **true** purpose category: it is in the data), log of the
# amount (it is skewed), then standardisation of the numeric columns.

# %% Features
# DEBT-16 Protected attributes in the score: personal status and sex, age and foreign worker are
# features like any other here, and the selection below keeps those that predict.
CATEGORICAL = [
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
NUMERIC = [
    "duration_months",
    "credit_amount",
    "installment_rate",
    "residence_since",
    "age",
    "existing_credits",
    "people_liable",
]
# DEBT-12 Metrics-from-Beyond: the scaling and the selection below see all rows, holdout included.
numeric = df[NUMERIC].astype(float)
numeric["credit_amount"] = np.log(numeric["credit_amount"])
scaling = {column: (numeric[column].mean(), numeric[column].std()) for column in NUMERIC}
for column, (mean, std) in scaling.items():
    numeric[column] = (numeric[column] - mean) / std
X = pd.concat([numeric, pd.get_dummies(df[CATEGORICAL], dtype=float)], axis=1)
y = df["defaulted"]

# %% Keep the 30 most informative columns (fewer columns, faster model)
selector = SelectKBest(f_classif, k=30).fit(X, y)
columns = list(X.columns[selector.get_support()])
print(f"kept {len(columns)} of {X.shape[1]} columns")

# %% [markdown]
# ## 3. Risk model
# We tried logistic regression, gradient boosting and a random forest: the random forest scored
# best. A small grid for the forest; we keep the settings with the best test AUC.

# %% Train the risk model
# DEBT-12 Metrics-from-Beyond: the settings are chosen on the holdout that reports the AUC.
best_auc, risk_model = 0.0, None
for max_depth in (None, 8):
    for min_samples_leaf in (1, 5, 10):
        candidate = RandomForestClassifier(
            n_estimators=100,
            max_depth=max_depth,
            min_samples_leaf=min_samples_leaf,
            random_state=SEED,
        )
        candidate.fit(X.loc[is_train, columns], y[is_train])
        auc = roc_auc_score(y[is_test], candidate.predict_proba(X.loc[is_test, columns])[:, 1])
        print(f"max_depth={max_depth} min_samples_leaf={min_samples_leaf}: test AUC {auc:.4f}")
        if auc > best_auc:
            best_auc, risk_model = auc, candidate
print(f"risk model test AUC: {best_auc:.4f}")

# %% Export the binaries, the handoff note and our holdout predictions
os.makedirs(OUTPUT_DIR, exist_ok=True)
joblib.dump(purpose_model, os.path.join(OUTPUT_DIR, "purpose_model.joblib"))
joblib.dump(risk_model, os.path.join(OUTPUT_DIR, "risk_model.joblib"))
handoff_note = {
    "title": "Credit risk model v3 (final): handoff to engineering",
    "note_version": 3,
    "changes_since_v2": (
        "The numeric columns are now standardised before training (credit_amount is "
        "log-transformed first): apply numeric_scaling before calling risk_model."
    ),
    "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    "binaries": ["purpose_model.joblib", "risk_model.joblib"],
    "how_to_use": (
        "Predict the purpose category from purpose_text with purpose_model. Build the risk "
        "model's input row in column_order: numeric columns are standardised with "
        "numeric_scaling (credit_amount is log-transformed first), categories are one-hot "
        "columns named <field>_<code>. risk_model.predict_proba(row)[:, 1] is P(default)."
    ),
    "column_order": columns,
    "numeric_scaling": {
        column: {"mean": round(mean, 4), "std": round(std, 4)}
        for column, (mean, std) in scaling.items()
    },
    "purpose_test_accuracy": round(purpose_accuracy, 4),
    "test_auc": round(best_auc, 4),
}
with open(os.path.join(OUTPUT_DIR, "handoff_note.json"), "w") as note_file:
    json.dump(handoff_note, note_file, indent=2)
pd.DataFrame(
    {
        "application_id": df.loc[is_test, "application_id"],
        "probability_default": risk_model.predict_proba(X.loc[is_test, columns])[:, 1],
    }
).to_csv(os.path.join(OUTPUT_DIR, "holdout_predictions.csv"), index=False)
print(f"wrote the binaries and the handoff note to {OUTPUT_DIR}")
