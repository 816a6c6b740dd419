"""The app's view of MCP servers and agent extensions (``m`` from the dashboard) and the section in each tool's
detail: verdicts, reasons, fixes, and never a secret value on any screen."""

from __future__ import annotations

from support.agents import MARKER, ODD_SECRET, add_agent_surface, add_odd_secrets
from support.app import SIZE, app_for, settle, texts
from tui.app.dashboard import DashboardScreen
from tui.app.surface import SurfaceScreen


async def test_m_opens_the_surface_view_with_verdicts_and_fixes(machine_factory):
    m = machine_factory("linux")
    add_agent_surface(m)
    m.npm("@anthropic-ai/claude-code", "2.1.201", bin_name="claude")
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SurfaceScreen)
        text = texts(screen)
        assert "28 MCP servers and 9 agent extensions; 8 need action" in text
        assert "filesystem  (Claude Code, http, url mcp.evil.example)  prohibited (action required)" in text
        assert "fix: remove the server 'filesystem' from /home/ada/.claude.json (key mcpServers.filesystem)" in text
        assert "github  (Claude Code, stdio, npm @modelcontextprotocol/server-github@2025.4.8)  approved" in text
        assert "env: GITHUB_PERSONAL_ACCESS_TOKEN" in text
        assert "hook PreToolUse:audit-hook  (claude-code)  unreviewed" in text
        assert "plugin superpowers@claude-plugins-official  (claude-code)  approved" in text
        assert MARKER not in text
        # what needs action comes first in each list: at 80x24 it was below the approved ones, out of sight
        for panel in ("#mcp-servers", "#agent-extensions"):
            lines = texts(screen, f"{panel} Static").splitlines()
            marks = [ln.lstrip()[:1] for ln in lines if ln.lstrip()[:1] in "×?✓"]
            assert marks == sorted(marks, key="×?✓".index) and len(set(marks)) > 1, marks
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        # the tool's own detail lists the servers its configuration holds
        app.action_open_tool("claude-code")
        await pilot.pause()
        detail = texts(app.screen)
        assert "MCP servers and extensions in its configuration" in detail
        assert "pg  (Claude Code, stdio, docker mcp/postgres:0.6.2)  unreviewed" in detail
        assert "filesystem  (Claude Code, http, url mcp.evil.example)" in detail
        assert "cursor" not in detail.lower().split("mcp servers and extensions")[1]  # only its own servers
        assert MARKER not in detail


async def test_surface_view_on_a_machine_without_any(machine_factory):
    app = app_for(machine_factory("macos"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        text = texts(app.screen)
        assert "No MCP server is configured in any client aicheck knows." in text
        assert "No plugin, skill or hook found." in text


async def test_the_dashboard_never_says_compliant_while_a_server_or_a_broken_config_needs_action(machine_factory):
    """Only the agent surface needs action here (no tool is installed): the summary says so and its next action
    leads to ``m``; a config that cannot be read is listed there and in its client's detail."""
    m = machine_factory("linux")
    m.write_json(m.h(".gemini/settings.json"), {"mcpServers": {"r": {"httpUrl": "https://r.example/mcp"}}})
    m.write(m.h(".cursor/mcp.json"), '{"mcpServers": {"x": {"url": "https://' + MARKER + '.example"}}')  # cut short
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = texts(app.screen, "Summary")
        assert "Action required: 2 MCP/agent items need action" in summary and "Compliant" not in summary
        assert "Next: Cursor: repair or remove /home/ada/.cursor/mcp.json" in summary
        assert "Press m for MCP servers and agents" in summary
        await pilot.press("m")
        await pilot.pause()
        text = texts(app.screen)
        assert "/home/ada/.cursor/mcp.json  (Cursor's MCP servers)  cannot be checked (action required)" in text
        assert "why: invalid JSON: Expecting ',' delimiter (line 1, column " in text
        assert "r  (Gemini CLI, http, url r.example)  prohibited (action required)" in text
        assert "1 MCP server and 0 agent extensions, 1 config file that could not be checked; 2 need action" in text
        assert MARKER not in text
        await pilot.press("escape")
        await pilot.pause()
        app.action_open_tool("cursor")
        await pilot.pause()
        detail = texts(app.screen)
        assert "cannot be checked (action required)" in detail and MARKER not in detail


async def test_the_apps_view_of_servers_and_hooks_shows_no_secret(machine_factory):
    """A value of no known-safe kind is hidden on the `m` screen as in every report (its text is the same)."""
    m = machine_factory("linux")
    add_odd_secrets(m)
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        text = texts(app.screen)
        assert "runs: npx -y some-mcp -k <redacted> --access <redacted> <redacted>" in text
        assert ODD_SECRET not in text and ODD_SECRET.lower() not in text.lower()
