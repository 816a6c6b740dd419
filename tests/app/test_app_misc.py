"""Help, about-this-scan, command palette, themes, quitting, and the demo entry point."""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import tui.app as app_package
from support.app import SIZE, demo_app, settle, texts, type_text
from tui.app import (
    about,
    dashboard,
    detail,
    guidance,
    impact,
    onboarding,
    preview,
    request_form,
    requests_list,
    walkthrough,
)
from tui.app import help as help_screen
from tui.app.app import AicheckApp

SCREENS = (
    dashboard.DashboardScreen,
    detail.DetailScreen,
    guidance.GuidanceScreen,
    walkthrough.WalkthroughScreen,
    onboarding.OnboardingScreen,
    about.AboutScreen,
    impact.ImpactScreen,
    request_form.ExceptionFormScreen,
    preview.PreviewScreen,
    requests_list.RequestsScreen,
    requests_list.RequestScreen,
)


def _classes_with_own_bindings() -> list[type]:
    """Every class of the app's modules that declares keys: a screen or widget added later is checked too."""
    found = []
    for info in pkgutil.iter_modules(app_package.__path__):
        module = importlib.import_module(f"{app_package.__name__}.{info.name}")
        found += [
            c
            for _, c in inspect.getmembers(module, inspect.isclass)
            if c.__module__ == module.__name__ and "BINDINGS" in c.__dict__
        ]
    return found


def test_help_lists_every_key_of_every_screen():
    listed = {part.strip().lower() for _, keys in help_screen.KEYS for k, _ in keys for part in k.split(" / ")}
    names = {"question_mark": "?", "slash": "/", "escape": "esc"}
    owners = _classes_with_own_bindings()
    assert {AicheckApp, *SCREENS} <= set(owners)
    for owner in owners:
        for binding in owner.BINDINGS:
            for key in binding.key.split(","):
                assert names.get(key, key) in listed, f"{owner.__name__}: key {key} missing from help"


async def test_help_opens_with_question_mark_and_f1():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("question_mark", "f1"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, help_screen.HelpScreen)
            assert "request an exception" in texts(app.screen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, dashboard.DashboardScreen)


async def test_about_this_scan_lists_what_was_read():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        summary = texts(app.screen, "#about-summary")
        assert "Nothing was sent anywhere" in summary and "Nothing was executed" in summary
        audit = app.report.audit
        assert f"read {len(audit.paths_read)} files, listed {len(audit.dirs_listed)} folders" in summary
        lines = app.screen.query_one("Log").lines
        assert "read    /usr/local/lib/node_modules/@anthropic-ai/claude-code/package.json" in lines
        assert sum(line.startswith("read ") for line in lines) == len(audit.paths_read)
        assert sum(line.startswith("listed ") for line in lines) == len(audit.dirs_listed)
        await pilot.pause()
        log = app.screen.query_one("Log")
        assert log.scroll_y == 0 and log.max_scroll_y > 0  # it opens at the first file read, not the last line


async def test_an_exception_can_be_asked_for_a_restricted_tool_before_it_is_installed():
    """The sensible path is to ask first: the palette offers the form for each tool the policy prohibits or
    restricts that is not on this machine (before, only for tools found), and the form opens for it."""
    from tui.app.request_form import ExceptionFormScreen

    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Windsurf (Devin Desktop)" not in {f.tool.name for f in app.report.findings}
        ask = commands["Request an exception for Windsurf (Devin Desktop)"]
        assert "not on this machine: ask before you install it" in ask.help
        ask.callback()
        await pilot.pause()
        assert isinstance(app.screen, ExceptionFormScreen) and app.screen.tool_id == "windsurf"


async def test_command_palette_has_the_apps_commands():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in (
            "Rescan",
            "Onboarding checklist",
            "About this scan",
            "Help: keys",
            "Tool: Cursor",
            "Guide: AI tools at Example Corp",
            "Move from Cursor to GitHub Copilot",
            "Theme",
        ):
            assert any(t.startswith(wanted) for t in titles), wanted
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"
        await type_text(pilot, "Tool: Cursor")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "DetailScreen" and app.screen.tool_id == "cursor"


