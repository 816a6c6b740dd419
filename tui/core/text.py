"""Text that comes from scanned files is data: make it safe to print anywhere."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

# What never reaches a terminal (or a JSON document aicheck prints) as itself, in one place:
# - C0 and C1 controls and DEL: terminal escapes (ESC, CSI U+009B, OSC, BEL), carriage returns, NEL (U+0085);
# - the line and paragraph separators (U+2028, U+2029): a line break in text that is meant to be one line;
# - every format character (Unicode category Cf): bidi embeddings, overrides and isolates (U+202A-U+202E,
#   U+2066-U+2069), the marks U+200E, U+200F and U+061C that reorder what is shown, zero-width and invisible
#   characters (U+200B-U+200D, U+2060-U+2064, U+FEFF, the soft hyphen, tag characters U+E0000-U+E007F);
# - lone surrogates: the undecodable bytes of a file name (a crash when printed, not only a confusion).
# Written out rather than derived from unicodedata at import (that walk of every code point costs startup time);
# tests/unit/test_text.py checks it is every character of those categories in this Python's Unicode, so a newer
# Unicode's new format characters are caught there. (U+13439-U+1343F: Cf since Unicode 15, unassigned before.)
_OTHER_CONTROLS = (
    "\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f"
    + chr(0xD800)  # the surrogates, as chr(): mypyc cannot compile them in a literal
    + "-"
    + chr(0xDFFF)
    + "\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_CONTROL = re.compile(f"[\x00-\x1f{_OTHER_CONTROLS}]")
_CONTROL_IN_JSON = re.compile(f"[{_OTHER_CONTROLS}]")  # json.dumps escapes C0 itself: a raw newline is its indent


def _escape(match: re.Match[str]) -> str:
    c = ord(match.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" if c < 0x10000 else f"\\U{c:08x}"


def clean(value: object, limit: int = 200) -> str:
    """Printable form of untrusted text: control and format characters (terminal escapes, bidi overrides,
    zero-width characters, undecodable bytes) become visible ``\\xNN``, ``\\uNNNN`` or ``\\UNNNNNNNN``
    sequences and the result is cut to ``limit`` characters. Markup such as ``[bold]`` is kept literally;
    presenters that interpret markup must escape it."""
    text = value if isinstance(value, str) else str(value)
    # the common case, nothing to escape, in one pass and no regex: every character _CONTROL matches is one
    # that str.isprintable() refuses (tests/unit/test_text.py)
    if text.isprintable():
        return text if len(text) <= limit else text[: limit - 1] + "…"
    text = _CONTROL.sub(_escape, text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character clean() would escape (a command built on it is not what is shown)."""
    return not text.isprintable() and _CONTROL.search(text) is not None


def _json_escape(match: re.Match[str]) -> str:
    c = ord(match.group())
    if c < 0x10000:
        return f"\\u{c:04x}"
    c -= 0x10000  # JSON writes a character beyond the BMP as its UTF-16 surrogate pair
    return f"\\u{0xD800 + (c >> 10):04x}\\u{0xDC00 + (c & 0x3FF):04x}"


def printable_json(data: object, *, indent: int | None = 2, default: Callable[[Any], Any] | None = None) -> str:
    """JSON text of ``data`` for printing: every JSON document aicheck prints goes through here. Lossless (it
    decodes to the same strings) and readable (non-ASCII text stays as it is), but every character clean()
    escapes is written as a ``\\uXXXX`` escape, so no C1 escape, bidi control or invisible character in a value
    reaches the terminal (or a pager, or an editor) as itself."""
    import json

    text = json.dumps(data, indent=indent, default=default, ensure_ascii=False)
    return text if text.isascii() else _CONTROL_IN_JSON.sub(_json_escape, text)


_VERSION = re.compile(r"^v?(\d+(?:\.\d+)*(?:[-+.~][0-9A-Za-z.\-+~]*)?)$")


def clean_version(value: object) -> str | None:
    """A version string read from a manifest, or None when it does not look like a version at all.
    Anything odd (markup, escapes, absurd length) is rejected rather than shown half-parsed."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 64:
        return None
    m = _VERSION.match(value)
    return m.group(1) if m else None


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the noun that agrees with it: "1 problem", "2 problems", "1 advisory", "0 advisories"."""
    if n == 1:
        return f"{n} {singular}"
    if plural is None:
        plural = singular[:-1] + "ies" if singular.endswith("y") and singular[-2:-1] not in "aeiou" else singular + "s"
    return f"{n} {plural}"


def close_ids(word: str, ids: Iterable[str], limit: int = 4) -> list[str]:
    """The ids a mistyped ``word`` probably meant: those it starts or is part of, then the close spellings."""
    import difflib

    choices = sorted(ids)
    low = word.lower()
    found = [i for i in choices if low and low in i.lower()]
    found += [i for i in difflib.get_close_matches(low, choices, n=limit, cutoff=0.6) if i not in found]
    return found[:limit]


def unknown_tool_hint(word: str, ids: Iterable[str]) -> str:
    """What to say after "unknown tool 'x'": the close catalog ids, and where every id is listed."""
    near = close_ids(word, ids)
    maybe = f"did you mean {', '.join(near)}? " if near else ""
    return f"{maybe}every id is in catalog.toml, in the folder `aicheck content path` prints"
