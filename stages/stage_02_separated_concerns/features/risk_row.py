"""The risk model's input row, built by hand from the handoff note."""

import pandas as pd

# The fields of the risk model, copied from version 2 of the handoff note.
NUMERIC_FIELDS = [
    "duration_months",
    "credit_amount",
    "installment_rate",
    "residence_since",
    "age",
    "existing_credits",
    "people_liable",
]
CATEGORICAL_FIELDS = [
    "checking_account",
    "credit_history",
    "purpose",
    "savings",
    "employment_since",
    "personal_status_sex",
    "other_debtors",
    "property",
    "other_installment_plans",
    "housing",
    "job",
    "telephone",
    "foreign_worker",
]


def build_risk_row(applicant: dict, purpose: str, column_order: list[str]) -> pd.DataFrame:
    """Build the risk model's input row in the handoff note's column order.

    Written against version 2 of the note: numeric fields go in as received, each category
    becomes the one-hot column `<field>_<code>`, and columns the model does not use are left
    out.

    Args:
        applicant: The applicant's fields as received.
        purpose: The purpose category predicted from the applicant's text.
        column_order: The risk model's columns, from the handoff note.

    Returns:
        A one-row frame in the note's column order.
    """
    row = dict.fromkeys(column_order, 0.0)
    for field in NUMERIC_FIELDS:
        if field in row:
            # DEBT-02 Training/serving skew: since note v3 the notebook standardises these.
            row[field] = float(applicant[field])
    for field in CATEGORICAL_FIELDS:
        value = purpose if field == "purpose" else applicant[field]
        one_hot_column = f"{field}_{value}"
        if one_hot_column in row:
            row[one_hot_column] = 1.0
    return pd.DataFrame([row], columns=column_order)
