"""The impact screen, the exception form, the preview and the requests list, driven with the pilot on the
demo machine; sending goes to a real loopback Standard Webhooks receiver (``FakeIntake``)."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Select, TextArea

from support import in_the_way
from support.app import SIZE, app_for, demo_app, git_identity, settle, texts, type_text
from support.intake_server import SECRET, FakeIntake, free_port, use_webhook
from tui.app.impact import ImpactScreen
from tui.app.preview import PreviewScreen
from tui.app.request_form import ExceptionFormScreen
from tui.app.requests_list import RequestScreen, RequestsScreen
from tui.demo.samples import sample_impact
from tui.intake.webhook import verify
from tui.requests import outbox
from tui.requests.impact import ImpactDoc, Workflow
from tui.requests.model import PolicyContext, fingerprint_of
from tui.requests.store import ImpactStore, RequestStore

JUST = "Q3 migration needs multi-repo refactors that Copilot lacks."


@pytest.fixture(autouse=True)
def git_home(tmp_path, monkeypatch):
    """The requester comes from this git identity, never the developer's."""
    return git_identity(tmp_path, monkeypatch)


def configure_intake(url: str, monkeypatch) -> None:
    use_webhook(url, monkeypatch)


async def open_detail(pilot, tool_id="claude-code"):
    await settle(pilot)
    pilot.app.action_open_tool(tool_id)
    await pilot.pause()


async def type_into(pilot, widget, text: str, *, clear: bool = True) -> None:
    widget.focus()
    await pilot.pause()
    if clear and isinstance(widget, Input):
        await pilot.press("home", "ctrl+k")
    await type_text(pilot, text)


async def type_row(pilot, *fields: str) -> None:
    """An impact row as a new user types it: each field's text, Tab to the next one."""
    for i, text in enumerate(fields):
        if i:
            await pilot.press("tab")
        await type_text(pilot, text)


def posts(fake) -> list[dict]:
    return [r for r in fake.received if r["method"] == "POST"]


# -- impact ------------------------------------------------------------------------------------------


async def test_impact_edit_totals_autosave_and_markdown_export(monkeypatch):
    app = demo_app()
    copied = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot)
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImpactScreen)
        assert not ImpactStore().list()[0]  # opening saves nothing
        empty = [screen.query_one(f"#wf1-{key}", Input).placeholder for key in ("without", "with", "per_week")]
        assert empty == ["minutes", "minutes", "times"]  # units, not a grey 0 that reads as filled in
        # a new user types the first workflow, moving with Tab
        await type_row(pilot, "Write migration", "240", "40", "3")
        await pilot.pause(0.4)
        assert "Hours saved per month 43.3" in texts(screen, "#totals")
        assert "speed-up 6×" in texts(screen, "#totals")
        chart = texts(screen, "#chart")
        assert "Write migration  without ███" in chart and "52 h" in chart and "8.7 h" in chart
        [doc] = ImpactStore().list()[0]  # autosaved
        assert doc.tool_id == "claude-code" and doc.author == "Ada Lovelace"
        assert doc.workflows == (Workflow("Write migration", 240, 40, 3),)
        assert f"Saved to {ImpactStore().path(doc.id)}" in texts(screen, "#save-status")

        # a second workflow with a typo: its message shows next to it, the totals keep the good row
        await pilot.press("ctrl+n")
        await type_row(pilot, "Review PRs", "6O", "20", "5")
        await pilot.pause(0.4)
        assert "minutes without the tool: '6O' is not a number" in texts(screen, ".field-error")
        assert "Hours saved per month 43.3" in texts(screen, "#totals")
        await pilot.press("shift+tab", "shift+tab", "6", "0")  # back to 6O: focus selects it, typing replaces
        await type_into(pilot, screen.query_one("#cost", Input), "40")
        await pilot.pause(0.4)
        assert not texts(screen, ".field-error").strip()
        totals = texts(screen, "#totals")
        assert "Hours saved per month 57.8" in totals and "cost per hour saved 0.69 USD" in totals
        [doc] = ImpactStore().list()[0]
        assert len(doc.workflows) == 2 and doc.cost_per_month == 40

        await pilot.press("ctrl+o")
        await pilot.pause()
        path = Path(os.environ["AICHECK_DATA_DIR"]) / "exports" / f"{doc.id}.md"
        text = path.read_text()
        assert "| Write migration | 240 | 40 | 3 |" in text and "Cost per hour saved: **0.69 USD**" in text
        assert copied == [text]
        assert f"Markdown export: {path}" in texts(screen, "#save-status")

        # remove the second row with its button; the record follows
        await pilot.click("#wf2-remove")
        await pilot.pause()
        assert "Review PRs" in texts(app.screen, "#confirm-question")  # a filled-in row: asked first
        await pilot.press("y")
        await pilot.pause(0.4)
        [doc] = ImpactStore().list()[0]
        assert [w.name for w in doc.workflows] == ["Write migration"]
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DetailScreen"
        # opening again continues the same document
        await pilot.press("i")
        await pilot.pause()
        assert app.screen.doc.id == doc.id
        assert app.screen.query_one("#wf1-without", Input).value == "240"


