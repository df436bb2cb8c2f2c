"""Copy a stage's package under a new name, optionally edited, and import it.

The lineage probe trains a copy whose source differs by one comment, to see whether the
recorded code version follows the code; the test suite builds its cheat stages the same way.
A copy keeps working because a stage's imports are relative inside its package.
"""

import importlib
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "output")


def copy_package(
    source: Path,
    root: Path,
    name: str,
    edits: dict[str, Callable[[str], str | None]] | None = None,
) -> str:
    """Copy the package in `source` to `root/name`, apply `edits`, and make it importable.

    Args:
        source: The package's folder.
        root: A folder to hold the copy; it is put on `sys.path`.
        name: The copy's package name (a valid identifier, unique in the process).
        edits: For a file path relative to the package, a function from its old text to the
            new one (None removes the file; a new path creates a file). Each edit must change
            its file.

    Returns:
        The copy's package name, imported.

    Raises:
        ValueError: If an edit leaves its file unchanged (the copy would not be what it says).
    """
    destination = root / name
    shutil.copytree(source, destination, ignore=IGNORED)
    for relative, edit in (edits or {}).items():
        path = destination / relative
        old = path.read_text() if path.exists() else ""
        new = edit(old)
        if new == old:
            raise ValueError(f"the edit of {relative} changes nothing")
        if new is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    importlib.import_module(name)
    return name


def import_root(package: str) -> Path:
    """The folder that must be on `sys.path` for `package` to be importable."""
    module = importlib.import_module(package)
    return Path(module.__file__).resolve().parents[package.count(".") + 1]
