"""The app's preview of a queued request that an earlier attempt may have delivered to another intake than
the one configured now: it says so before the user sends it there (as `aicheck request submit` does)."""

from __future__ import annotations

import pytest

from support.app import SIZE, demo_app, git_identity, settle, texts
from support.intake_server import use_webhook
from tui.app.preview import PreviewScreen
from tui.requests.model import PolicyContext, prefill
from tui.requests.store import RequestStore


@pytest.fixture(autouse=True)
def git_home(tmp_path, monkeypatch):
    return git_identity(tmp_path, monkeypatch)


async def test_the_preview_warns_when_the_intake_that_may_hold_it_is_not_the_one_it_goes_to(monkeypatch, fake, pack):
    old = "http://127.0.0.1:9/hook"
    req = prefill(PolicyContext.from_pack(pack), "cursor")
    req.justification = "Q3 migration needs multi-repo refactors that Copilot lacks."
    req.state = "queued"
    req.delivery.target = old
    req.delivery.attempts = 1
    req.delivery.maybe_delivered = True
    RequestStore().create(req)
    use_webhook(f"{fake.base}/hook", monkeypatch)
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PreviewScreen(req.id))
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        shown = texts(app.screen, "#preview-elsewhere")
        assert f"{old} may already have it" in shown and f"sending it to {fake.base}/hook now" in shown
    assert fake.received == []
