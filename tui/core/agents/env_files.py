"""The dotenv file a server's ``envFile`` names (VS Code's ``mcp.json``, Cursor's), read for its variables' names.

VS Code and Cursor load the variables of the file a stdio server's ``envFile`` names (``"${workspaceFolder}/.env"``)
into its environment, beside its ``env`` table: ``NODE_OPTIONS=--require ...`` or ``NPM_CONFIG_REGISTRY=...``
there changes what runs as it does in ``env``. So the file is read, through the audited disk and bounded, for
the names its lines set (``NAME=value``, ``export NAME=value``, ``NAME: value``), never a value (a dotenv
file holds tokens: nothing of a value is kept, looked at or shown), and those names are judged as the
server's own ``env`` names are (:func:`~.identity.env_extras`) and listed with them.

Where the file is: an absolute path (``~`` and ``${userHome}`` the home); ``${workspaceFolder}`` is the
project folder of a project's own config (``<folder>/.vscode/mcp.json``, ``<folder>/.cursor/mcp.json``); in a
user-level config it is whichever folder is open, which cannot be known. A file that cannot be read (not
there, too big, not text, a path that cannot be placed: relative, another variable, no text at all) is
something no rule can approve: what it sets cannot be confirmed. Every client's ``envFile`` is read (a client
that does not read the key loses nothing but caution).

The files docker's and podman's ``--env-file`` names on a server's line are read the same way (a relative
one in the server's ``cwd`` where its client is known to start it there); their names are the container's,
judged as ``-e NAME`` is (:func:`~.identity.container_env_extras`: a host or a proxy it is handed).
"""

from __future__ import annotations

import re

from tui.core.agents.identity import DOCKER_ENV_FILE, Identity, container_env_extras, env_extras
from tui.core.agents.models import McpServer
from tui.core.agents.redact import token_shaped_name
from tui.core.machine import Disk, ReadSkipped, to_machine_path

MAX_ENV_FILE_BYTES = 256 * 1024  # a dotenv file is a few lines
MAX_ENV_FILE_NAMES = 1000
# the start of a line that sets a variable, as dotenv reads it (``export`` before it, ``=`` or ``: `` after it;
# dotenv's name is [\w.-]+), and what opens a quoted value, which may go on over several lines
_SETS = re.compile(r"[ \t]*(?:export[ \t]+)?([\w.\-]+)[ \t]*(?:=|:[ \t])[ \t]*(['\"`]?)")
# docker's --env-file: no quoting; each line NAME=VALUE, or a name alone, which hands the container the client's
# value (``export`` before it, which docker refuses, is taken as dotenv takes it: more names judged, not fewer)
_DOCKER_SETS = re.compile(r"[ \t]*(?:export[ \t]+)?([^\s=]+)[ \t]*(?:=|\r?$)")
# what is recorded as a name: a variable's name, and not shaped like a token (a line of a value is none)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]{0,99}$")
_PROJECT_CONFIGS = ("/.vscode/mcp.json", "/.cursor/mcp.json")
UNREAD = "what the variables of the file its envFile names set ({why})"
NOT_PLACED = "a path aicheck cannot place: relative, or another variable"
WORKSPACE_UNKNOWN = "${workspaceFolder} of a user-level config: whichever folder is open"


UNREAD_DOCKER = "what the variables of the file its --env-file names hand its container ({why})"


def resolve_env_files(disk: Disk, servers: list[McpServer]) -> None:
    """Add to each server with an ``envFile`` its file's variables' names, and what they change about what
    it runs; or, where the file cannot be read, what no rule can approve. The same for the files a docker or
    podman line's ``--env-file`` names (:data:`~.identity.DOCKER_ENV_FILE`), whose variables are the
    container's: judged as its ``-e NAME`` are (:func:`~.identity.container_env_extras`)."""
    for s in servers:
        if any(kind == DOCKER_ENV_FILE for kind, _, _ in s.extra_packages):
            _docker_env_files(disk, s)
        if s.env_file is None:
            continue
        path, why = _placed(disk, s, s.env_file)
        names: list[str] | None = None
        if path is not None:
            names, why = _names(disk, path)
        if names is None:
            s.extra_packages += (("unread", UNREAD.format(why=why), None),)
            continue
        if not names:
            continue
        ident = Identity(s.npm, s.pypi, s.docker, s.version, s.url_host, s.extra_packages)
        moved = env_extras(names, ident)
        if moved:
            s.extra_packages += tuple(x for x in dict.fromkeys(moved) if x not in s.extra_packages)
        s.env_names = tuple(sorted({*s.env_names, *names}))


