"""A folder npm is given (its prefix, its cache), as a machine path: read by the npm channel, by the package
runners' lines (:mod:`.npm_runs`) and by the MCP clients' package indexes, each from where it is written."""

from __future__ import annotations

from tui.core.machine import to_machine_path


def prefix_folder(prefix: str, home: str) -> str | None:
    """A folder npm is given (a prefix, its cache) as a machine path: ``~/`` and ``$HOME/`` are the home, as
    npm reads them; None when it is relative (to a working folder aicheck cannot know)."""
    home = home.rstrip("/")
    for start in ("~/", "${HOME}/", "$HOME/", "${USERPROFILE}/", "%USERPROFILE%/"):
        if prefix.replace("\\", "/").startswith(start):
            return home + "/" + prefix.replace("\\", "/")[len(start) :]
    if not (prefix.startswith(("/", "\\")) or (len(prefix) > 2 and prefix[1] == ":")):
        return None  # relative to an unknown working folder: not a global prefix
    return to_machine_path(prefix)
