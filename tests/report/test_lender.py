import dataclasses

import pytest

from stages.instrument.drift.scenarios import scenario
from stages.instrument.replay.lender import replay

from .fakes import FakeStage

SHORT = dataclasses.replace(scenario("concept"), batches=3, batch_size=40)


@pytest.fixture(scope="module")
def fake_and_result():
    """A short concept-shift replay against the fake stage."""
    fake = FakeStage()
    return fake, replay(fake, SHORT, "fake")


def test_only_the_approved_applicants_outcomes_are_reported(fake_and_result):
    fake, _ = fake_and_result
    approved_ids = {
        applicant["application_id"]
        for applicant in fake.scored
        if fake.decide(applicant)["decision"] == "approve"
    }
    reported_ids = {outcome["application_id"] for _, outcome in fake.outcomes}
    assert reported_ids == approved_ids


def test_outcomes_arrive_one_window_late(fake_and_result):
    fake, result = fake_and_result
    first_window = {a["application_id"] for a in fake.scored[: SHORT.batch_size]}
    reported_before_second_window = [
        outcome for scored, outcome in fake.outcomes if scored == SHORT.batch_size
    ]
    assert {o["application_id"] for o in reported_before_second_window} <= first_window
    assert result.windows[0].outcomes_reported == 0
    assert result.windows[1].outcomes_reported == len(reported_before_second_window)


def test_a_review_counts_as_not_approved(fake_and_result):
    fake, result = fake_and_result
    window = fake.scored[: SHORT.batch_size]
    decisions = [fake.decide(applicant)["decision"] for applicant in window]
    assert "review" in decisions
    figures = result.windows[0].figures
    assert figures.approval_rate == pytest.approx(decisions.count("approve") / len(window))
    assert figures.review_rate == pytest.approx(decisions.count("review") / len(window))


def test_application_ids_are_opaque(fake_and_result):
    fake, _ = fake_and_result
    ids = [applicant["application_id"] for applicant in fake.scored]
    assert len(set(ids)) == len(ids)
    assert not any(SHORT.name in application_id for application_id in ids)


def test_only_alerts_raised_during_a_window_are_shown_for_it():
    fake = FakeStage(alerts=[{"id": 1, "kind": "old", "subject": "before the replay"}])
    original_post = fake.post

    def post_and_alert(path, payload):
        answer = original_post(path, payload)
        if path == "/score/batch" and len(fake.scored) == 2 * SHORT.batch_size:
            fake.alerts.append({"id": 2, "kind": "concept", "subject": "auc"})
        return answer

    fake.post = post_and_alert
    result = replay(fake, SHORT, "fake")
    assert [window.alerts for window in result.windows] == [[], ["concept auc"], []]


def test_a_stage_without_outcome_and_alert_routes_gets_neither():
    fake = FakeStage(routes={("/score", "POST")})
    result = replay(fake, SHORT, "fake")
    assert fake.outcomes == []
    assert result.channels.outcomes is None and result.channels.alerts is None
    assert all(window.outcomes_reported == 0 for window in result.windows)
