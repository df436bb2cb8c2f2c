"""The input contract for a whole table of applicants at once, column by column.

Built from the same field rules as the pydantic schema (`applicant.py`), so a file and a
request obey one contract; checking columns with pandas instead of rows with pydantic keeps
batch scoring close to the speed of the model itself.
"""

import numpy as np
import pandas as pd

from .rules import APPLICANT_RULES, FieldRule


def check_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[int, dict[str, list[str]]]]:
    """Split a table of applicants into valid rows and the problems of the others.

    Args:
        frame: One row per applicant, one column per field (extra columns are kept aside).

    Returns:
        The valid rows (integer fields as integers, original index kept), and for each
        invalid row's position, its problems by field.
    """
    problems: dict[int, dict[str, list[str]]] = {}
    checked = {}
    for rule in APPLICANT_RULES:
        if rule.name not in frame.columns:
            for position in range(len(frame)):
                problems.setdefault(position, {})[rule.name] = ["Field required"]
            continue
        values, failing, message = _check_column(frame[rule.name], rule)
        checked[rule.name] = values
        for position in np.flatnonzero(failing):
            problems.setdefault(int(position), {})[rule.name] = [message]
    if len(checked) < len(APPLICANT_RULES):
        return frame.iloc[:0], problems
    valid_mask = np.ones(len(frame), dtype=bool)
    valid_mask[list(problems)] = False
    valid = pd.DataFrame(checked, index=frame.index)
    return (valid if valid_mask.all() else valid[valid_mask]), problems


def _check_column(column: pd.Series, rule: FieldRule) -> tuple[pd.Series, np.ndarray, str]:
    """The column's values, where they break the rule, and what the rule requires."""
    if rule.kind == "category":
        failing = ~column.isin(rule.codes).to_numpy()
        return column, failing, f"Input should be one of {', '.join(rule.codes)}"
    if rule.kind == "integer":
        numbers = pd.to_numeric(column, errors="coerce").astype(float).to_numpy()
        with np.errstate(invalid="ignore"):
            failing = ~(
                np.isfinite(numbers)
                & (np.mod(numbers, 1) == 0)
                & (numbers >= rule.minimum)
                & (numbers <= rule.maximum)
            )
        if column.dtype != np.int64:
            column = pd.Series(
                np.where(failing, rule.minimum, numbers).astype(np.int64), column.index
            )
        message = f"Input should be a whole number from {rule.minimum} to {rule.maximum}"
        return column, failing, message
    if pd.api.types.is_string_dtype(column) and not column.isna().any():
        is_text, text = np.ones(len(column), dtype=bool), column
    else:
        is_text = column.map(lambda value: isinstance(value, str)).to_numpy(dtype=bool)
        text = column.where(is_text, "")
    failing = ~(
        is_text
        & (text.str.len() <= rule.max_length).to_numpy()
        & (text.str.strip() != "").to_numpy()
    )
    message = f"Input should be text of 1 to {rule.max_length} characters, not only spaces"
    return column, failing, message
