"""Text that comes from scanned files is data: make it safe to print anywhere."""

from __future__ import annotations

import re
from collections.abc import Iterable

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(value: object, limit: int = 200) -> str:
    """Printable form of untrusted text: control characters (terminal escapes included) become visible
    ``\\xNN`` sequences and the result is cut to ``limit`` characters. Markup such as ``[bold]`` is kept
    literally; presenters that interpret markup must escape it."""
    text = value if isinstance(value, str) else str(value)
    if text.isascii() and text.isprintable():  # the common case: nothing to escape (one pass, no regex)
        return text if len(text) <= limit else text[: limit - 1] + "…"
    # undecodable bytes in file names arrive as lone surrogates: show them as escapes, never crash on print
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


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
