"""Where an installed Claude Code plugin's MCP servers and hooks are written: each component's default file in
the plugin's folder (``.mcp.json``, ``hooks/hooks.json``), and what the plugin's manifest
(``.claude-plugin/plugin.json``) declares for it: the component written inline (``"mcpServers": {...}``), or
one or more files inside the plugin's folder (``"mcpServers": "./config/mcp.json"``). All of them are read: a
server or hook written in the manifest starts with the plugin as one in ``.mcp.json`` does.

A declared path that leaves the plugin's folder (absolute, ``..``) is not followed, and the manifest is an
unchecked config: what it brings is not known."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from tui.core.agents.formats import note_unchecked, read_judged
from tui.core.agents.models import AgentExtension
from tui.core.machine import Disk, to_machine_path

MANIFEST = ".claude-plugin/plugin.json"
MAX_DECLARED_FILES = 10  # files one manifest field may name; more: the manifest is an unchecked config
_ROOT_VARIABLE = "${CLAUDE_PLUGIN_ROOT}/"


@dataclass(frozen=True)
class ComponentSource:
    """One place a plugin's component is written: a file, and the table in it (None: the file is unusable or
    missing, already noted)."""

    path: str  # machine path
    table: dict | None


def component_sources(
    disk: Disk, plugin: AgentExtension, field: str, default: str, *, holds: str
) -> list[ComponentSource]:
    """The places ``plugin``'s ``field`` (``mcpServers``, ``hooks``) is written: the default file, then what the
    manifest declares. A file's table is the file as parsed (its readers look for their key in it)."""
    root = to_machine_path(plugin.install_path or "").rstrip("/")
    label = f"Claude Code plugin {plugin.name}"[:200]
    default_path = f"{root}/{default}"
    out = [ComponentSource(default_path, _read(disk, default_path, label, holds))]
    manifest_path = f"{root}/{MANIFEST}"
    manifest = _read(disk, manifest_path, label, "MCP servers and hooks")
    declared = manifest.get(field) if manifest is not None else None
    if isinstance(declared, dict):
        out.append(ComponentSource(manifest_path, {field: declared}))
        return out
    names = [declared] if isinstance(declared, str) else declared if isinstance(declared, list) else []
    if len(names) > MAX_DECLARED_FILES:
        reason = f"'{field}' names {len(names)} files: the first {MAX_DECLARED_FILES} read"
        note_unchecked(disk, manifest_path, client="claude-code", label=label, holds=holds, reason=reason)
    for name in names[:MAX_DECLARED_FILES]:
        path = _inside(root, name)
        if path is None:
            reason = f"'{field}' names a file outside the plugin's folder, which is not followed"
            note_unchecked(disk, manifest_path, client="claude-code", label=label, holds=holds, reason=reason)
            continue
        if path != default_path:
            out.append(ComponentSource(path, _read(disk, path, label, holds)))
    return out


def _inside(root: str, name: object) -> str | None:
    """``name`` (``./mcp.json``, ``${CLAUDE_PLUGIN_ROOT}/x.json``) as a machine path inside ``root``, or None."""
    if not isinstance(name, str) or not name.strip():
        return None
    text = name.strip().replace("\\", "/")
    text = text[len(_ROOT_VARIABLE) :] if text.startswith(_ROOT_VARIABLE) else text
    if text.startswith("/") or "$" in text or (len(text) > 1 and text[1] == ":"):
        return None
    normal = posixpath.normpath(text)
    if normal == "." or normal.startswith("../") or normal == "..":
        return None
    return f"{root}/{normal}"


def _read(disk: Disk, path: str, label: str, holds: str) -> dict | None:
    """A plugin file, parsed once a scan however many components look in it."""
    cache: dict[str, dict | None] = disk.remembered(_read, dict)
    if path not in cache:
        cache[path] = read_judged(disk, path, "json", client="claude-code", label=label, holds=holds)
    return cache[path]
