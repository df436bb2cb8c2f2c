"""The feature pipeline: one scikit-learn `Pipeline` from raw applicant fields to P(default).

Fitted once in training, saved as one artifact, loaded unchanged by serving: nothing is
re-implemented by hand on either side (DEBT-02, training/serving skew).
"""

from sklearn.base import ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from .columns import CATEGORICAL_FEATURES, NUMERIC_FEATURES, TEXT_FEATURE
from .text import build_text_featuriser


def build_feature_transformer() -> ColumnTransformer:
    """Scale the numbers, one-hot the categories, TF-IDF the purpose text.

    Returns:
        An unfitted transformer with dense output, which every candidate classifier accepts.
    """
    # DEBT-16 Protected attributes in the score: age, personal status and sex, and foreign
    # worker are scaled and encoded like any other field.
    return ColumnTransformer(
        [
            ("numeric", StandardScaler(), list(NUMERIC_FEATURES)),
            ("categories", OneHotEncoder(handle_unknown="ignore"), list(CATEGORICAL_FEATURES)),
            ("purpose_text", build_text_featuriser(), TEXT_FEATURE),
        ],
        remainder="drop",
        sparse_threshold=0.0,
    )


# repays DEBT-02 Training/serving skew: one fitted pipeline takes raw applicants.
def build_pipeline(classifier: ClassifierMixin) -> Pipeline:
    """The whole model: the feature transformer followed by `classifier`.

    Args:
        classifier: An unfitted scikit-learn classifier.

    Returns:
        An unfitted pipeline taking a frame of applicant fields.
    """
    features = build_feature_transformer()
    return Pipeline([("features", features), ("classifier", classifier)])
