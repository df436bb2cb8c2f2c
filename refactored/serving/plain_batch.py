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

import operator
from collections.abc import Sequence
from operator import itemgetter

from credit_data.codebook import APPLICATION_ID

from ..domain.rules import APPLICANT_RULES, APPLICATION_ID_MAX_LENGTH, FieldRule

# The order of the schema's fields, which the validated applicants keep.
FIELD_NAMES: tuple[str, ...] = (APPLICATION_ID, *(rule.name for rule in APPLICANT_RULES))
_RULE_FIELDS = itemgetter(*(rule.name for rule in APPLICANT_RULES))
_ID_FIELD = operator.methodcaller("get", APPLICATION_ID)
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
    ids = list(map(_ID_FIELD, payloads))
    if not only_known_fields(payloads, ids) or not plain_ids(ids):
        return None
    columns = {APPLICATION_ID: ids}
    for rule, values in zip(APPLICANT_RULES, zip(*rows, strict=True), strict=True):
        if not plain_values(rule, values):
            return None
        columns[rule.name] = list(values)
    return columns


def only_known_fields(payloads: Sequence[dict], ids: list) -> bool:
    """Whether each payload, which has every rule's field, has no other but a non-null id.

    An explicit `"application_id": null` is valid but rare: it is left to the schema.
    """
    sizes = set(map(len, payloads))
    if sizes == {len(APPLICANT_RULES)}:
        return True
    if sizes == {len(APPLICANT_RULES) + 1}:
        return None not in ids
    return all(
        size == len(APPLICANT_RULES) or (size == len(APPLICANT_RULES) + 1 and key is not None)
        for size, key in zip(map(len, payloads), ids, strict=True)
    )


def plain_ids(ids: list) -> bool:
    """Whether every id is absent or text of 1 to `APPLICATION_ID_MAX_LENGTH` characters."""
    sent = [key for key in ids if key is not None] if None in ids else ids
    if not sent:
        return True
    lengths = list(map(len, sent)) if set(map(type, sent)) == {str} else [0]
    return min(lengths) >= 1 and max(lengths) <= APPLICATION_ID_MAX_LENGTH and encodable(sent)


def plain_values(rule: FieldRule, values: Sequence) -> bool:
    """Whether every value of one field is valid as sent (no conversion needed)."""
    types = set(map(type, values))
    if rule.kind == "category":
        return types == {str} and _CODES[rule.name].issuperset(values)
    if rule.kind == "integer":
        return types == {int} and rule.minimum <= min(values) and max(values) <= rule.maximum
    lengths = list(map(len, values)) if types == {str} else [0]
    return (
        min(lengths) >= 1
        and max(lengths) <= rule.max_length
        and not any(map(str.isspace, values))
        and encodable(values)
    )


def encodable(texts: Sequence[str]) -> bool:
    """Whether every text is valid Unicode (no lone surrogate, which JSON can carry)."""
    try:
        "".join(texts).encode()
    except UnicodeEncodeError:
        return False
    return True