# -- exception form ----------------------------------------------------------------------------------


async def test_the_form_starts_at_the_first_empty_field_and_letters_on_it_never_leave(
    machine_factory, tmp_path, monkeypatch
):
    """A new user: the form opened on the justification while the name was empty (the name went into the
    case), and a Tab too many put an email's letters on a checkbox, where each ran the app's keys (a about,
    m MCP, o onboarding); q quit. The form starts at the empty name; letters there open nothing; ctrl+q
    still quits."""
    from textual.widgets import Checkbox

    (tmp_path / "gitconfig").write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))  # no name or email to fill in
    m = machine_factory("linux")
    m.executable("cursor")  # prohibited
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_request_exception("cursor")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExceptionFormScreen) and form.focused is form.query_one("#name", Input)
        form.query(Checkbox).first().focus()
        await pilot.pause()
        await pilot.press("a", "m", "o", "g", "x", "r", "q")
        await pilot.pause()
        assert app.screen is form and app.is_running
        assert "Quit" not in texts(form, "Footer")
        app.action_about()  # from the palette: a screen above the half-filled form, where q would have quit
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and type(app.screen).__name__ == "AboutScreen"


async def test_the_form_says_when_the_tool_was_asked_for_already(machine_factory):
    """A new user pressed e on a tool asked for the week before (SEC-42, submitted): a new request opened with
    no word of the first. The form now names the earlier ones, their state and ticket."""
    from support.intake_server import make_request
    from tui.requests.model import RequestState
    from tui.requests.store import RequestStore

    earlier = make_request(RequestStore(), state=RequestState.SUBMITTED)
    earlier.delivery.ticket = "SEC-42"
    RequestStore().save(earlier)
    m = machine_factory("linux")
    m.executable("cursor")
    app = app_for(m)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_request_exception("cursor")
        await pilot.pause()
        note = texts(app.screen, "#earlier")
        assert f"Already asked for this tool: {earlier.id} (submitted, SEC-42)" in note


async def test_screens_opened_in_turn_do_not_pile_up():
    """`a o a o`: each key brought one more screen for Esc to undo. A screen already open comes back on top."""
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in "aoaoao":
            await pilot.press(key)
            await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["AboutScreen", "OnboardingScreen"]
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen"


