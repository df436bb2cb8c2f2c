"""The command line, `python -m stages`: every command runs and says what it should."""

import json
import subprocess
import sys

import pytest
from flask import Flask

from stages.instrument.cli import main
from stages.instrument.folders import changed_files
from stages.instrument.manifest import Manifest


def run(capsys, *argv: str) -> tuple[int, str]:
    """Run the command line in-process; return its exit status and standard output."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    return exit_info.value.code, capsys.readouterr().out


def test_list_shows_every_stage_in_order(capsys, manifest: Manifest):
    status, out = run(capsys, "list")

    assert status == 0
    positions = [out.index(f"{stage.number}  {stage.package}") for stage in manifest.stages]
    assert positions == sorted(positions)


def test_show_accepts_number_slug_or_package_and_prints_the_narrative(capsys):
    outputs = [run(capsys, "show", name)[1] for name in ("00", "monolith", "0")]

    assert outputs[0] == outputs[1] == outputs[2]
    assert "stage-00-monolith" in outputs[0]
    assert "## Planted debts" in outputs[0]


def test_an_unknown_stage_exits_2(capsys):
    assert run(capsys, "show", "99")[0] == 2


def test_diff_stat_counts_the_lines_of_each_changed_file(capsys, manifest: Manifest):
    if len(manifest.stages) < 2:
        pytest.skip("one stage: nothing to diff")
    first, second = manifest.stages[0], manifest.stages[1]

    status, out = run(capsys, "diff", first.number, second.number, "--stat")

    assert status == 0
    assert "files changed" in out.splitlines()[-1]
    changed = changed_files(first.folder, second.folder)
    assert changed and [line.split()[0] for line in out.splitlines()[:-1]] == changed


def test_diff_of_a_stage_with_itself_is_empty(capsys):
    assert run(capsys, "diff", "00", "monolith") == (0, "")


def test_check_passes_on_the_repository(capsys):
    status, out = run(capsys, "check")

    assert status == 0
    assert out.startswith("ok:")


def test_probe_one_debt_prints_its_summary_and_evidence(capsys):
    status, out = run(capsys, "probe", "monolith", "--debt", "DEBT-10")

    assert status == 0
    assert out.startswith("DEBT-10 Configuration debt: present")
    assert "sqlite:///instance/monolith/scores.db" in out


def test_compare_json_has_the_documented_shape(capsys, manifest: Manifest):
    # The first and the last stage: a notebook's binaries and a pipeline (every stage in
    # between is measured by the probe tests; training each here would double that cost).
    selection = ["--stage", "00", "--stage", "refactored", "--debt", "DEBT-10", "--debt", "DEBT-11"]
    status, out = run(capsys, "compare", "--json", *selection)
    document = json.loads(out)

    assert status == 0
    assert [stage["package"] for stage in document["stages"]] == ["monolith", "refactored"]
    for stage in document["stages"]:
        assert set(stage["probes"]) == {"DEBT-10", "DEBT-11"}
        for probe in stage["probes"].values():
            assert isinstance(probe["present"], bool)
            assert isinstance(probe["summary"], str) and isinstance(probe["evidence"], dict)
        # On a subset of the debts the score is not computed, rather than printed as 0.
        assert stage["ml_test_score"]["computed"] is False


def test_compare_prints_the_matrix_and_how_to_read_it(capsys):
    status, out = run(capsys, "compare", "--stage", "00", "--debt", "DEBT-11")

    assert status == 0
    header = out.splitlines()[:2]
    assert (
        header[0].split()[-1] == "DEBT-11"
        and "Entanglement, no separation of concerns" in header[1]
    )
    assert "00 monolith" in out and "✗ 1 mixed" in out
    assert "How to read it" in out and "not computed" in out


def test_export_git_writes_one_commit_and_annotated_tag_per_stage(
    capsys, manifest: Manifest, tmp_path
):
    destination = tmp_path / "history"

    status, out = run(capsys, "export-git", str(destination))

    tags = [stage.tag for stage in manifest.stages]
    assert status == 0 and out.split() == tags
    listed = subprocess.run(
        ["git", "for-each-ref", "--format=%(objecttype) %(refname:short)", "refs/tags"],
        cwd=destination,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    assert sorted(line for line in listed if line) == sorted(f"tag {tag}" for tag in tags)
    commits = subprocess.run(
        ["git", "rev-list", "--count", "HEAD"],
        cwd=destination,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert int(commits) == len(tags)
    assert (destination / "monolith" / "app.py").read_bytes() == (
        manifest.stages[0].folder / "app.py"
    ).read_bytes()


def test_bench_reports_the_ratios_to_the_limit_for_binaries_and_for_a_pipeline(capsys):
    selection = ["--stage", "00", "--stage", "refactored"]
    status, out = run(capsys, "bench", "--json", "--requests", "5", *selection)
    results = json.loads(out)

    assert status == 0
    assert [result["package"] for result in results] == ["monolith", "refactored"]
    for result in results:
        assert result["score_requests"] == 5 and result["limit_one_row_ms"] > 0
        assert result["score_p95_ms"] >= result["score_p50_ms"]
        ratio = result["score_p50_ms"] / result["limit_one_row_ms"]
        assert result["p50_over_one_row_limit"] == pytest.approx(ratio)


def test_serve_builds_the_stage_on_the_instance_folder_and_runs_it_on_localhost(
    capsys, monkeypatch, tmp_path
):
    served = []
    monkeypatch.setattr(Flask, "run", lambda app, host, port: served.append((app, host, port)))

    status, _ = run(capsys, "serve", "00", "--port", "5123", "--instance", str(tmp_path / "i"))

    ((app, host, port),) = served
    assert (status, host, port) == (0, "127.0.0.1", 5123)
    assert (tmp_path / "i" / "models").is_dir()
    assert app.test_client().get("/health").status_code == 200


def test_python_dash_m_stages_runs_the_command_line():
    completed = subprocess.run(
        [sys.executable, "-m", "stages", "list"], check=True, capture_output=True, text=True
    )

    assert completed.stdout.startswith("00  monolith")
