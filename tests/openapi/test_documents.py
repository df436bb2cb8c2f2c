"""Each stage's OpenAPI document: committed as served, complete, and true to real answers."""

import importlib
import json

import jsonschema_rs
import pandas as pd
import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient

from credit_data.load import applicant_payload
from stages.instrument.instance import StageInstance
from stages.instrument.openapi_export import DOCUMENT_NAME, stage_folder, stages_with_contract

# The session's trained instance of each stage with a document (03 on; before the input
# contract there is no schema), from `tests/conftest.py`. The ids name the stage package, so
# the scheduler there runs each test on the worker that holds that stage's instance.
pytestmark = pytest.mark.parametrize("stage_instance", stages_with_contract(), indirect=True)


def serving_module(package: str, name: str):
    """One module of the stage's `serving` package."""
    return importlib.import_module(f"{package}.serving.{name}")


def response_validator(document: dict, path: str, method: str, status: int):
    """A validator of one documented JSON response body."""
    content = document["paths"][path][method]["responses"][str(status)]["content"]
    schema = {**content["application/json"]["schema"], "components": document["components"]}
    return jsonschema_rs.Draft202012Validator(schema)


def test_committed_document_is_the_one_the_stage_serves(
    stage_instance: StageInstance, client: FlaskClient
):
    committed = stage_folder(stage_instance.package) / DOCUMENT_NAME

    served = client.get("/openapi.json")

    assert served.status_code == 200
    assert served.mimetype == "application/json"
    assert committed.read_text() == served.get_data(as_text=True), (
        "regenerate with `python -m stages.instrument.openapi_export`"
    )


def test_every_route_is_in_the_contract_table_and_every_entry_is_routed(
    stage_instance: StageInstance, app: Flask
):
    table = serving_module(stage_instance.package, "contract").OPERATIONS
    openapi = serving_module(stage_instance.package, "openapi")
    contract_gaps = serving_module(stage_instance.package, "contract_table").contract_gaps

    assert contract_gaps(app, (*table, openapi.OPENAPI_OPERATION)) == []


def test_document_lists_every_route_and_method_of_the_url_map(
    stage_instance: StageInstance, app: Flask, client: FlaskClient
):
    document = client.get("/openapi.json").get_json()
    documented = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    routed = {
        (method, rule.rule.replace("<", "{").replace(">", "}"))
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }

    assert documented == routed
    assert document["openapi"] == "3.1.0"


def test_the_document_is_valid_openapi_3_1(client: FlaskClient):
    # Schemathesis checks it against the OpenAPI 3.1 specification's own JSON Schema.
    schemathesis.openapi.from_dict(client.get("/openapi.json").get_json()).validate()


def test_a_scored_applicant_and_health_conform_to_the_document(
    client: FlaskClient, holdout: pd.DataFrame
):
    document = client.get("/openapi.json").get_json()
    payload = applicant_payload(holdout.iloc[0])
    request_schema = document["paths"]["/score"]["post"]["requestBody"]["content"]
    applicant = {
        **request_schema["application/json"]["schema"],
        "components": document["components"],
    }

    score = client.post("/score", json=payload)
    health = client.get("/health")

    assert jsonschema_rs.Draft202012Validator(applicant).is_valid(payload)
    response_validator(document, "/score", "post", 200).validate(score.get_json())
    response_validator(document, "/health", "get", 200).validate(health.get_json())


def test_an_invalid_applicant_is_answered_as_the_document_says(client: FlaskClient):
    document = client.get("/openapi.json").get_json()

    answer = client.post("/score", json={"age": 12.5})

    assert answer.status_code == 400
    response_validator(document, "/score", "post", 400).validate(answer.get_json())
    assert "age" in answer.get_json()["fields"]


def test_a_wrong_method_is_answered_405_with_the_allowed_methods(client: FlaskClient):
    answer = client.delete("/score")

    assert answer.status_code == 405
    assert set(answer.headers["Allow"].split(", ")) >= {"POST"}


def test_the_document_is_written_with_sorted_keys_and_a_final_newline(
    stage_instance: StageInstance,
):
    text = (stage_folder(stage_instance.package) / DOCUMENT_NAME).read_text()

    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
