"""MCP servers that come as Claude Desktop extensions (MCP Bundles, once called DXT): each installed extension is
a folder of ``Claude Extensions`` in Claude Desktop's data folder, named by the extension's id, whose
``manifest.json`` says in ``server.mcp_config`` (``command``, ``args``, ``env``) how Claude Desktop starts its
server. None of them is in ``claude_desktop_config.json``: an install whose servers all came this way has an
empty ``mcpServers`` there.

What runs is judged as any server's line is (an ``npx``/``uvx`` line by its package, with advisories). A line
that runs the extension's own files (``node ${__dirname}/dist/index.js``, ``uv --directory ${__dirname} run
…``) is named by the extension: its command is ``claude-extension:<id>``, which a policy rule can match
(``command = "claude-extension:ant.dir.*"``). Each extension's settings file (``Claude Extensions Settings/
<id>.json``) holds the values the user gave it, API keys among them: it is never read, so an extension turned
off there is judged as one turned on (it is installed: turning it back on changes nothing aicheck reads)."""

from __future__ import annotations

import dataclasses

from tui.core.agents.formats import note_overflow, read_judged
from tui.core.agents.identity import runs_what_it_is_given
from tui.core.agents.locations import MAX_FOLDER_FILES
from tui.core.agents.mcp import parse_server
from tui.core.agents.models import BUNDLE_KEY, McpServer
from tui.core.agents.redact import MAX_ARG_CHARS, redact_word
from tui.core.locations import expand_all
from tui.core.machine import Disk
from tui.core.text import clean_version

CLIENT = "claude-desktop"
LABEL = "Claude Desktop extension"
BUNDLE_PREFIX = "claude-extension:"
# Claude Desktop's data folder ({ud}: Application Support on macOS, %APPDATA% on Windows, ~/.config on Linux),
# and on Windows the one of the packaged (MSIX) install, which Windows keeps apart
FOLDERS: dict[str, tuple[str, ...]] = {
    "linux": ("{ud}/Claude/Claude Extensions",),
    "macos": ("{ud}/Claude/Claude Extensions",),
    "windows": (
        "{ud}/Claude/Claude Extensions",
        "{localappdata}/Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude/Claude Extensions",
    ),
}
_OWN_FILES = "${__dirname}"  # how a manifest names the extension's own folder in its line


def scan_bundles(disk: Disk) -> list[McpServer]:
    """The MCP server of each installed Claude Desktop extension (at most :data:`MAX_FOLDER_FILES` per
    folder: more is an unchecked config, so padding the folder hides nothing)."""
    machine = disk.machine
    out: list[McpServer] = []
    folders = [f for template in FOLDERS.get(machine.platform, ()) for f in expand_all(template, machine)]
    for folder in dict.fromkeys(folders):
        children = disk.children(folder)
        ids = sorted(name for name in children if children[name].is_dir)
        if len(ids) > MAX_FOLDER_FILES:
            reason = f"{len(ids)} extensions: the first {MAX_FOLDER_FILES} read"
            note_overflow(disk, folder, reason, client=CLIENT, label=LABEL, holds="MCP servers")
        for bundle in ids[:MAX_FOLDER_FILES]:
            server = _bundle_server(disk, f"{folder}/{bundle}", bundle)
            if server is not None:
                out.append(server)
    return out


def _bundle_server(disk: Disk, folder: str, bundle: str) -> McpServer | None:
    path = f"{folder}/manifest.json"
    label = f"{LABEL} {bundle}"[:200]
    manifest = read_judged(disk, path, "json", client=CLIENT, label=label, holds="MCP servers")
    if manifest is None:
        return None
    shown = disk.display(path)
    name = next((v for k in ("display_name", "name") if isinstance(v := manifest.get(k), str) and v), bundle)
    server_table = manifest.get("server")
    entry = server_table.get("mcp_config") if isinstance(server_table, dict) else None
    parsed = parse_server(entry, client=CLIENT, label=label, config=shown, key=BUNDLE_KEY, name=name)
    version = clean_version(manifest.get("version")) if manifest.get("version") is not None else None
    own = BUNDLE_PREFIX + bundle
    if parsed is None:  # no line to read (a manifest without mcp_config): the extension's own files run
        server = McpServer(CLIENT, label, shown, BUNDLE_KEY, name[:200], "stdio", redact_word(own)[:MAX_ARG_CHARS])
        server.named_by_aicheck = True
        return server
    line = [parsed.command or "", *parsed.args]
    if parsed.identity_kind == "command" and _runs_own_files(parsed.command or "", list(parsed.args)):
        # the extension's own files run: it is what the server is, whatever program starts them
        return dataclasses.replace(
            parsed,
            command=redact_word(own)[:MAX_ARG_CHARS],
            args=tuple(part for part in line if part),
            version=version,
            named_by_aicheck=True,
        )
    return parsed


def _runs_own_files(command: str, args: list[str]) -> bool:
    """Whether the line runs the extension's own files: its program is one of them (``${__dirname}/server``),
    or an interpreter given one of them first (``node ${__dirname}/dist/index.js``). A program of the user's
    given the folder as an argument (``/home/ada/x ${__dirname}``) is that program, judged as such."""
    if command.startswith(_OWN_FILES):
        return True
    first = next((a for a in args if not a.startswith("-")), "")
    return runs_what_it_is_given(command) and first.startswith(_OWN_FILES)
