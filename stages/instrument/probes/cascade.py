"""DEBT-03 Correction cascade: is a model trained on a true input but served a guess of it?

The purpose category is not sent: applicants type a text. A risk model trained on the *true*
category, then served another model's guess of it, is a correction cascade; a risk model
trained on the text itself, or on out-of-fold guesses (honest stacking), is not. Two
behavioural legs tell them apart:

1. the text matters: for the first holdout applicants, `/score` is asked again with the text
   replaced by an unambiguous wording of another purpose; the answers move;
2. training never saw the texts: a fresh instance is trained on data where the training
   rows' texts are shuffled among rows of the same category (the categories, and the set of
   (text, category) pairs a text classifier learns from, stay the same). A model that learned
   from the true category answers exactly as before; one that learned from the texts, or from
   out-of-fold guesses of them, does not.

The debt is present when both hold. Which model files guess the category and which take it as
an input is reported as evidence only.
"""

import numpy as np

from credit_data.codebook import SPLIT, attribute
from credit_data.load import applicant_payload
from credit_data.split import TRAIN

from ..scoring import score_rows
from .context import ProbeContext
from .examples import applicant_example
from .result import ProbeResult

DEBT_ID = "DEBT-03"
CATEGORY = "purpose"
TEXT = "purpose_text"
ROWS_REWORDED = 10
ROWS_COMPARED = 50
SHUFFLE_SEED = 3
SAME = 1e-9
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


def category_guessers(models: list) -> list[str]:
    """Files whose model's classes are the category's codes (they guess the category)."""
    codes = set(attribute(CATEGORY).codes.values())
    return [name for name, model in models if set(map(str, getattr(model, "classes_", []))) & codes]


def trained_on_category(models: list) -> list[str]:
    """Files whose model takes the category as an input (`purpose` or `purpose_<code>`)."""
    names = {CATEGORY} | {f"{CATEGORY}_{code}" for code in attribute(CATEGORY).codes.values()}
    return [
        name
        for name, model in models
        if names & {str(feature) for feature in getattr(model, "feature_names_in_", [])}
    ]


def texts_shuffled_within_category(data, seed: int = SHUFFLE_SEED):
    """The data with the training rows' texts permuted among rows of the same category."""
    data, rng = data.copy(), np.random.default_rng(seed)
    training = data[data[SPLIT] == TRAIN]
    for _, rows in training.groupby(CATEGORY):
        data.loc[rows.index, TEXT] = rng.permutation(rows[TEXT].to_numpy())
    return data


def another_purpose(category: str) -> str:
    """A clear wording of the purpose after `category` in `CLEAR_PURPOSE_TEXTS` (cyclic)."""
    categories = list(CLEAR_PURPOSE_TEXTS)
    return CLEAR_PURPOSE_TEXTS[categories[(categories.index(category) + 1) % len(categories)]]


def rewording_moves(context: ProbeContext) -> tuple[np.ndarray, dict | None]:
    """|P(typed text) - P(another purpose's text)| for the first holdout rows; the largest."""
    client, moves, example = context.client(), [], None
    for _, row in context.holdout.head(ROWS_REWORDED).iterrows():
        payload = applicant_payload(row)
        typed = client.post("/score", json={**payload, "application_id": context.new_id("typed")})
        clear = {**payload, TEXT: another_purpose(row[CATEGORY])}
        reworded = client.post("/score", json={**clear, "application_id": context.new_id("clear")})
        typed, reworded = typed.get_json(), reworded.get_json()
        move = abs(typed["probability_default"] - reworded["probability_default"])
        if not moves or move > max(moves):
            example = applicant_example(
                row,
                probability_with_typed_text=typed["probability_default"],
                decision_with_typed_text=typed["decision"],
                clear_text=clear[TEXT],
                probability_with_clear_text=reworded["probability_default"],
                decision_with_clear_text=reworded["decision"],
            )
        moves.append(move)
    return np.asarray(moves), example


def shuffled_texts_change_answers(context: ProbeContext) -> float:
    """Train on texts shuffled within category; the largest change of a holdout answer."""
    data = texts_shuffled_within_category(context.dataset)
    instance = context.fresh_instance("texts-shuffled", data)
    rows = context.holdout.head(ROWS_COMPARED)
    again = score_rows(instance.create_app().test_client(), rows, opaque_ids=True)
    before = context.holdout_scores().probabilities[:ROWS_COMPARED]
    return float(np.abs(again.probabilities - before).max())


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-03 on the context's stage."""
    models = context.reference_models()
    moves, example = rewording_moves(context)
    evidence = {
        "category_guessers": category_guessers(models),
        "trained_on_category": trained_on_category(models),
        "rows_reworded": len(moves),
        "rows_moved_by_rewording": int((moves > SAME).sum()),
        "max_move_by_rewording": float(moves.max()),
        "largest_move": example,
    }
    text_matters = bool((moves > SAME).any())
    if not text_matters:
        summary = f"rewording the purpose text moves none of {len(moves)} answers: no cascade"
        return ProbeResult(DEBT_ID, False, "text unused", summary, evidence)
    context.holdout_scores()  # the shared answers first: `create_app` may rebind module state
    change = shuffled_texts_change_answers(context)
    evidence["max_change_after_texts_shuffled"] = change
    present = change <= SAME
    figure = f"{evidence['rows_moved_by_rewording']}/{len(moves)} moved, Δ {change:.3f}"
    learned = (
        "trained on the true category: the texts it is served were never its input"
        if present
        else "trained on the texts (or on guesses of them): no cascade"
    )
    summary = (
        f"rewording the purpose text moves {evidence['rows_moved_by_rewording']} of "
        f"{len(moves)} answers (up to {moves.max():.3f}); shuffling the training texts within "
        f"each category changes the answers by up to {change:.3g}: the risk model was {learned}"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
