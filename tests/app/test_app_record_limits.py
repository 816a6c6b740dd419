"""Records stay readable (pastes arrive as a terminal sends them: to the app, which forwards them to the focus): the request form and the impact screen refuse an edit that would make a field longer
than a record may hold (saying so next to the field), the store refuses to write a record it could not read
back, and one record too large to read (written by an older aicheck) is named, with how to set it aside,
while the others are still listed."""

from __future__ import annotations

import os

import pytest
from textual import events
from textual.widgets import Input, Static, TextArea

from support.app import demo_app, git_identity, settle
from tui.app.impact import ImpactScreen
from tui.app.request_form import ExceptionFormScreen
from tui.cli import main
from tui.core.bounded_read import RECORD_LIMIT
from tui.errors import RecordError
from tui.requests.impact import Workflow, new_impact
from tui.requests.model import JUSTIFICATION_MAX, PolicyContext, prefill
from tui.requests.store import ImpactStore, RequestStore

BIG = "Needed for the migration work. " * 36000  # about 1.1 MB: more than a record may hold


@pytest.fixture(autouse=True)
def git_home(tmp_path, monkeypatch):
    return git_identity(tmp_path, monkeypatch)


def shown(screen, wid: str) -> str:
    return str(screen.query_one(f"#{wid}", Static).render())


async def test_a_paste_longer_than_the_justification_may_hold_is_refused_next_to_it_and_the_draft_stays_usable(
    capsys,
):
    app = demo_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        app.action_open_tool("claude-code")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExceptionFormScreen)
        area = form.query_one("#justification", TextArea)
        area.focus()
        await pilot.pause()
        app.post_message(events.Paste(BIG))
        await pilot.pause()
        assert len(area.text) <= JUSTIFICATION_MAX
        assert f"at most {JUSTIFICATION_MAX:,} characters" in shown(form, "err-justification")
        app.post_message(events.Paste("Needed for the payments migration, short."))
        await pilot.pause()
        assert area.text == "Needed for the payments migration, short."
        assert "at most" not in shown(form, "err-justification")  # the message goes with the next edit
        await pilot.press("ctrl+s")
        await pilot.pause()
        path = RequestStore().path(form.draft.id)
        assert path.stat().st_size < 10_000
        again = RequestStore().load(form.draft.id)  # the draft reads back: it can be opened, sent, withdrawn
        assert again.justification == "Needed for the payments migration, short."
    capsys.readouterr()
    assert main(["request", "list"]) == 0
    assert again.id in capsys.readouterr().out


async def test_a_draft_too_long_from_an_older_aicheck_is_not_saved_and_leaving_is_asked_twice():
    store = RequestStore()
    app = demo_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        policy = PolicyContext.from_pack(app.loaded_pack)
        req = prefill(policy, "claude-code")
        req.justification = "x" * (JUSTIFICATION_MAX + 10)  # an older form let this through
        store.create(req)
        before = store.path(req.id).read_bytes()
        app.push_screen(ExceptionFormScreen("claude-code", req.id))
        await pilot.pause()
        form = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.path(req.id).read_bytes() == before
        assert f"keep it under {JUSTIFICATION_MAX} characters" in shown(form, "err-justification")
        form.query_one("#name", Input).focus()
        await pilot.press("end", "x")  # an edit the draft on disk does not have
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form  # the edits are not on disk: the first Escape says so and stays
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not form


def test_the_store_refuses_to_write_a_record_it_could_not_read_back(pack):
    store = RequestStore()
    req = prefill(PolicyContext.from_pack(pack), "claude-code")
    req.justification = "short enough for now, fine"
    store.create(req)
    before = store.path(req.id).read_bytes()
    req.justification = BIG
    with pytest.raises(RecordError, match=r"not saved: .*more than the 1,048,576 .*unchanged"):
        store.save(req)
    with pytest.raises(RecordError, match="not saved"), store.transaction(req.id) as same:
        same.justification = BIG
    assert store.path(req.id).read_bytes() == before
    assert store.load(req.id).justification == "short enough for now, fine"

    docs = ImpactStore()
    doc = new_impact("claude-code", "Impact")
    docs.save(doc)
    before = docs.path(doc.id).read_bytes()
    with pytest.raises(RecordError, match="not saved"):
        docs.save(doc.edited(title=BIG))
    assert docs.path(doc.id).read_bytes() == before


def oversized(folder, ident: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ident}.toml"
    path.write_text('justification = "' + "x" * (RECORD_LIMIT + 10) + '"\n')
    return str(path)


def test_a_record_too_large_to_read_is_named_with_its_fix_and_the_others_still_listed(pack, capsys):
    store = RequestStore()
    req = prefill(PolicyContext.from_pack(pack), "claude-code")
    store.create(req)
    big = oversized(store.folder, "REQ-20250101-ABCDEF")
    capsys.readouterr()
    assert main(["request", "list"]) == 2  # as for any damaged record
    out = capsys.readouterr().out
    assert req.id in out
    assert big in out and "move the file out of" in out

    docs = ImpactStore()
    doc = new_impact("claude-code", "Fine", author="Ada").edited(workflows=(Workflow("Review", 60, 20, 2),))
    docs.save(doc)
    big = oversized(docs.folder, "IMP-20250101-ABCDEF")
    capsys.readouterr()
    assert main(["impact", "list"]) == 2
    got = capsys.readouterr()
    assert doc.id in got.out
    assert big in got.err and "move the file out of" in got.err
    os.unlink(big)
    assert main(["impact", "list"]) == 0


async def test_an_impact_field_refuses_a_paste_over_its_limit_and_the_document_saves():
    app = demo_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        app.push_screen(ImpactScreen("claude-code", new=True))
        await pilot.pause()
        screen = app.screen
        name = screen.query_one("#wf1-name", Input)
        name.focus()
        await pilot.pause()
        app.post_message(events.Paste("Long workflow name " * 60000))
        await pilot.pause()
        assert name.value == ""
        row_error = str(screen.query_one(".wf .field-error", Static).render())
        assert "workflow name: at most 200 characters" in row_error
        title = screen.query_one("#title", Input)
        title.focus()
        await pilot.pause()
        app.post_message(events.Paste("T" * 5000))
        await pilot.pause()
        assert "title: at most 200 characters" in shown(screen, "doc-error")
        await pilot.press("ctrl+s")
        await pilot.pause()
        path = screen.saved_path
        assert path is not None and path.stat().st_size < 10_000
        assert ImpactStore().load(screen.document.id).title == title.value
