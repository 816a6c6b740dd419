"""Onboarding checklist screen: acknowledge (who, when, version, hash), progress across restarts,
reset on a new policy version."""

from __future__ import annotations

import shutil
import tomllib

from textual.widgets import Checkbox

from support.app import SIZE, app_for, demo_app, demo_machine, settle, texts
from tui import paths
from tui.paths import bundled_content_dir


def status(app) -> str:
    """The tools panel's subtitle: counts, filter and sort."""
    return str(app.screen.query_one("#tools-panel").border_subtitle or "")


async def test_acknowledge_and_progress(monkeypatch, tmp_path):
    cfg = tmp_path / "gitconfig"
    cfg.write_text("[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Onboarding 1/5" in texts(app.screen, "#banner")  # no exception needed: step 5 done
        await pilot.press("o")
        await pilot.pause()
        assert "Onboarding: 1 of 5 done" in texts(app.screen)
        assert "5 tools need action" in texts(app.screen)
        await pilot.press("k")  # asks first; Cancel has the focus, so Enter records nothing
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == "AcknowledgeDialog" and app.focused.id == "ack-cancel"
        shown = texts(dialog)
        assert app.session.pack.policy.org_name in shown
        assert "policy 2026.11" in shown and app.session.pack.sha256 in shown
        assert "Ada Lovelace <ada@example.com>" in shown
        await pilot.press("k", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "OnboardingScreen" and app.onboarding.acknowledged is None
        assert not (paths.data_dir() / "onboarding.toml").exists() or "acknowledged" not in tomllib.loads(
            (paths.data_dir() / "onboarding.toml").read_text()
        )
        await pilot.press("k")
        await pilot.pause()
        await pilot.click("#ack-confirm")
        await pilot.pause()
        await pilot.pause()
        text = texts(app.screen)
        assert "Onboarding: 3 of 5 done" in text
        assert "by Ada Lovelace <ada@example.com> on" in text and "policy 2026.11" in text
        doc = tomllib.loads((paths.data_dir() / "onboarding.toml").read_text())
        ack = doc["acknowledged"]
        assert ack["user"] == "Ada Lovelace <ada@example.com>" and ack["policy_version"] == "2026.11"
        assert ack["policy_sha256"] == app.session.pack.sha256 and ack["at"]
        assert doc["last_scan"]["action_required"] == 5
        box = app.screen.query_one("#manual-alternatives", Checkbox)
        box.toggle()
        await pilot.pause()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "Onboarding 4/5" in texts(app.screen, "#banner")

    again = demo_app()  # a restart keeps the progress
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.onboarding.acknowledged.user == "Ada Lovelace <ada@example.com>"
        assert "Onboarding 4/5" in texts(again.screen, "#banner")


async def test_show_tools_needing_action_filters_the_dashboard():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#show-action").press()
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen"
        assert "verdict: action required" in status(app)


async def test_a_new_policy_version_resets_the_checklist(tmp_path):
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o", "k")
        await pilot.pause()
        await pilot.click("#ack-confirm")
        await pilot.pause()
        assert app.onboarding.acknowledged is not None

    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    policy = pack / "policy.toml"
    policy.write_text(policy.read_text().replace('version = "2026.11"', 'version = "2026.12"', 1))
    app = app_for(demo_machine(), content=str(pack))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.onboarding.acknowledged is None and app.onboarding.reset_from == "2026.11"
        assert "New policy (was 2026.11)" in texts(app.screen, "#banner")
        await pilot.press("o")
        await pilot.pause()
        assert "The policy changed since your last visit" in texts(app.screen)


async def test_the_acknowledgement_records_the_configured_email(monkeypatch, tmp_path):
    cfg = tmp_path / "gitconfig"
    cfg.write_text("[user]\n\temail = personal@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    paths.config_file().write_text('[user]\nemail = "ada@company.example"\n')
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o", "k")
        await pilot.pause()
        assert "ada@company.example" in texts(app.screen)
        await pilot.press("escape")  # Esc cancels too
        await pilot.pause()
        assert app.onboarding.acknowledged is None
        await pilot.press("k")
        await pilot.pause()
        await pilot.click("#ack-confirm")
        await pilot.pause()
        ack = tomllib.loads((paths.data_dir() / "onboarding.toml").read_text())["acknowledged"]
        assert ack["user"] == "ada@company.example" and ack["at"]
