"""The monitoring probes (DEBT-08, DEBT-17): a stage that watches passes; cheats do not.

A stage that watches its inputs and its approved applicants' outcomes is free of both debts;
stages that alert without watching keep both. The replays report outcomes for approved
applicants only and use random opaque ids; an alert before a shift, or on any baseline
replay, is a false alarm; an outcome shift counts as caught only once its shifted outcomes
have been reported. Both probes of one stage share its replays.
"""

import sys

import pytest

from stages.instrument.manifest import Stage, load_manifest
from stages.instrument.probes.context import ProbeContext
from stages.instrument.probes.runner import run_probe
from tests.stages.fake_monitored.cheats import CHECKS, cheat_module

FAKE = Stage("99", "tests.stages.fake_monitored", "fake-monitored", "a stage that watches", (), ())


def measure(package: str, workspace) -> dict:
    """The DEBT-08 and DEBT-17 probes' results on the stage `package`, in one context."""
    stage = Stage("99", package, package.replace("_", "-"), "a fake stage", (), ())
    context, manifest = ProbeContext.start(stage, workspace), load_manifest()
    return {debt: run_probe(context, manifest.debt(debt)) for debt in ("DEBT-08", "DEBT-17")}


def test_a_stage_that_watches_inputs_and_approved_outcomes_is_found_free_of_both_debts(tmp_path):
    results = measure(FAKE.package, tmp_path)

    inputs, outcomes = results["DEBT-08"].evidence, results["DEBT-17"].evidence
    assert inputs["replayed"] and outcomes["takes_outcomes"]
    for scenarios in (inputs["scenarios"], outcomes["scenarios"]):
        assert all(entry["false_alarm_at_batch"] is None for entry in scenarios.values())
    assert set(inputs["scenarios"]) >= {"covariate", "covariate_telephone"}
    assert "prior" not in inputs["scenarios"]
    assert set(outcomes["scenarios"]) >= {"prior", "concept", "concept_long_loans"}
    for name in ("covariate", "covariate_telephone"):
        assert inputs["scenarios"][name]["first_accepted_alert"]["batch"] == 2, name
    for name in ("prior", "concept", "concept_long_loans"):
        assert outcomes["scenarios"][name]["first_accepted_alert"]["batch"] >= 3, name
    assert inputs["example"]["alert"] and outcomes["example"]["alert"]
    assert not results["DEBT-08"].present, results["DEBT-08"].summary
    assert not results["DEBT-17"].present, results["DEBT-17"].summary


@pytest.mark.parametrize("cheat", sorted(CHECKS))
def test_a_stage_that_alerts_without_watching_its_data_keeps_both_debts(
    tmp_path, monkeypatch, cheat
):
    module = cheat_module(cheat)
    monkeypatch.setitem(sys.modules, module.__name__, module)

    results = measure(module.__name__, tmp_path)

    assert results["DEBT-08"].present, results["DEBT-08"].summary
    assert results["DEBT-17"].present, results["DEBT-17"].summary
