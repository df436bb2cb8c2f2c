"""`diff A B`: what changes between two stage folders, file by file."""

import difflib

from .folders import changed_files, stage_files
from .manifest import Stage


def file_lines(stage: Stage, name: str) -> list[str]:
    """The lines of one file of a stage folder (none if the stage does not have it)."""
    path = stage_files(stage.folder).get(name)
    if path is None:
        return []
    try:
        return path.read_text().splitlines(keepends=True)
    except UnicodeDecodeError:
        return ["(binary file)\n"]


def unified_diff(first: Stage, second: Stage) -> str:
    """A unified diff of the two stages' folders, paths relative to each folder."""
    chunks = []
    for name in changed_files(first.folder, second.folder):
        chunks += difflib.unified_diff(
            file_lines(first, name),
            file_lines(second, name),
            fromfile=f"{first.package}/{name}",
            tofile=f"{second.package}/{name}",
        )
    return "".join(chunks)


def diff_stat(first: Stage, second: Stage) -> str:
    """One line per changed file with the lines added and removed, then the totals."""
    lines, added_total, removed_total = [], 0, 0
    for name in changed_files(first.folder, second.folder):
        added = removed = 0
        for line in difflib.unified_diff(file_lines(first, name), file_lines(second, name), n=0):
            if line.startswith("+") and not line.startswith("+++"):
                added += 1
            elif line.startswith("-") and not line.startswith("---"):
                removed += 1
        lines.append(f" {name:<50} +{added:<5} -{removed}")
        added_total, removed_total = added_total + added, removed_total + removed
    lines.append(
        f" {len(lines)} files changed, {added_total} insertions(+), {removed_total} deletions(-)"
    )
    return "\n".join(lines)
