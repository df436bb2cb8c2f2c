"""Is the OpenAPI document a stage serves true: its routes, and what `POST /score` accepts?

The document is whatever JSON object with an `openapi` version and `paths` one of the app's
GET routes (without path variables, no credentials) answers, whatever the route is called.
It is checked against the app itself:

- routes: the documented (method, path) pairs are exactly the URL map's (static files, HEAD
  and OPTIONS aside): nothing routed is left out, nothing unrouted is invented;
- `POST /score`: a holdout applicant, every field of which the document lists, is accepted;
  each property the document marks required, when removed, gets a 400 naming it, and each
  one it does not, when removed, is accepted; every value the document allows a property
  (each enum value, the bounds, a string or null) is accepted, and a value it forbids (just
  outside the bounds, a code outside the enum) gets a 400 naming the property; a field the
  document does not list is refused with a 400 naming it, and the document forbids it.
"""

import re

from flask import Flask
from flask.testing import FlaskClient

METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}
SCORE = ("POST", "/score")
UNLISTED_FIELD = "probe_unlisted_field"
NOT_A_CODE = "probe-not-a-code"
SHOWN = 5
# `<job_id>` or `<int:version>` in a Flask rule: `{job_id}`, `{version}` in OpenAPI.
VARIABLE = re.compile(r"<(?:[^<>:]+:)?([^<>]+)>")


def routed(app: Flask) -> set[tuple[str, str]]:
    """(method, path) of every route of the URL map, in OpenAPI's `{name}` path syntax."""
    pairs = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = VARIABLE.sub(r"{\1}", rule.rule)
        pairs |= {(method, path) for method in set(rule.methods or ()) - IGNORED_METHODS}
    return pairs


