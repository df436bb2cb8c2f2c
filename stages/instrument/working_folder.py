"""A student's working folder, measured as a stage under a name its content decides.

A working folder (`python -m stages exercise`) lives outside the package tree, under any name.
It is never imported where it lies: its code files (run-time leftovers and the exercise's own
files, `EXERCISE.md` and `.exercise.json`, left out) are copied into a scratch root put on
`sys.path`, as the top-level package `exercise_<digest>`, where the digest hashes the copied
files' paths and bytes. So:

- the folder's name, and anything a student writes about the exercise, never reaches a probe:
  the package a probe imports is named by the code alone;
- stage code runs unchanged: its imports are relative inside the package, and `credit_data`
  is imported from the repository (the grading process and its children have it on the path);
- the training cache (`cache.py`) keys on the package's name and every file of it, so grading
  the same code twice trains once, and any edit changes both the name and the key;
- what is measured is a snapshot: editing the folder while it is graded changes nothing.
"""

import hashlib
import importlib
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .folders import stage_files
from .manifest import Stage

EXERCISE_FILES = ("EXERCISE.md", ".exercise.json")
PACKAGE_PREFIX = "exercise_"


@dataclass(frozen=True)
class WorkingFolder:
    """A working folder, as `diff` shows it beside a stage.

    Attributes:
        folder: The folder.
    """

    folder: Path

    @property
    def package(self) -> str:
        """The label of the folder's side of a diff: its path."""
        return str(self.folder)

    def files(self) -> dict[str, Path]:
        """Its code files by relative path (`code_files`)."""
        return code_files(self.folder)


def is_working_folder(name: str | Path) -> bool:
    """Whether `name` is a folder holding a package (`__init__.py`)."""
    return (Path(name) / "__init__.py").is_file()


def code_files(folder: Path) -> dict[str, Path]:
    """The folder's files as a stage's, without the exercise's own files.

    Args:
        folder: A working folder.

    Returns:
        Relative POSIX path -> file, sorted by path.
    """
    files = stage_files(folder)
    return {name: path for name, path in files.items() if name not in EXERCISE_FILES}


def package_name(folder: Path) -> str:
    """The package name of the folder's code: `exercise_` and 12 hex digits of its digest."""
    digest = hashlib.sha256()
    for name, path in code_files(folder).items():
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return PACKAGE_PREFIX + digest.hexdigest()[:12]


def import_working_folder(folder: Path, root: Path) -> str:
    """Copy the folder's code into `root` under its content's name, and import it.

    Args:
        folder: A working folder.
        root: A scratch folder to hold the copy; it is put on `sys.path`.

    Returns:
        The package name, imported.

    Raises:
        FileNotFoundError: If the folder holds no package (`__init__.py`).
        Exception: Whatever importing the package raises.
    """
    if not is_working_folder(folder):
        raise FileNotFoundError(f"{folder} holds no package (no __init__.py)")
    name = package_name(folder)
    destination = root / name
    if not destination.exists():
        for relative, path in code_files(folder).items():
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    forget_other_copies(name, destination)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    importlib.import_module(name)
    return name


def forget_other_copies(name: str, destination: Path) -> None:
    """Unload a package of that name imported from another copy (which may be deleted since).

    The same code graded twice in one process has the same name; each grade measures its own
    copy, so that nothing it runs (the notebook as a process) points into a folder gone.
    """
    module = sys.modules.get(name)
    if module is None or Path(module.__file__).parent == destination:
        return
    for loaded in [key for key in sys.modules if key == name or key.startswith(f"{name}.")]:
        del sys.modules[loaded]


def as_stage(package: str, number: str, title: str) -> Stage:
    """A stage object for a working folder's package, outside the manifest.

    Args:
        package: The package name (`import_working_folder`).
        number: The number of the stage the working folder stands for.
        title: A one-line title.
    """
    return Stage(number, package, package.replace("_", "-"), title, (), ())
