"""Which applicant fields feed which part of the feature pipeline.

Every applicant field is validated, stored and monitored, but the protected attributes (age,
personal status and sex, foreign worker) never reach the model: a lender may not score on
them (ECOA / Regulation B; the EU AI Act treats credit scoring as high risk). They stay in
the stored request so that fairness can be measured.
"""

from credit_data.codebook import APPLICANT_FIELDS, ATTRIBUTES, PROTECTED_ATTRIBUTES, PURPOSE_TEXT

# All applicant fields by kind (what is validated, stored and monitored).
NUMERIC_FEATURES: tuple[str, ...] = tuple(
    attribute.name for attribute in ATTRIBUTES if not attribute.is_categorical
)
CATEGORICAL_FEATURES: tuple[str, ...] = tuple(
    name for name in APPLICANT_FIELDS if name != PURPOSE_TEXT and name not in NUMERIC_FEATURES
)
TEXT_FEATURE: str = PURPOSE_TEXT
INPUT_FEATURES: tuple[str, ...] = APPLICANT_FIELDS

# repays DEBT-16 Protected attributes in the score: they are validated, never scored.
# The fields the model scores: every field except the protected attributes.
SCORED_NUMERIC_FEATURES: tuple[str, ...] = tuple(
    name for name in NUMERIC_FEATURES if name not in PROTECTED_ATTRIBUTES
)
SCORED_CATEGORICAL_FEATURES: tuple[str, ...] = tuple(
    name for name in CATEGORICAL_FEATURES if name not in PROTECTED_ATTRIBUTES
)
