"""Text that comes from scanned files is data: make it safe to print anywhere."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(value: object, limit: int = 200) -> str:
    """Printable form of untrusted text: control characters (terminal escapes included) become visible
    ``\\xNN`` sequences and the result is cut to ``limit`` characters. Markup such as ``[bold]`` is kept
    literally; presenters that interpret markup must escape it."""
    text = value if isinstance(value, str) else str(value)
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
