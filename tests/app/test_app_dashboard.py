"""Dashboard: first frame before the scan ends, progress per channel, summary, table, filter, sort,
rescan, empty machine, content errors. Real synthetic machines, the real scanner."""

from __future__ import annotations

import threading

from textual.widgets import DataTable, Input, Static

from support.app import SIZE, app_for, demo_app, settle, texts, wait_until
from tui.app.dashboard import TOOL_PANEL_WIDTH, DashboardScreen
from tui.app.progress import CHANNELS, ScanProgress
from tui.core.verdicts import VERDICTS


def rows(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(k.value) for k in table.rows]


def test_progress_channels_match_the_core():
    from tui.core.models import CHANNELS as CORE

    assert CHANNELS == CORE


def status(app) -> str:
    """The tools panel's subtitle: counts, filter and sort."""
    return str(app.screen.query_one("#tools-panel").border_subtitle or "")


async def test_first_frame_comes_before_the_scan_finishes(monkeypatch):
    from tui.services.session import Session

    gate = threading.Event()
    real_scan = Session.scan

    def gated(self, progress=None, today=None):
        def slow(ch, i, n, found):
            progress(ch, i, n, found)
            if i == 0:
                gate.wait(10)  # hold the scan after its first channel

        return real_scan(self, progress=slow, today=today)

    monkeypatch.setattr(Session, "scan", gated)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.01)
            if app.screen.query_one(ScanProgress).done:
                break
        assert isinstance(app.screen, DashboardScreen)
        assert app.scanning and app.report is None
        progress = app.screen.query_one(ScanProgress)
        assert progress.display and list(progress.done) == ["path"]
        assert "scanning" in status(app)
        assert rows(app)  # tools found by the first channel already show, not yet judged
        gate.set()
        await settle(pilot)
        assert list(progress.done) == list(CHANNELS)
        assert not progress.display
        assert app.report is not None


async def test_tools_found_in_a_burst_of_channels_are_drawn_at_most_ten_times_a_second(monkeypatch):
    """Channels often end within milliseconds of each other: the table shows the first tools at once and
    the rest once PARTIAL_EVERY has passed, rather than being rebuilt for every channel."""
    from tui.app import dashboard
    from tui.services.session import Session

    gate = threading.Event()
    real_scan = Session.scan
    seen: list[int] = []

    def gated(self, progress=None, today=None):
        def held(ch, i, n, found):
            progress(ch, i, n, found)
            seen.append(len(found))
            if i == n - 1:
                gate.wait(10)  # hold the scan after its last channel, before the report

        return real_scan(self, progress=held, today=today)

    fills: list[int] = []
    real_fill = DashboardScreen._fill_partial

    def counted(self):
        fills.append(1)
        real_fill(self)

    monkeypatch.setattr(Session, "scan", gated)
    monkeypatch.setattr(DashboardScreen, "_fill_partial", counted)
    # a second between redraws: the burst fits in it even on a loaded machine, so the count is exact
    monkeypatch.setattr(dashboard, "PARTIAL_EVERY", 1.0)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if len(app.screen.query_one(ScanProgress).done) == len(CHANNELS):
                break
        assert app.report is None and sum(1 for n in seen if n) >= 3  # several channels found tools
        assert len(fills) == 1  # the first tools at once
        await wait_until(pilot, lambda: len(fills) == 2)
        assert len(fills) == 2  # the first tools at once, every later channel in one redraw
        partial = set(rows(app))
        gate.set()
        await settle(pilot)
        assert app.report is not None
        assert partial == set(rows(app))  # everything found was shown before the verdicts came


async def test_dashboard_shows_policy_summary_and_tools():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.title == "aicheck · Example Corp" and app.sub_title == "AI-tool policy 2026.11"
        summary = texts(app.screen, "Summary")
        assert "× 5 prohibited" in summary and "! 1 conditional" in summary and "✓ 2 approved" in summary
        assert "? 1 unreviewed" in summary and "≈ 0 excepted" in summary
        assert "Action required: 5 tools and 1 MCP/agent item need action" in summary  # the demo's docs server
        assert "Next: Claude Code: Update it to a version the policy allows" in summary
        assert rows(app) == [
            "claude-code",
            "cline",
            "cursor",
            "gemini-cli",
            "sider",
            "aider",
            "opencode",
            "github-copilot",
            "ollama",
        ]
        table = app.screen.query_one(DataTable)
        assert table.has_focus  # mounted just after the first frame, and focused
        first = [getattr(c, "plain", c) for c in table.get_row("claude-code")]
        assert first[0] == "×" and first[1] == "Claude Code" and first[2] == "prohibited *"
        assert first[3] == "2.1.201 +1" and len(first) == 4  # whole items; at 100 columns, no Found via
        await pilot.resize_terminal(120, SIZE[1])  # the panel beside says where; the table does from 113
        await settle(pilot)
        first = [getattr(c, "plain", c) for c in table.get_row("claude-code")]
        assert first[3] == "2.1.201 +1" and first[4].startswith("path") and "+" in first[4]


