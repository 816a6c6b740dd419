"""Text from scanned files (and from the content pack) is data, not markup.

Everything the app shows from outside goes through one of these: control characters (terminal escapes
included) become visible ``\\xNN`` sequences, and square brackets are never read as markup."""

from __future__ import annotations

import re

from textual.content import Content
from textual.markup import escape

from tui.core.text import clean
from tui.core.verdicts import VERDICTS, Verdict

_VERDICT_MARKS = {
    Verdict.PROHIBITED: "×",
    Verdict.CONDITIONAL: "!",
    Verdict.UNREVIEWED: "?",
    Verdict.EXCEPTED: "≈",
    Verdict.APPROVED: "✓",
}
# in the verdicts' one order (tui.core.verdicts.Verdict); "pending": a tool found while the scan still runs
MARKS: dict[str, str] = {v: _VERDICT_MARKS[v] for v in VERDICTS} | {"pending": "…"}
# One colour per verdict for the summary, the table and the detail alike (the stylesheet reads them as
# $verdict-<verdict>, see AicheckApp.get_css_variables). Each is an xterm-256 colour, so a 256-colour terminal
# shows it unchanged, and a 16-colour terminal gets five different ANSI colours (red, yellow, magenta, cyan or
# blue, green). The pairs stay apart for protanopes and deuteranopes as well (lightness as well as hue: mint
# green vs dark gold vs rose red; sky blue vs violet), and every verdict has its own mark, so colour is never
# the only signal. tests/unit/test_verdict_palette.py measures all of this.
_COLOURS = {  # verdict: (on a dark background, on a light background)
    Verdict.PROHIBITED: ("#ff5f87", "#af0000"),
    Verdict.CONDITIONAL: ("#af8700", "#af5f00"),
    Verdict.UNREVIEWED: ("#af5fff", "#5f005f"),
    Verdict.EXCEPTED: ("#87d7ff", "#005faf"),
    Verdict.APPROVED: ("#5fff87", "#005f00"),
}
VERDICT_COLOURS: dict[str, tuple[str, str]] = {v: _COLOURS[v] for v in VERDICTS}


def verdict_style(verdict: str, dark: bool = True) -> str:
    """The style of a verdict's mark and word, for the theme's background."""
    colours = VERDICT_COLOURS.get(verdict)
    if colours is None:
        return "dim"
    return f"bold {colours[0] if dark else colours[1]}"


def clip(text: str, width: int) -> str:
    """Cut to ``width`` cells with an ellipsis (never silently)."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def clip_list(items: list[str], width: int) -> str:
    """As many whole items as fit, then ``+N`` for the rest: a version is never cut in the middle
    ("2.1.201 +1", not "2.1.201, 2.1.1"). Only an item too long alone is cut, with an ellipsis."""
    if not items:
        return "–"
    shown: list[str] = []
    for n, item in enumerate(items):
        rest = len(items) - n - 1
        candidate = ", ".join([*shown, item]) + (f" +{rest}" if rest else "")
        if len(candidate) <= width:
            shown.append(item)
            continue
        if not shown:
            return clip(item, width - (len(f" +{rest}") if rest else 0)) + (f" +{rest}" if rest else "")
        break
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" +{more}" if more else "")


_POLICY_PREFIX = re.compile(r"^(Prohibited|Conditional|Approved|Unreviewed|Excepted) by policy: ")
_UNTIL_PREFIX = re.compile(r"^(Prohibited|Conditional|Approved|Unreviewed|Excepted) by policy until ")


def short_reason(reason: str) -> str:
    """A reason without the "Prohibited by policy: " prefix the verdict column already says."""
    rest = _POLICY_PREFIX.sub("", reason, count=1)
    rest = _UNTIL_PREFIX.sub("Until ", rest, count=1)
    return rest[:1].upper() + rest[1:] if rest is not reason else reason


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
