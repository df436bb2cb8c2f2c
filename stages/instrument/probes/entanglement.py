"""DEBT-11 Entanglement: do HTTP, SQL, preprocessing and model code meet in one module?

The verdict rests on behaviour. The probe profiles real `POST /score` requests
(`sys.setprofile`) and records, for each module of the stage's package, which concern
libraries its own code calls directly (flask/werkzeug = http, sqlalchemy/sqlite3 = sql,
pandas = preprocessing, sklearn/joblib = model), however it reached them (an import, an
alias, `importlib`, `globals()`): a module that calls three or more concerns mixes them.

Static metrics of the package are evidence only: modules and their sizes, the longest
function, the highest cyclomatic complexity, the concerns each module imports (`import`,
`importlib.import_module` or `__import__` of a literal name), import cycles, and statements
that rebind module state (`global`, `globals()[...] = ...`).
"""

import ast
import sys
from collections import defaultdict

from credit_data.load import applicant_payload

from .context import ProbeContext
from .result import ProbeResult
from .source import Module, imported_modules, package_modules

DEBT_ID = "DEBT-11"
CONCERNS = {
    "http": {"flask", "werkzeug"},
    "sql": {"sqlalchemy", "sqlite3"},
    "preprocessing": {"pandas"},
    "model": {"sklearn", "joblib"},
}
# A module that imports the libraries of this many concerns mixes them.
MIXED = 3
BRANCHES = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.IfExp,
    ast.ExceptHandler,
    ast.With,
    ast.AsyncWith,
    ast.Assert,
    ast.comprehension,
    ast.match_case,
)


def complexity(function: ast.AST) -> int:
    """McCabe's cyclomatic complexity: 1 + decision points.

    Decision points: branches and loops, exception handlers, `with` and `assert`, each `for`
    and `if` of a comprehension, and each boolean operand after the first.
    """
    points = 0
    for node in ast.walk(function):
        if isinstance(node, BRANCHES):
            points += 1
        if isinstance(node, ast.comprehension):
            points += len(node.ifs)
        elif isinstance(node, ast.BoolOp):
            points += len(node.values) - 1
    return 1 + points


REQUESTS_PROFILED = 3
DYNAMIC_IMPORTS = {"import_module", "__import__"}


def concern_of(module_name: str | None) -> str | None:
    """The concern a library module belongs to, or None."""
    root = (module_name or "").split(".")[0].lstrip("_")
    return next((c for c, libraries in CONCERNS.items() if root in libraries), None)


def dynamically_imported(module: Module) -> set[str]:
    """Names imported through `importlib.import_module("...")` or `__import__("...")`."""
    found = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func
            name = (
                function.attr
                if isinstance(function, ast.Attribute)
                else getattr(function, "id", "")
            )
            if name in DYNAMIC_IMPORTS and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def concerns(module: Module) -> list[str]:
    """The concerns whose libraries `module` imports (statically or by a literal name)."""
    names = {name for name, level in imported_modules(module) if level == 0}
    roots = {name.split(".")[0] for name in names | dynamically_imported(module)}
    return sorted(concern for concern, libraries in CONCERNS.items() if roots & libraries)


def rebinding_statements(module: Module) -> int:
    """`global` statements and assignments through `globals()[...]` in a module."""
    count = 0
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Global):
            count += 1
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            value = node.value
            if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "globals":
                count += 1
    return count


