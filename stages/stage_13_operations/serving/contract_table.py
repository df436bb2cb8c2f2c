"""The vocabulary of a stage's contract table, and its check against the routes.

A stage's `contract.py` says, with these, what the url_map does not: per route and method,
which request body, which statuses with which answer, who may call, which query arguments.
`openapi.py` turns the table into the OpenAPI document; `contract_gaps` finds every route
the table misses and every entry no route has.
"""

from dataclasses import dataclass
from typing import Any

from flask import Flask
from pydantic import BaseModel

JSON = "application/json"
HTML = "text/html"
TEXT = "text/plain"
FORM = "application/x-www-form-urlencoded"
# Methods Flask adds to every rule by itself; only the methods a view declares are documented.
IMPLICIT_METHODS = {"HEAD", "OPTIONS"}
# The ways in an operation's `security` names.
SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "The admin token: `Authorization: Bearer <token>`.",
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "credit_dashboard",
        "description": "The dashboard's login session, set by `POST /login`.",
    },
}


@dataclass(frozen=True)
class Answer:
    """One documented response of an operation.

    Attributes:
        status: The HTTP status.
        description: When the service answers it.
        model: The JSON body's pydantic model; None for an HTML page (`media_type` HTML).
        media_type: The body's media type.
        headers: Names of the response headers worth documenting (`Location`).
    """

    status: int
    description: str
    model: type[BaseModel] | None = None
    media_type: str = JSON
    headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Query:
    """One query parameter.

    Attributes:
        name: Its name.
        schema: Its JSON Schema.
        description: What it does.
    """

    name: str
    schema: dict[str, Any]
    description: str


@dataclass(frozen=True)
class Operation:
    """What the url_map does not say about one route and method.

    Attributes:
        method: The HTTP method, upper case.
        rule: The Flask rule, as in the url_map (`/admin/jobs/<job_id>`).
        answers: Every status the route answers, with its body.
        body: The request body's pydantic model, if it takes one.
        body_media_type: The request body's media type (JSON, or a form).
        security: The ways in, any one of which suffices (`bearer`, `session`); empty: open.
        query: The query parameters it reads.
    """

    method: str
    rule: str
    answers: tuple[Answer, ...]
    body: type[BaseModel] | None = None
    body_media_type: str = JSON
    security: tuple[str, ...] = ()
    query: tuple[Query, ...] = ()


def contract_gaps(app: Flask, operations: tuple[Operation, ...]) -> list[str]:
    """The disagreements between the application's routes and the contract table.

    Args:
        app: The application, every route registered.
        operations: The contract table.

    Returns:
        One line per route and method the table misses, per entry no route has, and per
        entry named twice; empty when they agree.
    """
    routed = {(method, rule.rule) for rule in documented_rules(app) for method in methods(rule)}
    described = [(operation.method, operation.rule) for operation in operations]
    gaps = []
    for method, rule in sorted(routed):
        if (method, rule) not in described:
            gaps.append(f"{method} {rule}: routed, not in the table")
    for method, rule in sorted(set(described)):
        if (method, rule) not in routed:
            gaps.append(f"{method} {rule}: in the table, not routed")
        if described.count((method, rule)) > 1:
            gaps.append(f"{method} {rule}: in the table twice")
    return gaps


def documented_rules(app: Flask) -> list:
    """The url_map's rules, `static` aside, in path order."""
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    return sorted(rules, key=lambda rule: rule.rule)


def methods(rule) -> list[str]:
    """The methods a rule's view declares, sorted."""
    return sorted(set(rule.methods) - IMPLICIT_METHODS)
