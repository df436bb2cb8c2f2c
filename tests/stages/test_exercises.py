"""Exercises: every stage step makes a working folder; grading judges three exercises in full.

Every exercise (00→01 … 13→14) is checked structurally: its folder is the previous stage's
code, imports, and its `EXERCISE.md` names the right probe and reference stage. The full grade
(untouched fails on exactly its debt, the reference's files pass, a cheat fails) runs on the
exercises whose probes are cheap: 00→01 (DEBT-10) and 02→03 (DEBT-05). The others are graded
by hand with `benchmarks/exercise_grading.py`.
"""

import json
import shutil
import sys
from pathlib import Path

import pytest
from flask import Flask

from stages.instrument import exercise, grade
from stages.instrument.cli import main
from stages.instrument.diffing import diffed_files
from stages.instrument.exercise_text import readme_section
from stages.instrument.folders import stage_files
from stages.instrument.grade_render import render
from stages.instrument.manifest import load_manifest
from stages.instrument.working_folder import (
    WorkingFolder,
    code_files,
    import_working_folder,
    package_name,
)

from .exercise_folders import CHEAT_EDITS, untouched, with_edits, with_reference

EXERCISES = exercise.all_exercises(load_manifest())
NAMES = [f"exercise-{chosen.reference.number}" for chosen in EXERCISES]


def test_every_stage_step_is_an_exercise(manifest):
    references = [chosen.reference for chosen in EXERCISES]

    assert references == list(manifest.stages[1:])
    for debt in manifest.debts:
        if debt.repaid_by:
            assert debt.id in exercise.exercise_for(manifest, debt.id).debts


@pytest.mark.parametrize("chosen", EXERCISES, ids=NAMES)
def test_the_working_folder_is_the_previous_stage_and_imports(chosen, manifest, tmp_path):
    folder = untouched(manifest, chosen, tmp_path / "work")

    base_files = stage_files(chosen.base.folder)
    assert list(code_files(folder)) == list(base_files)
    assert all(
        path.read_bytes() == base_files[name].read_bytes()
        for name, path in code_files(folder).items()
    )
    assert diffed_files(chosen.base, WorkingFolder(folder)) == []
    text = (folder / "EXERCISE.md").read_text()
    for debt_id in chosen.debts:
        assert f"`{manifest.debt(debt_id).probe}` finds {debt_id} absent" in text
    assert f"`{chosen.reference.package}`" in text
    assert "## The change request\n\n" in text and "## The smell\n\n" in text
    assert exercise.selected_exercise(manifest, folder, None) == chosen
    package = import_working_folder(folder, tmp_path / "code")
    assert callable(sys.modules[package].create_app)


def test_the_measured_name_follows_the_code_not_the_folder(manifest, tmp_path):
    chosen = exercise.exercise_for(manifest, "DEBT-10")
    first = untouched(manifest, chosen, tmp_path / "refactored")
    second = untouched(manifest, chosen, tmp_path / "anything")
    (second / "EXERCISE.md").write_text("DEBT-10 repaid. Done.\n")
    same = package_name(second)

    (second / "app.py").write_text((second / "app.py").read_text() + "\n# edited\n")

    assert package_name(first) == same != package_name(second)


def test_a_working_folder_is_never_overwritten(manifest, tmp_path):
    chosen = exercise.exercise_for(manifest, "DEBT-05")
    folder = untouched(manifest, chosen, tmp_path / "work")

    with pytest.raises(FileExistsError):
        exercise.create(manifest, chosen, folder)


def test_an_exercise_is_chosen_by_its_debt_or_the_folder(manifest, tmp_path):
    five = exercise.exercise_for(manifest, "12")

    assert five.reference.number == "05" and "DEBT-12" in five.debts
    with pytest.raises(KeyError):
        exercise.exercise_for(manifest, "monolith")
    with pytest.raises(KeyError):
        exercise.exercise_for(manifest, "no-such-thing")
    with pytest.raises(KeyError):
        exercise.selected_exercise(manifest, tmp_path, None)


def test_a_section_ends_at_its_next_heading_not_at_a_comment_in_code():
    text = "# T\n## The smell (Wrong)\n\n```python\n# not a heading\nx = 1\n```\nafter\n## Next\nno"

    assert readme_section(text, "The smell") == "```python\n# not a heading\nx = 1\n```\nafter"


