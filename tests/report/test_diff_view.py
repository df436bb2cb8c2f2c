from markupsafe import Markup

from stages.instrument.report.diff_view import CONTEXT_LINES, blocks_of, highlighted_lines

BEFORE = "\n".join(f"value_{number} = {number}" for number in range(40)) + "\n"
AFTER = BEFORE.replace("value_20 = 20", "value_20 = 21")


def side_by_side(before: str, after: str):
    plain = (before.splitlines(), after.splitlines())
    return blocks_of(highlighted_lines("a.py", before), highlighted_lines("a.py", after), plain)


def test_a_python_file_is_highlighted_one_balanced_line_at_a_time():
    text = 'def f():\n    """A docstring\n    on two lines."""\n    return 1\n'
    lines = highlighted_lines("module.py", text)
    assert len(lines) == 4
    assert all(line.count("<span") == line.count("</span>") for line in lines)
    assert '<span class="k">def</span>' in lines[0]


def test_long_unchanged_runs_are_folded_around_a_change():
    blocks = side_by_side(BEFORE, AFTER)
    folded = [block for block in blocks if block.folded]
    changed = [row for block in blocks for row in block.rows if row.kind != "equal"]
    assert len(changed) == 1
    assert changed[0].left_number == 21 and changed[0].right_number == 21
    assert len(folded) == 2
    shown = [row for block in blocks if not block.folded for row in block.rows]
    assert len(shown) == 1 + 2 * CONTEXT_LINES


def test_every_line_appears_once_on_each_side():
    blocks = side_by_side(BEFORE, AFTER)
    rows = [row for block in blocks for row in block.rows]
    assert [row.left_number for row in rows] == list(range(1, 41))
    assert [row.right_number for row in rows] == list(range(1, 41))


def test_markup_in_source_is_escaped():
    lines = highlighted_lines("notes.txt", "<b>bold</b>\n")
    assert isinstance(lines[0], Markup)
    assert "<b>" not in lines[0]
