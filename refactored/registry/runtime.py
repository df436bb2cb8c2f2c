"""The runtimes that compute P(default) for served requests: ONNX Runtime, or the pipeline itself.

Both take applicants column by column (a frame, or a mapping of field name to values) and
answer the rows after the feature step (for the reasons; None when the model has no such step)
and P(default). The ONNX runtime is fed plain arrays: building a frame for one applicant costs
more than the whole model.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime
import pandas as pd
from onnxruntime.capi import onnxruntime_pybind11_state

from ..features.columns import INPUT_FEATURES, NUMERIC_FEATURES
from .errors import ArtifactRejectedError
from .files import registered_bytes
from .onnx_export import CLASSIFIER_STEP, FEATURES_STEP, PROBABILITIES_OUTPUT

ONNX_RUNTIME = "onnxruntime"
SCIKIT_LEARN = "scikit-learn"
# What ONNX Runtime raises when a graph cannot start (each a plain `Exception` subclass), for
# example a missing UTF-8 locale for the TF-IDF's lower-casing.
SESSION_ERRORS = tuple(
    getattr(onnxruntime_pybind11_state, name)
    for name in ("Fail", "InvalidArgument", "InvalidGraph", "InvalidProtobuf", "NotImplemented")
)


@dataclass(frozen=True)
class Prediction:
    """What a runtime computed for a batch of applicants.

    Attributes:
        features: The rows after the pipeline's feature step, or None.
        probabilities: P(default), one per applicant.
    """

    features: np.ndarray | None
    probabilities: np.ndarray


def columns_of(applicants: Sequence[Mapping[str, object]]) -> dict[str, list]:
    """Validated applicants' fields, column by column (the runtimes' input)."""
    return {name: [applicant[name] for applicant in applicants] for name in INPUT_FEATURES}


class PipelineRuntime:
    """The fitted scikit-learn pipeline, called step by step to keep the feature rows."""

    name = SCIKIT_LEARN

    def __init__(self, pipeline):
        """Serve `pipeline`."""
        self.pipeline = pipeline

    def predict(self, columns: Mapping[str, Sequence]) -> Prediction:
        """The feature rows (when the pipeline has a feature step) and P(default)."""
        frame = pd.DataFrame({name: columns[name] for name in INPUT_FEATURES})
        steps = getattr(self.pipeline, "named_steps", {})
        if FEATURES_STEP not in steps or CLASSIFIER_STEP not in steps:
            return Prediction(None, self.pipeline.predict_proba(frame)[:, 1])
        features = steps[FEATURES_STEP].transform(frame)
        return Prediction(features, steps[CLASSIFIER_STEP].predict_proba(features)[:, 1])


class OnnxRuntime:
    """The pipeline's ONNX graph in an ONNX Runtime session, created once per loaded model."""

    name = ONNX_RUNTIME

    def __init__(self, model_bytes: bytes):
        """Start a session on one thread (workers, not threads, use the other cores).

        Raises:
            One of `SESSION_ERRORS`: If the graph cannot start.
        """
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            model_bytes, options, providers=["CPUExecutionProvider"]
        )
        outputs = [output.name for output in self.session.get_outputs()]
        self._outputs = [PROBABILITIES_OUTPUT, outputs[-1]]

    def predict(self, columns: Mapping[str, Sequence]) -> Prediction:
        """The feature rows and P(default), from one run of the graph."""
        feeds = {
            name: np.asarray(
                columns[name], dtype=np.float32 if name in NUMERIC_FEATURES else object
            ).reshape(-1, 1)
            for name in INPUT_FEATURES
        }
        probabilities, features = self.session.run(self._outputs, feeds)
        return Prediction(features.astype(np.float64), probabilities[:, 1].astype(np.float64))


def verified_onnx_runtime(folder: Path, version: int, card: dict) -> OnnxRuntime | None:
    """The admitted ONNX graph of a version, verified like its pipeline; None if not admitted.

    Args:
        folder: The version's folder.
        version: The version number (for the messages).
        card: Its card; `serving_runtime` says whether an ONNX graph was admitted.

    Raises:
        ArtifactRejectedError: If the file's bytes or the runtime's version do not match.
    """
    entry = card.get("serving_runtime", {})
    if entry.get("runtime") != ONNX_RUNTIME:
        return None
    path = folder / entry["file"]
    if entry["onnxruntime_version"] != onnxruntime.__version__:
        raise ArtifactRejectedError(
            f"model version {version} passed its parity gate with onnxruntime "
            f"{entry['onnxruntime_version']}, this process runs {onnxruntime.__version__}: "
            "retrain it with this version"
        )
    graph = registered_bytes(path, entry["sha256"], version)
    try:
        return OnnxRuntime(graph)
    except SESSION_ERRORS as error:
        raise ArtifactRejectedError(
            f"model version {version}: ONNX Runtime cannot start {path}: {error}"
        ) from error