async def test_form_is_prefilled_and_validates_inline():
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExceptionFormScreen)
        facts = texts(form, "#facts")
        assert "verdict prohibited" in facts and "versions found 2.1.150, 2.1.201" in facts
        assert "advisories AICHECK-2026-0001" in facts and "policy Example Corp 2026.11 (sha256 " in facts
        assert form.query_one("#name", Input).value == "Ada Lovelace"
        assert form.query_one("#email", Input).value == "ada@example.com"
        assert form.query_one("#days", Input).value == "30"  # the policy's default
        labels = [str(c.label) for c in form.query("#data-classes Checkbox")]
        assert labels == ["public", "internal", "confidential", "customer-data", "source-code"]
        assert not texts(form, ".field-error").strip()  # nothing touched yet: no messages
        assert "1 thing to fix" in texts(form, "#form-summary")

        await type_text(pilot, "too short")  # the justification has the focus
        await type_into(pilot, form.query_one("#days", Input), "365")
        errors = texts(form, ".field-error")
        assert "at least 20 characters" in errors
        assert "the policy allows at most 90 days (default 30)" in errors
        await type_into(pilot, form.query_one("#days", Input), "two")
        assert "'two' is not a whole number of days" in texts(form, ".field-error")
        await type_into(pilot, form.query_one("#email", Input), "ada-at-example")
        assert "'ada-at-example' does not look like an email address" in texts(form, ".field-error")

        # Preview refuses, says why, and puts the cursor on the first problem; nothing is queued
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen is form and form.focused is form.query_one("#justification", TextArea)
        assert "3 things to fix" in texts(form, "#form-summary")

        # the draft is autosaved as TOML, still a draft
        await pilot.pause(0.4)
        [req] = RequestStore().list()[0]
        assert req.state == "draft" and req.justification == "too short" and req.days == 365
        assert RequestStore().path(req.id).read_text().startswith("schema = 1")

        # fixed: every message goes
        ta = form.query_one("#justification", TextArea)
        ta.text = JUST
        await type_into(pilot, form.query_one("#days", Input), "60")
        await type_into(pilot, form.query_one("#email", Input), "ada@example.com")
        assert not texts(form, ".field-error").strip()
        assert "Ready" in texts(form, "#form-summary")
        await pilot.press("escape")
        await pilot.pause(0.4)
        req = RequestStore().load(req.id)
        assert (req.justification, req.days, req.state) == (JUST, 60, "draft")
        # e again resumes that draft
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.req.id == req.id and app.screen.query_one("#days", Input).value == "60"


IN_THE_WAY = {
    "fifo": in_the_way.fifo,
    "link": in_the_way.link,
    "dangling link": in_the_way.dangling,
    "folder": in_the_way.folder,
}


async def _impact_with_a_row(pilot, app) -> ImpactScreen:
    """Claude Code's impact screen with one workflow typed in."""
    await open_detail(pilot)
    await pilot.press("i")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ImpactScreen)
    await type_row(pilot, "Write migration", "240", "40", "3")
    await pilot.pause(0.4)
    return screen


@pytest.mark.parametrize("what", sorted(IN_THE_WAY))
async def test_impact_export_never_writes_through_or_over_what_is_not_a_regular_file(monkeypatch, what):
    """Red team: Ctrl+O wrote the data folder's exports/<id>.md with a plain rename over whatever was there: a
    link there was replaced (it silently stopped naming its file), a FIFO renamed over (a reader waiting on it
    left hanging). Now the export follows the rules every output follows (tui.services.output_files): what
    is in the way is left as it was, nothing is written, and the message names the path and what is there."""
    app = demo_app()
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _impact_with_a_row(pilot, app)
        path = Path(os.environ["AICHECK_DATA_DIR"]) / "exports" / f"{screen.document.id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        left = IN_THE_WAY[what](path)
        kind, before = in_the_way.kind(path), left.read_text() if left.is_file() else None
        app.clear_notifications()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert in_the_way.kind(path) == kind  # still there, as it was
        assert (left.read_text() if left.is_file() else None) == before and not (left.is_file() and before is None)
        assert not copied and screen.export_path is None and "Markdown export" not in texts(screen, "#save-status")
        [note] = [n for n in app._notifications]
        assert note.severity == "error" and str(path) in note.message, note.message
        assert "the Markdown export is written only where there is nothing yet or a regular file" in note.message
        assert "Move it away, then export again." in note.message


