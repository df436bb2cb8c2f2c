"""`diff A B`: what changes between two stage folders, file by file.

With `code_only`, only the code files count (`folders.is_code_file`): the stages' Python
modules and templates, not their READMEs or generated files. Either side may be a student's
working folder (`working_folder.WorkingFolder`), whose exercise files are left out.
"""

import difflib
from pathlib import Path

from .folders import differing_names, is_code_file, stage_files
from .manifest import Stage
from .working_folder import WorkingFolder

Side = Stage | WorkingFolder


def side_files(side: Side) -> dict[str, Path]:
    """The files of one side of a diff, by relative path."""
    return side.files() if isinstance(side, WorkingFolder) else stage_files(side.folder)


def file_lines(stage: Side, name: str) -> list[str]:
    """The lines of one file of a stage folder (none if the stage does not have it)."""
    path = side_files(stage).get(name)
    if path is None:
        return []
    try:
        return path.read_text().splitlines(keepends=True)
    except UnicodeDecodeError:
        return ["(binary file)\n"]


def diffed_files(first: Side, second: Side, code_only: bool = False) -> list[str]:
    """The files that differ between two stages' folders, sorted.

    Args:
        first: The stage diffed from.
        second: The stage diffed to.
        code_only: Keep only the code files (`folders.is_code_file`).

    Returns:
        Paths relative to the stage folders: added, removed or edited files.
    """
    before, after = side_files(first), side_files(second)
    names = differing_names(before, after)
    return [name for name in names if is_code_file(name)] if code_only else names


def unified_diff(first: Side, second: Side, code_only: bool = False) -> str:
    """A unified diff of the two stages' folders, paths relative to each folder.

    Args:
        first: The stage diffed from.
        second: The stage diffed to.
        code_only: Diff only the code files (`folders.is_code_file`).

    Returns:
        The diff's text; empty when the files compared are the same.
    """
    chunks = []
    for name in diffed_files(first, second, code_only):
        chunks += difflib.unified_diff(
            file_lines(first, name),
            file_lines(second, name),
            fromfile=f"{first.package}/{name}",
            tofile=f"{second.package}/{name}",
        )
    return "".join(chunks)


def line_counts(first: Side, second: Side, name: str) -> tuple[int, int]:
    """The lines one file gains and loses from the first stage to the second.

    Args:
        first: The stage diffed from.
        second: The stage diffed to.
        name: A path relative to the stage folders.

    Returns:
        (lines added, lines removed).
    """
    added = removed = 0
    for line in difflib.unified_diff(file_lines(first, name), file_lines(second, name), n=0):
        if line.startswith("+") and not line.startswith("+++"):
            added += 1
        elif line.startswith("-") and not line.startswith("---"):
            removed += 1
    return added, removed


def diff_stat(first: Side, second: Side, code_only: bool = False) -> str:
    """One line per changed file with the lines added and removed, then the totals.

    Args:
        first: The stage diffed from.
        second: The stage diffed to.
        code_only: Count only the code files (`folders.is_code_file`).

    Returns:
        The lines, the last one ` N files changed, X insertions(+), Y deletions(-)`.
    """
    lines, added_total, removed_total = [], 0, 0
    for name in diffed_files(first, second, code_only):
        added, removed = line_counts(first, second, name)
        lines.append(f" {name:<50} +{added:<5} -{removed}")
        added_total, removed_total = added_total + added, removed_total + removed
    lines.append(
        f" {len(lines)} files changed, {added_total} insertions(+), {removed_total} deletions(-)"
    )
    return "\n".join(lines)


def code_lines_changed(first: Side, second: Side) -> int:
    """The code lines changed between two stages: insertions plus deletions.

    The figure a step's size budget is checked against; it is the sum of the insertions and
    deletions on the totals line of `diff A B --code --stat`.

    Args:
        first: The stage diffed from.
        second: The stage diffed to.

    Returns:
        Lines added plus lines removed, over the code files (`folders.is_code_file`).
    """
    names = diffed_files(first, second, code_only=True)
    return sum(sum(line_counts(first, second, name)) for name in names)
