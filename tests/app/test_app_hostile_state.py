"""The app with its state damaged: a FIFO or a deep nest in place of ``app.json`` still gives the first
frame (in the default theme)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from support.app import SIZE, THEME, args_for, demo_machine, settle
from tui.app import prefs
from tui.app.app import AicheckApp


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
