"""DEBT-11 Entanglement: static metrics of the stage's package.

Modules and their sizes, the largest function, the highest cyclomatic complexity, modules
where HTTP, SQL, preprocessing and model code meet (by the libraries they import), import
cycles between the package's modules, and `global` statements that rebind module state.
"""

import ast

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


def concerns(module: Module) -> list[str]:
    """The concerns whose libraries `module` imports."""
    roots = {name.split(".")[0] for name, level in imported_modules(module) if level == 0}
    return sorted(concern for concern, libraries in CONCERNS.items() if roots & libraries)


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
    mixed = {m.name or "__init__": concerns(m) for m in modules if len(concerns(m)) >= MIXED}
    graph = {m.name: internal_imports(m, known, context.stage.package) for m in modules}
    cycles = import_cycles(graph)
    rebinding = sum(isinstance(node, ast.Global) for m in modules for node in ast.walk(m.tree))
    evidence = {
        "modules": len(modules),
        "largest_module": largest.name or "__init__",
        "largest_module_lines": largest.lines,
        "longest_function": longest[0],
        "longest_function_lines": longest[1].end_lineno - longest[1].lineno + 1,
        "most_complex_function": most_complex[0],
        "highest_complexity": complexity(most_complex[1]),
        "modules_mixing_concerns": mixed,
        "import_cycles": cycles,
        "global_statements": rebinding,
    }
    present = bool(mixed or cycles or rebinding)
    figure = f"{len(mixed)} mixed, {len(cycles)} cycles"
    mixing = "; ".join(f"{name}: {'+'.join(kinds)}" for name, kinds in mixed.items())
    summary = (
        f"{len(modules)} modules, largest {evidence['largest_module_lines']} lines; "
        f"{len(mixed)} modules mix concerns{f' ({mixing})' if mixing else ''}; "
        f"{len(cycles)} import cycles; {rebinding} global statements; highest complexity "
        f"{evidence['highest_complexity']} ({evidence['most_complex_function']})"
    )
    return ProbeResult(DEBT_ID, present, figure, summary, evidence)
