"""The app in a content pack's last days of use, and after them (see tests/integration/test_pack_expiry.py)."""

from __future__ import annotations

import datetime as dt

from support.app import TODAY, app_for, settle, texts
from support.packs import company_pack


async def test_the_app_counts_down_the_last_days_then_reads_incomplete(tmp_path, machine_factory):
    last = TODAY + dt.timedelta(days=3)
    folder = company_pack(tmp_path / "pack", f"{last}")
    clean = machine_factory("linux")
    app = app_for(clean, content=str(folder))
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        assert texts(app.screen, "#changes") == (
            f"▲ Content pack acme 2026.12.1 expires on {last} (3 days left): no check passes after it"
        )
        assert "✓ Compliant" in texts(app.screen, "#summary")
    app = app_for(clean, content=str(folder))
    app.today = last + dt.timedelta(days=1)
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#changes").display
        assert "! Incomplete scan: 1 scan error, not a clean bill" in texts(app.screen, "#summary")
        assert app.report.errors[0].startswith(f"the content pack acme 2026.12.1 expired on {last}")
