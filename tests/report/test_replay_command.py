import dataclasses

from stages.instrument import cli
from stages.instrument.drift.scenarios import scenario
from stages.instrument.replay.lender import replay
from stages.instrument.replay.render import render

from .fakes import FakeStage

SHORT = dataclasses.replace(scenario("prior"), batches=3, batch_size=30)


def test_the_table_has_one_line_per_window_and_says_which_routes_were_used():
    table = render(replay(FakeStage(), SHORT, "fake"))
    lines = table.splitlines()
    assert "outcome route: /outcomes; alert route: /monitoring/alerts" in lines[1]
    window_lines = [line for line in lines if line[:1] in {"1", "2", "3"}]
    assert len(window_lines) == 3
    assert "oracle: every applicant's outcome" in table


def test_a_stage_without_monitoring_shows_no_alert_route():
    table = render(replay(FakeStage(routes={("/score", "POST")}), SHORT, "fake"))
    assert "alert route: none" in table


def test_replay_against_an_unreachable_url_exits_1_with_the_reason(capsys):
    arguments = cli.parser().parse_args(
        ["replay", "00", "--scenario", "concept", "--url", "http://127.0.0.1:9"]
    )
    assert arguments.run(cli.load_manifest(), arguments) == 1
    assert "replay stopped" in capsys.readouterr().err
