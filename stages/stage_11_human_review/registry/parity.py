"""The parity gate: a converted artifact is served only if it answers what the pipeline answers.

At registration the ONNX graph scores the holdout rows and its P(default) is compared with the
pipeline's own `predict_proba`; the largest absolute difference must not exceed `PARITY_BOUND`
(float32 arithmetic in the graph gives about 1e-7). A refused or unconvertible artifact is not
written, and the version is served by the pipeline itself, with the reason on its card.
"""

import numpy as np
import onnxruntime
import pandas as pd

from ..features.columns import INPUT_FEATURES
from .errors import ArtifactRejectedError
from .onnx_export import ConversionError, to_onnx
from .runtime import ONNX_RUNTIME, SCIKIT_LEARN, SESSION_ERRORS, OnnxRuntime

PARITY_BOUND = 1e-6


class ParityError(ArtifactRejectedError):
    """The converted artifact's probabilities differ from the pipeline's beyond the bound."""


def parity_of(pipeline, model_bytes: bytes, rows: pd.DataFrame) -> dict:
    """Compare the ONNX graph's P(default) with the pipeline's on `rows`.

    Returns:
        `max_abs_difference`, `rows_compared` and `bound`.

    Raises:
        ParityError: If the largest difference exceeds `PARITY_BOUND`, or is not a number.
    """
    expected = pipeline.predict_proba(rows[list(INPUT_FEATURES)])[:, 1]
    served = OnnxRuntime(model_bytes).predict(rows).probabilities
    difference = float(np.max(np.abs(served - expected)))
    parity = {"max_abs_difference": difference, "rows_compared": len(rows), "bound": PARITY_BOUND}
    if not difference <= PARITY_BOUND:
        raise ParityError(
            f"the ONNX artifact's P(default) differs from the pipeline's by up to {difference:.3g} "
            f"on {len(rows)} holdout rows (bound {PARITY_BOUND:g}); it is not served"
        )
    return parity


def admit(pipeline, rows: pd.DataFrame | None) -> tuple[bytes | None, dict]:
    """Convert `pipeline` and pass the result through the gate.

    Args:
        pipeline: The fitted pipeline being registered.
        rows: The holdout rows to compare on; None when the caller has none.

    Returns:
        The admitted ONNX bytes (None if refused) and the card's `serving_runtime` entry: the
        runtime served and, for ONNX, the parity figure; for scikit-learn, why.
    """
    if rows is None or not len(rows):
        return None, {"runtime": SCIKIT_LEARN, "reason": "no holdout rows to check parity on"}
    try:
        model_bytes = to_onnx(pipeline)
        parity = parity_of(pipeline, model_bytes, rows)
    except ConversionError as error:
        return None, {"runtime": SCIKIT_LEARN, "reason": f"not convertible to ONNX: {error}"}
    except SESSION_ERRORS as error:
        return None, {"runtime": SCIKIT_LEARN, "reason": f"ONNX Runtime cannot start it: {error}"}
    except ParityError as error:
        return None, {"runtime": SCIKIT_LEARN, "reason": str(error)}
    entry = {
        "runtime": ONNX_RUNTIME,
        "onnxruntime_version": onnxruntime.__version__,
        "parity": parity,
    }
    return model_bytes, entry
