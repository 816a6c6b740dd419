"""Claude Code's MCP allowlist, as far as a scan can be sure of it: which servers it keeps from starting.

An administrator who sets ``allowedMcpServers`` and ``allowManagedMcpServersOnly: true`` in the managed settings
(Claude Code's "approved catalog") makes Claude Code start only the servers the list lets through (its
managed-MCP docs, "How a server is evaluated"):

- a remote server must match a ``serverUrl`` pattern (``*`` anywhere, the host compared without case) when the
  list has one, else a ``serverName``;
- a stdio server must match a ``serverCommand`` exactly (command and every argument) when the list has one,
  else a ``serverName``;
- the organization's own servers (``managedMcpServers``, ``managed-mcp.json``) are not checked.

aicheck keeps a server's line and URL redacted, so it cannot always tell a match. It marks a server kept out
only when no entry *can* match it: the name differs, the host can be no host a pattern names, the command is
not the one an entry starts with. Anything it cannot compare (a ``${VAR}`` on either side, a cut or redacted
command, a host that is no plain DNS name, a redacted URL against a pattern with a ``*`` in its host, an entry of
an unknown shape) counts as a possible match, so a server
that runs never looks stopped. The lists of the user's own settings files the scan reads are joined too (older
Claude Code versions, and the soft allowlist, merge them), so a user's entry can only let more through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.agents.formats import read_config
from tui.core.agents.managed import joined, last_set, managed_settings
from tui.core.agents.models import McpServer
from tui.core.agents.projects import expand_project_template
from tui.core.agents.redact import REDACTED
from tui.core.machine import Disk

# the user's own Claude Code settings whose lists are joined in (read for hooks and conditions too)
USER_SETTINGS = (
    "{claude}/settings.json",
    "{claude}/settings.local.json",
    "{claude_project}/.claude/settings.json",
    "{claude_project}/.claude/settings.local.json",
)
_DNS_NAME = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?$")
_HEXISH = re.compile(r"^[0-9a-fx.]+$")  # 127.0.0.1, 0x7f.1, 2130706433: a URL parser rewrites these


@dataclass(frozen=True)
class Allowlist:
    urls: tuple[str, ...]
    commands: tuple[tuple[str, ...], ...]
    names: frozenset[str]
    where: str  # the managed file that sets allowManagedMcpServersOnly, as the machine names it


def managed_allowlist(disk: Disk, user_tokens: list[dict[str, str]]) -> Allowlist | None:
    """The allowlist Claude Code applies, or None when it lets every server through as far as the scan can
    tell: no managed ``allowManagedMcpServersOnly: true``, no managed ``allowedMcpServers`` list, or an entry
    (managed or the user's) of a shape this reading does not know."""
    only = last_set(disk, "allowManagedMcpServersOnly")
    if only is None or only[0] is not True:
        return None
    if not any(isinstance(data.get("allowedMcpServers"), list) for _path, data in managed_settings(disk)):
        return None  # unset: "all servers allowed"
    entries = [entry for entry, _shown in joined(disk, "allowedMcpServers")]
    for path in _user_settings(disk, user_tokens):
        data = read_config(disk, path, "json") if disk.exists(path) else None
        more = data.get("allowedMcpServers") if isinstance(data, dict) else None
        if more is not None and not isinstance(more, list):
            return None
        entries += more or []
    urls: list[str] = []
    commands: list[tuple[str, ...]] = []
    names: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict) or len(entry) != 1:
            return None
        ((key, value),) = entry.items()
        if key == "serverUrl" and isinstance(value, str):
            urls.append(value)
        elif key == "serverCommand" and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            commands.append(tuple(value))
        elif key == "serverName" and isinstance(value, str):
            names.add(value)
        else:
            return None
    return Allowlist(tuple(urls), tuple(commands), frozenset(names), only[1])


def _user_settings(disk: Disk, user_tokens: list[dict[str, str]]) -> list[str]:
    out: list[str] = []
    for template in USER_SETTINGS:
        projects = expand_project_template(template, disk)
        for path in projects if projects is not None else [template.format(**t) for t in user_tokens]:
            if path not in out:
                out.append(path)
    return out


def kept_out(allow: Allowlist, s: McpServer, name_limit: int) -> bool:
    """Whether no entry of ``allow`` can let ``s`` through (see the module's rules)."""
    if s.transport == "stdio":
        if allow.commands:
            return not any(_command_may_match(c, s) for c in allow.commands)
    elif allow.urls:
        return not any(_url_may_match(u, s) for u in allow.urls)
    return len(s.name) < name_limit and s.name not in allow.names


def _command_may_match(entry: tuple[str, ...], s: McpServer) -> bool:
    command = s.command
    if command is None or "$" in command or REDACTED in command or "$" in "".join(entry):
        return True  # expanded, cut or redacted: it cannot be compared
    return entry[0] == command


def _url_may_match(pattern: str, s: McpServer) -> bool:
    url = s.url or ""
    host = (s.url_host or "").rstrip(".")
    if not host or "$" in url or not _DNS_NAME.match(host) or _HEXISH.match(host):
        return True  # expanded by the client, or an address a URL parser rewrites
    if "$" in pattern or "://" not in pattern:
        return True
    scheme, _, rest = pattern.partition("://")
    if "*" in scheme:
        return True  # a * there could take in the host too
    netloc = rest.split("/", 1)[0].lower()
    if "@" in netloc or "[" in netloc or not netloc.isascii():
        return True
    if "*" not in netloc:
        return netloc.rsplit(":", 1)[0].rstrip(".") == host
    # A * in the host: whether it is matched against the host alone or against the whole URL, it can only
    # match when the URL holds the pattern's literal pieces in order (the first at the host's start); with the
    # host's trailing dot left out too, as Claude Code ignores it. A redacted part could hold a piece
    if REDACTED in url:
        return True
    after = url.lower().partition("://")[2]
    pieces = netloc.split("*")
    return any(_in_order(text, pieces) for text in (after, after.replace(".:", ":", 1).replace("./", "/", 1)))


def _in_order(text: str, pieces: list[str]) -> bool:
    if not text.startswith(pieces[0]):
        return False
    at = len(pieces[0])
    for piece in pieces[1:]:
        found = text.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True
