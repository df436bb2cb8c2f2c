"""The stage machinery's command line: `python -m stages COMMAND`.

Commands: `list`, `show STAGE`, `diff A B [--stat] [--code]`, `serve STAGE [--port N]`,
`probe STAGE [--debt ID]`, `compare [--json]`, `check [--fix]`, `export-git DEST`,
`bench [--json]`, `replay STAGE --scenario NAME`, `report [--out DIR]`,
`exercise DEBT-NN [--dest DIR]`, `grade DIR [--debt ID] [--json] [--quick]`.
Wherever a command takes a STAGE, its number (`00`), slug or package name works; `serve` and
`diff` also take a student's working folder (`exercise`).
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

from . import bench, diffing, exercise, grade, grade_render, guard, matrix, readme_table, serve
from .export_git import export_git
from .instance import scratch_folder
from .manifest import REPOSITORY_ROOT, Manifest, load_manifest
from .probes.context import ProbeContext
from .replay import command as replay_command
from .report import command as report_command
from .working_folder import WorkingFolder, is_working_folder


def command_list(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Print the stages, in order."""
    for stage in manifest.stages:
        repays = ", ".join(stage.repays) or "-"
        print(f"{stage.number}  {stage.package:<34} {stage.title}\n    repays: {repays}")
    return 0


def command_show(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Print one stage's manifest entry and its README (the stage's narrative)."""
    stage = manifest.stage(arguments.stage)
    print(f"Stage {stage.number} ({stage.tag}): {stage.title}")
    print(f"package {stage.package}, folder {stage.folder.relative_to(REPOSITORY_ROOT)}/")
    print(f"repays: {', '.join(stage.repays) or 'nothing'}")
    print(f"changes: {', '.join(stage.changes) or 'nothing'}\n")
    readme = stage.folder / "README.md"
    print(readme.read_text() if readme.exists() else "(this stage has no README.md yet)")
    return 0


def command_diff(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Print the diff of two stages' folders (with `--code`, of their code files only)."""
    first, second = diff_side(manifest, arguments.first), diff_side(manifest, arguments.second)
    if arguments.stat:
        print(diffing.diff_stat(first, second, arguments.code))
    else:
        print(diffing.unified_diff(first, second, arguments.code), end="")
    return 0


def diff_side(manifest: Manifest, name: str):
    """A stage by its name, else a working folder (a folder holding a package)."""
    try:
        return manifest.stage(name)
    except KeyError:
        if is_working_folder(name):
            return WorkingFolder(Path(name))
        raise