async def test_impact_export_over_an_earlier_one_says_so_and_shows_the_path(monkeypatch):
    """A regular file there (the earlier export of this document) is replaced whole, and the message says so;
    the path written is shown in the message and under the form."""
    app = demo_app()
    monkeypatch.setattr(app, "copy_to_clipboard", lambda text: None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _impact_with_a_row(pilot, app)
        path = Path(os.environ["AICHECK_DATA_DIR"]) / "exports" / f"{screen.document.id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("an earlier export\n")
        app.clear_notifications()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "| Write migration | 240 | 40 | 3 |" in path.read_text() and in_the_way.kind(path) == "file"
        [note] = list(app._notifications)
        assert note.severity == "information"
        assert f"Markdown written to {path} (it replaces the earlier export) and copied" in note.message
        assert f"Markdown export: {path}" in texts(screen, "#save-status")


async def preview_a_filled_form(pilot, app) -> None:
    """Cursor's exception form opened from its detail, filled as a user would, and its preview opened."""
    await open_detail(pilot, "cursor")
    await pilot.press("e")
    await pilot.pause()
    await fill_valid_form(pilot, app)
    await pilot.press("ctrl+o")
    await pilot.pause()


async def fill_valid_form(pilot, app, *, typing: bool = False):
    """Fill the form as a user would (``typing``: every character is a key press, slower)."""
    form = app.screen
    assert isinstance(form, ExceptionFormScreen)
    if typing:
        await type_text(pilot, JUST)
    else:
        form.query_one("#justification", TextArea).text = JUST
    await type_into(pilot, form.query_one("#days", Input), "14")
    form.query_one("#dc-3", Checkbox).focus()  # customer-data
    await pilot.press("space")
    form.query_one("#mit-1", Checkbox).focus()  # telemetry off
    await pilot.press("space")
    other = form.query_one("#other-mitigations", Input)
    if typing:
        await type_into(pilot, other, "Only on the sandbox repo")
    else:
        other.value = "Only on the sandbox repo"
        await pilot.pause()
    assert not texts(form, ".field-error").strip()
    return form


async def test_preview_shows_exactly_what_will_be_sent(fake, monkeypatch):
    configure_intake(f"{fake.base}/hook", monkeypatch)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = await fill_valid_form(pilot, app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        shown = texts(preview, "#payload")
        req = RequestStore().load(form.req.id)
        policy = PolicyContext.from_pack(app.session.pack)
        expected, _backend = outbox.preview(policy, req)
        ts = preview.prepared.headers["webhook-timestamp"]
        expected = expected.render().replace(
            f"webhook-timestamp: {expected.headers['webhook-timestamp']}", f"webhook-timestamp: {ts}"
        )
        assert shown == expected
        assert shown.startswith(f"POST {fake.base}/hook\n")
        assert "webhook-signature: v1,<redacted> (HMAC-SHA256 with $T_SECRET)" in shown
        assert SECRET not in shown
        body = json.loads(shown.split("\n\n", 1)[1])
        assert body == req.payload()
        assert body["days"] == 14 and body["data_classes"] == ["customer-data"]
        assert body["mitigations"] == ["Telemetry and training on my data turned off", "Only on the sandbox repo"]
        assert body["requester"] == {"name": "Ada Lovelace", "email": "ada@example.com", "host": ""}  # a demo machine
        assert not fake.received  # nothing is sent by a preview
        # back to the form: still a draft, still editable
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form and RequestStore().load(req.id).state == "draft"


# -- the whole path ----------------------------------------------------------------------------------


async def test_new_user_path_dashboard_to_received_webhook(fake, monkeypatch):
    configure_intake(f"{fake.base}/hook", monkeypatch)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first row: a prohibited tool
        await pilot.pause()
        detail = app.screen
        assert app.report.finding(detail.tool_id).verdict == "prohibited"
        await pilot.press("e")
        await pilot.pause()
        await fill_valid_form(pilot, app, typing=True)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        preview = app.screen
        outcome = texts(preview, "#outcome")
        assert "✓ Sent:" in outcome and "HOOK-1" in outcome
        [post] = posts(fake)
        assert verify(SECRET, post["headers"], post["body"]) and fake.bad_signatures == 0
        payload = json.loads(post["body"])
        assert payload["tool"]["id"] == detail.tool_id and payload["justification"] == JUST
        [req] = RequestStore().list()[0]
        assert req.state == "submitted" and req.delivery.ticket == "HOOK-1"
        assert post["headers"]["webhook-id"] == req.fingerprint
        assert detail.tool_id in app.requested
        await pilot.press("s")  # sent: "s" does nothing more
        await pilot.pause()
        assert app.screen is preview and len(posts(fake)) == 1
        await pilot.press("enter")  # "Done" (focused): back to the tool, the form is closed
        await pilot.pause()
        await pilot.pause()
        assert app.screen is detail
        # the requests list shows it with its ticket
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, RequestsScreen)
        table = app.screen.query_one("DataTable")
        row = [str(c) for c in table.get_row(req.id)]
        assert row[2] == "submitted" and "HOOK-1" in row[5]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RequestScreen) and "HOOK-1" in texts(app.screen)
    assert len(posts(fake)) == 1


