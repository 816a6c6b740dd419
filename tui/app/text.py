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
# One colour per verdict for the summary, the table and the detail alike (aicheck.tcss repeats them for
# `.title.<verdict>`). Each is an xterm-256 colour, so a 256-colour terminal shows it unchanged; the pairs
# avoid red/green-only distinctions (the marks differ by glyph too): amber vs blue, red vs purple.
_COLOURS = {  # verdict: (on a dark background, on a light background)
    Verdict.PROHIBITED: ("#ff5f5f", "#af0000"),
    Verdict.CONDITIONAL: ("#ffaf00", "#875f00"),
    Verdict.UNREVIEWED: ("#d787ff", "#8700af"),
    Verdict.EXCEPTED: ("#5fafff", "#005fd7"),
    Verdict.APPROVED: ("#5fd75f", "#005f00"),
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
