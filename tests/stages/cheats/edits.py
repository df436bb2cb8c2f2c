"""Text edits that turn a copy of a stage's source into a cheat (or an honest repayment)."""

from collections.abc import Callable

Edit = Callable[[str], str | None]


def replace(*pairs: tuple[str, str]) -> Edit:
    """An edit that replaces each `old` text by `new`; each must occur exactly once.

    Raises:
        ValueError: When an `old` text is missing or repeated (the monolith changed: the
            cheat must be rewritten, never silently skipped).
    """

    def edit(text: str) -> str:
        for old, new in pairs:
            if text.count(old) != 1:
                raise ValueError(f"expected once in the source: {old[:60]!r}")
            text = text.replace(old, new)
        return text

    return edit


def append(addition: str) -> Edit:
    """An edit that adds `addition` at the end of the file."""
    return lambda text: text + addition


def remove() -> Edit:
    """An edit that deletes the file."""
    return lambda text: None


def new_file(content: str) -> Edit:
    """An edit that creates a file with `content`."""
    return lambda text: content


def replace_all(old: str, new: str) -> Edit:
    """An edit that replaces every occurrence of `old` (at least one) by `new`."""

    def edit(text: str) -> str:
        if old not in text:
            raise ValueError(f"expected in the source: {old[:60]!r}")
        return text.replace(old, new)

    return edit


def chain(*edits: Edit) -> Edit:
    """Apply several edits to one file, in order."""

    def edit(text: str) -> str | None:
        for step in edits:
            text = step(text)
        return text

    return edit
