"""One concrete applicant behind a probe's totals: the input, the probabilities, the decision."""

import pandas as pd

from credit_data.load import applicant_payload


def applicant_example(row: pd.Series, **figures) -> dict:
    """An example for the evidence: the applicant as sent to `/score`, and what was seen.

    Args:
        row: A data-set row.
        **figures: What the probe observed for this applicant (probabilities, decision...).

    Returns:
        `{"application_id", "input", "defaulted", **figures}`.
    """
    return {
        "application_id": str(row["application_id"]),
        "input": applicant_payload(row),
        "defaulted": int(row["defaulted"]),
        **figures,
    }