def _docker_env_files(disk: Disk, s: McpServer) -> None:
    out: list[tuple[str, str, str | None]] = []
    found: list[str] = []
    for kind, written, version in s.extra_packages:
        if kind != DOCKER_ENV_FILE:
            out.append((kind, written, version))
            continue
        path, why = _placed(disk, s, written, relative=True)
        names: list[str] | None = None
        if path is not None:
            names, why = _names(disk, path, _DOCKER_SETS)
        if names is None:
            out.append(("unread", UNREAD_DOCKER.format(why=why), None))
            continue
        out += container_env_extras(names)
        found += names
    s.extra_packages = tuple(dict.fromkeys(out))
    if found:
        s.env_names = tuple(sorted({*s.env_names, *found}))


def _placed(disk: Disk, s: McpServer, written: str, relative: bool = False) -> tuple[str | None, str]:
    """(the machine path of the file ``written`` names, "") or (None, why it cannot be placed). With
    ``relative`` (docker's ``--env-file``), a relative path is the file in the server's ``cwd`` where its
    client is known to start it there."""
    written = written.strip()
    if not written:
        return None, "no file named"
    home = disk.machine.home.rstrip("/")
    text = written.replace("${userHome}", home)
    if text.startswith("~/") or text.startswith("~\\"):
        text = home + text[1:]
    if "${workspaceFolder}" in text:
        config = to_machine_path(s.config)
        folder = next((config[: -len(end)] for end in _PROJECT_CONFIGS if config.endswith(end)), None)
        if folder is None or folder == home:  # ~/.cursor/mcp.json is the user's own, not a project's
            return None, WORKSPACE_UNKNOWN
        text = text.replace("${workspaceFolder}", folder)
    absolute = text.startswith(("/", "\\")) or (len(text) > 2 and text[1] == ":" and text[0].isalpha())
    if relative and not absolute and "$" not in text and s.cwd_used and s.cwd_path is not None:
        text, absolute = f"{s.cwd_path.rstrip('/')}/{text}", True
    if "$" in text or not absolute:
        return None, NOT_PLACED
    return to_machine_path(text), ""


def _names(disk: Disk, path: str, sets: re.Pattern[str] = _SETS) -> tuple[list[str] | None, str]:
    """(the names the file's lines set, "") or (None, why it cannot be read). Nothing of a value is kept."""
    shown = disk.display(path)
    try:
        text = disk.read_text_if_present(path, MAX_ENV_FILE_BYTES, errors="replace")
    except ReadSkipped as exc:
        return None, f"aicheck could not read {shown}: {exc}"
    if text is None:
        return None, f"{shown} is not there"
    found = _dotenv_names(text) if sets is _SETS else (m.group(1) for m in map(sets.match, text.split("\n")) if m)
    names = list(dict.fromkeys(n for n in found if _NAME.match(n) and not token_shaped_name(n)))
    if len(names) > MAX_ENV_FILE_NAMES:
        return None, f"{shown} sets more than {MAX_ENV_FILE_NAMES} variables"
    return names, ""


def _dotenv_names(text: str) -> list[str]:
    """The names a dotenv file's lines set, as dotenv reads them: a value in quotes (``'``, ``"`` or a
    backtick) goes on to its closing quote, over several lines (``KEY="-----BEGIN PRIVATE KEY-----`` and the
    key's lines: none of them is a name); a line that sets nothing is skipped. Linear in the text: each quote
    is looked for once from where its value starts, and a quote found unclosed is not looked for again
    (dotenv then reads the value to its line's end)."""
    names: list[str] = []
    unclosed: set[str] = set()
    at, end = 0, len(text)
    while at < end:
        m = _SETS.match(text, at)
        line_end = text.find("\n", at)
        line_end = end if line_end < 0 else line_end
        if m is None or m.end() > line_end + 1:
            at = line_end + 1
            continue
        names.append(m.group(1))
        quote = m.group(2)
        if quote and quote not in unclosed:
            close = _closing(text, quote, m.end())
            if close < 0:
                unclosed.add(quote)
            else:
                line_end = text.find("\n", close)
                line_end = end if line_end < 0 else line_end
        at = line_end + 1
    return names


def _closing(text: str, quote: str, start: int) -> int:
    """Where the quote that closes a value begun at ``start`` is (one after a backslash is the value's), or -1."""
    at = text.find(quote, start)
    while at >= 0:
        backslashes = 0
        while at - backslashes - 1 >= start and text[at - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return at
        at = text.find(quote, at + 1)
    return -1