def test_the_cli_writes_a_working_folder(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_status:
        main(["exercise", "DEBT-11", "--dest", str(tmp_path / "work")])

    assert exit_status.value.code == 0
    selection = json.loads((tmp_path / "work" / ".exercise.json").read_text())
    assert selection["reference"] == "stages.stage_02_separated_concerns"


# The full grade, on the exercises whose probes are cheap.
FOLDERS = {"untouched": untouched, "reference": with_reference, "cheat": None}
GRADED = [(number, kind) for number in CHEAT_EDITS for kind in FOLDERS]


@pytest.fixture(scope="module")
def grades(manifest, tmp_path_factory) -> dict:
    """Each graded folder's grade, made on first use."""
    return {}


def grade_of(manifest, number: str, kind: str, grades: dict, tmp_path_factory) -> grade.Grade:
    """Grade one kind of working folder of the exercise whose reference is stage `number`."""
    if (number, kind) not in grades:
        chosen = exercise.exercise_for(manifest, manifest.stage(number).slug)
        root = tmp_path_factory.mktemp(f"grade-{number}-{kind}")
        if kind == "cheat":
            folder = with_edits(manifest, chosen, root / "work", CHEAT_EDITS[number])
        else:
            folder = FOLDERS[kind](manifest, chosen, root / "work")
        grades[number, kind] = grade.grade(manifest, folder, chosen, root / "workspace")
    return grades[number, kind]


@pytest.mark.parametrize(("number", "kind"), GRADED, ids=[f"{n}-{k}" for n, k in GRADED])
def test_grading_fails_the_untouched_and_the_cheat_and_passes_the_reference(
    number, kind, manifest, grades, tmp_path_factory
):
    result = grade_of(manifest, number, kind, grades, tmp_path_factory)
    text = render(result, manifest)

    if kind == "reference":
        assert result.passed, text
        assert "Verdict: done." in text
    else:
        assert [check.name.split()[0] for check in result.failed()] == list(result.debts), text
        assert "Verdict: not yet." in text and "Next hint: the probe of" in text
    assert [check.kind for check in result.checks][: len(result.debts)] == ["repaid"]
    assert json.loads(json.dumps(result.as_json()))["passed"] == result.passed


def test_a_debt_repaid_before_must_stay_repaid(manifest, tmp_path):
    # The monolith's code graded as exercise 01→02: DEBT-11 is not repaid, and DEBT-10,
    # which stage 01 had repaid, is present again.
    chosen = exercise.exercise_for(manifest, "DEBT-11")
    folder = exercise.create(manifest, exercise.exercise_for(manifest, "DEBT-10"), tmp_path / "w")

    result = grade.grade(manifest, folder, chosen, tmp_path / "workspace")

    failed = {(check.kind, check.name.split()[0]) for check in result.failed()}
    assert failed == {("repaid", "DEBT-11"), ("kept", "DEBT-10")}
    assert "DEBT-10 was repaid on the stage you copied" in grade.next_hint(result, manifest)


def run(capsys, *argv: str) -> tuple[int, str]:
    """Run the command line in-process; its exit status and standard output."""
    with pytest.raises(SystemExit) as exit_status:
        main(list(argv))
    return exit_status.value.code, capsys.readouterr().out


def test_diff_compares_a_working_folder_with_a_stage(manifest, tmp_path, capsys):
    chosen = exercise.exercise_for(manifest, "DEBT-05")
    folder = untouched(manifest, chosen, tmp_path / "work")

    _, against_base = run(capsys, "diff", "02", str(folder), "--stat")
    _, against_reference = run(capsys, "diff", "03", str(folder), "--code", "--stat")

    assert against_base.strip() == "0 files changed, 0 insertions(+), 0 deletions(-)"
    changed = [line.split()[0] for line in against_reference.splitlines()[:-1]]
    assert changed == [name for name in chosen.reference.changes if name.endswith(".py")]


def test_serve_runs_a_working_folder(manifest, tmp_path, capsys, monkeypatch):
    served = []
    monkeypatch.setattr(Flask, "run", lambda app, host, port: served.append(app))
    folder = untouched(manifest, exercise.exercise_for(manifest, "DEBT-10"), tmp_path / "work")

    status, _ = run(capsys, "serve", str(folder), "--instance", str(tmp_path / "instance"))

    assert status == 0 and (tmp_path / "instance" / "models").is_dir()
    assert served[0].test_client().get("/health").status_code == 200


def test_grade_json_names_a_folder_that_does_not_import(manifest, tmp_path, capsys):
    folder = untouched(manifest, exercise.exercise_for(manifest, "DEBT-10"), tmp_path / "work")
    (folder / "__init__.py").write_text("raise RuntimeError('half-done')\n")

    status, out = run(capsys, "grade", str(folder), "--json")

    graded = json.loads(out)
    assert status == 1 and not graded["passed"]
    assert graded["exercise"]["debts"] == ["DEBT-10"]
    assert [(c["kind"], c["passed"]) for c in graded["checks"]] == [("imports", False)]
    assert "half-done" in graded["checks"][0]["detail"]


def test_the_same_code_graded_twice_is_imported_from_each_grades_own_copy(manifest, tmp_path):
    folder = untouched(manifest, exercise.exercise_for(manifest, "DEBT-04"), tmp_path / "work")
    first = import_working_folder(folder, tmp_path / "first")
    shutil.rmtree(tmp_path / "first")

    second = import_working_folder(folder, tmp_path / "second")

    assert first == second
    assert Path(sys.modules[second].__file__).parent == tmp_path / "second" / second


def test_a_quick_grade_never_passes(manifest):
    chosen = exercise.exercise_for(manifest, "DEBT-10")
    check = grade.Check(grade.REPAID, "DEBT-10 Configuration debt", True, "absent")
    quick = grade.Grade(Path("work"), chosen, ("DEBT-10",), "exercise_x", (check,), False)

    assert not quick.passed and quick.as_json()["complete"] is False
    assert "not measured (--quick)" in render(quick, manifest)
    assert "without --quick" in grade.next_hint(quick, manifest)


def test_a_folder_whose_application_does_not_start_fails_every_check_it_needs(manifest, tmp_path):
    chosen = exercise.exercise_for(manifest, "DEBT-10")
    folder = untouched(manifest, chosen, tmp_path / "work")
    (folder / "__init__.py").write_text(
        "def create_app(settings=None):\n    raise RuntimeError('half-done')\n"
    )

    result = grade.grade(manifest, folder, chosen, tmp_path / "workspace")

    failed = [(check.kind, check.name.split()[0]) for check in result.failed()]
    assert failed == [("repaid", "DEBT-10"), ("contract", "every"), ("golden", "the")]
    assert "half-done" in result.checks[1].detail
