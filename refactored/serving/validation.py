"""Validating a request's applicants: column by column for a plain batch, else by the schema.

A plain batch of at least `PLAIN_CHECK_MIN_APPLICANTS` is certified column by column
(`plain_batch.py`); any other request goes through the pydantic schema applicant by applicant,
which names every problem.
"""

from collections.abc import Sequence

from ..domain.applicant import InvalidApplicantError, parse_applicant
from .plain_batch import FIELD_NAMES, plain_columns

# Below this many applicants, the schema alone is as fast as the column-wise check.
PLAIN_CHECK_MIN_APPLICANTS = 16


def validated(payloads: Sequence[object]) -> tuple[dict[str, list], list[dict]]:
    """The validated fields, column by column (`application_id` None where not sent) and row by row.

    A plain batch of at least `PLAIN_CHECK_MIN_APPLICANTS` is certified column by column
    (`plain_batch.py`): its payloads are the validated rows. Any other goes through the
    pydantic schema applicant by applicant, which names every problem.

    Raises:
        InvalidApplicantError: If any payload is invalid.
    """
    columns = plain_columns(payloads) if len(payloads) >= PLAIN_CHECK_MIN_APPLICANTS else None
    if columns is not None:
        return columns, list(payloads)
    fields = [applicant.model_dump() for applicant in validate_all(payloads)]
    return {name: [applicant[name] for applicant in fields] for name in FIELD_NAMES}, fields


def validate_all(payloads: Sequence[object]) -> list:
    """Validate every payload and report the problems of all of them together.

    Raises:
        InvalidApplicantError: If any payload is invalid.
    """
    applicants, problems = [], {}
    for position, payload in enumerate(payloads):
        try:
            applicants.append(parse_applicant(payload))
        except InvalidApplicantError as error:
            prefix = f"applicants.{position}." if len(payloads) > 1 else ""
            problems.update({prefix + name: why for name, why in error.problems.items()})
    if problems:
        raise InvalidApplicantError(problems)
    return applicants
