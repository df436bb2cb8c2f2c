"""The tour's matrix measures each debt on the stage that repays it and on the stage before."""

from stages.instrument.manifest import Manifest
from stages.instrument.tour_steps import step_debts


def test_each_repaid_debt_is_measured_on_its_stage_and_on_the_stage_before(manifest: Manifest):
    steps = [{debt.id for debt in step} for step in step_debts(manifest)]

    for index, stage in enumerate(manifest.stages):
        for debt_id in stage.repays:
            assert debt_id in steps[index], (stage.package, debt_id)
            assert index > 0 and debt_id in steps[index - 1], (stage.package, debt_id)


def test_a_stage_is_measured_only_on_its_own_step_and_the_next(manifest: Manifest):
    stages = list(manifest.stages)
    for index, step in enumerate(step_debts(manifest)):
        nearby = set(stages[index].repays)
        if index + 1 < len(stages):
            nearby |= set(stages[index + 1].repays)
        assert {debt.id for debt in step} == nearby, stages[index].package


def test_every_debt_of_the_catalogue_is_measured_somewhere(manifest: Manifest):
    measured = {debt.id for step in step_debts(manifest) for debt in step}

    assert measured == {debt.id for debt in manifest.debts}
