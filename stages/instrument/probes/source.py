"""Read a stage's source code: its modules, their syntax trees and what they import."""

import ast
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Module:
    """One Python module of a stage's package.

    Attributes:
        name: The dotted name relative to the package (`serving.api`; `` for `__init__`).
        path: The file.
        tree: Its syntax tree.
        lines: Its number of lines.
    """

    name: str
    path: Path
    tree: ast.Module
    lines: int


def package_modules(folder: Path) -> list[Module]:
    """Every module of the package in `folder` (sub-packages included), in path order."""
    modules = []
    for path in sorted(folder.rglob("*.py")):
        parts = list(path.relative_to(folder).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        text = path.read_text()
        modules.append(Module(".".join(parts), path, ast.parse(text), len(text.splitlines())))
    return modules


def docstring_nodes(tree: ast.Module) -> set[int]:
    """The ids of the string constants that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def imported_modules(module: Module) -> list[tuple[str, int]]:
    """(module name, relative level) of every import; the level is 0 for absolute imports."""
    found = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.module:
                found.append((node.module, node.level))
            found += [
                (alias.name, node.level) for alias in node.names if node.level and not node.module
            ]
    return found
