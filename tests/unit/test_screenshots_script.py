"""scripts/screenshots.py is not run by the suite (it takes half a minute and writes pictures); this keeps
its fixed clock honest: every name it replaces must still be what the app looks up, and is put back."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"


def test_the_fixed_clock_replaces_names_that_exist_and_restores_them():
    spec = importlib.util.spec_from_file_location("aicheck_screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)

    import tui.core.scanner
    import tui.requests.model

    before = (tui.core.scanner.scan, tui.requests.model.now_utc)
    with script.fixed_clock():  # a name that moved away raises AttributeError here
        assert tui.requests.model.now_utc() == script.SCREENSHOT_NOW
        assert tui.core.scanner.scan is not before[0]
    assert (tui.core.scanner.scan, tui.requests.model.now_utc) == before
