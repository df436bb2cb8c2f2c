"""The OpenAPI 3.1 document of the service, generated from its routes and its contract table.

Nothing here is written per route: paths, methods and path parameters come from the
url_map, summaries from the views' docstrings, bodies from the pydantic models the stage's
table (`contract.py`) names, as JSON Schema 2020-12, the dialect of OpenAPI 3.1. A route
the table misses stops the application from starting: the document cannot fall behind.
"""

import json
import re
from typing import Any

from flask import Flask, Response
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from .contract_table import (
    JSON,
    SECURITY_SCHEMES,
    Answer,
    Operation,
    contract_gaps,
    documented_rules,
    methods,
)

OPENAPI_PATH = "/openapi.json"
OPENAPI_VERSION = "3.1.0"
TITLE = "Credit scoring service"
CONTRACT_VERSION = "1"
# `<name>` or `<converter:name>` (or `<converter(arguments):name>`) in a Flask rule.
PATH_PARAMETER = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
SCHEMA_REF = "#/components/schemas/{model}"
# The converters of Flask's path parameters, as JSON Schema.
CONVERTER_SCHEMAS = {"int": {"type": "integer"}, "float": {"type": "number"}}
ANY_SEGMENT = {"type": "string", "pattern": "^[^/]+$"}


class OpenAPIDocument(BaseModel):
    """An OpenAPI 3.1 document (its top-level fields; the rest is OpenAPI's own schema)."""

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
    components: dict[str, Any]


class ContractMismatchError(RuntimeError):
    """The contract table and the application's routes disagree."""


OPENAPI_OPERATION = Operation("GET", OPENAPI_PATH, (Answer(200, "The document.", OpenAPIDocument),))


def build_document(app: Flask, operations: tuple[Operation, ...]) -> dict[str, Any]:
    """The OpenAPI 3.1 document of `app`.

    Args:
        app: The application, every route registered.
        operations: The contract table.

    Returns:
        The document, as JSON-ready data.

    Raises:
        ContractMismatchError: When the table and the routes disagree.
    """
    gaps = contract_gaps(app, operations)
    if gaps:
        raise ContractMismatchError("; ".join(gaps))
    by_key = {(operation.method, operation.rule): operation for operation in operations}
    refs, schemas = component_schemas(operations)
    paths: dict[str, dict] = {}
    for rule in documented_rules(app):
        path = paths.setdefault(openapi_path(rule), {})
        for method in methods(rule):
            operation = by_key[(method, rule.rule)]
            path[method.lower()] = operation_object(app, rule, operation, refs)
    used = sorted({name for operation in operations for name in operation.security})
    components: dict[str, Any] = {"schemas": schemas}
    if used:
        components["securitySchemes"] = {name: SECURITY_SCHEMES[name] for name in used}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": TITLE,
            "version": CONTRACT_VERSION,
            "description": "Generated from the service's routes and pydantic schemas.",
        },
        "paths": paths,
        "components": components,
    }


def component_schemas(
    operations: tuple[Operation, ...],
) -> tuple[dict[tuple[type[BaseModel], str], dict], dict[str, Any]]:
    """The JSON Schemas of every model the table names, as shared components.

    Returns:
        Each (model, mode)'s reference, and the components' schemas by name.
    """
    models = {(operation.body, "validation") for operation in operations if operation.body}
    models |= {
        (answer.model, "serialization")
        for operation in operations
        for answer in operation.answers
        if answer.model is not None
    }
    ordered = sorted(models, key=lambda pair: (pair[0].__name__, pair[1]))
    refs, definitions = models_json_schema(ordered, ref_template=SCHEMA_REF)
    return refs, definitions.get("$defs", {})


def openapi_path(rule) -> str:
    """A Flask rule as an OpenAPI path: `/jobs/<job_id>` becomes `/jobs/{job_id}`."""
    return PATH_PARAMETER.sub(lambda match: "{" + match.group("name") + "}", rule.rule)


def converter_of(rule, name: str) -> str:
    """The Flask converter of one path parameter (`default` when none is written)."""
    for match in PATH_PARAMETER.finditer(rule.rule):
        if match.group("name") == name:
            return match.group("converter") or "default"
    raise KeyError(name)


def operation_object(app: Flask, rule, operation: Operation, refs: dict) -> dict[str, Any]:
    """The OpenAPI operation of one route and method."""
    view = app.view_functions[rule.endpoint]
    summary = (view.__doc__ or rule.endpoint).strip().splitlines()[0]
    document: dict[str, Any] = {
        "operationId": f"{rule.endpoint}.{operation.method.lower()}",
        "summary": summary,
        "tags": [rule.endpoint.split(".")[0]],
        "responses": {
            str(answer.status): response_object(answer, refs) for answer in operation.answers
        },
    }
    parameters = [path_parameter(rule, name) for name in sorted(rule.arguments)]
    parameters += [
        {"name": query.name, "in": "query", "required": False, "schema": query.schema}
        | {"description": query.description}
        for query in operation.query
    ]
    if parameters:
        document["parameters"] = parameters
    if operation.body is not None:
        schema = refs[(operation.body, "validation")]
        document["requestBody"] = {
            "required": True,
            "content": {operation.body_media_type: {"schema": schema}},
        }
    document["security"] = [{name: []} for name in operation.security]
    return document


def path_parameter(rule, name: str) -> dict[str, Any]:
    """One path parameter, typed by its Flask converter."""
    schema = CONVERTER_SCHEMAS.get(converter_of(rule, name), ANY_SEGMENT)
    return {"name": name, "in": "path", "required": True, "schema": schema}


def response_object(answer: Answer, refs: dict) -> dict[str, Any]:
    """One documented response."""
    schema = {"type": "string"} if answer.model is None else refs[(answer.model, "serialization")]
    document: dict[str, Any] = {
        "description": answer.description,
        "content": {answer.media_type: {"schema": schema}},
    }
    if answer.headers:
        document["headers"] = {
            name: {"schema": {"type": "string"}, "required": True} for name in answer.headers
        }
    return document


def document_text(document: dict[str, Any]) -> str:
    """The document as committed: sorted keys, two-space indents, a trailing newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def publish_openapi(app: Flask, operations: tuple[Operation, ...]) -> None:
    """Serve the document at `GET /openapi.json`; call it after every route is registered.

    The document is built here, once, so an application whose routes and table disagree
    does not start.

    Raises:
        ContractMismatchError: When the table and the routes disagree.
    """

    def openapi_document() -> Response:
        """This document: the service's OpenAPI 3.1 contract."""
        return Response(text, mimetype=JSON)

    app.add_url_rule(OPENAPI_PATH, "openapi", openapi_document, methods=["GET"])
    text = document_text(build_document(app, (*operations, OPENAPI_OPERATION)))
