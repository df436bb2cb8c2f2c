"""The suite's scheduler groups each stage's tests on one worker, however a test names the stage."""

import pytest

from tests.conftest import stage_of


@pytest.mark.parametrize(
    ("nodeid", "package"),
    [
        ("tests/stages/test_probes.py::test_probe[refactored-DEBT-01]", "refactored"),
        (
            "tests/contract/test_http.py::test_a[stages.stage_08_input_monitoring]",
            "stages.stage_08_input_monitoring",
        ),
        ("tests/openapi/test_stage_03.py::test_the_document", "stages.stage_03_input_contract"),
        ("tests/openapi/stage_07_registry/test_doc.py::test_a", "stages.stage_07_registry"),
        ("tests/openapi/test_doc.py::test_a[03-input-contract]", "stages.stage_03_input_contract"),
        ("tests/openapi/test_doc.py::test_a[stage-11]", "stages.stage_11_admin_security"),
        ("tests/openapi/test_doc.py::test_a[stage-12]", "stages.stage_12_human_review"),
        ("tests/openapi/test_doc.py::test_a[stage-13]", "stages.stage_13_operations"),
        ("tests/openapi/test_doc.py::test_a[stage-14]", "refactored"),
        ("tests/golden/test_x.py::test_a[monolith]", "monolith"),
    ],
)
def test_a_test_id_naming_a_stage_is_grouped_with_that_stage(nodeid: str, package: str):
    assert stage_of(nodeid) == package


@pytest.mark.parametrize(
    "nodeid",
    [
        "tests/stages/test_stages_05_to_07.py::test_a",
        "tests/refactored/test_integration_http.py::test_a[sqlite]",
        "tests/report/test_x.py::test_a[stage_100]",
        "tests/stages/cheats/test_cheats.py::test_the_probe[unused_raw_model-DEBT-01]",
    ],
)
def test_a_test_id_naming_no_stage_is_scheduled_with_its_module(nodeid: str):
    assert stage_of(nodeid) is None
