"""Which applicant fields feed which part of the feature pipeline."""

from credit_data.codebook import APPLICANT_FIELDS, ATTRIBUTES, PURPOSE_TEXT

# All applicant fields by kind.
NUMERIC_FEATURES: tuple[str, ...] = tuple(
    attribute.name for attribute in ATTRIBUTES if not attribute.is_categorical
)
CATEGORICAL_FEATURES: tuple[str, ...] = tuple(
    name for name in APPLICANT_FIELDS if name != PURPOSE_TEXT and name not in NUMERIC_FEATURES
)
TEXT_FEATURE: str = PURPOSE_TEXT
INPUT_FEATURES: tuple[str, ...] = APPLICANT_FIELDS
