"""The monitoring probe (DEBT-08): a stage that watches passes; stages that cheat do not.

The replays report outcomes for approved applicants only and use random opaque ids; an
alert before a shift, or on any baseline replay, is a false alarm; an outcome shift counts
as caught only once its shifted outcomes have been reported.
"""

import sys

import pytest

from stages.instrument.manifest import Stage, load_manifest
from stages.instrument.probes.context import ProbeContext
from stages.instrument.probes.runner import run_probe
from tests.stages.fake_monitored.cheats import CHECKS, cheat_module

FAKE = Stage("99", "tests.stages.fake_monitored", "fake-monitored", "a stage that watches", (), ())


def measure(package: str, workspace) -> object:
    """The DEBT-08 probe's result on the stage `package`."""
    stage = Stage("99", package, package.replace("_", "-"), "a fake stage", (), ())
    return run_probe(ProbeContext.start(stage, workspace), load_manifest().debt("DEBT-08"))


def test_a_stage_that_watches_inputs_and_approved_outcomes_is_found_free_of_the_debt(tmp_path):
    result = measure(FAKE.package, tmp_path)

    scenarios = result.evidence["scenarios"]
    assert result.evidence["replayed"]
    assert all(entry["false_alarm_at_batch"] is None for entry in scenarios.values())
    assert scenarios["covariate"]["first_accepted_alert"]["batch"] == 2
    for name in ("prior", "concept", "concept_long_loans"):
        assert scenarios[name]["first_accepted_alert"]["batch"] >= 3, name
    assert result.evidence["example"]["alert"]
    assert not result.present, result.summary


@pytest.mark.parametrize("cheat", sorted(CHECKS))
def test_a_stage_that_alerts_without_watching_its_data_keeps_the_debt(tmp_path, monkeypatch, cheat):
    module = cheat_module(cheat)
    monkeypatch.setitem(sys.modules, module.__name__, module)

    result = measure(module.__name__, tmp_path)

    assert result.present, result.summary
