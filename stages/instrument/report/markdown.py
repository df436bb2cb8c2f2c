"""Stage READMEs as HTML, and the change-request section each intermediate stage's README has."""

import re

from markdown_it import MarkdownIt

HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
CHANGE_REQUEST = "change request"


def to_html(text: str) -> str:
    """Render Markdown (CommonMark with tables) as HTML; raw HTML in the text is escaped."""
    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def section(text: str, words: str) -> str | None:
    """The body of the first heading whose title contains `words` (any case), or None.

    The section runs to the next heading of the same or a higher level.

    Args:
        text: A Markdown document.
        words: The words to look for in the heading's title.

    Returns:
        The section's Markdown, without its heading; None when no heading matches.
    """
    lines, found, level = text.splitlines(), [], None
    for line in lines:
        heading = HEADING.match(line)
        if level is None:
            if heading and words in heading.group(2).lower():
                level = len(heading.group(1))
            continue
        if heading and len(heading.group(1)) <= level:
            break
        found.append(line)
    return None if level is None else "\n".join(found).strip()


def change_request(readme: str) -> str | None:
    """The README's change-request section, or None when it has none."""
    return section(readme, CHANGE_REQUEST)
