"""What the app remembers about you between runs: the theme you chose (Ctrl+P, "Change theme").
A small JSON file in aicheck's state folder (``AICHECK_STATE_DIR`` overrides), written atomically; a
missing or unreadable file means the defaults, never an error."""

from __future__ import annotations

from pathlib import Path

FILE_NAME = "app.json"


def prefs_file() -> Path:
    from tui.paths import state_dir

    return state_dir() / FILE_NAME


def load() -> dict:
    try:
        text = prefs_file().read_text(encoding="utf-8")
    except (OSError, ValueError):  # ValueError: not UTF-8
        return {}
    import json  # only when there is a file: the first frame of a first start does without it

    try:
        data = json.loads(text)
    except ValueError:
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
