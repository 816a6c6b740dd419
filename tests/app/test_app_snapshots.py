"""Snapshots of the main screens at a fixed size on the demo machine (regenerate deliberately with
``pytest tests/test_app_snapshots.py --snapshot-update``)."""

from __future__ import annotations

from support.app import SIZE, app_for, demo_app, settle
from tui.demo.synthetic import SyntheticMachine


def run_before(*steps):
    async def go(pilot):
        await settle(pilot)
        for step in steps:
            if callable(step):
                step(pilot.app)
            else:
                await pilot.press(step)
            await pilot.pause()
            await settle(pilot)
        await pilot.pause()

    return go


def test_dashboard(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before())


def test_dashboard_80x24(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=run_before())


def test_dashboard_120x40(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(120, 40), run_before=run_before())


def test_dashboard_120x40_light_on_aider(snap_compare):
    def light(app):
        app.theme = "textual-light"

    assert snap_compare(
        demo_app(), terminal_size=(120, 40), run_before=run_before(light, "down", "down", "down", "down")
    )


def test_dashboard_80x24_on_cursor(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=run_before("down", "down"))


def test_detail_with_hostile_text(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before("down", "enter"))


def test_detail_claude_code(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before("enter"))


def test_guidance(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before("g"))


def test_walkthrough(snap_compare):
    assert snap_compare(
        demo_app(),
        terminal_size=SIZE,
        run_before=run_before(lambda app: app.action_walkthrough("cursor", "github-copilot")),
    )


def test_onboarding(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before("o"))


def test_help(snap_compare):
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before("question_mark"))


def test_empty_machine(snap_compare, tmp_path):
    app = app_for(SyntheticMachine(tmp_path / "empty", "linux"))
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before())


def test_detail_claude_code_120x40(snap_compare):
    """Two columns: what the verdict rests on beside what to do (at 100 columns the panels stack)."""
    assert snap_compare(demo_app(), terminal_size=(120, 40), run_before=run_before("enter"))


def test_surface(snap_compare):
    """MCP servers and agent extensions (m): one row per item beside the selected one's details."""
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before("m"))


def test_surface_80x24_on_the_skill(snap_compare):
    """At 80 columns the details stand below the rows; the second row (a skill) selected."""
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=run_before("m", "down"))
