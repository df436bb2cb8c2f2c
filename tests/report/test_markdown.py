from stages.instrument.report.markdown import change_request, to_html

README = """# Stage 03: input contract

## The change request

Support: "a typo in one field gave the client a 500".

### Who asked

The support desk.

## The smell

Wrong: no validation.
"""


def test_the_change_request_section_runs_to_the_next_heading_of_its_level():
    section = change_request(README)
    assert section.startswith('Support: "a typo')
    assert "The support desk." in section
    assert "Wrong" not in section


def test_a_readme_without_a_change_request_has_none():
    assert change_request("# Monolith\n\nNo request here.\n") is None


def test_markdown_tables_render_and_raw_html_is_escaped():
    html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n")
    assert "<table>" in html
    assert "<script>" not in html
