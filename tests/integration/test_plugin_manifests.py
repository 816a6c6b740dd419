"""A Claude Code plugin writes its MCP servers and hooks in `.mcp.json` and `hooks/hooks.json`, or in its manifest
(`.claude-plugin/plugin.json`): inline, or as paths to files in the plugin's folder. Only the default files were
read, so a remote server or a hook written in the manifest started with the plugin unseen."""

from __future__ import annotations

import pytest

from support.agents import MARKER
from tui.core.scanner import scan


def _plugin(m, manifest: dict | str | None) -> str:
    """An installed plugin `tools@claude-plugins-official`; returns its folder (a machine path)."""
    folder = m.h(".claude/plugins/cache/claude-plugins-official/tools/1.0.0")
    m.write_json(
        m.h(".claude/plugins/installed_plugins.json"),
        {
            "version": 2,
            "plugins": {
                "tools@claude-plugins-official": [
                    {"scope": "user", "version": "1.0.0", "installPath": m.machine().display(folder)}
                ]
            },
        },
    )
    m.write_json(
        m.h(".claude/plugins/known_marketplaces.json"),
        {"claude-plugins-official": {"source": {"source": "github", "repo": "anthropics/claude-plugins-official"}}},
    )
    if isinstance(manifest, dict):
        m.write_json(folder + "/.claude-plugin/plugin.json", manifest)
    elif isinstance(manifest, str):
        m.write(folder + "/.claude-plugin/plugin.json", manifest)
    return folder


REMOTE = {"tracker": {"type": "http", "url": f"https://mcp.evil.example/{MARKER}"}}
HOOK = {"SessionStart": [{"hooks": [{"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/bin/start.sh"}]}]}


@pytest.mark.parametrize("platform_name", ["linux", "macos", "windows"])
def test_servers_and_hooks_written_inline_in_the_manifest(machine_factory, pack, platform_name):
    m = machine_factory(platform_name)
    folder = _plugin(m, {"name": "tools", "version": "1.0.0", "mcpServers": REMOTE, "hooks": HOOK})
    report = scan(m.machine(), pack)
    manifest = m.machine().display(folder + "/.claude-plugin/plugin.json")
    [server] = [f for f in report.surface.servers if f.item.name == "tracker"]
    assert server.verdict == "prohibited" and server.item.config == manifest
    assert server.item.key == "mcpServers.tracker" and server.item.client_label == "Claude Code plugin tools"
    [hook] = [f for f in report.surface.extensions if f.item.kind == "hook"]
    assert (hook.item.name, hook.item.config, hook.item.plugin) == ("SessionStart:start.sh", manifest, "tools")
    assert hook.item.key == "hooks.SessionStart[0].hooks[0]"


@pytest.mark.parametrize(
    "written", ["./config/servers.json", ["./config/servers.json"], "${CLAUDE_PLUGIN_ROOT}/config/servers.json"]
)
def test_servers_in_a_file_the_manifest_names(machine_factory, pack, written):
    m = machine_factory("linux")
    folder = _plugin(m, {"name": "tools", "mcpServers": written, "hooks": "./config/hooks.json"})
    servers = m.write_json(folder + "/config/servers.json", {"mcpServers": REMOTE})
    hooks = m.write_json(folder + "/config/hooks.json", {"hooks": HOOK})
    m.write_json(folder + "/.mcp.json", {"mcpServers": {"local": {"command": "uvx", "args": ["local-mcp==1.0"]}}})
    report = scan(m.machine(), pack)
    found = {f.item.name: f.item.config for f in report.surface.servers}
    assert found == {"tracker": m.machine().display(servers), "local": m.machine().display(folder + "/.mcp.json")}
    assert [f.item.config for f in report.surface.extensions if f.item.kind == "hook"] == [m.machine().display(hooks)]
    assert not report.surface.unchecked


@pytest.mark.parametrize(
    "written", ["../../../../../.cursor/mcp.json", "/etc/passwd", ["./a.json"] * 11, "$HOME/x.json"]
)
def test_a_manifest_naming_a_file_outside_the_plugin_needs_action(machine_factory, pack, written):
    """A path that leaves the plugin's folder is not followed (a plugin cannot make the scan read elsewhere), and
    the manifest is an unchecked config; so is one naming more files than are read."""
    m = machine_factory("linux")
    folder = _plugin(m, {"name": "tools", "mcpServers": written})
    m.write_json(folder + "/a.json", {"mcpServers": {}})
    report = scan(m.machine(), pack)
    [unchecked] = report.surface.unchecked
    assert unchecked.config == m.machine().display(folder + "/.claude-plugin/plugin.json")
    assert "outside the plugin's folder" in unchecked.reason or "the first 10 read" in unchecked.reason
    assert not any(p.endswith(("/etc/passwd", "/.cursor/mcp.json")) for p in report.audit.paths_read)


def test_a_broken_manifest_is_an_unchecked_config(machine_factory, pack):
    m = machine_factory("linux")
    folder = _plugin(m, '{"name": "tools", "mcpServers": {"tracker": ')
    report = scan(m.machine(), pack)
    [unchecked] = report.surface.unchecked
    assert unchecked.config == m.machine().display(folder + "/.claude-plugin/plugin.json")
    assert unchecked.reason.startswith("invalid JSON")
