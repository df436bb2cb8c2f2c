"""DEBT-10 Configuration debt: paths, URLs, secrets and thresholds written into the code.

An `ast` scan of the stage's package, outside its configuration module (`config.py`,
`settings.py` or `configuration.py`): string literals that are URLs or relative file paths,
secrets assigned to names such as `token` or `password`, and numbers between 0 and 1 that
serve as thresholds (named `cutoff` / `threshold`, or compared against; a comparison that
states a valid range between two constants, `0.0 <= band < 0.5`, is a check, not a threshold).
"""

import ast
import re

from .context import ProbeContext
from .result import ProbeResult
from .source import Module, docstring_nodes, package_modules

DEBT_ID = "DEBT-10"
CONFIGURATION_MODULES = {"config", "settings", "configuration"}
RELATIVE_PATH = re.compile(r"^[\w.~-]+(/[\w.-]+)+/?$")
MIME_PREFIXES = ("application/", "text/", "multipart/", "image/")
SECRET_NAMES = re.compile(r"token|secret|password|passwd|api_?key", re.IGNORECASE)
THRESHOLD_NAMES = re.compile(r"cutoff|cut_off|threshold", re.IGNORECASE)


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


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-10 on the context's stage."""
    modules = package_modules(context.source_folder)
    scanned = [m for m in modules if m.name.split(".")[-1] not in CONFIGURATION_MODULES]
    found = [literal for module in scanned for literal in literals(module)]
    counts = {
        kind: sum(f["kind"] == kind for f in found)
        for kind in ("path", "url", "secret", "threshold")
    }
    evidence = {
        "literals": len(found),
        **counts,
        "found": found[:20],
        "modules_scanned": len(scanned),
    }
    present = bool(found)
    summary = f"{len(found)} configuration literals outside the configuration module" + (
        ": " + ", ".join(f"{f['kind']} {f['value']!r} ({f['where']})" for f in found[:4])
        if found
        else ""
    )
    return ProbeResult(DEBT_ID, present, f"{len(found)} literals", summary, evidence)
