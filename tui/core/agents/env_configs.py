"""MCP servers a client takes from an environment variable's value rather than a file.

opencode reads ``OPENCODE_CONFIG_CONTENT`` and Kilo's CLI ``KILO_CONFIG_CONTENT`` (its fork) as one more config:
the variable's text, JSON with comments, is parsed as their config files are and deep-merged over the
global, ``OPENCODE_CONFIG``/``KILO_CONFIG`` and project files (later wins), with only the managed files and an
organization's remote config above it (opencode-linux-x64 1.18.33, @kilocode/cli-linux-x64 7.7.9). Its
``mcp`` table starts servers as any file's does, yet no file names them: ``export OPENCODE_CONFIG_CONTENT='{"mcp":
{...}}'`` in ``~/.bashrc`` gave every session a server aicheck never saw.

Where such a variable is set (aicheck's own environment on a live machine; the shell startup files and the
other places a session takes its variables from, as :func:`tui.core.startup.exported_values` reads them; an
editor's settings for its terminal, :func:`tui.core.startup.editor_values`), a
value written out is parsed by the same reader as the client's files, its servers listed and judged as any
other, the place named (``OPENCODE_CONFIG_CONTENT in /home/ada/.bashrc line 12``). A value the shell computes
(``$(cat ~/mcp.json)``), one too long, or text that cannot be parsed is an unchecked config: what it sets up is
unknown. The value itself holds tokens: it is never kept or shown, only what the MCP reader keeps of it
(names, redacted lines and URLs).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.agents.formats import lookup, note_unchecked, parse_text
from tui.core.agents.models import McpServer
from tui.core.machine import Disk

MAX_VALUE_CHARS = 256 * 1024  # a value longer (twice Linux's cap on one variable) is not read: unchecked
MAX_PLACES = 50  # places one variable is set in that are read; more: the rest is unchecked (padding hides nothing)
OWN_ENVIRONMENT = "aicheck's environment"
HOLDS = "MCP servers"


@dataclass(frozen=True)
class ConfigVariable:
    """An environment variable whose value a client reads as a whole config."""

    client: str  # catalog tool id
    label: str
    variable: str
    fmt: str  # the reader's format (formats.parse_text)
    key: str  # the servers table in it
    programs: tuple[str, ...]  # the client's commands: a wrapper script of that name may set the variable


CONFIG_VARIABLES = (
    ConfigVariable("opencode", "opencode", "OPENCODE_CONFIG_CONTENT", "jsonc", "mcp", ("opencode",)),
    ConfigVariable("kilo-code", "Kilo Code", "KILO_CONFIG_CONTENT", "jsonc", "mcp", ("kilo", "kilocode")),
)
_SUFFIXES = {"windows": ("", ".cmd", ".bat", ".ps1")}  # a command's file names on Windows


def scan_env_config_servers(disk: Disk) -> list[McpServer]:
    """The servers of every :data:`CONFIG_VARIABLES` value set where a session may get it."""
    out: list[McpServer] = []
    for source in CONFIG_VARIABLES:
        places = _places(disk, source)
        if len(places) > MAX_PLACES:
            where = f"{source.variable} in {places[MAX_PLACES][0]}"
            reason = f"{source.variable} is set in {len(places)} places: the first {MAX_PLACES} read"
            _unchecked(disk, source, where, reason)
        for where, value in places[:MAX_PLACES]:
            out += _servers(disk, source, where, value)
    return out


def _places(disk: Disk, source: ConfigVariable) -> list[tuple[str, str | None]]:
    """(where, the value as written, or None where the shell computes it) for each place that sets the
    variable to something: aicheck's own environment first, then each line of the startup files, the session
    files, the client's own commands that are shell scripts (``~/.local/bin/opencode`` setting it and running
    the real one), and the editors' settings."""
    from tui.core.catalog import Catalog
    from tui.core.channels.base import Context
    from tui.core.shell_variables import UNSET
    from tui.core.startup import editor_values, exported_values, session_files

    machine, variable = disk.machine, source.variable
    places: list[tuple[str, str | None]] = []
    own = machine.env.get(variable)
    if own:  # an empty value sets nothing (the client reads the variable only when it is not empty)
        places.append((OWN_ENVIRONMENT, own))
    ctx = Context(disk, machine, Catalog())
    commands = _commands(disk, source.programs)
    exports, _unread = exported_values(ctx, variable, commands, folder_files=tuple(session_files(disk, machine)))
    for line in exports:  # a startup file that cannot be read is a scan error already (unread_startup_errors)
        if line.how == UNSET or line.value == "":  # unset, or set empty: nothing for the client to read
            continue
        places.append((line.place, line.value))
    for where, value in editor_values(ctx, variable):  # an editor's terminal.integrated.env, say
        if value != "":  # VS Code fills in ${env:NAME}, ${workspaceFolder} …: such a value cannot be known
            places.append((where, None if value is None or "${" in value else value))
    return places


def _commands(disk: Disk, programs: tuple[str, ...]) -> tuple[str, ...]:
    """The files named as one of ``programs`` in the folders of the search path (aicheck's, and those the
    startup files add); :func:`tui.core.startup.wrapper_scripts` keeps those that are shell scripts."""
    machine = disk.machine
    folders = dict.fromkeys([*machine.search_path, *machine.startup_path])
    suffixes = _SUFFIXES.get(machine.platform, ("",))
    names = [f"{folder.rstrip('/')}/{p}{s}" for folder in folders for p in programs for s in suffixes]
    return tuple(path for path in names if disk.exists(path))


def _servers(disk: Disk, source: ConfigVariable, where: str, value: str | None) -> list[McpServer]:
    from tui.core.agents.mcp import servers_in

    place = f"{source.variable} in {where}"
    if value is None:
        reason = "set to a value computed when a session starts (by the shell, or an editor's ${…}): it cannot be known"
        _unchecked(disk, source, place, reason)
        return []
    if len(value) > MAX_VALUE_CHARS:
        _unchecked(disk, source, place, f"longer than {MAX_VALUE_CHARS} characters: not read")
        return []
    data = parse_text(value, source.fmt)
    if isinstance(data, str):  # the reason never quotes the value
        _unchecked(disk, source, place, data)
        return []
    label = f"{source.label} ({source.variable})"
    table = lookup(data, source.key)
    return servers_in(
        table, client=source.client, label=label, config=place, prefix=source.key, disk=disk, path="", place=place
    )


def _unchecked(disk: Disk, source: ConfigVariable, place: str, reason: str) -> None:
    label = f"{source.label} ({source.variable})"
    note_unchecked(disk, "", client=source.client, label=label, holds=HOLDS, reason=reason, place=place)