async def test_a_report_that_comes_before_the_table_is_shown_when_it_mounts():
    """The table is mounted just after the first frame; what the scan reported before is not lost."""
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        expected = rows(app)
        await screen.query_one(DataTable).remove()
        screen.set_focus(None)  # as at start: nothing focused before the table comes
        screen.report_ready(app.report)  # every handler copes with no table yet
        screen.channel_scanned("path", 0, 1, [])
        screen.action_cycle_sort()
        screen.action_clear_filter()
        assert screen._current_tool() is None
        await screen._mount_table()
        await pilot.pause()
        assert sorted(rows(app)) == sorted(expected) and rows(app) != expected  # sorted by name meanwhile
        assert screen.query_one(DataTable).has_focus
        assert status(app).startswith("9 tools") and "sort: name" in status(app)


async def test_filter_and_sort_from_the_keyboard():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"copilot")
        await pilot.pause()
        assert rows(app) == ["github-copilot"]
        assert app.screen.query_one(Input).has_focus
        await pilot.press("enter")
        assert app.screen.query_one(DataTable).has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert len(rows(app)) == 9
        await pilot.press("f")  # action required
        await pilot.pause()
        assert rows(app) == ["claude-code", "cline", "cursor", "gemini-cli", "sider"]
        await pilot.press("f")  # prohibited
        await pilot.pause()
        assert "verdict: prohibited" in status(app)
        await pilot.press("escape", "s")  # sort by name
        await pilot.pause()
        assert rows(app)[:3] == ["aider", "claude-code", "cline"]
        assert "sort: name" in status(app)


async def test_enter_opens_the_tool_under_the_cursor():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DetailScreen" and app.screen.tool_id == "cline"


async def test_r_rescans():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.report
        await pilot.press("r")
        await settle(pilot)
        assert app.report is not first and len(app.report.findings) == 9


async def test_a_rescan_keeps_the_tool_the_cursor_was_on():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down")
        table = app.screen.query_one(DataTable)
        chosen = rows(app)[3]
        assert table.cursor_row == 3
        await pilot.press("r")
        await settle(pilot)
        assert rows(app)[table.cursor_row] == chosen  # not back at the top after the tools found so far
        name = app.report.finding(chosen).tool.name
        assert str(app.screen.query_one("#tool-panel").border_title) == name  # and its panel with it


