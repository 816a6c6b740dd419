"""The app's About screen tells the truth about the network: the scan opened none, the content pack's fetch
from its URL before it did, listed with its URL as messages show it. A real loopback server, the real app."""

from __future__ import annotations

import pytest

from support.app import SIZE, app_for, settle, texts
from support.packs import PATH_SECRET as SECRET
from support.packs import isolate_cli, serve_folder
from support.packs import site_with_a_secret_path as publish


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path, content=None)


async def test_the_about_screen_lists_the_pack_fetch(tmp_path, machine_factory):
    m = machine_factory("linux")
    with serve_folder(publish(tmp_path)) as (base, _stop):
        app = app_for(m, content=f"{base}/{SECRET}/p.tar.gz")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await pilot.pause()
            summary = texts(app.screen)
            assert "The scan opened no network connection; before it, fetching the content pack made 1 request" in (
                summary
            )
            log = "\n".join(str(line) for line in app.screen.query_one("Log").lines)
            assert f"net     GET {base}/<redacted>/p.tar.gz (the content pack): HTTP 200" in log
            assert SECRET not in summary + log