async def test_theme_can_be_changed():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        app.theme = "textual-light"
        await pilot.pause()
        assert app.theme == "textual-light"


async def settled_screenshot(pilot, timeout: float = 5.0) -> str:
    """The screen once two screenshots in a row agree: a theme switch restyles with transitions, and on a busy
    machine one idle wait can end before the last of them is drawn."""
    import time

    deadline = time.monotonic() + timeout
    await pilot.pause()
    shot = pilot.app.export_screenshot()
    while True:
        await pilot.pause(0.05)
        again = pilot.app.export_screenshot()
        if again == shot or time.monotonic() > deadline:
            return again
        shot = again


async def test_starting_in_a_theme_draws_what_switching_to_it_draws():
    """The app starts in a remembered theme without the restyle a switch costs: the screen must be the same."""
    switched = demo_app()
    async with switched.run_test(size=SIZE) as pilot:
        await settle(pilot)
        switched.theme = "textual-light"
        expected = await settled_screenshot(pilot)
    from support.app import TODAY, args_for, demo_machine

    started = AicheckApp(args_for(demo_machine()), theme="textual-light", today=TODAY, cursor_blink=False)
    async with started.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert started.theme == "textual-light" and started.has_class("-light-mode", "-theme-textual-light")
        assert not started.has_class("-dark-mode")
        assert await settled_screenshot(pilot) == expected


async def test_q_quits_from_any_screen():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "w")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_a_screen_closed_the_moment_it_opens_never_ends_the_app():
    """Textual's Header looks up its title widget a moment after it is mounted; a screen closed in that
    moment (keys pressed quickly) had already taken the header down, the lookup raised NoMatches, and the app
    ended with a traceback (seen as a CI failure of the whole request path under load). Every screen's header
    is the app's own now, which passes over a title no longer there."""
    import asyncio

    from tui.app.requests_list import RequestsScreen

    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for round_ in range(50):
            app.push_screen(RequestsScreen())
            await asyncio.sleep(0)
            app.pop_screen()
            app.sub_title = f"round {round_}"  # a title change the closed header still watches
            await asyncio.sleep(0)
        await pilot.pause()
        assert app.is_running and app._exception is None


def test_every_screen_shows_the_apps_own_header():
    """The guarded header (:mod:`tui.app.header`) on every screen: Textual's own is never composed."""
    for info in pkgutil.iter_modules(app_package.__path__):
        source = inspect.getsource(importlib.import_module(f"tui.app.{info.name}"))
        assert "Header(" not in source.replace("AppHeader(", ""), info.name


async def test_mouse_click_opens_a_tool():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("DataTable")
        await pilot.click(table, offset=(10, 3))  # header row + 2: the third tool
        await pilot.click(table, offset=(10, 3))
        await pilot.pause()
        assert type(app.screen).__name__ == "DetailScreen" and app.screen.tool_id == "cursor"


def test_demo_args_point_at_a_built_demo_machine(tmp_path):
    from tui.app.main import demo_args

    args = demo_args(argparse.Namespace(content=None, demo=True, root=None), root=tmp_path / "d")
    assert args.platform == "macos" and args.home == "/Users/ada" and args.root == str(tmp_path / "d")
    assert (tmp_path / "d" / "Applications" / "Cursor.app").is_dir()
    again = demo_args(argparse.Namespace(content=None, demo=True, root=None), root=tmp_path / "d")
    assert again.search_path == args.search_path  # idempotent


