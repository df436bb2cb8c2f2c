"""Find and load the model files a stage wrote, whatever their suffix; try them on applicants."""

import pickle
import warnings
from pathlib import Path

import joblib
import numpy as np
import pandas as pd

from credit_data.codebook import APPLICANT_FIELDS

# Files that hold text or tables, never a model: not worth trying to unpickle.
TEXT_SUFFIXES = (".csv", ".json", ".md", ".txt", ".toml", ".yaml", ".yml", ".lock", ".py")
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db-journal", ".db-wal", ".db-shm")


def candidate_files(folder: Path) -> list[Path]:
    """Every file below `folder` that may hold a model (any suffix but text and databases)."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not path.name.endswith(TEXT_SUFFIXES + DATABASE_SUFFIXES)
    )


def load_object(path: Path) -> object | None:
    """The object pickled in `path` (joblib or plain pickle), or None when it holds none."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return joblib.load(path)
        except Exception:  # any file may be tried; most are not pickles
            pass
        try:
            with open(path, "rb") as stream:
                return pickle.load(stream)
        except Exception:
            return None


def load_models(folder: Path) -> list[tuple[Path, object]]:
    """Load every file below `folder` that holds an object with `predict_proba`.

    Args:
        folder: A folder of files written by our own run of the stage (probes pass the
            reference snapshot taken before the stage served a request, or the folder of
            their own run of its training code).

    Returns:
        (path, model) pairs, in path order.
    """
    models = []
    for path in candidate_files(folder):
        loaded = load_object(path)
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
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            probabilities = np.asarray(model.predict_proba(raw_applicants(rows, model)))
    except Exception:  # a model that cannot take raw rows fails in many ways
        return None
    if probabilities.shape != (len(rows), 2):
        return None
    return probabilities[:, 1]
