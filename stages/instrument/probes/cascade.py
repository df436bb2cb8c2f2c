"""DEBT-03 Correction cascade: is a model fed another model's guess of an input it was trained on?

The probe looks for a model file that predicts the purpose category from the text, and a model
trained on the purpose category itself. When both exist, the second sees at serving time the
first one's guess, where training showed it the truth. It counts the holdout rows whose guess
differs from the truth and measures, through `/score`, how much the probability moves when the
same applicant's text is reworded so that the guess becomes right.
"""

import numpy as np

from credit_data.codebook import attribute
from credit_data.load import applicant_payload

from .artifacts import load_models
from .context import ProbeContext
from .result import ProbeResult

DEBT_ID = "DEBT-03"
CATEGORY = "purpose"
MAX_ROWS_SCORED = 30
# Unambiguous wordings of each purpose category.
CLEAR_PURPOSE_TEXTS = {
    "car_new": "buying a brand new car",
    "car_used": "buying a used car",
    "furniture": "furniture for the new flat",
    "radio_tv": "buying a television",
    "appliances": "new washing machine",
    "repairs": "repair the roof",
    "education": "university fees",
    "retraining": "paying for a retraining course",
    "business": "stock for my shop",
    "others": "paying off other debts",
}


def category_guessers(models: list) -> list:
    """Models whose classes are the category's codes (they guess the category)."""
    codes = set(attribute(CATEGORY).codes.values())
    return [model for _, model in models if set(map(str, getattr(model, "classes_", []))) & codes]


def trained_on_category(models: list) -> list[str]:
    """Names of model files trained on the category itself (an input named after it)."""
    return [
        path.name
        for path, model in models
        if any(
            str(name) == CATEGORY or str(name).startswith(f"{CATEGORY}_")
            for name in getattr(model, "feature_names_in_", [])
        )
    ]


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-03 on the context's stage."""
    models = load_models(context.trained.folder)
    guessers, consumers = category_guessers(models), trained_on_category(models)
    if not guessers or not consumers:
        summary = "no model is trained on the purpose category while another one guesses it"
        evidence = {"category_guessers": len(guessers), "trained_on_category": consumers}
        return ProbeResult(DEBT_ID, False, "no cascade", summary, evidence)

    holdout = context.holdout
    guessed = np.asarray(guessers[0].predict(holdout["purpose_text"].tolist()), dtype=str)
    clear_texts = list(CLEAR_PURPOSE_TEXTS.values())
    clear_read_right = guessers[0].predict(clear_texts).tolist() == list(CLEAR_PURPOSE_TEXTS)
    misread = holdout[guessed != holdout[CATEGORY].to_numpy()]
    client = context.client()
    changes = []
    for _, row in misread.head(MAX_ROWS_SCORED).iterrows():
        payload = applicant_payload(row)
        typed = client.post("/score", json={**payload, "application_id": context.new_id("typed")})
        clear = {**payload, "purpose_text": CLEAR_PURPOSE_TEXTS[row[CATEGORY]]}
        reworded = client.post("/score", json={**clear, "application_id": context.new_id("clear")})
        changes.append(
            typed.get_json()["probability_default"] - reworded.get_json()["probability_default"]
        )
    moved = np.abs(np.asarray(changes))
    evidence = {
        "trained_on_category": consumers,
        "clear_texts_read_right": clear_read_right,
        "holdout_rows_misread": len(misread),
        "rows_scored": len(moved),
        "mean_abs_change": moved.mean() if moved.size else 0.0,
        "max_abs_change": moved.max() if moved.size else 0.0,
        "rows_changed": int((moved > 1e-9).sum()),
    }
    present = len(misread) > 0 and evidence["rows_changed"] > 0
    figure = f"{len(misread)} rows misread"
    summary = (
        f"the risk model is trained on the true purpose but served a guess: {len(misread)} of "
        f"{len(holdout)} holdout rows guessed wrong; rewording moves P(default) by up to "
        f"{evidence['max_abs_change']:.3f} (mean {evidence['mean_abs_change']:.3f})"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
