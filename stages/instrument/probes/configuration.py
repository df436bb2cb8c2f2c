"""DEBT-10 Configuration debt: does the stage take its settings from outside, and only those?

From stage 01 on, the contract's settings (`DATABASE_URL`, `DATA_PATH`, `MODEL_DIR`,
`INSTANCE_PATH`) are honoured both as `create_app(settings)` keys and as `CREDIT_<NAME>`
environment variables. Two behavioural legs decide:

1. environment only: in a child process whose working directory is an empty temporary folder
   and whose environment holds only the `CREDIT_*` variables (and the import path), pointing
   at a trained copy of the instance, `create_app()` then `POST /score` answers 200, and
   nothing is written outside the instance folder (files opened for writing and SQLite
   databases seen by an audit hook in the child; the working directory stays empty);
2. isolation: two apps built in one process on two instances stay apart: an applicant sent
   to the first lands in the first's database, not the second's (an app whose `create_app`
   rebinds module globals sends it to the last one configured).

An `ast` scan of the whole package (no module exempted by its name) lists string literals
that are URLs or relative file paths, secrets assigned to names such as `token`, and numbers
between 0 and 1 that serve as thresholds: evidence of where configuration lives, never the
verdict.
"""

import ast
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from credit_data.load import applicant_payload

from ..database import count_rows_mentioning
from ..instance import StageInstance
from ..manifest import REPOSITORY_ROOT
from .context import ProbeContext
from .package_copy import import_root
from .result import ProbeResult
from .source import Module, docstring_nodes, package_modules

DEBT_ID = "DEBT-10"
CHILD = "stages.instrument.probes.settings_child"
CHILD_TIMEOUT_SECONDS = 300
RELATIVE_PATH = re.compile(r"^[\w.~-]+(/[\w.-]+)+/?$")
MIME_PREFIXES = ("application/", "text/", "multipart/", "image/")
SECRET_NAMES = re.compile(r"token|secret|password|passwd|api_?key", re.IGNORECASE)
THRESHOLD_NAMES = re.compile(r"cutoff|cut_off|threshold", re.IGNORECASE)


def environment_of(instance: StageInstance) -> dict[str, str]:
    """The instance's settings as `CREDIT_<NAME>` variables."""
    return {f"CREDIT_{name}": value for name, value in instance.settings.items()}


