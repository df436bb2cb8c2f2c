"""The one model artifact in the model folder: a fitted pipeline, written and read whole.

Training writes it and serving reads it; neither knows how the other works. There is one
file and no version: a retraining replaces it (DEBT-06 and DEBT-07 are repaid later).
"""

import os
import tempfile
from pathlib import Path

import joblib

ARTIFACT_NAME = "model.joblib"


def artifact_path(model_dir: os.PathLike) -> Path:
    """The artifact's file in the model folder."""
    return Path(model_dir) / ARTIFACT_NAME


def has_artifact(model_dir: os.PathLike) -> bool:
    """Whether the model folder holds a trained pipeline."""
    return artifact_path(model_dir).is_file()


def save_pipeline(pipeline: object, model_dir: os.PathLike) -> Path:
    """Write the fitted pipeline so that a reader sees the old file or the whole new one.

    Args:
        pipeline: The fitted pipeline.
        model_dir: The model folder (created if missing).

    Returns:
        The artifact's path.
    """
    path = artifact_path(model_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        joblib.dump(pipeline, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def load_pipeline(model_dir: os.PathLike) -> object:
    """The fitted pipeline in the model folder."""
    return joblib.load(artifact_path(model_dir))
