"""A corpus of bad requests to `POST /score`: every one must get a 4xx and store nothing."""

import json
from dataclasses import dataclass, field

from refactored.domain.rules import APPLICANT_RULES

# Values of the wrong kind, tried on every field.
WRONG_KIND_VALUES = {
    "null": None,
    "true": True,
    "list": [1],
    "object": {"value": 1},
    "huge_integer": 10**30,
    "negative": -1,
    "float": 2.5,
    "empty_text": "",
}


@dataclass(frozen=True)
class BadRequest:
    """One bad request: a name for the test id, and the test client's `post` arguments."""

    name: str
    post: dict = field(default_factory=dict)


def as_json(payload: object) -> dict:
    return {"data": json.dumps(payload), "content_type": "application/json"}


def field_cases(valid: dict) -> list[BadRequest]:
    """Per field: missing, values of the wrong kind, and values just outside its rule."""
    cases = []
    for rule in APPLICANT_RULES:
        missing = {key: value for key, value in valid.items() if key != rule.name}
        cases.append(BadRequest(f"{rule.name}-missing", as_json(missing)))
        for kind, value in WRONG_KIND_VALUES.items():
            if rule.kind == "integer" and kind == "negative":
                continue
            cases.append(BadRequest(f"{rule.name}-{kind}", as_json({**valid, rule.name: value})))
        if rule.kind == "integer":
            cases += [
                BadRequest(f"{rule.name}-below", as_json({**valid, rule.name: rule.minimum - 1})),
                BadRequest(f"{rule.name}-above", as_json({**valid, rule.name: rule.maximum + 1})),
                BadRequest(
                    f"{rule.name}-as-text", as_json({**valid, rule.name: str(rule.minimum)})
                ),
            ]
        elif rule.kind == "category":
            cases += [
                BadRequest(f"{rule.name}-unknown-code", as_json({**valid, rule.name: "zzz"})),
                BadRequest(
                    f"{rule.name}-upper-case", as_json({**valid, rule.name: rule.codes[0].upper()})
                ),
            ]
        else:
            cases += [
                BadRequest(f"{rule.name}-blank", as_json({**valid, rule.name: " \t\n"})),
                BadRequest(
                    f"{rule.name}-too-long",
                    as_json({**valid, rule.name: "a" * (rule.max_length + 1)}),
                ),
            ]
    return cases


def body_cases(valid: dict) -> list[BadRequest]:
    """Bodies that are not one applicant object at all."""
    text = json.dumps(valid)
    raw = [
        ("empty-body", ""),
        ("truncated", text[:-1]),
        ("trailing-garbage", text + "}"),
        ("single-quotes", text.replace('"', "'")),
        ("nan-age", text.replace('"age": ' + str(valid["age"]), '"age": NaN')),
        (
            "infinity-amount",
            text.replace(f'"credit_amount": {valid["credit_amount"]}', '"credit_amount": Infinity'),
        ),
        ("deep-nesting", "[" * 3000 + "]" * 3000),
        ("json-null", "null"),
        ("json-number", "42"),
        ("json-string", '"applicant"'),
        ("json-list", json.dumps([valid])),
        ("empty-object", "{}"),
        ("unknown-field", json.dumps({**valid, "salary": 1000})),
        ("only-unknown", json.dumps({"hello": "world"})),
        ("application-id-number", json.dumps({**valid, "application_id": 3})),
        ("application-id-too-long", json.dumps({**valid, "application_id": "x" * 65})),
        ("too-large", json.dumps({**valid, "purpose_text": "x" * 40_000})),
    ]
    cases = [
        BadRequest(name, {"data": body, "content_type": "application/json"}) for name, body in raw
    ]
    cases.append(
        BadRequest(
            "invalid-utf8", {"data": b'{"age": "\xff\xfe"}', "content_type": "application/json"}
        )
    )
    for content_type in ("text/plain", "application/xml", "multipart/form-data", "text/csv"):
        cases.append(
            BadRequest(f"content-type-{content_type}", {"data": text, "content_type": content_type})
        )
    cases.append(BadRequest("no-content-type", {"data": text}))
    cases.append(BadRequest("form-fields", {"data": {"age": "49"}}))
    return cases


def bad_requests(valid: dict) -> list[BadRequest]:
    """The whole corpus, built around one valid applicant."""
    return field_cases(valid) + body_cases(valid)