def command_exercise(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Copy the stage before the one that repays a debt into a working folder."""
    chosen = exercise.exercise_for(manifest, arguments.debt)
    try:
        folder = exercise.create(manifest, chosen, arguments.dest)
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 2
    folder = exercise.as_typed(folder)
    print(f"exercise {chosen.base.number} → {chosen.reference.number}: {folder}")
    print(f"read {folder / 'EXERCISE.md'}, then: python -m stages grade {folder}")
    return 0


def command_grade(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Measure a working folder as a stage and print the exercise's verdict."""
    folder = arguments.folder
    chosen = exercise.selected_exercise(manifest, folder, arguments.debt)
    debts = (arguments.debt,) if arguments.debt else ()
    with tempfile.TemporaryDirectory(prefix="grade-", dir=scratch_folder()) as workspace:
        result = grade.grade(manifest, folder, chosen, Path(workspace), debts, arguments.quick)
    if arguments.json:
        print(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        print(grade_render.render(result, manifest))
    return 0 if result.passed else 1


def command_serve(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Serve a stage on localhost until interrupted."""
    serve.serve(arguments.stage, arguments.port, arguments.instance)
    return 0


def selected_debts(manifest: Manifest, debt_ids: list[str] | None):
    """The debts named on the command line, or all of them."""
    if not debt_ids:
        return list(manifest.debts)
    return [manifest.debt(debt_id) for debt_id in debt_ids]


def command_probe(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Run probes on one stage and print each summary and its evidence."""
    stage, debts = manifest.stage(arguments.stage), selected_debts(manifest, arguments.debt)
    scratch = scratch_folder()
    with tempfile.TemporaryDirectory(prefix=f"probe-{stage.slug}-", dir=scratch) as folder:
        context = ProbeContext.start(stage, Path(folder))
        report = matrix.measure_stage(context, debts, all_debts=len(manifest.debts))
    if arguments.json:
        print(json.dumps(matrix.as_json([report]), indent=2, ensure_ascii=False))
        return 0
    for debt in debts:
        if debt.id in report.errors:
            print(f"{debt.id} {debt.name}: probe failed: {report.errors[debt.id]}\n")
            continue
        result = report.results[debt.id]
        verdict = "present" if result.present else "absent"
        print(f"{debt.id} {debt.name}: {verdict} ({result.figure})\n  {result.summary}")
        print("  " + json.dumps(result.as_json()["evidence"], ensure_ascii=False) + "\n")
    print("\n".join(matrix.render_scores([report], len(f"{stage.number} {stage.slug}") + 2)))
    return 1 if report.errors else 0


def command_compare(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Measure the debts on every stage and print the matrix (or its JSON)."""
    stages = [manifest.stage(name) for name in arguments.stage] or list(manifest.stages)
    debts = selected_debts(manifest, arguments.debt)
    reports = matrix.measure(manifest, stages, debts)
    if arguments.json:
        print(json.dumps(matrix.as_json(reports), indent=2, ensure_ascii=False))
    else:
        print(matrix.render(reports, debts, manifest))
        print("\n" + matrix.LEGEND)
    return 1 if any(report.errors for report in reports) else 0


def command_check(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Run the stage guard; list what disagrees and exit 1 if anything does.

    With `--fix`, first rewrite the README's stage table from the manifest.
    """
    readme = guard.README_PATH.read_text()
    if arguments.fix:
        fixed = readme_table.with_generated_table(manifest, readme)
        if fixed != readme:
            guard.README_PATH.write_text(fixed)
            print(f"rewrote the stage table of {guard.README_PATH.name}")
        readme = fixed
    problems = guard.check(manifest, readme, REPOSITORY_ROOT / "stages")
    for problem in problems:
        print(problem)
    if not problems:
        print(f"ok: {len(manifest.stages)} stages; manifest, folders and README agree")
    return 1 if problems else 0


def command_export_git(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Export the stages as a git repository with one tag per stage."""
    for tag in export_git(manifest, arguments.destination):
        print(tag)
    return 0


def command_bench(manifest: Manifest, arguments: argparse.Namespace) -> int:
    """Benchmark each stage's `/score` against its own model's `predict_proba`."""
    stages = [manifest.stage(name) for name in arguments.stage] or list(manifest.stages)
    results = bench.bench(stages, arguments.requests)
    print(json.dumps(results, indent=2) if arguments.json else bench.render(results))
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line's parser."""
    top = argparse.ArgumentParser(prog="python -m stages", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="the stages, in order").set_defaults(run=command_list)
    show = commands.add_parser("show", help="one stage's narrative")
    show.add_argument("stage")
    show.set_defaults(run=command_show)
    diff = commands.add_parser("diff", help="what changes between two stages")
    diff.add_argument("first")
    diff.add_argument("second")
    diff.add_argument("--stat", action="store_true", help="lines added and removed per file")
    diff.add_argument(
        "--code", action="store_true", help="only the code files (*.py, *.html templates)"
    )
    diff.set_defaults(run=command_diff)
    serving = commands.add_parser("serve", help="serve a stage on localhost")
    serve.add_arguments(serving)
    serving.set_defaults(run=command_serve)
    exercising = commands.add_parser("exercise", help="a working folder to repay a debt in")
    exercising.add_argument("debt", help="the debt (DEBT-10, or 10)")
    exercising.add_argument("--dest", type=Path, help="the working folder (exercises/<slug>)")
    exercising.set_defaults(run=command_exercise)
    grading = commands.add_parser("grade", help="measure a working folder: the verdict")
    grading.add_argument("folder", type=Path)
    grading.add_argument("--debt", help="grade this debt (default: the exercise's)")
    grading.add_argument("--json", action="store_true")
    grading.add_argument(
        "--quick", action="store_true", help="leave out the debts to keep: never a pass"
    )
    grading.set_defaults(run=command_grade)
    probe = commands.add_parser("probe", help="measure the debts on one stage")
    probe.add_argument("stage")
    probe.add_argument("--debt", action="append", help="only this debt (repeatable)")
    probe.add_argument("--json", action="store_true")
    probe.set_defaults(run=command_probe)
    compare = commands.add_parser("compare", help="the matrix: every debt on every stage")
    compare.add_argument("--json", action="store_true")
    compare.add_argument("--stage", action="append", default=[], help="only this stage")
    compare.add_argument("--debt", action="append", help="only this debt (repeatable)")
    compare.set_defaults(run=command_compare)
    checking = commands.add_parser("check", help="the stage guard")
    checking.add_argument(
        "--fix", action="store_true", help="first regenerate the README's stage table"
    )
    checking.set_defaults(run=command_check)
    export = commands.add_parser("export-git", help="the stages as a tagged git history")
    export.add_argument("destination", type=Path)
    export.set_defaults(run=command_export_git)
    benchmark = commands.add_parser("bench", help="/score against the model's own limit")
    benchmark.add_argument("--json", action="store_true")
    benchmark.add_argument("--stage", action="append", default=[], help="only this stage")
    benchmark.add_argument("--requests", type=int, default=bench.REQUESTS)
    benchmark.set_defaults(run=command_bench)
    replaying = commands.add_parser("replay", help="a drift scenario over HTTP, as a lender")
    replay_command.add_arguments(replaying)
    replaying.set_defaults(run=replay_command.command_replay)
    reporting = commands.add_parser("report", help="the instructor's HTML report of the stages")
    report_command.add_arguments(reporting)
    reporting.set_defaults(run=report_command.command_report)
    return top


def main(argv: list[str] | None = None) -> None:
    """Run one command and exit with its status.

    Args:
        argv: Command-line arguments; `sys.argv[1:]` when None.
    """
    arguments = parser().parse_args(argv)
    try:
        status = arguments.run(load_manifest(), arguments)
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        status = 2
    sys.exit(status)
