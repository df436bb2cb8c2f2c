import itertools
import json

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def replays(small_report) -> dict:
    """The small report's replays by stage."""
    document = json.loads((small_report / "report.json").read_text())
    return {replay["stage"]: replay for replay in document["replays"]}


def test_the_monolith_has_no_outcome_or_alert_route(replays):
    monolith = replays["monolith"]
    assert monolith["channels"] == {"batch": None, "outcomes": None, "alerts": None}
    assert all(window["outcomes_reported"] == 0 for window in monolith["windows"])


def test_the_refactored_stage_is_sent_the_approved_outcomes_one_window_late(replays):
    windows = replays["refactored"]["windows"]
    assert replays["refactored"]["channels"]["outcomes"] == "/outcomes"
    for previous, current in itertools.pairwise(windows):
        figures = previous["figures"]
        approved = round(figures["approval_rate"] * figures["applicants"])
        assert current["outcomes_reported"] == approved
        assert current["outcomes_refused"] == 0


def test_every_window_has_its_oracle_and_lender_figures(replays):
    for replay in replays.values():
        for window in replay["windows"]:
            assert window["figures"]["applicants"] == 20
            assert 0 <= window["figures"]["oracle_cost"] <= 5
