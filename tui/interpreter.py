"""The Python aicheck runs on: one whose regular expressions match as written, or none.

aicheck's readers (JSON with comments, TOML, shell startup files, scripts) use possessive quantifiers
(``*+``, ``++``) so a hostile file costs no backtracking. Python 3.11.0 to 3.11.4 match them wrongly
(CPython gh-100061 and gh-106052, fixed in 3.11.5): on Debian 12's Python 3.11.2, for one, a ``// comment``
in a settings file was not seen, the file "cannot be read", and a forbidden setting in another could go
unseen. A scan there would misread files, so aicheck refuses to run on such a Python (exit 2), never a
clean bill it cannot stand behind."""

from __future__ import annotations

import sys

FIRST_SOUND = (3, 11, 5)


def unsound_python(version: tuple[int, ...] | None = None) -> str | None:
    """Why aicheck cannot run on this Python (``version``: ``sys.version_info``'s), or None when it can."""
    running = tuple(sys.version_info[:3] if version is None else version[:3])
    if running >= FIRST_SOUND:
        return None
    shown = ".".join(str(part) for part in running)
    return (
        f"Python {shown} cannot run aicheck: its regular expressions match possessive quantifiers wrongly "
        "(a CPython bug fixed in 3.11.5), and aicheck reads files with them, so a scan would misread them. "
        "Install aicheck with Python 3.11.5 or newer (`pipx install --python python3.12 ...`, or "
        "`uv tool install --python 3.12 ...`)"
    )
