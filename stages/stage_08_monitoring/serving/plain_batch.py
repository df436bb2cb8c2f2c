"""A column-wise pre-check of a batch: certifies the batches the schema would take unchanged.

Validating 10,000 applicants one by one with pydantic costs about as much as scoring them.
Most batches are plain: JSON objects with exactly the schema's fields, integers as integers
within their range, known category codes, text of an allowed length. For those, checking each
column at once with built-in functions gives the same verdict, and the values pydantic would
return are the values sent. This check only says "plain" or "not sure": anything else (a
missing or unknown field, `12.0` for 12, a bad value) goes to the pydantic schema
(`domain/applicant.py`), which stays the one judge of what is valid and of every message.
The rules come from the same field rules as the schema (`domain/rules.py`).
"""

from collections.abc import Sequence
from operator import itemgetter

from credit_data.codebook import APPLICATION_ID

from ..domain.rules import APPLICANT_RULES, APPLICATION_ID_MAX_LENGTH, FieldRule

# The order of the schema's fields, which the validated applicants keep.
FIELD_NAMES: tuple[str, ...] = (APPLICATION_ID, *(rule.name for rule in APPLICANT_RULES))
_RULE_FIELDS = itemgetter(*(rule.name for rule in APPLICANT_RULES))
_CODES = {rule.name: frozenset(rule.codes) for rule in APPLICANT_RULES if rule.kind == "category"}


def plain_columns(payloads: Sequence[object]) -> dict[str, list] | None:
    """The batch column by column if every payload is plain, else None (ask the schema).

    Args:
        payloads: The decoded JSON objects, one per applicant.

    Returns:
        Field name to its values (`application_id` None where not sent), in the schema's
        field order; None when any payload is not certainly valid as sent.
    """
    if not payloads or any(type(payload) is not dict for payload in payloads):
        return None
    try:
        rows = list(map(_RULE_FIELDS, payloads))
    except KeyError:
        return None
    ids = [payload.get(APPLICATION_ID) for payload in payloads]
    with_id = len(APPLICANT_RULES) + 1
    if any(
        len(payload) != len(APPLICANT_RULES) and (len(payload) != with_id or key is None)
        for payload, key in zip(payloads, ids, strict=True)
    ):
        # An unknown field, or `application_id: null` sent explicitly (rare; the schema decides).
        return None
    if not plain_ids(ids):
        return None
    columns = {APPLICATION_ID: ids}
    for rule, values in zip(APPLICANT_RULES, zip(*rows, strict=True), strict=True):
        if not plain_values(rule, values):
            return None
        columns[rule.name] = list(values)
    return columns


def plain_ids(ids: list) -> bool:
    """Whether every id is absent or text of 1 to `APPLICATION_ID_MAX_LENGTH` characters."""
    sent = [key for key in ids if key is not None]
    return all(type(key) is str for key in sent) and all(
        1 <= length <= APPLICATION_ID_MAX_LENGTH for length in map(len, sent)
    )


def plain_values(rule: FieldRule, values: Sequence) -> bool:
    """Whether every value of one field is valid as sent (no conversion needed)."""
    types = set(map(type, values))
    if rule.kind == "category":
        return types == {str} and _CODES[rule.name].issuperset(values)
    if rule.kind == "integer":
        return types == {int} and rule.minimum <= min(values) and max(values) <= rule.maximum
    lengths = list(map(len, values)) if types == {str} else [0]
    return (
        min(lengths) >= 1 and max(lengths) <= rule.max_length and not any(map(str.isspace, values))
    )
