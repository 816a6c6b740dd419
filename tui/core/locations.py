"""Location templates: the ``{tokens}`` the catalog and the channels write their folders with, and how they
expand on a machine. Each channel keeps its own table of folders (its ``locations()``). Targeted
folders only: a scan never walks the home.

Templates may contain ``*`` in a folder component, which lists that one parent folder (never
recursively).
"""

from __future__ import annotations

from tui.core.catalog import PathSpec
from tui.core.machine import Machine

def tokens(machine: Machine) -> dict[str, str]:
    h = machine.home.rstrip("/") or ""
    if machine.platform == "windows":
        return {"home": h, "ud": f"{h}/AppData/Roaming", "appdata": f"{h}/AppData/Roaming",
                "localappdata": f"{h}/AppData/Local", "programfiles": "/Program Files"}
    base = {"home": h, "xdg_config": f"{h}/.config", "xdg_data": f"{h}/.local/share"}
    if machine.platform == "macos":
        base["ud"] = f"{h}/Library/Application Support"
    else:
        base["ud"] = f"{h}/.config"
    return base


def expand(template: str, machine: Machine, toks: dict[str, str] | None = None) -> str | None:
    """A template with its tokens filled in, or None when a token means nothing on this platform."""
    toks = toks if toks is not None else tokens(machine)
    out = template
    while "{" in out:
        start = out.index("{")
        end = out.find("}", start)
        if end < 0:
            return None
        value = toks.get(out[start + 1:end])
        if value is None:
            return None
        out = out[:start] + value + out[end + 1:]
    return out


def expand_spec(spec: PathSpec, machine: Machine, toks: dict[str, str] | None = None) -> str | None:
    if machine.platform not in spec.platforms:
        return None
    return expand(spec.template, machine, toks)