def concerns_called(context: ProbeContext, package: str) -> dict[str, list[str]]:
    """Profile real `POST /score` requests: the concerns each stage module calls directly.

    Returns:
        For each module of the package (dotted name relative to it) that calls a concern
        library, the concerns it calls.
    """
    called: dict[str, set[str]] = defaultdict(set)
    prefix = f"{package}."

    def own(name: str) -> str | None:
        if name == package:
            return "__init__"
        return name[len(prefix) :] if name.startswith(prefix) else None

    def profiler(frame, event, argument):
        if event == "call" and frame.f_back is not None:
            caller = own(frame.f_back.f_globals.get("__name__", ""))
            callee = frame.f_globals.get("__name__")
        elif event == "c_call":
            caller = own(frame.f_globals.get("__name__", ""))
            owner = getattr(argument, "__self__", None)
            callee = getattr(argument, "__module__", None) or type(owner).__module__
        else:
            return
        concern = concern_of(callee) if caller is not None else None
        if concern:
            called[caller].add(concern)

    client = context.client()
    payloads = [
        {**applicant_payload(row), "application_id": context.new_id("profiled")}
        for _, row in context.holdout.head(REQUESTS_PROFILED).iterrows()
    ]
    client.post("/score", json=payloads[0])  # warm-up: lazy imports are not the stage's code
    previous = sys.getprofile()
    sys.setprofile(profiler)
    try:
        for payload in payloads:
            client.post("/score", json=payload)
    finally:
        sys.setprofile(previous)
    return {module: sorted(kinds) for module, kinds in sorted(called.items())}


def internal_imports(module: Module, known: set[str], package: str) -> set[str]:
    """The package's own modules that `module` imports."""
    is_package = module.path.name == "__init__.py"
    here = module.name.split(".") if module.name else []
    base = here if is_package else here[:-1]
    targets = set()
    for name, level in imported_modules(module):
        if level:
            parts = (base[: len(base) - level + 1] if level > 1 else base) + name.split(".")
        elif name.split(".")[0] == package:
            parts = name.split(".")[1:]
        else:
            continue
        while parts and ".".join(parts) not in known:
            parts = parts[:-1]
        if parts and ".".join(parts) != module.name:
            targets.add(".".join(parts))
    return targets


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of a module graph, each as a list of modules (depth-first search)."""
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-11 on the context's stage."""
    modules = package_modules(context.source_folder)
    known = {module.name for module in modules}
    functions = [
        (f"{module.name or '__init__'}.{node.name}", node)
        for module in modules
        for node in ast.walk(module.tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    longest = max(functions, key=lambda item: item[1].end_lineno - item[1].lineno)
    most_complex = max(functions, key=lambda item: complexity(item[1]))
    largest = max(modules, key=lambda module: module.lines)
    called = concerns_called(context, context.stage.package)
    mixed = {module: kinds for module, kinds in called.items() if len(kinds) >= MIXED}
    imported = {m.name or "__init__": concerns(m) for m in modules if len(concerns(m)) >= MIXED}
    graph = {m.name: internal_imports(m, known, context.stage.package) for m in modules}
    cycles = import_cycles(graph)
    rebinding = sum(rebinding_statements(m) for m in modules)
    evidence = {
        "concerns_called_per_module": called,
        "modules": len(modules),
        "largest_module": largest.name or "__init__",
        "largest_module_lines": largest.lines,
        "longest_function": longest[0],
        "longest_function_lines": longest[1].end_lineno - longest[1].lineno + 1,
        "most_complex_function": most_complex[0],
        "highest_complexity": complexity(most_complex[1]),
        "modules_mixing_concerns": mixed,
        "modules_importing_three_concerns": imported,
        "import_cycles": cycles,
        "rebinding_statements": rebinding,
    }
    present = bool(mixed)
    figure = f"{len(mixed)} mixed, {len(cycles)} cycles"
    mixing = "; ".join(f"{name}: {'+'.join(kinds)}" for name, kinds in mixed.items())
    summary = (
        f"while scoring, {len(mixed)} modules call three concerns or more"
        f"{f' ({mixing})' if mixing else ''}; as evidence: {len(modules)} modules, largest "
        f"{evidence['largest_module_lines']} lines; "
        f"{len(cycles)} import cycles; {rebinding} rebinding statements; highest complexity "
        f"{evidence['highest_complexity']} ({evidence['most_complex_function']})"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