def find_document(app: Flask, client: FlaskClient) -> tuple[str | None, dict | None]:
    """The first GET route without variables that answers an OpenAPI document, and the document."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if rule.endpoint == "static" or rule.arguments or "GET" not in (rule.methods or ()):
            continue
        response = client.get(rule.rule)
        body = response.get_json(silent=True) if response.status_code == 200 else None
        if is_document(body):
            return rule.rule, body
    return None, None


def is_document(body: object) -> bool:
    """Whether a decoded answer is an OpenAPI 3 document with paths."""
    return (
        isinstance(body, dict)
        and str(body.get("openapi", "")).startswith("3.")
        and isinstance(body.get("paths"), dict)
    )


def documented(document: dict) -> set[tuple[str, str]]:
    """(method, path) of every operation of the document."""
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        if isinstance(item, dict)
        for method in item
        if method in METHODS
    }


def resolve(schema: object, document: dict) -> dict:
    """`schema` with its `$ref` (a pointer inside the document) followed, repeatedly."""
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 20:
        target: object = document
        for part in str(schema["$ref"]).removeprefix("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        schema, seen = target, seen + 1
    return schema if isinstance(schema, dict) else {}


def score_schema(document: dict) -> dict:
    """The JSON request schema the document gives `POST /score` (empty when it gives none)."""
    operation = document["paths"].get("/score", {})
    operation = operation.get("post", {}) if isinstance(operation, dict) else {}
    content = resolve(operation.get("requestBody", {}), document).get("content", {})
    return resolve(content.get("application/json", {}).get("schema", {}), document)


def allowed_values(schema: dict, document: dict) -> list[object]:
    """Values the property schema allows: each enum value, the bounds, a string or null."""
    schema = resolve(schema, document)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            values = []
            for alternative in schema[key]:
                values += allowed_values(alternative, document)
            return values
    if "const" in schema:
        return [schema["const"]]
    if "enum" in schema:
        return list(schema["enum"])
    kind = schema.get("type")
    if kind in ("integer", "number"):
        bounds = [schema[key] for key in ("minimum", "maximum") if key in schema]
        return bounds or [1]
    if kind == "string":
        return ["x" * max(1, int(schema.get("minLength", 1)))]
    if kind == "boolean":
        return [True, False]
    if kind == "null":
        return [None]
    return []


def forbidden_values(schema: dict, document: dict) -> list[object]:
    """Values a plain property schema forbids: just outside the bounds, a code not listed."""
    schema = resolve(schema, document)
    if "anyOf" in schema or "oneOf" in schema:
        return []
    if "enum" in schema and all(isinstance(value, str) for value in schema["enum"]):
        return [NOT_A_CODE]
    values = []
    if schema.get("type") == "integer":
        values += [schema["minimum"] - 1] if "minimum" in schema else []
        values += [schema["maximum"] + 1] if "maximum" in schema else []
    if schema.get("type") == "string" and "maxLength" in schema:
        values.append("x" * (int(schema["maxLength"]) + 1))
    return values


class ScoreRequests:
    """Sends variants of one applicant to `POST /score`; keeps each disagreement."""

    def __init__(self, client: FlaskClient, payload: dict, new_id):
        """Variants of `payload` go through `client`, each under a fresh id from `new_id()`."""
        self.client, self.payload, self.new_id = client, payload, new_id
        self.sent = 0
        self.disagreements: list[str] = []

    def send(self, body: dict) -> tuple[int, str]:
        """Send one body; its status and answer text."""
        self.sent += 1
        response = self.client.post("/score", json=body)
        return response.status_code, response.get_data(as_text=True)

    def fresh(self, **changes) -> dict:
        """The payload under a fresh id, with `changes`."""
        return {**self.payload, "application_id": self.new_id(), **changes}

    def expect_accepted(self, body: dict, what: str) -> None:
        """Note a disagreement unless `body` is accepted (2xx)."""
        status, _ = self.send(body)
        if not 200 <= status < 300:
            self.disagreements.append(f"{what}: {status}, documented as accepted")

    def expect_refused(self, body: dict, name: str, what: str) -> None:
        """Note a disagreement unless `body` gets a 400 naming `name`."""
        status, text = self.send(body)
        if status != 400 or name not in text:
            self.disagreements.append(f"{what}: {status}, not a 400 naming {name}")


def score_disagreements(document: dict, requests: ScoreRequests) -> list[str]:
    """Where `POST /score` behaves otherwise than the document's request schema says."""
    schema = score_schema(document)
    properties = schema.get("properties")
    if not isinstance(properties, dict) or not properties:
        return ["POST /score has no documented JSON request schema with properties"]
    required = set(schema.get("required", []))
    unlisted = [name for name in requests.payload if name not in properties]
    requests.disagreements += [f"{name} is sent but not listed" for name in unlisted]
    requests.expect_accepted(requests.fresh(), "a holdout applicant")
    for name in sorted(requests.payload):
        body = {key: value for key, value in requests.fresh().items() if key != name}
        if name in required:
            requests.expect_refused(body, name, f"without required {name}")
        elif name in properties:
            requests.expect_accepted(body, f"without optional {name}")
    for name, property_schema in sorted(properties.items()):
        for value in allowed_values(property_schema, document):
            requests.expect_accepted(requests.fresh(**{name: value}), f"{name}={value!r}")
        for value in forbidden_values(property_schema, document):
            requests.expect_refused(requests.fresh(**{name: value}), name, f"{name}={value!r}")
    requests.expect_refused(requests.fresh(**{UNLISTED_FIELD: 1}), UNLISTED_FIELD, "unlisted")
    if schema.get("additionalProperties", True) is not False:
        requests.disagreements.append("the document allows fields it does not list")
    return requests.disagreements


def contract_findings(app: Flask, client: FlaskClient, payload: dict, new_id) -> dict:
    """Whether the stage serves a true document: where it is, what it gets wrong.

    Args:
        app: The stage's application (its URL map is the truth about its routes).
        client: A test client of it, on an instance the probe may write to.
        payload: A holdout applicant as sent to `/score`.
        new_id: Gives a fresh application id per request.

    Returns:
        `{"served_at", "missing", "invented", "score_disagreements", "requests", "holds"}`.
    """
    where, document = find_document(app, client)
    if document is None:
        return {"served_at": None, "holds": False}
    routes, listed = routed(app), documented(document)
    requests = ScoreRequests(client, payload, new_id)
    disagreements = score_disagreements(document, requests) if SCORE in routes else []
    findings = {
        "served_at": where,
        "missing": sorted(f"{method} {path}" for method, path in routes - listed),
        "invented": sorted(f"{method} {path}" for method, path in listed - routes),
        "score_requests": requests.sent,
        "score_disagreements": disagreements[:SHOWN],
        "score_disagreement_count": len(disagreements),
    }
    findings["holds"] = not (findings["missing"] or findings["invented"] or disagreements)
    return findings
