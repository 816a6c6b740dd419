"""The MCP servers a Claude Code subagent defines inline in its front matter, each judged as any other
(:func:`.mcp.servers_in`). The files are read once a scan by :mod:`.subagents`, which the condition engine's
settings reader asks for a subagent's ``permissionMode`` too: the servers are read here, apart, so that reading
a settings file never reaches the MCP reader (nor, through the flags it reads, the shell startup files)."""

from __future__ import annotations

from tui.core.agents.extensions import CLAUDE, CLAUDE_LABEL
from tui.core.agents.formats import note_overflow
from tui.core.agents.mcp import MAX_SERVERS_PER_FILE, servers_in
from tui.core.agents.models import McpServer
from tui.core.agents.subagents import HOLDS, Subagent, subagents
from tui.core.machine import Disk


def scan_subagent_servers(disk: Disk) -> list[McpServer]:
    """The MCP servers a subagent defines inline (``mcpServers: [{evil: {type: http, url: …}}]``), each judged as
    any other; a name alone refers to a server configured elsewhere, judged there. Keys as
    ``mcpServers[1].evil``."""
    out: list[McpServer] = []
    for agent in subagents(disk):
        table = agent.front.get("mcpServers")
        label = f"{CLAUDE_LABEL} subagent {agent.name}"[:200]
        shown = disk.display(agent.path)
        if isinstance(table, list):
            if len(table) > MAX_SERVERS_PER_FILE:
                reason = f"more than {MAX_SERVERS_PER_FILE} servers under 'mcpServers': the rest not listed"
                note_overflow(disk, agent.path, reason, client=CLAUDE, label=label, holds=HOLDS)
            for i, entry in enumerate(table[:MAX_SERVERS_PER_FILE]):
                if isinstance(entry, dict):
                    out += _servers(disk, agent, entry, label, shown, f"mcpServers[{i}]")
        elif table is not None:  # a table keyed by name, as .mcp.json writes it: read all the same
            out += _servers(disk, agent, table, label, shown, "mcpServers")
    return out


def _servers(disk: Disk, agent: Subagent, table: object, label: str, shown: str, prefix: str) -> list[McpServer]:
    return servers_in(table, client=CLAUDE, label=label, config=shown, prefix=prefix, disk=disk, path=agent.path)
