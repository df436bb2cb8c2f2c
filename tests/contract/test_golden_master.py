"""Golden master: the decision and probability (4 decimals) of every holdout applicant.

On a mismatch the test writes `tests/golden/<stage>.received.csv`. Review the difference, then
approve it with `make approve STAGE=<stage>`. A stage that only refactors must match its
predecessor's approved file; a stage that changes behaviour on purpose gets its own and says why
in its README.
"""

import pytest

from stages.instrument.instance import StageInstance
from tests.support.golden import approved_path, as_table, read_table, received_path
from tests.support.scoring import ScoredRows


def test_holdout_answers_match_the_approved_golden_master(
    stage_instance: StageInstance, holdout_scores: ScoredRows
):
    stage = stage_instance.package
    received = as_table(
        holdout_scores.application_ids, holdout_scores.decisions, holdout_scores.probabilities
    )
    approved = approved_path(stage)
    if approved.exists() and received.equals(read_table(approved)):
        received_path(stage).unlink(missing_ok=True)
        return

    received.to_csv(received_path(stage), index=False, lineterminator="\n")
    if not approved.exists():
        pytest.fail(f"no approved golden master; review {received_path(stage)} and approve it")
    differing = (received != read_table(approved)).any(axis=1).sum()
    pytest.fail(
        f"{differing} of {len(received)} holdout answers differ from {approved.name}; "
        f"review {received_path(stage)} and approve it with `make approve STAGE={stage}`"
    )
