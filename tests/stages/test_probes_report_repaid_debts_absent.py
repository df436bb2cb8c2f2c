"""Probes of debts no project stage repays yet can report them absent, on a stage that has.

`fake_repaid` stands in for what part 2 of the refactored service will build: gated
retraining with rollback, admin routes behind a token, reasons and a review band.
"""

import pytest

from stages.instrument.manifest import Stage, load_manifest
from stages.instrument.probes.context import ProbeContext
from stages.instrument.probes.result import ProbeResult
from stages.instrument.probes.runner import run_probe

FAKE = Stage("98", "tests.stages.fake_repaid", "fake-repaid", "a stage that repaid", (), ())


DEBT_IDS = ["DEBT-07", "DEBT-13", "DEBT-14", "DEBT-15"]


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, ProbeResult]:
    """The four probes' results on the fake stage, measured once for this module."""
    context = ProbeContext.start(FAKE, tmp_path_factory.mktemp("fake-repaid"))
    return {debt_id: run_probe(context, load_manifest().debt(debt_id)) for debt_id in DEBT_IDS}


@pytest.mark.parametrize("debt_id", DEBT_IDS)
def test_the_probe_finds_the_debt_absent(results: dict[str, ProbeResult], debt_id: str):
    assert not results[debt_id].present, results[debt_id].summary


def test_the_gate_refuses_the_shuffled_model_and_a_valid_promotion_is_rolled_back(results):
    evidence = results["DEBT-07"].evidence

    assert evidence["retrain_status"] == 422 and not evidence["served_model_changed"]
    assert evidence["valid_retrain_status"] == 200 and evidence["valid_model_served"]
    assert evidence["rollback_status"] == 200 and evidence["promotion_rolled_back"]
