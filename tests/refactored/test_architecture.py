"""The architecture rules of the stage, checked on its source code."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import refactored

PACKAGE_DIR = Path(refactored.__file__).resolve().parent
REPOSITORY_ROOT = PACKAGE_DIR.parent


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, with relative imports resolved to absolute names."""
    package = ".".join(("refactored", *path.relative_to(PACKAGE_DIR).parent.parts))
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def modules_of(subpackage: str) -> list[Path]:
    return sorted((PACKAGE_DIR / subpackage).rglob("*.py"))


def test_serving_never_imports_training():
    for path in modules_of("serving"):
        imports = imported_modules(path)
        assert not [name for name in imports if name.startswith("refactored.training")], path


@pytest.mark.parametrize("forbidden", ["flask", "sqlalchemy", "werkzeug"])
def test_features_and_domain_import_neither_flask_nor_sqlalchemy(forbidden):
    for path in modules_of("features") + modules_of("domain"):
        assert not [name for name in imported_modules(path) if name.startswith(forbidden)], path


def test_imports_inside_the_stage_are_relative():
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and not node.level:
                assert not (node.module or "").startswith("refactored"), path
            if isinstance(node, ast.Import):
                assert not any(alias.name.startswith("refactored") for alias in node.names), path


def test_importing_every_module_has_no_side_effects(tmp_path):
    modules = [
        ".".join(path.relative_to(REPOSITORY_ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        if path.name != "__main__.py"
    ]
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    completed = subprocess.run(
        [sys.executable, "-c", script, *modules],
        cwd=tmp_path,
        env={"PYTHONPATH": str(REPOSITORY_ROOT), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_no_module_is_long():
    for path in PACKAGE_DIR.rglob("*.py"):
        assert len(path.read_text().splitlines()) <= 200, path
