"""Tool detail: why, evidence, remediation (copy only), attestations, alternatives, next actions;
scanned text shown literally."""

from __future__ import annotations

from textual.widgets import Button, Checkbox

from support.app import SIZE, demo_app, settle, texts, wait_until
from tui.services import attestations


async def open_detail(pilot, tool_id):
    await settle(pilot)
    pilot.app.action_open_tool(tool_id)
    await pilot.pause()
    return pilot.app.screen


async def test_why_evidence_remediation_alternatives():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, "claude-code")
        text = texts(screen)
        assert "Claude Code  prohibited (action required)" in text
        assert "Policy: conditional - Allowed only through the company AI gateway" in text
        assert "AICHECK-2026-0001 (high)" in text and "XOR-encoded strings" in text  # advisory with its text
        assert "Installed and affected: 2.1.150" in text
        assert "Condition not met: Claude Code talks only to the company AI gateway" in text
        assert "/usr/local/lib/node_modules/@anthropic-ai/claude-code" in text  # evidence: path
        assert "/Users/ada/.local/share/claude/versions/2.1.201" in text
        assert "npm uninstall --global @anthropic-ai/claude-code" in text
        assert "aicheck never runs these commands" in text
        labels = [str(b.label) for b in screen.query(Button)]
        assert "Move to GitHub Copilot" in labels
        assert {"Document productivity impact", "Request an exception"} <= set(labels)
        assert "aicheck request new --tool claude-code" in text


async def test_copy_buttons_and_c_copy_without_running(monkeypatch):
    app = demo_app()
    copied = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, "gemini-cli")
        button = screen.query_one("#copy-0", Button)
        button.press()
        await pilot.pause()
        assert copied == ["brew uninstall gemini-cli"]
        await pilot.press("c")
        assert copied[-1] == "brew uninstall gemini-cli"


async def test_attestation_checkbox_is_recorded_and_rescanned():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, "github-copilot")
        box = screen.query_one(".attest", Checkbox)
        assert not box.value
        assert "Please confirm" in texts(screen)
        box.toggle()
        await settle(pilot)
        assert ("github-copilot", "business-seat") in attestations.load(app.report.pack.policy)
        f = app.report.finding("github-copilot")
        states = {c.condition.id: c.state for c in f.conditions}
        assert states.pop("business-seat") == "confirmed"
        # a variable of the demo's own environment cannot be seen from its disk: unknown, never met
        assert states.pop("cli-not-unattended-by-environment") == "unknown"
        assert set(states.values()) == {"met"}  # agent mode's auto-approval settings: none set on the demo disk
        box = app.screen.query_one(".attest", Checkbox)
        assert box.value and "Please confirm" not in texts(app.screen)


async def test_markup_and_escapes_from_scanned_files_are_shown_literally():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, "cline")
        text = texts(screen)
        assert "saoudrizwan.claude-dev-[bold]3.1.0\\x1b[31m" in text
        assert "\x1b" not in text
        # and the about screen's audit list shows the rejected version literally too
        await pilot.press("a")
        await pilot.pause()
        log = "\n".join(app.screen.query_one("Log").lines)
        assert "not a version: '[bold]3.1.0" in log and "\x1b" not in log


async def test_next_actions_open_the_request_and_impact_screens():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "cursor")
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExceptionFormScreen" and app.screen.tool_id == "cursor"
        await pilot.press("escape", "i")
        await pilot.pause()
        assert type(app.screen).__name__ == "ImpactScreen" and app.screen.tool_id == "cursor"
        await pilot.press("escape", "w")
        await pilot.pause()
        assert type(app.screen).__name__ == "WalkthroughScreen"
        assert (app.screen.from_tool, app.screen.alternative) == ("cursor", "github-copilot")


async def test_tool_guide_key_opens_the_rules_page():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "claude-code")
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.page_id == "claude-code-gateway"


async def test_approved_tool_has_nothing_to_remove():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, "ollama")
        assert "Nothing to remove" in texts(screen)
        assert not screen.query("#copy-0")


async def test_detail_shows_the_signed_grant_and_why_another_is_ignored(tmp_path, machine_factory):
    import datetime as dt

    from support.app import TODAY, app_for
    from support.grants import USER, data_dir, issue, new_key, pack_pinning, set_user

    key_file, public = new_key(tmp_path / "keys")
    pack_dir = pack_pinning(tmp_path, [public])
    set_user(USER)
    today = TODAY  # the app judges for this fixed day
    good = issue(key_file, issued=today, until=today + dt.timedelta(days=3), ticket="SEC-77")
    stale = issue(key_file, issued=today, until=today + dt.timedelta(days=30), versions=">=9")
    (data_dir() / "grants").mkdir(parents=True)
    for g in (good, stale):
        (data_dir() / "grants" / f"{g.id}.grant").write_text(g.armour())
    m = machine_factory("macos")
    m.mac_app("Cursor.app", "com.todesktop.230313mzl4w4u92", "1.7.2")
    app = app_for(m, content=str(pack_dir))
    async with app.run_test(size=(140, 50)) as pilot:
        screen = await open_detail(pilot, "cursor")
        text = texts(screen)
        assert "Cursor  excepted" in text
        assert f"Signed grant {good.id} holds until {good.until.isoformat()} (SEC-77)" in text
        assert "The exception expires in 3 days" in text
        assert f"Grant {stale.id} is ignored: covers versions >=9 only; installed 1.7.2" in text


