"""The stage guard: manifest, folders and README agree; stages change only what they declare."""

from pathlib import Path

from stages.instrument.guard import (
    README_PATH,
    check,
    check_changes,
    check_derived_keys,
    check_folders,
    check_manifest,
    check_markers,
    check_readme,
)
from stages.instrument.manifest import REPOSITORY_ROOT, Manifest, parse_manifest
from stages.instrument.readme_table import generated_table, with_generated_table

TWO_STAGES = """
[[stages]]
number = "00"
package = "monolith"
slug = "monolith"
title = "first"
changes = []

[[stages]]
number = "01"
package = "refactored"
slug = "refactored"
title = "last"
changes = ["app.py"]
"""


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Create `files` (relative path -> text) below `folder`."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def test_the_repository_passes_the_guard(manifest: Manifest):
    assert check(manifest, README_PATH.read_text(), REPOSITORY_ROOT / "stages") == []


def test_an_undeclared_change_between_neighbours_is_reported_by_file(tmp_path):
    write_files(tmp_path / "00", {"app.py": "a = 1\n", "util.py": "x = 1\n", "README.md": "r"})
    write_files(tmp_path / "01", {"app.py": "a = 2\n", "util.py": "x = 2\n", "README.md": "r"})
    manifest = parse_manifest(TWO_STAGES)

    problems = check_changes(manifest, lambda stage: tmp_path / stage.number)

    assert [problem.where for problem in problems] == ["refactored/util.py"]


def test_declared_changes_pass_and_leftovers_are_ignored(tmp_path):
    write_files(tmp_path / "00", {"app.py": "a = 1\n", "__pycache__/app.pyc": "0"})
    write_files(tmp_path / "01", {"app.py": "a = 2\n", "models/m.joblib": "1"})

    assert check_changes(parse_manifest(TWO_STAGES), lambda stage: tmp_path / stage.number) == []


def test_a_repaid_debt_without_its_marker_and_a_marker_too_early_are_reported(tmp_path):
    declared = 'changes = ["app.py"]'
    repaying = TWO_STAGES.replace(declared, declared + '\nrepays = ["DEBT-04"]')
    marker = "# repays DEBT-04 Reload per request: loaded once.\n"
    write_files(tmp_path / "00", {"app.py": marker})
    write_files(tmp_path / "01", {"app.py": "a = 2\n"})

    problems = check_markers(parse_manifest(repaying), lambda stage: tmp_path / stage.number)

    assert [(p.where, p.what.split()[0]) for p in problems] == [
        ("monolith", "marks"),
        ("refactored", "repays"),
    ]
    write_files(tmp_path / "00", {"app.py": "a = 1\n"})
    write_files(tmp_path / "01", {"app.py": marker})
    assert check_markers(parse_manifest(repaying), lambda stage: tmp_path / stage.number) == []


def test_a_declared_change_that_did_not_happen_is_reported(tmp_path):
    write_files(tmp_path / "00", {"app.py": "a = 1\n"})
    write_files(tmp_path / "01", {"app.py": "a = 1\n"})

    problems = check_changes(parse_manifest(TWO_STAGES), lambda stage: tmp_path / stage.number)

    assert len(problems) == 1 and "app.py" in problems[0].what


def test_a_pattern_in_changes_is_reported_and_hides_no_file(tmp_path):
    write_files(tmp_path / "00", {"app.py": "a = 1\n", "util.py": "x = 1\n"})
    write_files(tmp_path / "01", {"app.py": "a = 2\n", "util.py": "x = 2\n"})
    patterned = TWO_STAGES.replace('changes = ["app.py"]', 'changes = ["app.py", "*.py"]')

    problems = check_changes(parse_manifest(patterned), lambda stage: tmp_path / stage.number)

    assert sorted((problem.where, problem.what.split(":")[0]) for problem in problems) == [
        ("refactored", "declares '*.py'"),
        ("refactored/util.py", "differs from monolith but is not declared changed"),
    ]


def test_a_stage_folder_missing_from_the_manifest_is_reported(manifest: Manifest, tmp_path):
    (tmp_path / "stage_07_orphan").mkdir()

    problems = check_folders(manifest, tmp_path)

    assert [problem.what for problem in problems] == ["stage folder missing from the manifest"]


def test_the_committed_readme_table_is_the_one_generated_from_the_manifest(manifest: Manifest):
    readme = README_PATH.read_text()

    assert generated_table(manifest) in readme
    assert check_readme(manifest, readme) == []


def test_a_readme_table_that_disagrees_with_the_manifest_is_reported_and_fixed(
    manifest: Manifest,
):
    readme = README_PATH.read_text()
    stage = manifest.stages[-1]
    edited = readme.replace(f"| {stage.title} |", "| Another title |")

    assert check_readme(manifest, edited)
    assert check_readme(manifest, readme.replace(f"| {stage.number} |", "| 42 |"))
    assert with_generated_table(manifest, edited) == readme


def test_a_readme_without_the_table_markers_is_reported(manifest: Manifest):
    problems = check_readme(manifest, "# A README\n\n## Stages\n\nNo table.\n")

    assert [problem.where for problem in problems] == ["README.md"]


def test_a_hand_kept_repaid_by_in_a_debt_table_is_reported():
    text = '[[debts]]\nid = "DEBT-01"\nrepaid_by = "refactored"\n\n[[debts]]\nid = "DEBT-02"\n'

    problems = check_derived_keys(text)

    assert [problem.where for problem in problems] == ["DEBT-01"]


def stages_table(number: str, package: str, slug: str, repays: str = "") -> str:
    """One `[[stages]]` table of a test manifest."""
    return (
        f'[[stages]]\nnumber = "{number}"\npackage = "{package}"\nslug = "{slug}"\n'
        f'title = "t"\nrepays = [{repays}]\nchanges = []\n\n'
    )


DEBT_TABLE = (
    '[[debts]]\nid = "DEBT-01"\nname = "n"\ncategory = "code"\nliterature = "x"\nprobe = "skew"\n'
)


def test_a_manifest_cut_short_may_end_with_an_intermediate_stage(manifest: Manifest):
    cut_short = Manifest(stages=manifest.stages[:2], debts=manifest.debts)

    assert check_manifest(cut_short) == []


def test_refactored_anywhere_but_last_and_a_folder_off_the_slug_rule_are_reported():
    text = (
        stages_table("00", "monolith", "monolith")
        + stages_table("01", "refactored", "refactored")
        + stages_table("02", "stages.stage_02_separated_concerns", "separated_concerns")
    )

    problems = [str(problem) for problem in check_manifest(parse_manifest(text))]

    assert any("refactored: package should be stages.stage_01_refactored" in p for p in problems)
    assert any("slug 'separated_concerns' is not kebab-case" in p for p in problems)


def test_a_debt_repaid_twice_or_missing_from_the_catalogue_is_reported():
    text = (
        stages_table("00", "monolith", "monolith")
        + stages_table("01", "stages.stage_01_configuration", "configuration", '"DEBT-01"')
        + stages_table("02", "refactored", "refactored", '"DEBT-01", "DEBT-99"')
        + DEBT_TABLE
    )

    problems = {problem.where: problem.what for problem in check_manifest(parse_manifest(text))}

    assert problems["DEBT-01"] == "repaid by 2 stages"
    assert "not in the debt catalogue" in problems["DEBT-99"]
