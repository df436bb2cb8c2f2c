"""Read the project's data set and its fixed split."""

from pathlib import Path

import pandas as pd

from .codebook import APPLICANT_FIELDS, APPLICATION_ID, SPLIT
from .paths import DATASET_PATH
from .split import HOLDOUT, TRAIN


def load_dataset(path: Path = DATASET_PATH) -> pd.DataFrame:
    """Read the data set.

    Args:
        path: The CSV file; the committed data set by default.

    Returns:
        All rows, with category codes as strings.
    """
    return pd.read_csv(path, dtype={APPLICATION_ID: str}, keep_default_na=False)


def training_rows(data: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of the fixed training split."""
    return data[data[SPLIT] == TRAIN].reset_index(drop=True)


def holdout_rows(data: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of the fixed holdout split."""
    return data[data[SPLIT] == HOLDOUT].reset_index(drop=True)


def applicant_payload(row: pd.Series) -> dict:
    """Turn one data-set row into the JSON body an applicant sends to `POST /score`.

    Args:
        row: One row of the data set.

    Returns:
        The 20 applicant fields and the `application_id`, as plain Python values.
    """
    payload = {APPLICATION_ID: str(row[APPLICATION_ID])}
    for name in APPLICANT_FIELDS:
        value = row[name]
        payload[name] = value.item() if hasattr(value, "item") else value
    return payload


def applicant_payloads(rows: pd.DataFrame) -> list[dict]:
    """The JSON body of `POST /score` for each row, as `applicant_payload` builds it.

    The same dictionaries (keys, order, plain Python values), built column-wise instead of
    row by row: a replay or a benchmark builds thousands.

    Args:
        rows: Data-set rows.

    Returns:
        One payload per row, in row order.
    """
    payloads = rows[[APPLICATION_ID, *APPLICANT_FIELDS]].to_dict("records")
    for payload in payloads:
        payload[APPLICATION_ID] = str(payload[APPLICATION_ID])
    return payloads
