"""The generator: the document follows the url_map, and a route the table misses stops the app."""

import pytest
from flask import Flask
from pydantic import BaseModel

from refactored.serving.contract_table import Answer, Operation, Query, contract_gaps
from refactored.serving.openapi import ContractMismatchError, build_document, publish_openapi


class Greeting(BaseModel):
    """A body."""

    text: str


def small_app() -> Flask:
    """An application with one open route and one with a typed path parameter."""
    app = Flask(__name__)

    @app.get("/hello")
    def hello():
        """Say hello."""
        return {"text": "hello"}

    @app.post("/items/<int:number>")
    def item(number: int):
        """Replace an item."""
        return {"text": str(number)}

    return app


HELLO = Operation("GET", "/hello", (Answer(200, "Hello.", Greeting),))
ITEM = Operation(
    "POST",
    "/items/<int:number>",
    (Answer(200, "Replaced.", Greeting),),
    body=Greeting,
    security=("bearer",),
    query=(Query("dry_run", {"type": "boolean"}, "Only check."),),
)


def test_a_route_missing_from_the_table_is_a_gap():
    assert contract_gaps(small_app(), (HELLO,)) == [
        "POST /items/<int:number>: routed, not in the table"
    ]


def test_a_table_entry_without_a_route_or_named_twice_is_a_gap():
    ghost = Operation("DELETE", "/hello", (Answer(204, "Gone."),))

    gaps = contract_gaps(small_app(), (HELLO, HELLO, ITEM, ghost))

    assert gaps == ["DELETE /hello: in the table, not routed", "GET /hello: in the table twice"]


def test_an_application_whose_routes_and_table_disagree_does_not_start():
    with pytest.raises(ContractMismatchError, match="POST /items"):
        publish_openapi(small_app(), (HELLO,))


def test_paths_parameters_bodies_and_security_come_from_the_routes_and_the_table():
    document = build_document(small_app(), (HELLO, ITEM))

    item = document["paths"]["/items/{number}"]["post"]
    assert set(document["paths"]) == {"/hello", "/items/{number}"}
    assert item["summary"] == "Replace an item."
    assert item["parameters"][0] == {
        "name": "number",
        "in": "path",
        "required": True,
        "schema": {"type": "integer"},
    }
    assert item["parameters"][1]["name"] == "dry_run"
    assert item["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Greeting"
    }
    assert item["security"] == [{"bearer": []}]
    assert document["paths"]["/hello"]["get"]["security"] == []
    assert document["components"]["schemas"]["Greeting"]["required"] == ["text"]
    assert set(document["components"]["securitySchemes"]) == {"bearer"}


def test_the_published_document_describes_itself():
    app = small_app()
    publish_openapi(app, (HELLO, ITEM))

    answer = app.test_client().get("/openapi.json")

    assert answer.status_code == 200
    assert "/openapi.json" in answer.get_json()["paths"]