def test_headless_commands_never_import_textual():
    code = (
        "import sys, tui.cli, tui.core.remediation, tui.services.onboarding, tui.demo, tui.services.session;"
        "tui.cli.build_parser();"
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


FIRST_FRAME = r"""
import argparse, asyncio, json, sys
from tui.app.app import AicheckApp
from tui.app.main import demo_args
class FirstFrame(AicheckApp):
    def on_mount(self):  # runs before AicheckApp.on_mount (Textual calls both), so before the scan starts
        self.call_after_refresh(lambda: setattr(self, "loaded", sorted(sys.modules)))
async def main():
    app = FirstFrame(demo_args(argparse.Namespace(content=None, demo=True), root=%(root)r))
    async with app.run_test(size=(100, 32)) as pilot:
        while not hasattr(app, "loaded"):
            await pilot.pause(0.001)
        screen = type(app.screen).__name__
    print(json.dumps({"screen": screen, "loaded": app.loaded}))
asyncio.run(main())
"""


def test_the_first_frame_loads_only_what_it_shows():
    """Start-up (scripts/bench_startup.py): the pack, the scan, the table and every other screen come
    after the first frame, and so do their imports."""
    from support.app import demo_machine

    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME % {"root": str(demo_machine().root)}],
        capture_output=True,
        text=True,
        check=True,
    )
    first = json.loads(out.stdout.strip().splitlines()[-1])
    assert first["screen"] == "DashboardScreen"
    later = {
        "textual.widgets._data_table",
        "textual.widgets._markdown",
        "tui.app.tool_panel",
        "tui.app.detail",
        "tui.app.guidance",
        "tui.app.help",
        "tui.app.impact",
        "tui.app.preview",
        "tui.app.request_form",
        "tui.app.requests_list",
        "tui.core.models",
        "tui.core.content",
        "tui.services.session",
        "tomllib",
        "httpx",
        "cryptography",
    }
    assert sorted(later & set(first["loaded"])) == []


async def test_header_shows_pack_text_literally(tmp_path):
    """The organisation name comes from the pack: markup in it must not be interpreted by the header."""
    import shutil

    from support.app import app_for, settle
    from tui.paths import bundled_content_dir

    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    policy = pack / "policy.toml"
    policy.write_text(policy.read_text().replace('name = "Example Corp"', 'name = "[bold red]Evil[/] Corp"', 1))
    catalog = pack / "catalog.toml"  # and a tool's name, which titles the detail panel beside the table
    catalog.write_text(catalog.read_text().replace('name = "Claude Code"', 'name = "[b]Claude[/b] Code"', 1))
    from tui.demo.synthetic import SyntheticMachine

    machine = SyntheticMachine(tmp_path / "machine")
    machine.npm("@anthropic-ai/claude-code", "2.1.201", bin_name="claude")
    app = app_for(machine, content=str(pack))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rendered = app.screen.query_one("HeaderTitle").render()
        assert "[bold red]Evil[/] Corp" in getattr(rendered, "plain", str(rendered))
        title = app.screen.query_one("#tool-panel")._border_title  # what Textual draws (border_title is markup)
        assert title is not None and title.plain == "[b]Claude[/b] Code"


async def test_a_global_key_pressed_twice_does_not_stack_a_screen_twice():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("g", "o", "a", "x"):  # (? toggles: a second ? closes the help)
            depth = len(app.screen_stack)
            await pilot.press(key, key)
            await pilot.pause()
            assert len(app.screen_stack) == depth + 1, key
            await pilot.press("escape")
            await pilot.pause()
            assert len(app.screen_stack) == depth, key
        await pilot.press("enter")
        await pilot.pause()
        app.action_open_tool("claude-code")  # e.g. from the command palette while the page is open
        await pilot.pause()
        assert len(app.screen_stack) == 2


async def test_e_on_an_approved_tool_explains_instead_of_opening_the_form():
    app = demo_app()
    notes = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.notify = lambda message, **kw: notes.append(str(message))
        app.action_open_tool("github-copilot")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "DetailScreen"
        assert any("GitHub Copilot is approved by the policy: no exception is needed" in n for n in notes)
        await pilot.press("escape")
        await pilot.pause()
        notes.clear()
        await pilot.press(*["down"] * 6, "e")  # from the dashboard, on the tool under the cursor
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen" and "no exception is needed" in notes[0]
        app.action_open_tool("cursor")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExceptionFormScreen"