async def test_server_down_queues_then_next_start_delivers_exactly_once(monkeypatch):
    port = free_port()
    configure_intake(f"http://127.0.0.1:{port}/hook", monkeypatch)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await preview_a_filled_form(pilot, app)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        outcome = texts(app.screen, "#outcome")
        assert "Queued, not sent yet: webhook: cannot reach 127.0.0.1" in outcome and "will retry" in outcome
    [req] = RequestStore().list()[0]
    assert req.state == "queued" and req.delivery.attempts == 1

    fake = FakeIntake()
    fake.start(port)
    try:
        later = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)  # the retry time has come
        monkeypatch.setattr(outbox, "now_utc", lambda: later)
        for _start in range(2):  # the next start sends it; the one after has nothing to send
            app = demo_app()
            notes = []
            monkeypatch.setattr(app, "notify", lambda message, notes=notes, **kw: notes.append(str(message)))
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await app.workers.wait_for_complete()
                await pilot.pause()
                if _start == 0:
                    assert any(f"{req.id} sent: ticket HOOK-1" in n for n in notes)
                    assert "cursor" in app.requested
                else:
                    assert not any("sent" in n for n in notes)
        assert len(posts(fake)) == 1 and len(fake.created("webhook")) == 1
        assert verify(SECRET, posts(fake)[0]["headers"], posts(fake)[0]["body"])
        assert RequestStore().load(req.id).state == "submitted"
    finally:
        fake.stop()


async def test_a_request_queued_with_no_usable_intake_goes_out_only_once_seen(monkeypatch, fake):
    """Red team: with a broken intake setting, "Queue it" recorded the request, and once the intake was
    fixed the next start sent it to an address the user had never been shown. It now waits (the start's
    background sync leaves it, saying why) until the user opens it and sees exactly what goes where."""
    Path(os.environ["AICHECK_CONFIG"]).write_text(
        '[intake]\nkind = "webhook"\nurl = "ftp://127.0.0.1/hook"\nsecret_env = "T_SECRET"\n'
    )
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await preview_a_filled_form(pilot, app)
        assert isinstance(app.screen, PreviewScreen) and "It cannot be sent yet" in texts(app.screen)
        await pilot.press("s")  # "Queue it"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Once the intake is set up, open it under Requests (x) and press s" in texts(app.screen, "#outcome")
    [req] = RequestStore().list()[0]
    assert req.state == "queued" and not req.delivery.shown

    configure_intake(f"{fake.base}/hook", monkeypatch)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert fake.received == []  # the start's sync held it
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RequestScreen)
        assert "not sent: you have not seen it as it would be sent now" in texts(app.screen)
        assert "See it and send" in [b.binding.description for b in app.screen.active_bindings.values() if b.enabled]
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert f"To the webhook intake at {fake.base}/hook" in texts(app.screen)
        assert "The timestamp and signature are computed again when you send" in texts(app.screen)
        assert fake.received == []
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Sent:" in texts(app.screen, "#outcome")
    assert len(posts(fake)) == 1 and RequestStore().load(req.id).state == "submitted"


