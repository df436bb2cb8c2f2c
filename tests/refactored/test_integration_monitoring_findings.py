"""Integration: the monitor's stored findings on seeded replays are the recorded ones.

The fixture was first written by the monitor before it was made cheaper (issues 12 and 15; see
`monitoring_findings.py`, which says when it was rewritten): every window (drift, estimated
performance, fairness, prior and concept shift) and every alert must come out the same, floats
within a relative 1e-10 (`RELATIVE_TOLERANCE` says why).
"""

import copy
import json

import pytest

from tests.refactored.monitoring_findings import FIXTURE, REPLAYS, differences, findings_of


@pytest.fixture(scope="module")
def recorded() -> dict:
    return json.loads(FIXTURE.read_text())


@pytest.fixture(scope="module")
def replayed(tmp_path_factory, champion) -> dict:
    return findings_of(champion, tmp_path_factory.mktemp("findings"))


@pytest.mark.parametrize("name", list(REPLAYS))
def test_a_seeded_replay_stores_the_recorded_windows_and_alerts(recorded, replayed, name):
    assert recorded[name]["windows"] and recorded[name]["alerts"]
    assert differences(recorded[name], replayed[name]) == []


def test_the_comparison_finds_a_changed_finding(recorded):
    changed = copy.deepcopy(recorded["concept_approved_lead_in"])
    window = next(w for w in changed["windows"] if w["performance"])
    window["performance"]["prior"]["z"] *= 1 + 1e-9
    changed["alerts"][0]["subject"] += "!"

    found = differences(recorded["concept_approved_lead_in"], changed)

    assert len(found) == 2 and ".prior.z" in found[0] and ".subject" in found[1]
