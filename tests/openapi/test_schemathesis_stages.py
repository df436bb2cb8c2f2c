"""Schemathesis on every stage that publishes its contract, in process: a short run each.

The last stage also gets the long run over real HTTP (`test_schemathesis_live.py`). Here each
stage is served through its WSGI application on a fresh instance of its own (Schemathesis
stores answers and starts retrainings: the session's shared instance stays untouched), with
valid and invalid examples, derandomised, and every check Schemathesis applies to a response,
with the admin token. A retraining trains for seconds: it gets one example.
"""

import importlib

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from stages.instrument.instance import new_instance
from stages.instrument.openapi_export import stages_with_contract

EXAMPLES = 10
# A retraining trains for seconds (in the request before stage 09, in a child process from
# 09 on): one example each.
SLOW_OPERATIONS = {"POST /retrain": 1, "POST /admin/retrain": 1}
# Stages with admin routes (09) get a token, sent with every request; earlier stages ignore it.
ADMIN_TOKEN = "schemathesis-admin-token"
ADMIN_HEADERS = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
# An invalid body may be refused for its size before its content: 413 is a rejection too
# (documented on every route that takes a JSON body). Schemathesis's default list lacks it.
NEGATIVE_DATA_REJECTED = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, "5xx"]
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": NEGATIVE_DATA_REJECTED}}}
)


def has_inputs(operation) -> bool:
    """Whether an operation takes anything an invalid example could break."""
    return any(
        len(inputs) for inputs in (operation.body, operation.query, operation.path_parameters)
    )


def run_operation(operation, mode: GenerationMode, examples: int) -> int:
    """Run Schemathesis on one operation; return how many examples it sent."""
    sent = []

    @given(case=operation.as_strategy(generation_mode=mode, headers=ADMIN_HEADERS))
    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[phase for phase in settings.default.phases if phase.name != "shrink"],
        suppress_health_check=list(HealthCheck),
    )
    def check(case) -> None:
        sent.append(case)
        case.call_and_validate()

    check()
    return len(sent)


@pytest.mark.slow
@pytest.mark.parametrize("package", stages_with_contract())
def test_schemathesis_finds_no_failure_in_the_stage(package: str, tmp_path):
    instance = new_instance(package, tmp_path / "instance")
    instance.create_app()
    app = importlib.import_module(package).create_app(
        {**instance.settings, "ADMIN_TOKEN": ADMIN_TOKEN}
    )
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app, config=CONFIG)
    sent = 0

    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        examples = SLOW_OPERATIONS.get(label, EXAMPLES)
        modes = [GenerationMode.POSITIVE]
        if label not in SLOW_OPERATIONS and has_inputs(operation):
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:
            sent += run_operation(operation, mode, examples)

    print(f"{package}: {sent} examples")  # shown by `pytest -rP`
    assert sent > 0
