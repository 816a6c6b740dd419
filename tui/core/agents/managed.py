"""Claude Code's managed settings, as Claude Code merges them: what an administrator deploys beside
``managed-mcp.json`` (the folder of the :data:`~tui.core.agents.locations.CLAUDE_MANAGED` rows).

``managed-settings.json`` first, then each ``managed-settings.d/*.json`` by name merged over it (hidden names
ignored, Claude Code 2.1.83 and later): a later file's value wins, lists are joined. On a Mac whose MDM
profile gives Claude Code its preferences, the files are ignored (:func:`mdm_preferences`). They sit in a folder only
an administrator can write, so what they switch off is off for every session of the machine, which is why the
scan may believe them (:mod:`.mcp` and :mod:`.extensions` mark what they keep from starting)."""

from __future__ import annotations

from tui.core.agents.formats import read_config
from tui.core.agents.locations import CLAUDE_MANAGED, MCP_LOCATIONS, agent_token_sets, expand_location
from tui.core.locations import expand_all
from tui.core.machine import Disk

MAX_DROP_INS = 100  # managed-settings.d files read (an administrator's folder: a handful)


def managed_settings(disk: Disk) -> list[tuple[str, dict]]:
    """(path, content) of each managed settings file that reads as a JSON object, in merge order (read once a
    scan). A file that cannot be read is in the audit and counts for nothing: what it would switch off is
    left on."""
    return disk.remembered(managed_settings, lambda: _read(disk))


def managed_mcp_json(disk: Disk) -> str | None:
    """Where this platform's ``managed-mcp.json`` would be (the managed settings sit beside it), or None."""
    for loc in MCP_LOCATIONS:
        if loc.label == CLAUDE_MANAGED:
            path = expand_location(loc, disk.machine, agent_token_sets(disk.machine)[0])
            if path:
                return path
    return None


# Claude Code takes its managed settings from the first source it finds: the server's (the settings a company
# delivers from claude.ai, which Claude Code keeps in remote-settings.json in its configuration folder), an
# MDM profile's (macOS managed preferences; Windows' HKLM registry, which a scan cannot read), then these
# files. While one of the others is there, the files are ignored. The pack's enforced_by lists name the same
# files in their ``unless``.
SERVER_SETTINGS = ("{claude}/remote-settings.json",)  # ~/.claude, and $CLAUDE_CONFIG_DIR where it moves it
MDM_PREFERENCES = (
    "/Library/Managed Preferences/{user}/com.anthropic.claudecode.plist",
    "/Library/Managed Preferences/com.anthropic.claudecode.plist",
)


def other_managed_source(disk: Disk) -> str | None:
    """The source Claude Code takes its managed settings from in place of the files, as the machine names it,
    or None: the server's settings kept on disk, or on a Mac the MDM profile's preferences (the user's first).
    Neither is read (the first is a file the user can write): its presence alone means the files switch
    nothing off."""
    templates = SERVER_SETTINGS + (MDM_PREFERENCES if disk.machine.platform == "macos" else ())
    for template in templates:
        for path in expand_all(template, disk.machine, agent_token_sets(disk.machine)):
            if disk.exists(path):
                return disk.display(path)
    return None


def _read(disk: Disk) -> list[tuple[str, dict]]:
    managed_mcp = managed_mcp_json(disk)
    if managed_mcp is None:
        return []
    folder = managed_mcp.rpartition("/")[0]
    profile = other_managed_source(disk)
    if profile is not None:  # the files are not the source Claude Code uses: they switch nothing off
        for name in ("managed-settings.json", "managed-settings.d"):
            if disk.exists(f"{folder}/{name}"):
                disk.skip(f"{folder}/{name}", f"not counted: Claude Code takes its managed settings from {profile}")
        return []
    drop_ins = f"{folder}/managed-settings.d"
    names = sorted(n for n in disk.children(drop_ins) if n.endswith(".json") and not n.startswith("."))
    out: list[tuple[str, dict]] = []
    for path in (f"{folder}/managed-settings.json", *(f"{drop_ins}/{n}" for n in names[:MAX_DROP_INS])):
        data = read_config(disk, path, "json") if disk.exists(path) else None
        if data is not None:
            out.append((path, data))
    return out


def last_set(disk: Disk, key: str) -> tuple[object, str] | None:
    """(value, file as the machine names it) of ``key`` as the merge leaves it: the last managed file that sets
    it; None when none does."""
    found = None
    for path, data in managed_settings(disk):
        if key in data:
            found = (data[key], disk.display(path))
    return found


def joined(disk: Disk, key: str) -> list[tuple[object, str]]:
    """(item, file as the machine names it) of every item of the lists ``key`` holds in the managed files (the
    merge joins them)."""
    return [
        (item, disk.display(path))
        for path, data in managed_settings(disk)
        if isinstance(data.get(key), list)
        for item in data[key]
    ]
