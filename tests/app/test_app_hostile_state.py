"""The app with the user's state and records damaged: a FIFO or a deep nest in place of ``app.json`` still
gives the first frame (in the default theme), a request record whose time has no UTC time is a damaged
record named on the requests screen (not "Could not sync ... date value out of range"), and a damaged
attestations file is said at the scan and never overwritten by a tick, and a record that claims a delivery it has
no ticket for is a problem there as in `request list`."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from textual.widgets import Checkbox

from support.app import SIZE, THEME, args_for, demo_app, demo_machine, settle, texts
from support.intake_server import free_port, make_request, use_webhook
from tui.app import prefs
from tui.app.app import AicheckApp
from tui.app.requests_list import RequestsScreen
from tui.paths import data_dir
from tui.requests.store import RequestStore


def _saved_theme_in_time(fifo: Path) -> str | None:
    """``prefs.saved_theme()`` in a thread that must end in 10 s; one blocked on the FIFO (the bug) is
    released by opening its other end, so that a failing test never hangs the suite."""
    result: list[str | None] = []
    thread = threading.Thread(target=lambda: result.append(prefs.saved_theme()), daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(10)
        pytest.fail(f"the app blocked reading {fifo} before its first frame")
    return result[0]


@pytest.mark.parametrize("damage", ["fifo", "nested"])
async def test_a_fifo_or_a_deep_nest_in_place_of_app_json_still_draws_the_app(damage):
    path = prefs.prefs_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    if damage == "fifo":
        os.mkfifo(path)
        assert _saved_theme_in_time(path) is None
    else:
        path.write_text('{"theme": ' + "[" * 100_000)
    app = AicheckApp(args_for(demo_machine()), cursor_blink=False)  # theme=None: the remembered one is read
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.crash_report is None and app.theme == THEME  # the default
        assert app.report is not None and app.report.findings


async def test_a_request_time_with_no_utc_time_is_a_damaged_record_on_the_requests_screen(monkeypatch):
    use_webhook(f"http://127.0.0.1:{free_port()}/hook", monkeypatch)  # nothing listens: never reached
    store = RequestStore()
    req = make_request(store)
    path = store.path(req.id)
    text = path.read_text().replace('state = "draft"', 'state = "queued"')
    path.write_text(re.sub(r"(?m)^created = .*$", "created = 0001-01-01 00:00:00+14:00", text))
    app = demo_app()
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(str(message)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, RequestsScreen)
        await pilot.press("s")  # sync now
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not any("out of range" in n and "Could not sync" in n for n in notes), notes
        status = texts(app.screen, "#requests-status")
        assert req.id in status and "created = 0001-01-01 00:00:00+14:00 is out of range" in status
        assert app.crash_report is None


async def test_a_record_claiming_a_delivery_without_a_ticket_is_a_problem_on_the_requests_screen(monkeypatch):
    """`request list` named a request hand-edited to "submitted" (never sent: no ticket) as a PROBLEM; the
    app's requests screen showed it as submitted, in silence. Both now say it, from one place."""
    use_webhook(f"http://127.0.0.1:{free_port()}/hook", monkeypatch)  # nothing listens: never reached
    store = RequestStore()
    req = make_request(store)
    path = store.path(req.id)
    path.write_text(path.read_text().replace('state = "draft"', 'state = "submitted"'))
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, RequestsScreen)
        status = texts(app.screen, "#requests-status")
        assert f"{req.id}: its record says submitted, but it has no ticket" in status, status
        assert app.crash_report is None


async def test_a_damaged_attestations_file_is_said_and_a_tick_does_not_overwrite_it(monkeypatch):
    path = data_dir() / "attestations.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = 'format = 9\n[[confirmed]]\npolicy_version = "2026.11"\ntool = "cursor"\n'
    path.write_text(text)
    app = demo_app()
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(str(message)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("The scan is incomplete" in n and "attestations.toml:1: format = 9" in n for n in notes), notes
        app.action_open_tool("github-copilot")
        await pilot.pause()
        box = app.screen.query_one(".attest", Checkbox)
        assert not box.value
        box.toggle()
        await settle(pilot)
        assert any("not changed" in n and "repair it, or move it away" in n for n in notes), notes
        assert not app.screen.query_one(".attest", Checkbox).value  # the box shows what is recorded
    assert path.read_text() == text


@pytest.mark.parametrize(
    "text",
    [
        'policy_version = "2026.11"\npolicy_sha256 = "ab"\n[acknowledged\nuser = "Ada"\n',  # broken TOML
        'policy_version = "2026.11"\npolicy_sha256 = "ab"\nread_at = "yesterday"\n',  # a time that is no time
    ],
    ids=["broken TOML", "wrong type"],
)
async def test_a_damaged_onboarding_file_is_said_and_never_overwritten(monkeypatch, text):
    """The checklist's saved progress (the acknowledgement of the policy among it) that cannot be read: the
    app starts, says which file and what is wrong, and neither the first scan's save nor an acknowledgement
    writes over it (it was read as a fresh checklist and then replaced, losing the acknowledgement)."""
    path = data_dir() / "onboarding.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    app = demo_app()
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(str(message)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.crash_report is None and app.report is not None
        assert any(str(path) in n and "not changed" in n for n in notes), notes
        await pilot.press("o")
        await pilot.pause()
        assert str(path) in texts(app.screen)
        notes.clear()
        await pilot.press("k")
        await pilot.pause()
        await pilot.click("#ack-confirm")
        await settle(pilot)
        assert any(str(path) in n and "repair it, or move it away" in n for n in notes), notes
        assert app.onboarding.acknowledged is None
    assert path.read_text() == text
