"""Shared helpers for the app tests (``tests/test_app_*.py``): real synthetic machines, no fake scanner."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from tui.app.app import AicheckApp
from tui.demo import build_demo
from tui.demo.synthetic import SyntheticMachine

SIZE = (100, 32)
THEME = "textual-dark"
# The day every app test judges for: the example pack holds a dated change (Aider prohibited from
# 2026-12-15), so a test on the real clock would flip on that day.
TODAY = dt.date(2026, 11, 23)
# The shared, read-only demo disk, built once per test session (per pytest-xdist worker) under that
# session's tmp_path by conftest.py. Its location never shows in the app (only machine paths such as
# /Users/ada/... do), so snapshots do not depend on it.
DEMO_PARENT: Path | None = None


def args_for(machine: SyntheticMachine, content: str | None = None) -> argparse.Namespace:
    sep = ";" if machine.platform == "windows" else ":"
    return argparse.Namespace(
        root=str(machine.root),
        home=machine.home,
        platform=machine.platform,
        search_path=sep.join(machine.search_path),
        content=content,
        demo=False,
    )


def demo_machine() -> SyntheticMachine:
    if DEMO_PARENT is None:
        raise RuntimeError("conftest.py sets support.app.DEMO_PARENT for the session")
    return build_demo(DEMO_PARENT / "demo-machine")


def demo_app(**kwargs) -> AicheckApp:
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("cursor_blink", False)
    return AicheckApp(args_for(demo_machine()), theme=THEME, **kwargs)


def app_for(machine: SyntheticMachine, content: str | None = None) -> AicheckApp:
    return AicheckApp(args_for(machine, content), theme=THEME, today=TODAY, cursor_blink=False)


async def settle(pilot) -> None:
    """Wait until the scan (if any) finished and every message it caused was handled."""
    app = pilot.app
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not app.scanning:
            break
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    """Type ``text`` into the focused widget: one real key event per character, as ``pilot.press(*text)``
    sends, but queued together (a quick typist) and followed by one wait for the app to settle.

    ``pilot.press`` waits for the app to go idle twice after every key; typing a sentence that way spent
    most of an app test's time asleep between characters that the app had long handled."""
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    for character in text:
        event = events.Key(_character_to_key(character), character)
        event.set_sender(app)
        app.post_message(event)  # the app's queue keeps their order, as a terminal's input would
    await pilot.pause()


def texts(screen, selector: str = "Static") -> str:
    """The plain text of every matching widget of a screen, one per line."""
    out = []
    for w in screen.query(selector):
        visual = w.render()
        out.append(getattr(visual, "plain", str(visual)))
    return "\n".join(out)


async def wait_until(pilot, ready, timeout: float = 5.0) -> None:
    """Pause until ``ready()`` is true (an explicit wait: the pilot's idle heuristic knows nothing of timers)."""
    import time

    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"not ready after {timeout} s: {ready}")
        await pilot.pause(0.02)


def git_identity(tmp_path: Path, monkeypatch) -> Path:
    """A home whose git identity is Ada's (the request form's requester comes from it, never the developer's),
    and the forms' autosave shortened: for the request and impact tests' own fixtures. Returns the home."""
    from tui.app import impact, request_form

    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setattr(impact, "AUTOSAVE_DELAY", 0.3)
    monkeypatch.setattr(request_form, "AUTOSAVE_DELAY", 0.3)
    return home