async def test_remediation_is_the_same_plan_as_check(monkeypatch):
    """The detail lists exactly fix_plan's items (as `aicheck check` does): the affected npm install is
    updated, the fixed native one and ~/.claude are left alone, and c copies the plan, not the alternatives."""
    from tui.core.remediation import fix_plan

    app = demo_app()
    copied = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_detail(pilot, "claude-code")
        plan = fix_plan(app.report.finding("claude-code"), app.report.machine)
        shown = [c for rem in plan for c in rem.commands + (rem.instead.commands if rem.instead else [])]
        assert screen.commands == shown
        assert screen.commands == [
            "npm install --global @anthropic-ai/claude-code@2.1.198",
            "npm uninstall --global @anthropic-ai/claude-code",
        ]
        text = texts(screen)
        assert "Set env.ANTHROPIC_BASE_URL to 'https://ai-gateway.example.com'" in text
        assert "rm -rf" not in text
        await pilot.press("c")
        assert copied[-1] == "npm install --global @anthropic-ai/claude-code@2.1.198"
        # the toast says which were copied: two commands are shown, the second the other way (remove instead)
        assert any(
            "1 command of the plan (not the 'or remove instead' ones) copied" in n.message for n in app._notifications
        )


async def test_toasts_never_cover_what_they_comment_on():
    """At 80x24 a toast (copied, recorded) lands on the side of the screen away from the button or
    checkbox it comments on, wherever that is scrolled to; the Copy button also says "Copied" itself."""
    from textual.containers import VerticalScroll

    async def scrolled_to(widget, where: str) -> None:
        """Scroll the page so the widget sits on its first or its last visible row, and focus it."""
        widget.focus()
        await pilot.pause()
        page = app.screen.query_one("#detail", VerticalScroll)
        row = page.region.y if where == "top" else page.region.bottom - 1
        page.scroll_to(y=page.scroll_y + widget.region.y - row, animate=False, force=True)
        await wait_until(pilot, lambda: widget.region.y == row)  # the scroll is laid out on a later frame

    async def toasts_clear_of(*widgets, required: bool = True) -> None:
        await pilot.pause()
        if required:  # (shown on a later frame; a slow machine may take longer than a pause)
            await wait_until(pilot, lambda: bool(app.screen.query("Toast")), timeout=10)
        shown = list(app.screen.query("Toast"))  # Textual's toast widget
        for toast in shown:
            for widget in widgets:
                assert not toast.region.overlaps(widget.region), (toast.region, widget.region)
        app.clear_notifications()

    app = demo_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_detail(pilot, "claude-code")
        button = screen.query_one("#copy-0", Button)
        for where in ("bottom", "top"):
            await scrolled_to(button, where)
            # a Button ignores a press during its 0.2 s press effect, as it would a user's double press
            await wait_until(pilot, lambda: not button.has_class("-active"))
            await pilot.press("enter")
            await toasts_clear_of(button, screen.query_one(".command-row"))
        assert str(button.label) == "Copied"
        await scrolled_to(screen.query_one(".attest", Checkbox), "bottom")
        await pilot.press("space")
        await toasts_clear_of(app.screen.query_one(".attest", Checkbox))  # "Recorded. Checking the verdict again…"
        app.notify("still shown after the rescan", timeout=60)  # (the toast above lasts 3 s; a loaded machine's
        await settle(pilot)  # rescan may take longer): recorded, scanned again, the page rebuilt where it was
        await toasts_clear_of(app.screen.query_one(".attest", Checkbox))


async def test_an_alternative_that_needs_action_here_says_so_in_the_panel_detail_and_walkthrough(machine_factory):
    """Cursor's alternatives are GitHub Copilot and Continue; here Copilot's agent mode approves every tool call
    by itself, so Copilot needs action too. "Remove it and move to GitHub Copilot" said nothing of that."""
    from support.app import app_for

    m = machine_factory("linux")
    m.appimage("Cursor-1.7.52-x86_64.AppImage")
    m.vscode_extension("GitHub.copilot-chat", "0.31.2")
    m.write_json(f"{m.ud}/Code/User/settings.json", {"chat.permissions.default": "autoApprove"})
    here = "GitHub Copilot (approved: needs action here - 1 condition not met)"
    app = app_for(m)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        panel = " ".join(texts(app.screen, "#tool-panel-body").split())
        assert f"Next: Remove it and move to {here}, Continue (w: walkthrough" in panel
        assert f"Next: Cursor: Remove it and move to {here}" in texts(app.screen, "Summary")
        screen = await open_detail(pilot, "cursor")
        alternatives = screen.query_one("#alternatives")
        assert str(alternatives.border_title) == "Alternatives"  # not "Approved alternatives"
        assert f"▲ {here}" in " ".join(texts(alternatives).split())
        assert "Continue (" not in texts(alternatives)  # it needs nothing here
        app.action_walkthrough("cursor", "github-copilot")
        await pilot.pause()
        await pilot.press("v")
        await settle(pilot)
        result = texts(app.screen, "#verify-result")
        assert "! GitHub Copilot is detected, but needs action here - 1 condition not met" in result
        assert "cursor" not in app.onboarding.alternatives_verified


async def test_the_walkthrough_to_a_conditional_alternative_never_calls_it_approved(machine_factory, tmp_path):
    """The walkthrough's first panel said "why it is approved" of an alternative the policy only allows on
    conditions, and the command palette called every walkthrough an approved alternative's."""
    from support.app import app_for
    from support.packs import pack_with_codex_for_cursor

    pack = pack_with_codex_for_cursor(tmp_path)
    m = machine_factory("linux")
    m.appimage("Cursor-1.7.52-x86_64.AppImage")
    app = app_for(m, str(pack))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.action_walkthrough("cursor", "openai-codex")
        await pilot.pause()
        assert str(app.screen.query_one("#alt-what").border_title) == "What it is and what the policy says"
        commands = [c.help for c in app.get_system_commands(app.screen) if "Move from Cursor" in c.title]
        assert commands == ["Alternative walkthrough"]