def from_environment_only(context: ProbeContext) -> dict:
    """Leg 1: build and use the app in a child process configured by the environment only."""
    instance = context.trained_copy("configured-by-environment")
    applicant = {
        **applicant_payload(context.holdout.iloc[0]),
        "application_id": context.new_id("environment"),
    }
    roots = dict.fromkeys([str(REPOSITORY_ROOT), str(import_root(context.stage.package))])
    # Python's own byte-code cache is not the stage writing: keep it out of the observation.
    environment = {
        **environment_of(instance),
        "PYTHONPATH": os.pathsep.join(roots),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    with tempfile.TemporaryDirectory(dir=context.workspace, prefix="empty-cwd-") as directory:
        completed = subprocess.run(
            [sys.executable, "-m", CHILD, context.stage.package, json.dumps(applicant)],
            cwd=directory,
            env=environment,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT_SECONDS,
        )
        left_in_cwd = sorted(str(p.relative_to(directory)) for p in Path(directory).rglob("*"))
    lines = completed.stdout.strip().splitlines()
    seen = json.loads(lines[-1]) if lines else {"status": None, "written": []}
    folder = instance.folder.resolve()
    outside = sorted(
        {path for path in seen["written"] if not Path(path).resolve().is_relative_to(folder)}
    )
    outside = [path for path in outside if not in_system_temp(path, context.workspace)]
    return {
        "status": seen["status"],
        "error": seen.get("error") or (completed.stderr[-300:] if not lines else None),
        "written_outside_instance": outside[:5],
        "left_in_working_directory": left_in_cwd[:5],
        "holds": seen["status"] == 200 and not outside and not left_in_cwd,
    }


def in_system_temp(path: str, workspace: Path) -> bool:
    """Whether a path is a library's scratch file in the system's temporary folder."""
    resolved = Path(path).resolve()
    temporary = Path(tempfile.gettempdir()).resolve()
    return resolved.is_relative_to(temporary) and not resolved.is_relative_to(workspace.resolve())


def apps_stay_isolated(context: ProbeContext) -> dict:
    """Leg 2: two apps in one process; does a score sent to the first land in the first?"""
    first, second = context.trained_copy("isolated-first"), context.trained_copy("isolated-second")
    first_client = first.create_app().test_client()
    second.create_app()
    application_id = context.new_id("isolation")
    payload = {**applicant_payload(context.holdout.iloc[0]), "application_id": application_id}
    status = first_client.post("/score", json=payload).status_code
    in_first = count_rows_mentioning(first.database_url, application_id)
    in_second = count_rows_mentioning(second.database_url, application_id)
    return {
        "status": status,
        "rows_in_first_database": in_first,
        "rows_in_second_database": in_second,
        "holds": status == 200 and in_first > 0 and in_second == 0,
    }


def kind_of_string(value: str) -> str | None:
    """`url` or `path` for a string that is one, else None."""
    if "://" in value:
        return "url"
    if RELATIVE_PATH.match(value) and not value.startswith(MIME_PREFIXES):
        return "path"
    return None


def target_names(node: ast.AST) -> list[str]:
    """The names an assignment or keyword binds."""
    if isinstance(node, ast.Assign):
        return [ast.unparse(target) for target in node.targets]
    if isinstance(node, ast.AnnAssign):
        return [ast.unparse(node.target)]
    if isinstance(node, ast.keyword) and node.arg:
        return [node.arg]
    return []


def literals(module: Module) -> list[dict]:
    """The configuration literals of one module."""
    docstrings, found = docstring_nodes(module.tree), []

    def add(kind: str, node: ast.Constant) -> None:
        found.append(
            {"kind": kind, "where": f"{module.path.name}:{node.lineno}", "value": node.value}
        )

    for node in ast.walk(module.tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            kind = None if id(node) in docstrings else kind_of_string(node.value)
            if kind:
                add(kind, node)
        names = " ".join(target_names(node))
        value = getattr(node, "value", None)
        if names and isinstance(value, ast.Constant):
            if isinstance(value.value, str) and value.value and SECRET_NAMES.search(names):
                add("secret", value)
            if is_fraction(value.value) and THRESHOLD_NAMES.search(names):
                add("threshold", value)
        if isinstance(node, ast.Compare) and not is_range_check(node):
            for operand in [node.left, *node.comparators]:
                if isinstance(operand, ast.Constant) and is_fraction(operand.value):
                    add("threshold", operand)
    return found


def is_range_check(node: ast.Compare) -> bool:
    """Whether a comparison states a valid range (`0.0 <= band < 0.5`), not a decision."""
    operands = [node.left, *node.comparators]
    return sum(isinstance(operand, ast.Constant) for operand in operands) >= 2


def is_fraction(value: object) -> bool:
    """Whether `value` is a float strictly between 0 and 1 (a probability cut-off)."""
    return isinstance(value, float) and 0.0 < value < 1.0


def leg_summary(environment: dict, isolation: dict) -> list[str]:
    """What failed, in words."""
    reasons = []
    if not environment["holds"]:
        wrote = environment["written_outside_instance"] or environment["left_in_working_directory"]
        reasons.append(
            f"from CREDIT_* variables alone /score answered {environment['status']}"
            + (", writing outside the instance folder" if wrote else "")
        )
    if not isolation["holds"]:
        where = "second" if isolation["rows_in_second_database"] else "first"
        stored = isolation["rows_in_second_database"] or isolation["rows_in_first_database"]
        reasons.append(
            f"a score sent to the first of two apps landed in the {where}'s database"
            if stored
            else "a score sent to the first of two apps was not stored"
        )
    return reasons


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-10 on the context's stage."""
    context.holdout_scores()  # shared answers first: building other apps may rebind globals
    environment, isolation = from_environment_only(context), apps_stay_isolated(context)
    found = [found for m in package_modules(context.source_folder) for found in literals(m)]
    counts = {kind: sum(f["kind"] == kind for f in found) for kind in ("path", "url", "secret")}
    evidence = {
        "environment_only": environment,
        "isolation": isolation,
        "literals": len(found),
        **counts,
        "thresholds": sum(f["kind"] == "threshold" for f in found),
        "found": found[:20],
    }
    failed = [
        name
        for name, leg in (("environment only", environment), ("isolation", isolation))
        if not leg["holds"]
    ]
    present = bool(failed)
    figure = f"{2 - len(failed)}/2 legs, {len(found)} literals"
    summary = (
        "; ".join(leg_summary(environment, isolation))
        if present
        else (
            "configured by CREDIT_* variables alone it scores and writes only in its instance "
            "folder, and two apps stay isolated"
        )
    )
    summary += f" ({len(found)} configuration literals in the source, as evidence)"
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
