"""Where a bug's details go: one new file in the log folder, so the user sees one line and no traceback."""

from __future__ import annotations

import os
import sys

from tui import __version__


def save_traceback(details: str | None = None) -> str:
    """Write ``details`` (default: the current exception's traceback) to a new file in the log folder and
    return its path (or say where it went when that folder cannot be written: the message stays one line)."""
    import datetime as dt
    import tempfile
    import traceback
    from pathlib import Path

    from tui import paths

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    text = f"aicheck {__version__}, argv {_argv_shown()!r}\n\n{details or traceback.format_exc()}"
    for folder in (paths.log_dir, lambda: Path(tempfile.gettempdir())):
        try:
            target = folder()
            target.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f"crash-{stamp}-", suffix=".log", dir=target)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            return name
        except Exception:  # try the next place
            continue
    return "(nowhere: no writable folder for the log)"


def _argv_shown() -> list[str]:
    """The command line as a crash log keeps it (a log the user may attach to a bug report): each URL as its
    scheme and host alone, since a pack's URL may be given with a token in it (before the host, in the query
    or in the path). Self-contained: the log is written whatever else is broken."""
    return [_url_shown(word) if "://" in word else word for word in sys.argv]


def _url_shown(word: str) -> str:
    before, _sep, rest = word.partition("://")
    after = rest.rpartition("@")[2]  # a password may hold '/', '?' or '#': the host follows the last '@'
    host = after
    for end in "/?#":
        host = host.partition(end)[0]
    return f"{before}://" + ("<redacted>@" if "@" in rest else "") + host + ("/…" if after != host else "")
