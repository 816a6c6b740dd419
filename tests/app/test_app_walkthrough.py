"""Approved-alternative walkthrough: what and why, the setup checklist (kept), migration tips, and a
verify step that rescans a real synthetic disk."""

from __future__ import annotations

import shutil
import tomllib

from textual.widgets import Checkbox

from support.app import SIZE, app_for, settle, texts
from tui import paths
from tui.demo import build_demo


async def test_walkthrough_checklist_tips_and_verify(tmp_path):
    machine = build_demo(tmp_path / "demo")
    app = app_for(machine)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_walkthrough("cursor", "github-copilot")
        await pilot.pause()
        screen = app.screen
        text = texts(screen)
        assert "From Cursor to GitHub Copilot" in text
        assert "Covered by our GitHub Copilot Business agreement" in text  # why it is approved
        steps = list(screen.query(".step").results(Checkbox))
        assert len(steps) == 7 and "Ask for a Copilot Business seat" in str(steps[0].label)
        assert "**" not in str(steps[2].label)
        assert screen.query_one("#tips")  # migration tips section
        steps[0].toggle()
        await pilot.pause()
        assert "1 of 7 steps done" in texts(screen, "#step-count")
        saved = tomllib.loads((paths.data_dir() / "onboarding.toml").read_text())
        assert saved["checklists"]["alternative-github-copilot"] == [steps[0].label.plain]

        await pilot.press("v")  # Cursor still installed: not verified
        await settle(pilot)
        result = texts(screen, "#verify-result")
        assert "✓ GitHub Copilot is detected" in result and "× Cursor is still installed" in result
        # said where the eye is (a toast) and the panel scrolled into view: at 120x36 it lay below the fold
        assert any("Cursor is still installed" in str(n.message) for n in app._notifications)
        panel = screen.query_one("#verify-panel")
        assert panel.region.y < screen.size.height and panel.region.bottom > 0

        shutil.rmtree(machine.host("/Applications/Cursor.app"))  # the user uninstalls Cursor
        await pilot.press("v")
        await settle(pilot)
        result = texts(screen, "#verify-result")
        assert "✓ Cursor is gone (only traces of use remain)" in result
        assert "cursor" in app.onboarding.alternatives_verified


async def test_ticks_survive_a_restart(tmp_path):
    machine = build_demo(tmp_path / "demo")
    for attempt in range(2):
        app = app_for(machine)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.action_walkthrough("aider", "continue")
            await pilot.pause()
            boxes = list(app.screen.query(".step").results(Checkbox))
            if attempt == 0:
                assert not boxes[1].value
                boxes[1].toggle()
                await pilot.pause()
            else:
                assert boxes[1].value and not boxes[0].value
            # a link in a step shows as its words, not as Markdown (a new user saw "[Ollama](alternative-ollama.md)")
            labels = [str(b.label) for b in boxes]
            assert any("install Ollama and pull a coding model" in label for label in labels), labels
            assert not any("](" in label for label in labels)


async def test_a_long_step_wraps_under_its_label_not_under_the_tick(tmp_path):
    """At 80 columns a setup step takes two lines; its second line starts where the label starts, so the
    ticks still read as a column of boxes."""
    app = app_for(build_demo(tmp_path / "demo"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_walkthrough("cursor", "github-copilot")
        await pilot.pause()
        step = next(b for b in app.screen.query(".step").results(Checkbox) if "invitation" in str(b.label))
        assert step.size.height >= 2
        lines = step.render().plain.splitlines()
        glyph = len(lines[0]) - len(lines[0].lstrip("▐ ✓▌")) - 1  # the tick's cells, then one space of padding
        assert len(lines) == step.size.height and glyph > 0
        assert all(line.startswith(" " * (glyph + 1)) and line[glyph + 1] != " " for line in lines[1:])
        assert " ".join(line.strip() for line in lines).endswith(str(step.label))
