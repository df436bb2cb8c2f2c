"""The source-reading helpers of the configuration (DEBT-10) and entanglement (DEBT-11) probes.

Their findings are evidence beside the behavioural verdicts; these tests pin what they find.
"""

import textwrap
from pathlib import Path

from stages.instrument.probes.configuration import literals
from stages.instrument.probes.entanglement import (
    complexity,
    concerns,
    import_cycles,
    internal_imports,
    rebinding_statements,
)
from stages.instrument.probes.source import package_modules


def write_package(folder: Path, modules: dict[str, str]) -> None:
    """Create a package in `folder` from module path -> source."""
    for name, source in modules.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(source))


def test_literals_are_found_by_kind_in_every_module_whatever_its_name(tmp_path):
    write_package(
        tmp_path,
        {
            "__init__.py": '"""Docstring with data/path.csv, not a literal."""\n',
            "config.py": 'DATABASE_URL = "sqlite:///instance/app.db"\n',
            "service.py": """
                import json
                API_TOKEN = "s3cret"
                REJECT_THRESHOLD = 0.5
                ROUTE = "/score"
                MIME = "application/json"

                def decide(p, url="postgresql://db/credit"):
                    open("models/model.joblib")
                    if not 0.0 <= p < 0.5:
                        raise ValueError(p)
                    return p >= 0.35
            """,
        },
    )
    modules = package_modules(tmp_path)

    found = sorted((f["kind"], f["value"]) for m in modules for f in literals(m))

    assert found == [
        ("path", "models/model.joblib"),
        ("secret", "s3cret"),
        ("threshold", 0.35),
        ("threshold", 0.5),
        ("url", "postgresql://db/credit"),
        ("url", "sqlite:///instance/app.db"),
    ]


def test_relative_and_absolute_imports_reveal_an_import_cycle(tmp_path):
    write_package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from . import b\n",
            "b.py": "from .c import helper\n",
            "c.py": "import pkg.a\n\ndef helper():\n    return 1\n",
            "d.py": "from .a import thing\n",
        },
    )
    modules = package_modules(tmp_path)
    known = {module.name for module in modules}

    graph = {m.name: internal_imports(m, known, "pkg") for m in modules}

    assert graph["d"] == {"a"}
    assert import_cycles(graph) == [["a", "b", "c", "a"]]


def test_a_module_importing_flask_sqlalchemy_pandas_and_sklearn_mixes_four_concerns(tmp_path):
    write_package(
        tmp_path,
        {
            "app.py": "import flask\nfrom sqlalchemy import text\nimport pandas\nimport joblib\n",
            "model.py": "from sklearn.linear_model import LogisticRegression\n",
        },
    )
    app, model = package_modules(tmp_path)

    assert concerns(app) == ["http", "model", "preprocessing", "sql"]
    assert concerns(model) == ["model"]


def test_cyclomatic_complexity_counts_branches_and_boolean_operands(tmp_path):
    write_package(
        tmp_path,
        {
            "f.py": """
                def f(x, y):
                    if x and y:
                        return 1
                    for item in range(3):
                        if item or x:
                            continue
                    return [i for i in range(3) if i]
            """
        },
    )
    (module,) = package_modules(tmp_path)
    function = module.tree.body[0]

    # 1, then: if, and, for, if, or, the comprehension's for and its if.
    assert complexity(function) == 8


def test_imports_through_importlib_count_and_globals_assignments_rebind(tmp_path):
    write_package(
        tmp_path,
        {
            "app.py": """
                import importlib
                web = importlib.import_module("flask")
                store = __import__("sqlalchemy")
                ENGINE = None

                def configure(url):
                    globals()["ENGINE"] = url

                def reset():
                    global ENGINE
                    ENGINE = None
            """
        },
    )
    (module,) = package_modules(tmp_path)

    assert concerns(module) == ["http", "sql"]
    assert rebinding_statements(module) == 2