async def test_the_chosen_theme_is_remembered():
    from support.app import TODAY, args_for, demo_machine
    from tui.app import prefs
    from tui.app.app import AicheckApp

    def fresh():
        return AicheckApp(args_for(demo_machine()), today=TODAY, cursor_blink=False)

    app = fresh()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await pilot.pause()
    assert str(prefs.prefs_file().parent) == os.environ["AICHECK_STATE_DIR"]  # the test's, never the user's
    assert prefs.saved_theme() == "textual-light"
    again = fresh()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"
    prefs.prefs_file().write_text("{not json")  # unreadable: the default, no error
    assert fresh().theme == "textual-dark"


async def test_help_wraps_under_its_own_column_and_about_has_a_heading():
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        texts_ = list(app.screen.query(".help-text"))
        assert len({t.region.x for t in texts_ if t.region.width}) == 1  # one column, whatever wraps
        assert any(t.region.height > 1 for t in texts_)  # a long description wraps (under itself)
        await pilot.press("escape", "a")
        await pilot.pause()
        assert texts(app.screen, "#about-title") == "About this scan"
        assert "Every file read" in str(app.screen.query_one("#audit").border_title)


async def test_checkboxes_show_their_state_in_the_glyph():
    from tui.app.tickbox import TickBox

    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        box = app.screen.query(TickBox).first()
        box.value = False
        assert "✓" not in box.render().plain
        box.value = True
        assert "✓" in box.render().plain


def test_the_app_lists_verdicts_in_the_one_order_of_the_core():
    from tui.app.dashboard import FILTERS
    from tui.app.text import MARKS, VERDICT_COLOURS
    from tui.core.models import VERDICTS

    assert list(MARKS) == [*VERDICTS, "pending"]
    assert list(VERDICT_COLOURS) == list(VERDICTS)
    assert list(FILTERS) == ["all", "action", *VERDICTS]


async def test_the_app_reuses_the_session_the_command_line_opened(monkeypatch):
    """`aicheck` opens the session before the screen takes over (to report a broken pack in one line); the
    app scans with that session instead of loading, or for a URL fetching, the pack a second time."""
    from support.app import TODAY, args_for, demo_machine
    from tui.services import session as session_module

    args = args_for(demo_machine())
    args.opened_session = session_module.open_session(args)

    def second_open(_args: argparse.Namespace) -> None:
        raise AssertionError("the pack was opened a second time")

    monkeypatch.setattr(session_module, "open_session", second_open)
    app = AicheckApp(args, theme="textual-dark", today=TODAY, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is args.opened_session
        assert app.report is not None and app.report.finding("claude-code") is not None


def test_the_demo_disk_lives_in_the_sandbox_and_leaves_nothing_behind(tmp_path, monkeypatch):
    """`aicheck --demo` "without touching anything of yours": the demo disk was kept in the cache folder after
    the app ended (24 files). It is built in the sandbox now and removed with it; a disk an earlier version
    left in the cache (stamped as the demo's) is removed, and nothing else there is touched."""
    from tui.app.main import open_app

    cache = tmp_path / "cache"
    monkeypatch.setenv("AICHECK_CACHE_DIR", str(cache))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr("tempfile.tempdir", None)  # TMPDIR read again
    old = cache / "demo-machine"
    (old / "Users").mkdir(parents=True)
    (old / ".aicheck-demo").write_text("3\n")
    (cache / "packs").mkdir()
    (cache / "packs" / "kept.txt").write_text("a fetched pack\n")
    args = argparse.Namespace(demo=True, root=None, home=None, platform=None, search_path=None, content=None)
    with open_app(args, cursor_blink=False) as app:
        root = Path(app.args.root)
        assert root.is_relative_to(tmp_path / "tmp") and (root / "Applications" / "Cursor.app").is_dir()
        assert not old.exists()
    assert not root.exists() and not list((tmp_path / "tmp").iterdir())
    assert sorted(p.name for p in cache.iterdir()) == ["packs"] and (cache / "packs" / "kept.txt").is_file()