async def test_empty_machine_gets_a_friendly_state(machine_factory):
    app = app_for(machine_factory("linux", "empty"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        empty = app.screen.query_one("#empty", Static)
        assert empty.display and not app.screen.query_one(DataTable).display
        assert "No AI tools found on this machine." in texts(app.screen, "#empty")


async def test_broken_content_pack_is_reported_and_q_still_quits(tmp_path, machine_factory):
    app = app_for(machine_factory(), content=str(tmp_path / "no-such-pack"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Could not scan" in texts(app.screen, "#banner")
        await pilot.press("g")  # needs the pack: a warning, not a crash
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)


async def test_the_header_keeps_its_note_whole_at_80_columns(tmp_path, machine_factory):
    import shutil

    from tui.paths import bundled_content_dir

    pack = shutil.copytree(bundled_content_dir(), tmp_path / "pack")  # a pack someone wrote: not signature-checked
    app = app_for(machine_factory(), content=str(pack))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = app.screen.query_one("HeaderTitle").render()
        text = getattr(shown, "plain", str(shown))
        assert text.endswith("pack not signature-checked"), text  # not cut to "pack not sig…"
        assert len(text) <= 80 - 20  # the header's icon and its right-hand space take the rest
        await pilot.resize_terminal(120, 36)
        await settle(pilot)
        assert app.title.startswith("aicheck · ") and app.sub_title.startswith("AI-tool policy ")


async def test_usable_at_80x24():
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.region.height >= 8 and table.region.width == 78
        assert table.virtual_size.width <= 76  # no sideways scrolling for the main table
        assert_footer_reads_cleanly(app)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DetailScreen"
        assert_footer_reads_cleanly(app)


def assert_footer_reads_cleanly(app) -> None:
    """Every key of the footer whole on the screen, none under the palette's key (docked right): no cut
    label, no stray letter beside it (the "palettel" of the compact footer's margin)."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    footer = app.screen.query_one(Footer)
    assert footer.virtual_size.width <= footer.size.width
    keys = list(footer.query(FooterKey))
    palette = [k.region for k in keys if k.has_class("-command-palette")]
    for key in keys:
        assert footer.region.contains_region(key.region), key.description
        if palette and not key.has_class("-command-palette"):
            assert not key.region.overlaps(palette[0]), key.description
    if palette:
        assert palette[0].right == footer.region.right


async def test_detail_pane_follows_the_cursor_beside_the_table_at_120_columns():
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#tool-panel")
        tools = app.screen.query_one("#tools-panel")
        assert panel.region.x >= tools.region.right  # beside
        assert panel.border_title == "Claude Code"
        body = texts(app.screen, "#tool-panel-body")
        assert body.startswith("× prohibited · action required") and "Next: Update it" in body
        await pilot.press("down", "down", "down", "down", "down")  # past Sider, the fifth row
        await pilot.pause()
        assert panel.border_title == "Aider"
        assert "! conditional" in texts(app.screen, "#tool-panel-body")
        assert app.screen.query_one(DataTable).has_focus


async def test_at_80_columns_the_detail_is_below_and_reasons_lose_the_policy_prefix():
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#tool-panel")
        assert panel.region.y >= app.screen.query_one("#tools-panel").region.bottom  # below
        table = app.screen.query_one(DataTable)
        reasons = [str(table.get_row(key)[4]) for key in rows(app)]
        assert not any("by policy" in r for r in reasons)
        assert reasons[1].startswith("Autonomous agent") and reasons[1].endswith("…")


async def test_one_verdict_palette_for_summary_table_and_detail_in_dark_and_light():
    from tui.app.text import MARKS, VERDICT_COLOURS

    assert len(set(MARKS.values())) == len(MARKS)  # every verdict has its own glyph
    for theme, index in (("textual-dark", 0), ("textual-light", 1)):
        app = demo_app()
        app.theme = theme
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            colour = VERDICT_COLOURS["prohibited"][index].lower()
            table = app.screen.query_one(DataTable)
            assert str(table.get_row("claude-code")[0].style).endswith(colour)
            summary = app.screen.query_one("Summary").render()
            assert any(colour in str(span.style).lower() for span in summary.spans)
            body = app.screen.query_one("#tool-panel-body").render()
            assert any(colour in str(span.style).lower() for span in body.spans)


async def test_the_focus_frame_is_not_prohibited_red_in_a_16_colour_terminal(monkeypatch):
    """Most themes' accent (orange) becomes ANSI bright red in 16 colours, the colour of "prohibited": there
    the focused panel is framed in bright blue, which no verdict uses; elsewhere in the theme's accent."""
    import textual.constants
    from rich.color import Color, ColorSystem

    from tui.app.app import FOCUS_FRAME_16
    from tui.app.text import VERDICT_COLOURS

    def ansi16(colour: str) -> int | None:
        return Color.parse(colour).downgrade(ColorSystem.STANDARD).number

    for system in ("standard", "truecolor"):
        monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", system)
        app = demo_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            variables = app.get_css_variables()
            frame = app.screen.query_one("#tools-panel").styles.border_top[1]
            if system == "standard":
                assert variables["focus-frame"] == FOCUS_FRAME_16 and frame.hex.lower() == FOCUS_FRAME_16
                verdicts = {ansi16(c) for pair in VERDICT_COLOURS.values() for c in pair}
                assert ansi16(FOCUS_FRAME_16) not in verdicts and ansi16(variables["accent"]) in verdicts
            else:
                assert variables["focus-frame"] == variables["accent"]


def test_versions_are_cut_whole_and_text_with_an_ellipsis():
    from tui.app.text import clip, clip_list, short_reason

    assert clip_list(["2.1.201", "2.1.150"], 10) == "2.1.201 +1"
    assert clip_list(["2.1.201", "2.1.150"], 16) == "2.1.201, 2.1.150"
    assert clip_list([], 8) == "–"
    assert clip("Prohibited", 6) == "Prohi…"
    assert short_reason("Prohibited by policy: no agreement") == "No agreement"
    assert short_reason("Conditional by policy until 2026-12-15, then x") == "Until 2026-12-15, then x"


async def test_one_tool_is_counted_in_the_singular(machine_factory):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.201", bin_name="claude")
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert status(app).startswith("1 tool ·"), status(app)


async def test_a_pack_from_a_folder_says_in_the_title_that_its_signature_was_not_checked(tmp_path, machine_factory):
    import shutil

    from tui.paths import bundled_content_dir

    folder = shutil.copytree(bundled_content_dir(), tmp_path / "pack")
    app = app_for(machine_factory("linux"), content=str(folder))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.sub_title == "AI-tool policy 2026.11 · pack not signature-checked"
    app = app_for(machine_factory("linux", name="other"))  # the bundled example: nothing to check
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.sub_title == "AI-tool policy 2026.11"


async def test_an_incomplete_scan_is_never_called_compliant(machine_factory):
    """The app dated by the clock, and a clock behind a file Claude Code wrote: nothing needs action, but the
    scan is incomplete, as `aicheck check` says (exit 2), so the summary says that and leads to the audit."""
    import os
    import time

    from support.app import THEME, args_for
    from tui.app.app import AicheckApp

    m = machine_factory("linux")
    m.write_json(m.h(".claude.json"), {})
    ahead = time.time() + 20 * 24 * 3600
    os.utime(m.host(m.h(".claude.json")), (ahead, ahead))
    app = AicheckApp(args_for(m), theme=THEME, today=None, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = texts(app.screen, "Summary")
        assert "Incomplete scan: 1 scan error, not a clean bill" in summary and "Compliant" not in summary
        assert "Next: press a for the audit. The clock reads " in summary


async def test_an_unconfirmed_version_is_the_next_step(machine_factory):
    """Claude Code 2.1.150 whose package.json was edited to say 2.1.250: its version cannot be confirmed, and
    that, not the conditions it may meet, is what the dashboard says to do next."""
    m = machine_factory("linux")
    pkg = m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude")
    m.write(f"{pkg}/cli.js", "#!/usr/bin/env node\n// Version: 2.1.150\n")
    m.write_json(f"{pkg}/package.json", {"name": "@anthropic-ai/claude-code", "version": "2.1.250"})
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        summary = texts(app.screen, "Summary")
        assert "Next: Claude Code: Update it: its version cannot be confirmed" in summary
        panel = texts(app.screen, "#tool-panel-body")
        assert "cannot be confirmed (package.json states 2.1.250; cli.js states 2.1.150)" in " ".join(panel.split())


async def test_an_approved_tools_panel_says_when_its_mcp_servers_need_action(machine_factory):
    """GitHub Copilot may stay, but a remote server in its ~/.copilot/mcp-config.json may not: the panel's next
    step says so (it said "Nothing to do: approved"), and a tool that needs action itself says it as well."""
    m = machine_factory("linux")
    m.write_json(
        m.h(".copilot/mcp-config.json"), {"mcpServers": {"notes": {"type": "http", "url": "https://n.example"}}}
    )
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = " ".join(texts(app.screen, "#tool-panel-body").split())
        assert "Next: 1 MCP server or extension in its configuration needs action (m: MCP servers and agents" in panel
        assert "Nothing to do" not in panel
    m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude")  # affected by the advisory: action itself
    m.write_json(
        m.h(".claude.json"), {"mcpServers": {"a": {"url": "https://a.example"}, "b": {"url": "https://b.example"}}}
    )
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = " ".join(texts(app.screen, "#tool-panel-body").split())
        assert "Next: Update it to a version the policy allows" in panel
        assert "▲ Also: 2 MCP servers or extensions in its configuration need action (m)." in panel


async def test_a_prohibited_extension_the_browser_policy_blocks_has_nothing_to_do(machine_factory):
    """Sider is prohibited, but the administrator's Chrome policy blocks it, so it never runs: the panel's next
    step says there is nothing to do (it said "Remove it and move to ..."), with the policy file in the why."""
    m = machine_factory("linux")
    m.chromium_extension("difoiogjjojoaoomphldepapgpbgkhkb", "5.32.8", name="Sider")
    m.write_json("/etc/opt/chrome/policies/managed/ai.json", {"ExtensionInstallBlocklist": ["*"]})
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = " ".join(texts(app.screen, "#tool-panel-body").split())
        assert "Next: Nothing to do: your administrator's browser policy keeps it from running." in panel
        assert "Remove it" not in panel and "ai.json" in panel


def drawn_rows(app) -> dict[str, str]:
    """Each row of the tools table as drawn on the screen (what the columns' widths leave of it), by tool id."""
    table = app.screen.query_one(DataTable)
    return {str(key.value): table.render_line(1 + n).text for n, key in enumerate(table.rows)}


async def test_the_action_mark_is_drawn_after_every_verdict_at_every_width(machine_factory):
    """`conditional *` is 13 cells: a 12-cell Verdict column drew "conditional " and lost the mark without an
    ellipsis, so Aider, whose gateway condition is unmet, looked fine in the table. The column fits the longest
    verdict with its mark, beside the detail pane (120 columns) and above it (80)."""
    m = machine_factory("linux")
    m.python("aider-chat", "0.86.1", manager="pipx", bin_name="aider")  # no gateway: a condition unmet
    m.npm("@google/gemini-cli", "0.9.0", bin_name="gemini")  # prohibited
    m.npm("opencode-ai", "0.15.4", bin_name="opencode")  # unreviewed
    for size in ((120, 36), (80, 24)):
        app = app_for(m)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            drawn = drawn_rows(app)
            assert app.report is not None and app.report.finding("aider").action_required
            assert "! " in drawn["aider"] and "conditional *" in drawn["aider"], (size, drawn)
            assert "prohibited *" in drawn["gemini-cli"], (size, drawn)
            assert "unreviewed " in drawn["opencode"] and "*" not in drawn["opencode"], (size, drawn)
            widths = {c.key.value: c.width for c in app.screen.query_one(DataTable).columns.values()}
            assert all(len(f"{v} *") <= widths["verdict"] for v in VERDICTS)  # whichever verdict needs action


def table_fits(app, size) -> None:
    """The tools table at this size: every column's header drawn whole, every column (so every row) inside the
    table's region (nothing to scroll to sideways), the verdict column whole with its action mark, and the
    columns a layout promises: Found via beside the tool panel from 113 columns, the reason below it."""
    table = app.screen.query_one(DataTable)
    columns = {str(c.key.value): c for c in table.columns.values()}
    header = table.render_line(0).text
    for column in columns.values():
        assert f" {column.label.plain} " in f"{header} ", (size, header)
    assert table.virtual_size.width <= table.scrollable_content_region.width, (size, table.virtual_size)
    assert table.max_scroll_x == 0 and not table.show_horizontal_scrollbar, size
    assert columns["verdict"].width >= len("conditional *"), size
    width = size[0]
    wanted = {"mark", "tool", "verdict", "versions"} | (
        {"reason"} if width < 100 else {"via"} if width >= 113 else set()
    )
    assert set(columns) == wanted, (size, set(columns))
    if wanted & {"reason", "via"}:  # the last column takes the rest, short of the scrollbar's room and a cell
        assert table.scrollable_content_region.width - table.virtual_size.width <= 3, (size, table.virtual_size)
    panel = app.screen.query_one("#tool-panel")
    assert panel.region.right <= width, size
    if width >= 100:
        assert panel.outer_size.width == TOOL_PANEL_WIDTH, size  # the width the table's columns leave it


async def test_every_column_is_readable_without_scrolling_sideways_at_every_width():
    """From 100 to 112 columns the table beside the 46-cell tool panel was 62 cells wide in a region of 52 to 64:
    at 100 "Found via" showed as "F" and its channels as one letter, the rest only by scrolling sideways. The
    table's columns now fit its region at every width, in a running app resized across the breakpoints, and
    with the vertical scrollbar shown (the demo's nine tools in a short terminal). Beside the panel, Found via
    goes while it cannot show its header and a channel, since the panel says where the selected tool was
    found. (From 140 columns the table also left 14 cells unused, sized for a 60-cell panel the stylesheet
    never drew.)"""
    app = demo_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        table_fits(app, (100, 32))
        for width in (105, 110, 112, 113, 118, 120, 139, 140, 200, 99, 80, 118, 100):
            await pilot.resize_terminal(width, 32)
            await settle(pilot)
            table_fits(app, (width, 32))
    app = demo_app()
    async with app.run_test(size=(100, 18)) as pilot:  # a short terminal: the table scrolls, with its scrollbar
        await settle(pilot)
        assert app.screen.query_one(DataTable).show_vertical_scrollbar
        for width in (100, 106, 112, 113, 118, 80):
            await pilot.resize_terminal(width, 18)
            await settle(pilot)
            table_fits(app, (width, 18))
