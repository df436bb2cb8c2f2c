"""A corpus of bad `POST /score` requests, built around one valid applicant.

Each request names the field at fault (None when the whole body is at fault), so that a probe
can check that the answer names it.
"""

import json
from dataclasses import dataclass

from credit_data.codebook import APPLICANT_FIELDS, ATTRIBUTES

JSON = "application/json"
OVERSIZED_BYTES = 5_000_000
NUMERIC = [attribute.name for attribute in ATTRIBUTES if not attribute.is_categorical]
CATEGORICAL = [
    attribute.name
    for attribute in ATTRIBUTES
    if attribute.is_categorical and attribute.name != "purpose"
]
OUT_OF_RANGE = [
    ("age", -5),
    ("age", 0),
    ("age", 250),
    ("credit_amount", 0),
    ("credit_amount", -1000),
    ("credit_amount", 10**12),
    ("duration_months", 0),
    ("duration_months", -12),
    ("duration_months", 1000),
    ("installment_rate", 0),
    ("installment_rate", 9),
    ("residence_since", 0),
    ("existing_credits", 0),
    ("existing_credits", 99),
    ("people_liable", 0),
]


@dataclass(frozen=True)
class BadRequest:
    """One bad request.

    Attributes:
        name: What is wrong, in a few words.
        fields: The field names an answer may name to point at the fault; empty when the
            whole body is at fault (an oversized or undecodable body is refused as a whole).
        body: The raw request body.
        content_type: The Content-Type header.
    """

    name: str
    fields: tuple[str, ...]
    body: bytes
    content_type: str = JSON


def encoded(payload: object) -> bytes:
    """The JSON text of `payload` (NaN and Infinity allowed, as a careless client sends them)."""
    return json.dumps(payload, allow_nan=True).encode()


def with_field(valid: dict, name: str, value: object, label: str) -> BadRequest:
    """The valid payload with `name` set to `value`."""
    return BadRequest(f"{label}: {name}={value!r}"[:80], (name,), encoded({**valid, name: value}))


def bad_requests(valid: dict) -> list[BadRequest]:
    """Build the corpus around one valid payload.

    Args:
        valid: A valid `POST /score` body (the 20 fields and an application id).

    Returns:
        At least 60 bad requests covering missing, extra, wrong types, out-of-range, unknown
        categories, NaN and Infinity, null, empty, non-object and malformed JSON, wrong
        content type, an oversized body and odd unicode.
    """
    cases = [
        BadRequest(
            f"missing: {name}", (name,), encoded({k: v for k, v in valid.items() if k != name})
        )
        for name in APPLICANT_FIELDS
    ]
    cases += [
        with_field(valid, name, value, "extra")
        for name, value in [("extra_field", 1), ("purpose", "car_new"), ("defaulted", 0)]
    ]
    cases += [with_field(valid, name, "abc", "wrong type") for name in NUMERIC]
    cases += [with_field(valid, name, True, "wrong type") for name in NUMERIC]
    cases += [
        with_field(valid, "credit_amount", [1000], "wrong type"),
        with_field(valid, "age", {"years": 30}, "wrong type"),
        with_field(valid, "checking_account", 3, "wrong type"),
        with_field(valid, "purpose_text", 42, "wrong type"),
        with_field(valid, "application_id", 123, "wrong type"),
    ]
    cases += [with_field(valid, name, value, "out of range") for name, value in OUT_OF_RANGE]
    cases += [with_field(valid, name, "zzz_unknown", "unknown category") for name in CATEGORICAL]
    cases += [
        with_field(valid, "age", float("nan"), "not a number"),
        with_field(valid, "credit_amount", float("inf"), "infinite"),
        with_field(valid, "duration_months", float("-inf"), "infinite"),
    ]
    cases += [
        with_field(valid, name, None, "null")
        for name in ("age", "checking_account", "purpose_text")
    ]
    cases += [
        BadRequest("empty body", (), b""),
        BadRequest("empty object", (), b"{}"),
        with_field(valid, "purpose_text", "", "empty"),
        with_field(valid, "purpose_text", "   ", "blank"),
    ]
    cases += [
        BadRequest(f"non-object JSON: {text}", (), text.encode())
        for text in ("[]", '"an applicant"', "42", "null", "true")
    ]
    cases.append(BadRequest("non-object JSON: a list of one applicant", (), encoded([valid])))
    valid_text = encoded(valid)
    cases += [
        BadRequest("malformed JSON: truncated", (), valid_text[: len(valid_text) // 2]),
        BadRequest("malformed JSON: single quotes", (), str(valid).encode()),
        BadRequest("malformed JSON: trailing garbage", (), valid_text + b"}}"),
        BadRequest("wrong content type: text/plain", (), valid_text, "text/plain"),
        BadRequest(
            "wrong content type: form",
            (),
            "&".join(f"{k}={v}" for k, v in valid.items()).encode(),
            "application/x-www-form-urlencoded",
        ),
        BadRequest("oversized body", (), encoded({**valid, "padding": "x" * OVERSIZED_BYTES})),
        BadRequest(
            "oversized purpose_text",
            (),
            encoded({**valid, "purpose_text": "car " * (OVERSIZED_BYTES // 4)}),
        ),
    ]
    age_lookalike = "\u0430ge"  # a Cyrillic a
    cases += [
        BadRequest(
            "odd unicode: field name with a Cyrillic a",
            ("age", age_lookalike),
            encoded(
                {**{k: v for k, v in valid.items() if k != "age"}, age_lookalike: valid["age"]}
            ),
        ),
        with_field(valid, "other_debtors", "n\u043ene", "odd unicode"),
        BadRequest(
            "odd unicode: lone surrogate",
            ("purpose_text",),
            valid_text.replace(b'"purpose_text": "', b'"purpose_text": "\\ud800'),
        ),
        BadRequest(
            "odd unicode: invalid UTF-8",
            (),
            valid_text.replace(b'"purpose_text": "', b'"purpose_text": "\xff\xfe'),
        ),
    ]
    return cases
