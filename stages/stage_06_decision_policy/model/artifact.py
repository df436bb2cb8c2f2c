"""The model in the model folder: one fitted pipeline and its training report, written whole.

Training writes them and serving reads them; neither knows how the other works. The report
holds what serving needs besides the pipeline (the typical values behind the reasons) and
what training measured. There is one model and no version: a retraining replaces it (DEBT-06
and DEBT-07 are repaid later).
"""

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import joblib

ARTIFACT_NAME = "model.joblib"
REPORT_NAME = "training_report.json"


@dataclass(frozen=True)
class TrainedModel:
    """The served pipeline and what its training found.

    Attributes:
        pipeline: The fitted scikit-learn pipeline.
        report: The training report: metrics, decision policy, typical values for reasons.
    """

    pipeline: object
    report: dict


def artifact_path(model_dir: os.PathLike) -> Path:
    """The artifact's file in the model folder."""
    return Path(model_dir) / ARTIFACT_NAME


def has_artifact(model_dir: os.PathLike) -> bool:
    """Whether the model folder holds a trained pipeline."""
    return artifact_path(model_dir).is_file()


def save_model(
    pipeline: object, report: dict, model_dir: os.PathLike, attachments: dict[str, str]
) -> Path:
    """Write the report, the attachments, then the pipeline, each file replaced whole.

    Args:
        pipeline: The fitted pipeline.
        report: The training report (JSON-safe).
        model_dir: The model folder (created if missing).
        attachments: Extra text files for the model folder, by file name.

    Returns:
        The artifact's path.
    """
    folder = Path(model_dir)
    folder.mkdir(parents=True, exist_ok=True)
    texts = {**attachments, REPORT_NAME: json.dumps(report, indent=2, sort_keys=True)}
    for name, content in texts.items():
        replace_file(folder / name, lambda path, content=content: Path(path).write_text(content))
    replace_file(artifact_path(folder), lambda path: joblib.dump(pipeline, path))
    return artifact_path(folder)


def replace_file(path: Path, write) -> None:
    """Write through `write(temporary path)`, then rename over `path` (atomic on POSIX)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_model(model_dir: os.PathLike) -> TrainedModel:
    """The fitted pipeline in the model folder, with its training report."""
    report = json.loads((Path(model_dir) / REPORT_NAME).read_text())
    return TrainedModel(pipeline=joblib.load(artifact_path(model_dir)), report=report)
