r"""The fitted pipeline converted to ONNX, derived from it at registration, never written by hand.

The converted graph computes the same steps as the pipeline (scaling, one-hot, TF-IDF, the
classifier) and answers two outputs: P(default) and the rows after the feature step, which the
reasons need. It is served only once the parity gate (`parity.py`) has compared it with the
pipeline.

Two differences between scikit-learn and the converter are handled here. The converter runs the
TF-IDF's token pattern with RE2, where `\w` and `\b` know only ASCII: scikit-learn's default
`(?u)\b\w\w+\b` would split "carré" into "carr", so the equivalent Unicode pattern is given
instead (runs of two or more letters, digits or underscores). And lower-casing needs a UTF-8
locale.

The classifier is a `MonotoneLogisticRegression` (`features/monotone.py`): once fitted, an
ordinary logistic regression, but of its own class, which the converter only knows once it is
registered with the converter of scikit-learn's logistic regression.
"""

import onnx
from onnx import TensorProto, helper
from sklearn.feature_extraction.text import TfidfVectorizer

from ..features.columns import INPUT_FEATURES, NUMERIC_FEATURES
from ..features.monotone import MonotoneLogisticRegression

FEATURES_STEP, CLASSIFIER_STEP = "features", "classifier"
PROBABILITIES_OUTPUT = "probabilities"
# scikit-learn's default token pattern, and the RE2 pattern that splits text the same way.
SCIKIT_LEARN_TOKEN_PATTERN = r"(?u)\b\w\w+\b"
RE2_TOKEN_PATTERN = r"[\p{L}\p{N}_]{2,}"
TEXT_LOCALE = "C.UTF-8"
# The converter's alias and options for scikit-learn's logistic regression.
LINEAR_CLASSIFIER = "SklearnLinearClassifier"
LINEAR_CLASSIFIER_OPTIONS = {
    "zipmap": [True, False, "columns"],
    "nocl": [True, False],
    "output_class_labels": [False, True],
    "raw_scores": [True, False],
}


class ConversionError(ValueError):
    """The pipeline has a shape or a step the converter cannot turn into the same graph."""


def input_types() -> list[tuple[str, object]]:
    """One `[rows, 1]` input per applicant field: floats for numbers, strings otherwise."""
    from skl2onnx.common.data_types import FloatTensorType, StringTensorType

    return [
        (name, (FloatTensorType if name in NUMERIC_FEATURES else StringTensorType)([None, 1]))
        for name in INPUT_FEATURES
    ]


def to_onnx(pipeline) -> bytes:
    """Convert a fitted pipeline (`features` then `classifier`) to an ONNX graph.

    Args:
        pipeline: A fitted pipeline built by `features.pipeline.build_pipeline`.

    Returns:
        The serialised ONNX model, with outputs `probabilities` (one column per class) and the
        feature step's rows.

    Raises:
        ConversionError: If the pipeline is of another shape, uses a token pattern without a
            known RE2 equivalent, or has a step the converter does not support.
    """
    steps = getattr(pipeline, "named_steps", {})
    if FEATURES_STEP not in steps or CLASSIFIER_STEP not in steps:
        raise ConversionError("not a pipeline of a feature step and a classifier")
    for vectoriser in text_vectorisers(steps[FEATURES_STEP]):
        if vectoriser.token_pattern != SCIKIT_LEARN_TOKEN_PATTERN or vectoriser.analyzer != "word":
            raise ConversionError(
                f"the token pattern {vectoriser.token_pattern!r} has no tested RE2 equivalent"
            )
    # Imported here: only registration converts, and the converter takes about a second to
    # import, which every serving process and command would otherwise pay at start.
    from skl2onnx import convert_sklearn

    register_monotone_classifier()

    classifier = steps[CLASSIFIER_STEP]
    options = {
        TfidfVectorizer: {"tokenexp": RE2_TOKEN_PATTERN, "locale": TEXT_LOCALE},
        id(classifier): {"zipmap": False},
    }
    try:
        model, topology = convert_sklearn(
            pipeline, initial_types=input_types(), options=options, intermediate=True
        )
    except Exception as error:  # the converter raises many kinds; all mean "cannot convert"
        raise ConversionError(f"{type(error).__name__}: {error}") from error
    add_features_output(model, topology, classifier, steps[FEATURES_STEP])
    return model.SerializeToString()


def register_monotone_classifier() -> None:
    """Convert a `MonotoneLogisticRegression` as the logistic regression it is once fitted."""
    from skl2onnx import update_registered_converter
    from skl2onnx.common.shape_calculator import calculate_linear_classifier_output_shapes
    from skl2onnx.operator_converters.linear_classifier import convert_sklearn_linear_classifier

    update_registered_converter(
        MonotoneLogisticRegression,
        LINEAR_CLASSIFIER,
        calculate_linear_classifier_output_shapes,
        convert_sklearn_linear_classifier,
        options=LINEAR_CLASSIFIER_OPTIONS,
    )


def text_vectorisers(transformer) -> list[TfidfVectorizer]:
    """The TF-IDF vectorisers of a fitted column transformer."""
    fitted_steps = [fitted for _, fitted, _ in transformer.transformers_]
    return [fitted for fitted in fitted_steps if isinstance(fitted, TfidfVectorizer)]


def add_features_output(model: onnx.ModelProto, topology, classifier, transformer) -> None:
    """Expose the classifier's input (the feature step's rows) as a second output of the graph."""
    operators = topology.unordered_operator_iterator()
    rows = next(op for op in operators if op.raw_operator is classifier).inputs[0].onnx_name
    width = len(transformer.get_feature_names_out())
    model.graph.output.append(helper.make_tensor_value_info(rows, TensorProto.FLOAT, [None, width]))