async def leave_a_draft(pilot, text: str) -> None:
    """Cursor's exception form opened from its detail, a justification typed, and left with Esc (kept as a
    draft)."""
    await open_detail(pilot, "cursor")
    await pilot.press("e")
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.press("escape")
    await pilot.pause(0.4)


async def test_requests_list_withdraw_and_sync_now(monkeypatch):
    configure_intake(f"http://127.0.0.1:{free_port()}/hook", monkeypatch)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await leave_a_draft(pilot, "a draft I will withdraw")
        await pilot.press("x")
        await pilot.pause()
        screen = app.screen
        [req] = RequestStore().list()[0]
        assert [str(c) for c in screen.query_one("DataTable").get_row(req.id)][2] == "draft"
        await pilot.press("s")  # sync now with nothing queued
        await app.workers.wait_for_complete()
        await pilot.press("w")  # asks first; n keeps it
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog" and req.id in texts(app.screen, "#confirm-question")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and RequestStore().load(req.id).state == "draft"
        await pilot.press("w", "y")
        await pilot.pause()
        assert RequestStore().load(req.id).state == "withdrawn"
        assert [str(c) for c in screen.query_one("DataTable").get_row(req.id)][2] == "withdrawn"
        await pilot.press("w")  # a withdrawn one stays as it is
        await pilot.pause()
        assert RequestStore().load(req.id).state == "withdrawn"


async def test_the_requests_table_fits_80_columns_and_says_where_it_cuts(monkeypatch):
    """At 80x24 the table's last column went past the edge, cut without a mark; narrower than 100 columns
    the created date gives its room (the request id holds the date), and a cut note ends with an ellipsis."""
    configure_intake(f"http://127.0.0.1:{free_port()}/hook", monkeypatch)
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await leave_a_draft(pilot, "a draft for the narrow table")
        [req] = RequestStore().list()[0]
        with RequestStore().transaction(req.id) as r:
            r.state = "queued"
            r.delivery.last_error = "webhook: cannot reach 127.0.0.1: connection refused, " * 3
        await pilot.press("x")
        await pilot.pause()
        table = app.screen.query_one("DataTable")
        assert [str(c.label) for c in table.columns.values()] == ["Request", "Tool", "State", "Days", "Ticket / status"]
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= 80
        assert str(table.get_row(req.id)[-1]).endswith("…")


# -- snapshots ---------------------------------------------------------------------------------------


