"""The feature pipeline: one scikit-learn `Pipeline` from raw applicant fields to P(default).

Fitted once in training, saved as one artifact, loaded unchanged by serving: nothing is
re-implemented by hand on either side (DEBT-02, training/serving skew). The pipeline takes
every applicant field but scores only the unprotected ones (DEBT-16, `columns.py`): the
transformer drops the protected columns, so changing them cannot change P(default).
"""

from sklearn.base import ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from .columns import (
    CATEGORICAL_FEATURES,
    NUMERIC_FEATURES,
    SCORED_CATEGORICAL_FEATURES,
    SCORED_NUMERIC_FEATURES,
    TEXT_FEATURE,
)
from .text import build_text_featuriser


def build_feature_transformer(include_protected: bool = False) -> ColumnTransformer:
    """Scale the numbers, one-hot the categories, TF-IDF the purpose text.

    Args:
        include_protected: Score the protected attributes too. Only training's comparison
            "with and without the protected attributes" sets it; a served model never does.

    Returns:
        An unfitted transformer with dense output, which every candidate classifier accepts;
        the columns it is not given (the protected ones) are dropped.
    """
    numeric = NUMERIC_FEATURES if include_protected else SCORED_NUMERIC_FEATURES
    categorical = CATEGORICAL_FEATURES if include_protected else SCORED_CATEGORICAL_FEATURES
    return ColumnTransformer(
        [
            ("numeric", StandardScaler(), list(numeric)),
            ("categories", OneHotEncoder(handle_unknown="ignore"), list(categorical)),
            ("purpose_text", build_text_featuriser(), TEXT_FEATURE),
        ],
        remainder="drop",
        sparse_threshold=0.0,
    )


# repays DEBT-02 Training/serving skew: one fitted pipeline takes raw applicants.
def build_pipeline(classifier: ClassifierMixin, include_protected: bool = False) -> Pipeline:
    """The whole model: the feature transformer followed by `classifier`.

    Args:
        classifier: An unfitted scikit-learn classifier.
        include_protected: See `build_feature_transformer`; False for every served model.

    Returns:
        An unfitted pipeline taking a frame of applicant fields.
    """
    features = build_feature_transformer(include_protected)
    return Pipeline([("features", features), ("classifier", classifier)])


def scored_fields(pipeline: Pipeline) -> set[str]:
    """The applicant fields a fitted or unfitted pipeline of this module actually scores."""
    return {
        column
        for _, _, columns in pipeline.named_steps["features"].transformers
        for column in ([columns] if isinstance(columns, str) else columns)
    }
