"""The feature pipeline: one scikit-learn `Pipeline` from raw applicant fields to P(default).

Fitted once in training, saved as one artifact, loaded unchanged by serving: nothing is
re-implemented by hand on either side (DEBT-02, training/serving skew). The pipeline takes
every applicant field but scores only the unprotected ones (DEBT-16, `columns.py`): the
transformer drops the protected columns, so changing them cannot change P(default).

Each category is one-hot encoded with every code of the code book, sorted as the encoder sorts
the codes it finds, so the columns of the numbers and the categories are known before fitting:
`build_pipeline` tells a `MonotoneLogisticRegression` which pairs of them the code book's
scales of risk order (`monotone.py`).
"""

from sklearn.base import ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from credit_data.codebook import ONE_STEP_WORSE, attribute

from .columns import (
    CATEGORICAL_FEATURES,
    NUMERIC_FEATURES,
    SCORED_CATEGORICAL_FEATURES,
    SCORED_NUMERIC_FEATURES,
    TEXT_FEATURE,
)
from .monotone import MonotoneLogisticRegression
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
    numeric, categorical = scored_columns(include_protected)
    codes = [category_codes(name) for name in categorical]
    return ColumnTransformer(
        [
            ("numeric", StandardScaler(), list(numeric)),
            (
                "categories",
                OneHotEncoder(categories=codes, handle_unknown="ignore"),
                list(categorical),
            ),
            ("purpose_text", build_text_featuriser(), TEXT_FEATURE),
        ],
        remainder="drop",
        sparse_threshold=0.0,
    )


def category_codes(name: str) -> list[str]:
    """The codes of category `name`, in the order of its one-hot columns."""
    return sorted(attribute(name).codes.values())


def scored_columns(include_protected: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The numeric and the categorical fields the transformer scores."""
    if include_protected:
        return NUMERIC_FEATURES, CATEGORICAL_FEATURES
    return SCORED_NUMERIC_FEATURES, SCORED_CATEGORICAL_FEATURES


def order_pairs(include_protected: bool) -> tuple[tuple[int, int], ...]:
    """The `(better, worse)` columns of every step of the code book's scales of risk.

    The transformer's columns start with one per number, then one per code of each category
    (`field=code`); the text's columns come last.
    """
    numeric, categorical = scored_columns(include_protected)
    codes = [f"{name}={code}" for name in categorical for code in category_codes(name)]
    names = [*numeric, *codes]
    position = {name: index for index, name in enumerate(names)}
    return tuple(
        (position[f"{field}={better}"], position[f"{field}={worse}"])
        for field, steps in ONE_STEP_WORSE.items()
        if field in categorical
        for better, worse in steps.items()
    )


# repays DEBT-02 Training/serving skew: one fitted pipeline takes raw applicants.
def build_pipeline(classifier: ClassifierMixin, include_protected: bool = False) -> Pipeline:
    """The whole model: the feature transformer followed by `classifier`.

    Args:
        classifier: An unfitted scikit-learn classifier; a `MonotoneLogisticRegression` is
            given the order pairs of the transformer's columns.
        include_protected: See `build_feature_transformer`; False for every served model.

    Returns:
        An unfitted pipeline taking a frame of applicant fields.
    """
    features = build_feature_transformer(include_protected)
    if isinstance(classifier, MonotoneLogisticRegression):
        classifier.set_params(order_pairs=order_pairs(include_protected))
    return Pipeline([("features", features), ("classifier", classifier)])


def scored_fields(pipeline: Pipeline) -> set[str]:
    """The applicant fields a fitted or unfitted pipeline of this module actually scores."""
    return {
        column
        for _, _, columns in pipeline.named_steps["features"].transformers
        for column in ([columns] if isinstance(columns, str) else columns)
    }
