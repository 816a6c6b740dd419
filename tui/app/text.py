"""Text from scanned files (and from the content pack) is data, not markup.

Everything the app shows from outside goes through one of these: control characters (terminal escapes
included) become visible ``\\xNN`` sequences, and square brackets are never read as markup."""

from __future__ import annotations

from textual.content import Content
from textual.markup import escape

from tui.core.text import clean

MARKS = {"prohibited": "✗", "conditional": "!", "unreviewed": "?", "excepted": "~", "approved": "✓",
         "pending": "…"}
VERDICT_STYLE = {"prohibited": "bold red", "conditional": "bold yellow", "unreviewed": "bold magenta",
                 "excepted": "bold cyan", "approved": "bold green", "pending": "dim"}


def lit(value: object, limit: int = 500, *, lines: bool = False) -> Content:
    """Literal content for a widget: shown exactly as written (cleaned), never parsed as markup.
    ``lines=True`` keeps line breaks (for multi-line text from the content pack)."""
    text = "" if value is None else str(value)
    if lines:
        return Content("\n".join(clean(line, limit) for line in text[:limit].splitlines()))
    return Content(clean(text, limit))


def esc(value: object, limit: int = 500) -> str:
    """Cleaned and escaped, for embedding in a markup string the app writes itself."""
    return escape(clean("" if value is None else value, limit))
