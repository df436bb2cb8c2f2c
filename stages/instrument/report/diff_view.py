"""The side-by-side diff of two stage folders, highlighted with Pygments.

Each changed file becomes a table of rows (line number and highlighted code on each side);
runs of unchanged lines longer than twice the context are folded into a `<details>` element,
and the files both stages share unchanged are listed in a folded one.
"""

import difflib
from dataclasses import dataclass, field

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_for_filename
from pygments.util import ClassNotFound

from ..folders import changed_files, stage_files
from ..manifest import Stage

CONTEXT_LINES = 3
CSS_CLASS = "code"


@dataclass
class Row:
    """One row of a side-by-side table: a line on each side (None where a side has none).

    Attributes:
        kind: `equal`, `replace`, `delete` or `insert`.
        left_number: The line's number on the left side.
        left: The left line, highlighted.
        right_number: The line's number on the right side.
        right: The right line, highlighted.
    """

    kind: str
    left_number: int | None
    left: Markup | None
    right_number: int | None
    right: Markup | None


@dataclass
class Block:
    """Rows shown together; a folded block is a long run of unchanged lines.

    Attributes:
        rows: The rows.
        folded: Whether the block starts folded.
    """

    rows: list[Row] = field(default_factory=list)
    folded: bool = False


@dataclass
class FileDiff:
    """One changed file.

    Attributes:
        name: The path relative to the stage folders.
        status: `added`, `removed` or `changed`.
        added: Lines added.
        removed: Lines removed.
        blocks: The side-by-side rows, in blocks.
    """

    name: str
    status: str
    added: int
    removed: int
    blocks: list[Block]


def lines_of(text: str) -> list[str]:
    """The text's lines, split at newlines only, without the final newline's empty line."""
    lines = text.split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def highlighted_lines(name: str, text: str) -> list[Markup]:
    """Highlight a file and split it into lines; Pygments closes its spans at each line end.

    Falls back to escaped plain lines if the highlighted lines do not match the text's.
    """
    try:
        lexer = get_lexer_for_filename(name, text, stripnl=False, ensurenl=False)
    except ClassNotFound:
        lexer = TextLexer(stripnl=False, ensurenl=False)
    plain = lines_of(text)
    highlighted = lines_of(highlight(text, lexer, HtmlFormatter(nowrap=True))) if text else []
    if len(highlighted) != len(plain):
        return [Markup.escape(line) for line in plain]
    return [Markup(line) for line in highlighted]


def file_text(stage: Stage, name: str) -> str:
    """A file's text in a stage folder; empty when absent, a note when binary."""
    path = stage_files(stage.folder).get(name)
    if path is None:
        return ""
    try:
        return path.read_text()
    except UnicodeDecodeError:
        return "(binary file)\n"


def rows_of(opcode: tuple, before: list[Markup], after: list[Markup]) -> list[Row]:
    """The rows of one `SequenceMatcher` opcode, pairing changed lines side by side."""
    kind, first_start, first_end, second_start, second_end = opcode
    rows = []
    for offset in range(max(first_end - first_start, second_end - second_start)):
        left, right = first_start + offset, second_start + offset
        has_left, has_right = left < first_end, right < second_end
        rows.append(
            Row(
                kind,
                left + 1 if has_left else None,
                before[left] if has_left else None,
                right + 1 if has_right else None,
                after[right] if has_right else None,
            )
        )
    return rows


def blocks_of(before: list[Markup], after: list[Markup], plain: tuple) -> list[Block]:
    """Side-by-side blocks of two highlighted files, long unchanged runs folded.

    An unchanged run keeps `CONTEXT_LINES` lines next to each change it touches; the rest of
    it is folded (at the start or end of a file, only the side next to a change is kept).
    """
    opcodes = difflib.SequenceMatcher(None, plain[0], plain[1], autojunk=False).get_opcodes()
    blocks = [Block()]
    for position, opcode in enumerate(opcodes):
        rows = rows_of(opcode, before, after)
        head = CONTEXT_LINES if position > 0 else 0
        tail = CONTEXT_LINES if position < len(opcodes) - 1 else 0
        if opcode[0] != "equal" or len(rows) <= head + tail + 1:
            blocks[-1].rows += rows
            continue
        blocks[-1].rows += rows[:head]
        blocks += [
            Block(rows[head : len(rows) - tail], folded=True),
            Block(rows[len(rows) - tail :]),
        ]
    return [block for block in blocks if block.rows]


def file_diff(first: Stage, second: Stage, name: str) -> FileDiff:
    """The side-by-side diff of one file between two stages."""
    old, new = file_text(first, name), file_text(second, name)
    plain = (lines_of(old), lines_of(new))
    blocks = blocks_of(highlighted_lines(name, old), highlighted_lines(name, new), plain)
    rows = [row for block in blocks for row in block.rows]
    status = "added" if name not in stage_files(first.folder) else "changed"
    if name not in stage_files(second.folder):
        status = "removed"
    added = sum(row.right is not None and row.kind != "equal" for row in rows)
    removed = sum(row.left is not None and row.kind != "equal" for row in rows)
    return FileDiff(name, status, added, removed, blocks)


def folder_diff(first: Stage, second: Stage) -> tuple[list[FileDiff], list[str]]:
    """The changed files' diffs, and the names of the files both stages share unchanged."""
    changed = changed_files(first.folder, second.folder)
    shared = set(stage_files(first.folder)) & set(stage_files(second.folder))
    unchanged = sorted(shared - set(changed))
    return [file_diff(first, second, name) for name in changed], unchanged


def stylesheet() -> str:
    """The Pygments style rules for highlighted code inside `.code`."""
    return HtmlFormatter(style="default").get_style_defs(f".{CSS_CLASS}")