@pytest.fixture
def snap_data(monkeypatch, tmp_path):
    """The data folder under this test's tmp_path; the screen shows it as ~/aicheck-data (HOME is the
    test's folder too), the same in every run."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AICHECK_DATA_DIR", str(tmp_path / "aicheck-data"))
    return tmp_path / "aicheck-data"


def run_before(*steps):
    async def go(pilot):
        await settle(pilot)
        for step in steps:
            await step(pilot)
            await pilot.pause()
        await pilot.pause(0.4)

    return go


def test_snapshot_impact_screen(snap_compare, snap_data):
    ImpactStore().save(sample_impact(created=datetime(2026, 11, 3, 9, 0, tzinfo=UTC)))

    async def open_impact(pilot):
        pilot.app.action_document_impact("claude-code")

    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before(open_impact))


def test_snapshot_exception_form_with_messages(snap_compare, snap_data, monkeypatch):
    monkeypatch.setattr("tui.requests.model.new_request_id", lambda now=None: "REQ-20261103-5EED02")
    monkeypatch.setattr("tui.requests.model.new_fingerprint", lambda: fingerprint_of("REQ-20261103-5EED02"))

    async def open_form(pilot):
        pilot.app.action_request_exception("claude-code")

    async def type_short(pilot):
        await type_text(pilot, "Too short")
        await type_into(pilot, pilot.app.screen.query_one("#days", Input), "120")
        pilot.app.screen.query_one("#justification", TextArea).focus()

    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before(open_form, type_short))


async def test_running_app_retries_a_queued_request_when_its_backoff_has_passed(monkeypatch):
    from tui.app import app as app_module

    monkeypatch.setattr(app_module, "RETRY_CHECK_SECONDS", 0.2)
    port = free_port()
    configure_intake(f"http://127.0.0.1:{port}/hook", monkeypatch)
    app = demo_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await preview_a_filled_form(pilot, app)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [req] = RequestStore().list()[0]
        nxt = req.delivery.next_attempt_at
        outcome = texts(app.screen, "#outcome")
        assert f"will retry at {nxt:%H:%M} UTC (in about" in outcome and "in the background" in outcome
        shown = app.screen.query_one("#outcome").region
        over = [str(t.render()) for t in app.screen.query("Toast") if t.region.overlaps(shown)]
        assert not over, over  # no toast over the message
        await pilot.pause(0.6)  # ticks before the backoff has passed send nothing
        assert RequestStore().load(req.id).state == "queued" and RequestStore().load(req.id).delivery.attempts == 1
        await pilot.press("escape", "escape", "escape")
        await pilot.press("x")
        await pilot.pause()
        fake = FakeIntake()
        fake.start(port)
        try:
            later = nxt + timedelta(seconds=1)
            monkeypatch.setattr(outbox, "now_utc", lambda: later)
            for _ in range(50):
                await pilot.pause(0.1)
                if RequestStore().load(req.id).state == "submitted":
                    break
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert RequestStore().load(req.id).state == "submitted" and len(posts(fake)) == 1
            row = [str(c) for c in app.screen.query_one("DataTable").get_row(req.id)]
            assert row[2] == "submitted" and "HOOK-1" in row[5]  # the open list updated itself
        finally:
            fake.stop()


async def test_preview_reads_like_the_request_and_p_shows_the_exact_payload(fake, monkeypatch):
    configure_intake(f"{fake.base}/hook", monkeypatch)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot)
        await pilot.press("e")
        await pilot.pause()
        await fill_valid_form(pilot, app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        rows = texts(preview, ".view-row Static")
        assert "Duration\n14 days" in rows and "Data it touches\ncustomer-data" in rows
        assert f"Sent to\nwebhook: {fake.base}/hook" in rows
        md = preview.query_one("#preview-md")
        assert md.display and "Business justification" in md.source
        payload = preview.query_one("#payload")
        assert not payload.display  # the wire format is one key away
        await pilot.press("p")
        await pilot.pause()
        assert payload.display and not md.display and "exactly what will be sent" in texts(preview, "#preview-title")
        assert texts(preview, "#payload").startswith(f"POST {fake.base}/hook\n")
        await pilot.press("p")
        await pilot.pause()
        assert md.display and not payload.display
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [req] = RequestStore().list()[0]
        app.push_screen(RequestScreen(req.id))
        await pilot.pause()
        page = app.screen
        assert "Ticket\nHOOK-1" in texts(page, ".view-row Static")
        events = texts(page, ".timeline-event")
        assert events.splitlines()[0] == "created" and "queued" in events and "submitted as HOOK-1" in events
        assert "Business justification" in page.query_one("#request-md").source


async def test_form_offers_the_impact_document_just_written_and_warns_about_another_tools():

    ImpactStore().save(
        ImpactDoc(
            id="IMP-20261101-C0FFEE",
            tool_id="cursor",
            title="Cursor for the migration",
            workflows=(Workflow("Refactor", 60, 30, 4),),
            author="Ada Lovelace",
        )
    )
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        note = form.query_one("#impact-note")
        assert not note.display
        select = form.query_one("#impact-doc", Select)
        select.value = "IMP-20261101-C0FFEE"  # another tool's document can be attached, with a warning
        await pilot.pause()
        assert note.display and "was written for Cursor, not Claude Code" in texts(form, "#impact-note")
        select.value = Select.NULL
        await pilot.pause()
        assert not note.display
        await pilot.press("ctrl+n")  # write a new one
        await pilot.pause()
        assert isinstance(app.screen, ImpactScreen)
        await type_row(pilot, "Write migration", "240", "40", "3")
        await pilot.pause(0.4)
        written = app.screen.doc.id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form and select.value == written and written != "IMP-20261101-C0FFEE"
        assert not note.display


def test_snapshot_preview_as_read(snap_compare, snap_data, monkeypatch):
    monkeypatch.setattr("tui.requests.model.new_request_id", lambda now=None: "REQ-20261103-5EED03")
    monkeypatch.setattr("tui.requests.model.new_fingerprint", lambda: fingerprint_of("REQ-20261103-5EED03"))

    async def open_preview(pilot):
        pilot.app.action_request_exception("claude-code")
        await pilot.pause()
        await fill_valid_form(pilot, pilot.app)
        await pilot.press("ctrl+o")

    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before(open_preview))


def test_snapshot_request_detail(snap_compare, snap_data, monkeypatch):
    """The request page (fields, timeline, the Markdown as sent) for a request made, queued and tried with
    the real model and outbox functions at given times: every time on the page comes from the record."""
    from tui.requests.model import Requester, prefill

    monkeypatch.setattr("tui.requests.model.new_request_id", lambda now=None: "REQ-20261103-5EED04")
    monkeypatch.setattr("tui.requests.model.new_fingerprint", lambda: fingerprint_of("REQ-20261103-5EED04"))
    made = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)

    async def open_request(pilot):
        app = pilot.app
        policy = PolicyContext.from_pack(app.session.pack)
        finding = app.report.finding("claude-code")
        req = prefill(
            policy, "claude-code", finding=finding, identity=Requester("Ada Lovelace", "ada@example.com"), now=made
        )
        req.justification, req.days = JUST, 14
        req.data_classes, req.mitigations = ["customer-data"], ["Telemetry off", "Only on the sandbox repo"]
        store = RequestStore()
        store.create(req)
        outbox.queue(store, req.id, policy, None, now=made + timedelta(minutes=2))
        outbox.deliver(store, req.id, None, None, now=made + timedelta(minutes=3))  # no intake: needs attention
        app.push_screen(RequestScreen(req.id))

    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before(open_request))


async def test_a_decision_arriving_while_the_app_runs_updates_the_list_and_rescans(fake, monkeypatch):
    from tui.app import app as app_module

    monkeypatch.setattr(app_module, "RETRY_CHECK_SECONDS", 0.2)
    monkeypatch.setattr(app_module, "DECISION_POLL_SECONDS", 0.0)
    configure_intake(f"{fake.base}/hook", monkeypatch)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await preview_a_filled_form(pilot, app)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [req] = RequestStore().list()[0]
        assert req.state == "submitted"
        await pilot.press("escape", "escape", "escape")
        await pilot.press("x")
        await pilot.pause()
        report = app.report
        fake.created("webhook")[0]["decision"] = "denied"  # the reviewer decides
        for _ in range(50):
            await pilot.pause(0.1)
            if RequestStore().load(req.id).state == "denied":
                break
        await settle(pilot)
        assert RequestStore().load(req.id).state == "denied"
        assert [str(c) for c in app.screen.query_one("DataTable").get_row(req.id)][2] == "denied"
        assert app.report is not report  # the dashboard was brought up to date with a rescan


def test_request_sync_help_mentions_now():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "tui", "request", "sync", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "--now: retry at once" in " ".join(out.stdout.split())


async def test_the_preview_names_the_proxy_the_environment_sends_it_through(monkeypatch):
    """The app's preview names the proxy a request to an https intake goes through (HTTPS_PROXY), without the
    proxy's password, and names none for the intake's host when NO_PROXY leaves it out."""
    configure_intake("https://intake.example.invalid/hook", monkeypatch)
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxyuser:pr0xy-pass@proxy.corp.invalid:3128")
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await preview_a_filled_form(pilot, app)
        assert isinstance(app.screen, PreviewScreen)
        note = texts(app.screen, "#preview-proxy")
        assert note.startswith("Through the proxy http://proxy.corp.invalid:3128 ") and "pr0xy" not in note
    monkeypatch.setenv("NO_PROXY", ".example.invalid")
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await preview_a_filled_form(pilot, app)
        assert isinstance(app.screen, PreviewScreen)
        assert not app.screen.query("#preview-proxy")
