"""What the app remembers about you between runs: the theme you chose (Ctrl+P, "Change theme").
A small JSON file in aicheck's state folder (``AICHECK_STATE_DIR`` overrides), written atomically; a
missing or unreadable file means the defaults, never an error. It is read like every other file aicheck
reads (:mod:`tui.core.bounded_read`): a FIFO or a device in its place is refused before it is opened, a
file over the cap is not read, and JSON nested deeper than the parser's stack is as unreadable as broken
JSON, so no state file can keep the app from drawing its first frame."""

from __future__ import annotations

from pathlib import Path

FILE_NAME = "app.json"
MAX_BYTES = 64 * 1024  # a theme name and a few settings: a few dozen bytes


def prefs_file() -> Path:
    from tui.paths import state_dir

    return state_dir() / FILE_NAME


def load() -> dict:
    from tui.core.bounded_read import ReadSkipped, read_bounded_text

    try:
        text = read_bounded_text(prefs_file(), MAX_BYTES)
    except (ReadSkipped, OSError):  # missing, not a regular file, too big, not UTF-8
        return {}
    import json  # only when there is a file: the first frame of a first start does without it

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: brackets nested beyond the parser's stack
        return {}
    return data if isinstance(data, dict) else {}


def saved_theme() -> str | None:
    theme = load().get("theme")
    return theme if isinstance(theme, str) and 0 < len(theme) <= 100 else None


def save_theme(theme: str) -> None:
    import json

    from tui.atomic import write_atomic

    data = load()
    data["theme"] = theme
    write_atomic(prefs_file(), json.dumps(data, indent=2) + "\n")
