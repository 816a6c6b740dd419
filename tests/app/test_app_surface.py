"""The app's view of MCP servers and agent extensions (``m`` from the dashboard) and the section in each tool's
detail: verdicts, reasons, fixes, and never a secret value on any screen."""

from __future__ import annotations

from support.agents import MARKER, ODD_SECRET, add_agent_surface, add_odd_secrets
from support.app import SIZE, app_for, settle, texts
from tui.app import surface
from tui.app.dashboard import DashboardScreen
from tui.app.detail import DetailScreen
from tui.app.surface import SurfaceScreen


def every_item(screen: SurfaceScreen) -> str:
    """The screen's summary and the details of each row in turn (the table shows one row per item; the
    pane beside it, the selected one's details): what the screen shows, row by row."""
    table = screen._table()
    out = [texts(screen, "#surface-summary Static")]
    for row in range(table.row_count):
        table.move_cursor(row=row)
        screen._show_selected()
        out.append(texts(screen, "#surface-detail Static"))
    return "\n".join(out)


def rows(screen: SurfaceScreen) -> list[list[str]]:
    table = screen._table()
    return [[str(getattr(c, "plain", c)) for c in table.get_row_at(n)] for n in range(table.row_count)]


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
        text = every_item(screen)
        assert "28 MCP servers and 9 agent extensions; 9 need action" in text
        assert "filesystem  (Claude Code, http, url mcp.evil.example)  prohibited (action required)" in text
        assert "fix: remove the server 'filesystem' from /home/ada/.claude.json (key mcpServers.filesystem)" in text
        assert "github  (Claude Code, stdio, npm @modelcontextprotocol/server-github@2025.4.8)  approved" in text
        assert "env: GITHUB_PERSONAL_ACCESS_TOKEN" in text
        assert "hook PreToolUse:audit-hook  (claude-code)  prohibited (action required)" in text
        assert "plugin superpowers@claude-plugins-official  (claude-code)  approved" in text
        assert MARKER not in text
        # what needs action comes first: at 80x24 it was below the approved ones, out of sight
        marks = [row[0] for row in rows(screen)]
        assert marks == sorted(marks, key="×?✓".index) and len(set(marks)) > 1, marks
        assert all(row[2].endswith(" *") for row in rows(screen)[:8]), rows(screen)[:9]
        # at 100 columns the Client column gives way to the details beside (as the dashboard's Found via)
        assert ["×", "filesystem", "prohibited *", "server"] in rows(screen)
        assert ["×", "PreToolUse:audit-hook", "prohibited *", "hook"] in rows(screen)
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
        assert "0 MCP servers and 0 agent extensions; 0 need action" in text
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
        text = every_item(app.screen)
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
        text = every_item(app.screen)
        assert "runs: npx -y some-mcp -k <redacted> --access <redacted> <redacted>" in text
        assert ODD_SECRET not in text and ODD_SECRET.lower() not in text.lower()


def add_many_servers(m, projects: int = 4, each: int = 500, cursor: int = 30) -> None:
    """Claude Code: ``projects`` projects of ``each`` unreviewed stdio servers (a config lists at most 500 per
    place) and one remote (prohibited) server; Cursor: ``cursor`` more, given a secret's name."""
    stdio = {"command": "npx", "args": ["-y", "@x/pkg"]}
    by_project = {}
    for p in range(projects):
        m.mkdir(m.h(f"p{p}"))
        servers = {f"s{p}-{i}": stdio | {"args": ["-y", f"@x/pkg{i}"]} for i in range(each)}
        by_project[m.h(f"p{p}")] = {"mcpServers": servers}
    remote = {"remote": {"type": "http", "url": "https://mcp.far.example/v1"}}
    m.write_json(m.h(".claude.json"), {"mcpServers": remote, "projects": by_project})
    theirs = {f"c{i}": stdio | {"env": {"C_TOKEN": MARKER}} for i in range(cursor)}
    m.write_json(m.h(".cursor/mcp.json"), {"mcpServers": theirs})


