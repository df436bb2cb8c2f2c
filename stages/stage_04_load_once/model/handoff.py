"""The handoff's two binaries and its note, read from the model folder, and the prediction."""

import json
import os
from dataclasses import dataclass

import joblib

from ..features.risk_row import build_risk_row

PURPOSE_MODEL_FILE = "purpose_model.joblib"
RISK_MODEL_FILE = "risk_model.joblib"
NOTE_FILE = "handoff_note.json"


@dataclass(frozen=True)
class HandoffModels:
    """What the data scientists handed over.

    Attributes:
        purpose_model: Predicts the purpose category from the applicant's text.
        risk_model: Predicts P(default) from the prepared row.
        note: The handoff note: the risk model's column order, scaling constants, test AUC.
    """

    purpose_model: object
    risk_model: object
    note: dict


def has_binaries(model_dir: os.PathLike) -> bool:
    """Whether the model folder holds the risk model (the notebook has run)."""
    return os.path.exists(os.path.join(model_dir, RISK_MODEL_FILE))


def read_note(model_dir: os.PathLike) -> dict:
    """The handoff note in the model folder."""
    with open(os.path.join(model_dir, NOTE_FILE)) as note_file:
        return json.load(note_file)


def load_handoff_models(model_dir: os.PathLike) -> HandoffModels:
    """Read both binaries and the note from the model folder."""
    return HandoffModels(
        purpose_model=joblib.load(os.path.join(model_dir, PURPOSE_MODEL_FILE)),
        risk_model=joblib.load(os.path.join(model_dir, RISK_MODEL_FILE)),
        note=read_note(model_dir),
    )


def predict_default(models: HandoffModels, applicant: dict) -> float:
    """Predict the purpose from the applicant's text, then the probability of default.

    Args:
        models: The binaries and the note.
        applicant: The applicant's fields as received.

    Returns:
        The risk model's probability that the applicant defaults.
    """
    # DEBT-03 Correction cascade: the risk model was trained on the true purpose category.
    purpose = models.purpose_model.predict([applicant["purpose_text"]])[0]
    row = build_risk_row(applicant, purpose, models.note["column_order"])
    return float(models.risk_model.predict_proba(row)[0, 1])
