"""`diff A B --code`: only the stages' code files, and the code lines a step changes."""

import re
from pathlib import Path

import pytest

from stages.instrument import manifest as manifest_module
from stages.instrument.cli import main
from stages.instrument.diffing import code_lines_changed, diff_stat, unified_diff
from stages.instrument.folders import changed_files, is_code_file
from stages.instrument.manifest import Manifest, Stage

TOTALS = re.compile(r"^ (\d+) files changed, (\d+) insertions\(\+\), (\d+) deletions\(-\)$")


def run(capsys, *argv: str) -> str:
    """Run the command line in-process; return its standard output (the status must be 0)."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def parse_stat(out: str) -> tuple[dict[str, tuple[int, int]], tuple[int, int, int]]:
    """The rows of a `--stat` output (name -> added, removed) and its totals line's figures."""
    *rows, totals = out.rstrip("\n").splitlines()
    parsed = {}
    for row in rows:
        name, added, removed = row.split()
        parsed[name] = (int(added.lstrip("+")), int(removed.lstrip("-")))
    match = TOTALS.match(totals)
    assert match, totals
    files, insertions, deletions = (int(figure) for figure in match.groups())
    return parsed, (files, insertions, deletions)


def fake_stage(package: str) -> Stage:
    """A stage whose folder is `REPOSITORY_ROOT/package` (point the root at a scratch folder)."""
    return Stage(package[-2:], package, package, package, (), ())


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Write each relative path's text under the folder."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture
def fake_stages(tmp_path: Path, monkeypatch) -> tuple[Stage, Stage]:
    """Two stages that differ in their README, generated files, one module and one template."""
    monkeypatch.setattr(manifest_module, "REPOSITORY_ROOT", tmp_path)
    shared = {"unchanged.py": "x = 1\n", "notes.md": "same\n"}
    write_files(
        tmp_path / "stage_01",
        shared
        | {
            "README.md": "one\ntwo\n",
            "openapi.json": '{"a": 1}\n',
            "data.csv": "a\n1\n",
            "app.py": "a = 1\nb = 2\n",
        },
    )
    write_files(
        tmp_path / "stage_02",
        shared
        | {
            "README.md": "one\nthree\nfour\n",
            "openapi.json": '{"a": 2}\n',
            "data.csv": "a\n2\n",
            "app.py": "a = 1\nb = 3\nc = 4\n",
            "serving/templates/page.html": "<p>{{ x }}</p>\n",
        },
    )
    return fake_stage("stage_01"), fake_stage("stage_02")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("app.py", True),
        ("serving/templates/dashboard.html", True),
        ("README.md", False),
        ("docs/notes.md", False),
        ("openapi.json", False),
        ("data/holdout.csv", False),
        ("py.typed", False),
    ],
)
def test_code_files_are_python_modules_and_templates(name: str, code: bool):
    assert is_code_file(name) is code


def test_code_stat_leaves_out_readmes_and_generated_files(fake_stages):
    first, second = fake_stages

    everything, _ = parse_stat(diff_stat(first, second))
    code, totals = parse_stat(diff_stat(first, second, code_only=True))

    assert sorted(everything) == [
        "README.md",
        "app.py",
        "data.csv",
        "openapi.json",
        "serving/templates/page.html",
    ]
    assert code == {"app.py": (2, 1), "serving/templates/page.html": (1, 0)}
    assert totals == (2, 3, 1)
    assert code_lines_changed(first, second) == 4


def test_code_diff_shows_only_the_code_files(fake_stages):
    first, second = fake_stages

    headers = re.findall(r"^\+\+\+ [^/]+/(\S+)$", unified_diff(first, second, code_only=True), re.M)

    assert headers == ["app.py", "serving/templates/page.html"]
    assert "README.md" in unified_diff(first, second)


def test_code_lines_changed_is_zero_when_only_the_narrative_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(manifest_module, "REPOSITORY_ROOT", tmp_path)
    write_files(tmp_path / "stage_01", {"app.py": "a = 1\n", "README.md": "old\n"})
    write_files(tmp_path / "stage_02", {"app.py": "a = 1\n", "README.md": "new\n"})
    first, second = fake_stage("stage_01"), fake_stage("stage_02")

    assert parse_stat(diff_stat(first, second, code_only=True)) == ({}, (0, 0, 0))
    assert code_lines_changed(first, second) == 0


def test_code_stat_of_two_real_stages_leaves_out_their_readme(capsys, manifest: Manifest):
    first, second = manifest.stage("01"), manifest.stage("02")

    everything, _ = parse_stat(run(capsys, "diff", "01", "02", "--stat"))
    code, totals = parse_stat(run(capsys, "diff", "01", "02", "--code", "--stat"))

    assert "README.md" in everything
    assert list(code) == [
        name for name in changed_files(first.folder, second.folder) if is_code_file(name)
    ]
    assert all(everything[name] == figures for name, figures in code.items())
    assert totals == (
        len(code),
        sum(added for added, _ in code.values()),
        sum(removed for _, removed in code.values()),
    )
    assert code_lines_changed(first, second) == totals[1] + totals[2]


def test_code_stat_leaves_out_the_generated_openapi_document(capsys):
    manifest = manifest_module.load_manifest()
    previous, stage = next(
        (previous, stage)
        for previous, stage in zip(manifest.stages, manifest.stages[1:], strict=False)
        if "openapi.json" in stage.changes and "serving/templates/dashboard.html" in stage.changes
    )
    everything, _ = parse_stat(run(capsys, "diff", previous.number, stage.number, "--stat"))
    code, _ = parse_stat(run(capsys, "diff", previous.number, stage.number, "--code", "--stat"))

    assert "openapi.json" in everything
    assert "openapi.json" not in code
    assert "serving/templates/dashboard.html" in code
