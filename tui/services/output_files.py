"""The files an output option names (``-o``/``--output``, ``--signature``) and the files the app exports (the
impact document's Markdown): the one check every command and the app make before writing one, and the one way
they write one (``tui.cli.output_files`` re-exports it for the commands).

An output is written only where nothing is yet or over a regular file, which is replaced atomically
(:func:`tui.atomic.write_atomic`: the old file or the new one, never half). Anything else there is refused
before a byte is written, exit 2 with one line naming the path: a symbolic link is neither written through
(the file it names is someone else's) nor replaced (the link would silently stop naming it); a FIFO is
neither opened (a write waits for a reader for ever) nor renamed over (a reader waiting on it is left
hanging); a device (run as root, ``-o /dev/null`` would become a regular file), a socket or a folder is never
replaced either."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tui.errors import AicheckError


class OutputRefused(AicheckError):
    """What an output option names is there and is not a regular file (exit 2, one line naming it)."""


def checked_output(path: str | os.PathLike[str], what: str) -> Path:
    """``path`` when ``what`` (a message's words: "the grant", "the archive") may be written there; else
    :class:`OutputRefused` naming it, before anything is written."""
    from tui.core.bounded_read import file_kind
    from tui.core.text import clean

    path = Path(path)
    shown = clean(str(path), 500)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return path
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputRefused(f"{shown}: cannot write {what} there: {why}") from None
    if stat.S_ISREG(mode):
        return path
    kind = (
        "a symbolic link (aicheck neither writes through one nor replaces it: give the file itself)"
        if stat.S_ISLNK(mode)
        else file_kind(mode)
    )
    raise OutputRefused(f"{shown}: is {kind}; {what} is written only where there is nothing yet or a regular file")


def write_output(
    path: str | os.PathLike[str], data: str | bytes, what: str, *, mode: int = 0o644, env: str | None = None
) -> Path:
    """Write ``data`` to the file an output option names, after :func:`checked_output`, atomically; a disk
    that refuses it is a :class:`tui.atomic.DiskError` (one line, exit 2). ``env``: the variable that moves the
    folder, for the fix a disk error proposes (the app's exports: ``AICHECK_DATA_DIR``); none for a path the
    user gave (another path moves it). Returns the path written."""
    from tui.atomic import OUTPUT, write_atomic

    target = checked_output(path, what)
    write_atomic(target, data, mode=mode, env=OUTPUT if env is None else env)
    return target
