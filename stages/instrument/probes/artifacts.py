"""Find and load the model files a stage wrote, and try them on raw applicants."""

from pathlib import Path

import joblib
import numpy as np
import pandas as pd

from credit_data.codebook import APPLICANT_FIELDS

ARTIFACT_SUFFIXES = (".joblib", ".pkl", ".pickle")


def artifact_files(folder: Path) -> list[Path]:
    """Every model file below `folder`, in path order."""
    return sorted(path for path in folder.rglob("*") if path.suffix in ARTIFACT_SUFFIXES)


def load_models(folder: Path) -> list[tuple[Path, object]]:
    """Load every model file below `folder` that holds an object with `predict_proba`.

    Args:
        folder: An instance folder (its files were written by our own run of the stage).

    Returns:
        (path, model) pairs, in path order.
    """
    models = []
    for path in artifact_files(folder):
        loaded = joblib.load(path)
        if hasattr(loaded, "predict_proba"):
            models.append((path, loaded))
    return models


def raw_applicants(rows: pd.DataFrame, model: object) -> pd.DataFrame:
    """The applicant fields of `rows`, as a service receives them, in the model's order."""
    wanted = list(getattr(model, "feature_names_in_", APPLICANT_FIELDS))
    if not set(wanted) <= set(APPLICANT_FIELDS):
        wanted = list(APPLICANT_FIELDS)
    return rows[wanted].reset_index(drop=True)


def default_probabilities(model: object, rows: pd.DataFrame) -> np.ndarray | None:
    """P(default) of `model` on raw applicant rows, or None if it cannot score them.

    Args:
        model: A loaded artifact with `predict_proba`.
        rows: Data-set rows.

    Returns:
        One probability per row, or None when the model rejects raw applicants or does not
        answer a two-class probability per row.
    """
    try:
        probabilities = np.asarray(model.predict_proba(raw_applicants(rows, model)))
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    if probabilities.shape != (len(rows), 2):
        return None
    return probabilities[:, 1]
