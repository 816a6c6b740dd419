"""The agent surface: MCP servers and agent extensions (plugins, marketplaces, skills, hooks), read-only.

Detection only (one module per format family, identity parsing and redaction beside them); judgement lives
in :mod:`tui.core.surface_judge`."""

from __future__ import annotations

from tui.core.agents.models import AgentExtension, McpServer, Surface
from tui.core.machine import Disk


def scan_surface(disk: Disk) -> Surface:
    from tui.core.agents.bundles import scan_bundles
    from tui.core.agents.env_configs import scan_env_config_servers
    from tui.core.agents.extensions import mark_unrun_hooks, scan_extensions
    from tui.core.agents.formats import unchecked_configs
    from tui.core.agents.identity import DOCKER_ENV_FILE
    from tui.core.agents.mcp import mark_not_started, place_cwds, scan_flag_servers, scan_mcp, scan_plugin_servers
    from tui.core.agents.subagent_servers import scan_subagent_servers
    from tui.core.agents.subagents import scan_subagent_hooks

    extensions = scan_extensions(disk) + scan_subagent_hooks(disk)
    servers = scan_mcp(disk) + scan_flag_servers(disk) + scan_plugin_servers(disk, extensions) + scan_bundles(disk)
    servers += scan_subagent_servers(disk) + scan_env_config_servers(disk)
    if disk.machine.platform == "windows":  # how each command's path is read (a drive, backslashes)
        for s in servers:
            s.windows = True
    place_cwds(disk, servers)  # a server's own cwd, where it can be placed (a relative command is read in it)
    if any(s.env_file is not None or any(k == DOCKER_ENV_FILE for k, _, _ in s.extra_packages) for s in servers):
        # VS Code's and Cursor's envFile, docker's --env-file: their variables' names
        from tui.core.agents.env_files import resolve_env_files

        resolve_env_files(disk, servers)
    from tui.core.agents.launchers import resolve_launchers

    resolve_launchers(disk, servers)  # a launcher written as a path: the real one only where the disk shows it
    from tui.core.agents.daemons import resolve_daemons

    resolve_daemons(disk, servers)  # an image run on another daemon (DOCKER_HOST exported, a Docker context)
    mark_not_started(disk, servers)
    mark_unrun_hooks(disk, extensions)
    if any(s.npm or s.pypi or s.extra_packages for s in servers):
        from tui.core.agents.indexes import apply_indexes, machine_indexes, project_servers_indexes

        indexes = machine_indexes(disk)  # what the user's npm/uv/pip config fetches from: read once
        if indexes.any:  # most machines set none
            for s in servers:
                apply_indexes(indexes, s)
        # a project's own npmrc, for the servers started in it: their project's, their cwd's, and for a user-level
        # server each project its client lists
        project_servers_indexes(disk, servers)
    return Surface(servers, extensions, unchecked_configs(disk))


__all__ = ["AgentExtension", "McpServer", "Surface", "scan_surface"]
