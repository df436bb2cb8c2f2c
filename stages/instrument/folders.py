"""The files of a stage's folder, as the stage guard, `diff` and `export-git` see them."""

from pathlib import Path

# Written at run time, never part of a stage (see .gitignore).
IGNORED_DIRECTORIES = {"__pycache__", "output", ".pytest_cache"}
IGNORED_SUFFIXES = {".pyc", ".db", ".db-wal", ".db-shm", ".joblib"}

# What `diff --code` and `diffing.code_lines_changed` count as code: see `is_code_file`.
CODE_SUFFIXES = (".py", ".html")


def stage_files(folder: Path) -> dict[str, Path]:
    """The stage's files by path relative to its folder, without run-time leftovers.

    Args:
        folder: A stage's package folder.

    Returns:
        Relative POSIX path -> file, sorted by path; empty if the folder does not exist.
    """
    if not folder.is_dir():
        return {}
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or IGNORED_DIRECTORIES & set(relative.parts[:-1]):
            continue
        if path.suffix in IGNORED_SUFFIXES:
            continue
        files[relative.as_posix()] = path
    return files


def changed_files(previous: Path, current: Path) -> list[str]:
    """The relative paths that differ between two stage folders: added, removed or edited."""
    return differing_names(stage_files(previous), stage_files(current))


def differing_names(before: dict[str, Path], after: dict[str, Path]) -> list[str]:
    """The relative paths that differ between two listings of files: added, removed or edited."""
    return sorted(
        name
        for name in set(before) | set(after)
        if name not in before
        or name not in after
        or before[name].read_bytes() != after[name].read_bytes()
    )


def is_code_file(name: str) -> bool:
    """Whether a stage's file is code: its Python modules and its HTML templates.

    The one rule behind `diff --code` and the size budget of a stage step. A file is code
    when its name ends in one of `CODE_SUFFIXES` (`.py`, `.html`). Everything else is left
    out: the narrative (`README.md` and any other `.md`) and generated or data files
    (`openapi.json` and any other `.json`, `.csv`).

    Args:
        name: A path relative to a stage folder, as `stage_files` gives it.

    Returns:
        True for a Python module or a template, False otherwise.
    """
    return name.endswith(CODE_SUFFIXES)
