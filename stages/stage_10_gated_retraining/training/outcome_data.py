"""Labelled outcomes as training data: validated, split, with the provenance of each row.

An outcome of an applicant of the data file (equal on every input to a training or a holdout
row, under any id) is left out first: a training row would be learnt twice, and a holdout
row would teach the challenger an applicant the gate then judges it on. Of the rest, the
newest labelled rows are kept aside as the recent window the gate compares models on; the
others join the training rows, except those of applicants who are also in the recent window.
So the challenger is judged, on the holdout and on the recent window, on applicants it never
learnt from. Each training row's
lineage says which application it is and which model version scored it.
"""

import hashlib
import json
import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from credit_data.codebook import APPLICATION_ID, TARGET
from credit_data.load import applicant_payloads

from ..domain.applicant import InvalidApplicantError, parse_applicant
from ..features.columns import INPUT_FEATURES
from ..storage.outcomes import LabelledRow

OUTCOME_ROWS_NAME = "outcome_rows.csv"
# Fewer labelled rows than this are too few to compare two models on.
MIN_RECENT_ROWS = 100
MAX_INVALID_SHARE = 0.01
BAD_RATE_RANGE = (0.05, 0.95)


@dataclass(frozen=True)
class OutcomeRows:
    """Labelled outcomes added to the training rows, and where each came from.

    Attributes:
        rows: The applicants' input fields and `defaulted`, one row each.
        lineage: The model card's entry: how many rows, from which applications, with which
            provenance (outcome reports).
        attachment: The rows' lineage as CSV, stored beside the model (`lineage["rows_file"]`).
    """

    rows: pd.DataFrame
    lineage: dict
    attachment: str = ""


@dataclass(frozen=True)
class PreparedOutcomes:
    """The labelled outcomes, split into training rows and the recent window.

    Attributes:
        training: Outcome rows to train on, with their lineage.
        recent: The most recent labelled rows (inputs and `defaulted`), kept for comparison.
        invalid: The ids of rows that failed the input contract, with the problems.
    """

    training: OutcomeRows
    recent: pd.DataFrame
    invalid: list[dict]


def prepare_outcomes(
    labelled: list[LabelledRow], recent_rows: int, file_rows: pd.DataFrame
) -> PreparedOutcomes:
    """Validate labelled rows, leave out the data file's applicants, keep the newest aside.

    Args:
        labelled: The labelled scored applications, in log order.
        recent_rows: How many of the newest rows to keep aside (at most half of them).
        file_rows: The data file's rows (training split and holdout).
    """
    valid, invalid = [], []
    for row in labelled:
        try:
            parse_applicant({**row.applicant, APPLICATION_ID: row.application_id})
        except InvalidApplicantError as error:
            invalid.append({"application_id": row.application_id, "problems": error.problems})
            continue
        valid.append(row)
    in_file = {key_of(payload) for payload in applicant_payloads(file_rows)}
    from_file = [row for row in valid if applicant_key(row) in in_file]
    valid = [row for row in valid if applicant_key(row) not in in_file]
    kept_aside = min(recent_rows, len(valid) // 2)
    if kept_aside < MIN_RECENT_ROWS:
        kept_aside = 0
    learnt, recent = valid[: len(valid) - kept_aside], valid[len(valid) - kept_aside :]
    # The challenger must be judged on applicants it never learnt from: an applicant of the
    # recent window (the same inputs, under any id) is left out of the training rows.
    held_back = {applicant_key(row) for row in recent}
    overlapping = [row for row in learnt if applicant_key(row) in held_back]
    learnt = [row for row in learnt if applicant_key(row) not in held_back]
    lineage_rows = pd.DataFrame(
        {
            "log_id": [row.log_id for row in learnt],
            APPLICATION_ID: [row.application_id for row in learnt],
            "scored_by_version": [row.model_version for row in learnt],
            TARGET: [row.defaulted for row in learnt],
            "source": ["outcome" for row in learnt],
        }
    )
    ids = "\n".join(sorted(lineage_rows[APPLICATION_ID])).encode()
    lineage = {
        "rows": len(learnt),
        "log_ids": [learnt[0].log_id, learnt[-1].log_id] if learnt else None,
        "application_ids_sha256": hashlib.sha256(ids).hexdigest(),
        "rows_file": OUTCOME_ROWS_NAME,
        "recent_window_rows": len(recent),
        "held_back_as_recent_applicants": len(overlapping),
        "left_out_as_data_file_applicants": len(from_file),
        "invalid_rows": invalid,
    }
    return PreparedOutcomes(
        training=OutcomeRows(
            rows=frame_of(learnt),
            lineage=lineage,
            attachment=lineage_rows.to_csv(index=False, lineterminator="\n"),
        ),
        recent=frame_of(recent),
        invalid=invalid,
    )


def applicant_key(row: LabelledRow) -> str:
    """The applicant's inputs as text: equal for the same applicant under another id."""
    return key_of(row.applicant)


def key_of(applicant: dict) -> str:
    """The input fields of an applicant as text, a number as a float (4 and 4.0 alike)."""
    return json.dumps(
        [
            float(value) if isinstance(value, numbers.Real) else value
            for value in (applicant.get(name) for name in INPUT_FEATURES)
        ],
        default=str,
    )


def frame_of(rows: list[LabelledRow]) -> pd.DataFrame:
    """The input fields and outcome of labelled rows, as a frame."""
    frame = pd.DataFrame([row.applicant for row in rows], columns=list(INPUT_FEATURES))
    frame[TARGET] = [row.defaulted for row in rows]
    return frame


def validate(snapshot_summary: dict, prepared: PreparedOutcomes, training_labels) -> dict:
    """The data validation of the gate: few invalid rows, both classes, a plausible bad rate."""
    problems = []
    rows = snapshot_summary["rows"] + len(prepared.invalid) + prepared.training.lineage["rows"]
    invalid = len(snapshot_summary["invalid_rows"]) + len(prepared.invalid)
    if invalid > MAX_INVALID_SHARE * rows:
        problems.append(f"{invalid} of {rows} rows break the input contract")
    bad_rate = float(np.mean(training_labels))
    if not BAD_RATE_RANGE[0] <= bad_rate <= BAD_RATE_RANGE[1]:
        problems.append(f"training bad rate {bad_rate:.3f} outside {BAD_RATE_RANGE}")
    return {"passed": not problems, "problems": problems, "training_bad_rate": bad_rate}
