"""The monitoring probe (DEBT-08) replays the drift scenarios; a stage that watches passes."""

from stages.instrument.manifest import Stage, load_manifest
from stages.instrument.probes.context import ProbeContext
from stages.instrument.probes.runner import run_probe

FAKE = Stage("99", "tests.stages.fake_monitored", "fake-monitored", "a stage that watches", (), ())


def test_a_stage_that_watches_inputs_and_outcomes_is_found_free_of_the_debt(tmp_path):
    context = ProbeContext.start(FAKE, tmp_path)

    result = run_probe(context, load_manifest().debt("DEBT-08"))

    scenarios = result.evidence["scenarios"]
    assert result.evidence["replayed"]
    assert scenarios["baseline"]["first_alert_batch"] is None
    assert scenarios["covariate"]["first_alert_batch"] == 2
    assert scenarios["prior"]["first_alert_batch"] in (2, 3)
    assert scenarios["concept"]["first_alert_batch"] in (3, 4)
    assert not result.present, result.summary