async def test_thousands_of_servers_are_one_row_each_with_the_selected_ones_details(machine_factory):
    """Built as ~4 widgets per item on the event loop, the screen froze the app (at the scan's cap of 5,000
    servers `m` took minutes and no key, q included, was read): one table row per item (drawn only when in
    sight) beside the selected item's details keeps the widgets few whatever the count."""
    m = machine_factory("linux")
    add_many_servers(m)
    m.npm("@anthropic-ai/claude-code", "2.1.201", bin_name="claude")
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SurfaceScreen)
        assert len(screen.query("*")) < 60, len(screen.query("*"))
        table = screen._table()
        assert table.row_count == 2031 and table.has_focus
        assert "2031 MCP servers and 0 agent extensions; 1 needs action" in texts(screen, "#surface-summary Static")
        # the one server needing action is the first row, its details shown
        assert rows(screen)[0] == ["×", "remote", "prohibited *", "server"]
        detail = texts(screen, "#surface-detail Static")
        assert "remote  (Claude Code, http, url mcp.far.example)  prohibited (action required)" in detail
        assert "fix: remove the server 'remote' from /home/ada/.claude.json (key mcpServers.remote)" in detail
        assert screen.query_one("#surface-detail").border_title == "remote"
        # the selection moves with the keys; the details follow
        for key, row in (("down", 1), ("down", 2), ("end", 2030), ("up", 2029), ("home", 0), ("pagedown", None)):
            await pilot.press(key)
            await pilot.pause()
            if row is not None:
                assert table.cursor_row == row, (key, table.cursor_row)
            item = screen.items[table.cursor_row].item
            detail = texts(screen, "#surface-detail Static")
            assert f"{item.name}  ({item.client_label}, stdio, npm " in detail or item.name == "remote", detail
            assert f"in: {item.config} (key {item.key})" in detail
            assert "unreviewed" in detail or item.name == "remote"
            assert screen.query_one("#surface-detail").border_title == item.name
        assert table.cursor_row > 2
        assert "runs: npx -y @x/pkg" in detail and MARKER not in detail
        # Enter gives the details the focus (to scroll a long one), Tab back to the table
        await pilot.press("enter")
        assert screen.focused is screen.query_one("#surface-detail")
        await pilot.press("tab")
        assert screen.focused is table
        assert len(screen.query("*")) < 60
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, SurfaceScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None) and not app.is_running


async def test_a_tools_detail_lists_its_first_servers_and_how_many_more_m_shows(machine_factory):
    """The tool detail built every server of its client as widgets (2,000 of them: seconds per Enter): it shows
    the first few, those needing action first, and how many more the m screen lists."""
    m = machine_factory("linux")
    add_many_servers(m)
    m.npm("@anthropic-ai/claude-code", "2.1.201", bin_name="claude")
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_open_tool("claude-code")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert len(app.screen.query("*")) < 200, len(app.screen.query("*"))
        section = texts(app.screen, "#tool-surface Static")
        assert "MCP servers and extensions in its configuration (2001)" in section
        assert section.splitlines()[1].startswith("× remote  (Claude Code, http, url mcp.far.example)")
        assert f"… and {2001 - surface.DETAIL_ITEMS:,} more: press m for MCP servers and agents" in section
        assert "  (Cursor, " not in section and MARKER not in section  # only its own
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, SurfaceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)


async def test_at_80_columns_the_details_are_below_the_rows(machine_factory):
    m = machine_factory("linux")
    add_many_servers(m, projects=1, each=300)
    app = app_for(m)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SurfaceScreen) and screen.has_class("narrow")
        table, pane = screen._table(), screen.query_one("#surface-detail")
        assert pane.region.y >= table.region.bottom and pane.region.width > 60
        # no Details beside: the Client column has room
        assert [c.label.plain for c in table.columns.values()] == ["", "Name", "Verdict", "Kind", "Client"]
        assert rows(screen)[0] == ["×", "remote", "prohibited *", "server", "Claude Code"]
        await pilot.press("down")
        await pilot.pause()
        item = screen.items[1].item
        assert f"in: {item.config} (key {item.key})" in texts(screen, "#surface-detail Static")
        # a rescan rebuilds the rows and the details in place
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is screen and screen._table().row_count == 331
        assert "prohibited (action required)" in texts(screen, "#surface-detail Static")


async def test_a_rows_name_from_a_config_is_shown_literally(machine_factory):
    """A server's name is the config's text: a terminal escape and markup in it are shown, never interpreted."""
    m = machine_factory("linux")
    name = "\x1b[31mred[bold]x"
    m.write_json(m.h(".cursor/mcp.json"), {"mcpServers": {name: {"command": "uvx", "args": ["q"]}}})
    app = app_for(m)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert rows(app.screen)[0][1] == "\\x1b[31mred[bold]x"
        assert "\\x1b[31mred[bold]x  (Cursor, stdio, " in texts(app.screen, "#surface-detail Static")


async def test_the_apps_view_hides_a_placeholders_default_and_values_written_as_names(machine_factory):
    """A red team: ``--api-key=${GITHUB_TOKEN:-ghp_…}`` and ``"env": {"K=T": ""}`` were shown whole on the ``m``
    screen as in every report."""
    token = "ghp_CANARYzz1b2C3d4E5f6G7h8I9j0K1l2M3n4"
    m = machine_factory("linux")
    servers = {
        "gh": {
            "command": "npx",
            "args": ["-y", "gh-server", f"--api-key=${{GITHUB_TOKEN:-{token}}}", f"${{T-{token}}}"],
        },
        "env": {"command": "npx", "args": ["-y", "env-server", "--password=/Zq3app"], "env": {"K=Zq3app": ""}},
    }
    m.write_json(m.h(".claude.json"), {"mcpServers": servers})
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        text = every_item(app.screen)
        assert "runs: npx -y gh-server --api-key=<redacted> ${T-<redacted>}" in text
        assert "env: <redacted>" in text
        assert "CANARYzz" not in text and "Zq3app" not in text
