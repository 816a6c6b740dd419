"""A quicker, sturdier "the app is idle" for the pilot.

Textual's pilot waits for the app to go idle after every key press (twice) and in ``pause()``: it sleeps in
20 ms windows until one window passes in which the process used almost no CPU. Two things were wrong with
that for this suite:

- **Time.** Most of an app test's time went into those windows (thousands of them, each at least 20 ms), not
  into the app's work.
- **It can be fooled.** A process that was merely not scheduled in a window (more test workers than cores,
  a busy machine) uses no CPU in it either, and passes for idle while its work still waits in a queue.

Here idleness is read from the app's own state instead, the things Textual itself waits on:

- no message waiting in any message pump of the app or of a screen on its stack, and no callback queued
  for after the current message (``call_next``) or after the next refresh;
- the current screen needs no layout, repaint, recompose or scroll;
- no animation running or scheduled, no worker (the scan, a request being sent) still running;
- nothing ready to run in the event loop.

That state is looked at after the event loop had its turn, and must hold twice in a row with a short sleep
(1 ms) between, so that I/O and timers that are already due get their turn. Timers that are *not* due (an
autosave a second later) are not waited for, as before: a test that needs one waits for it explicitly. When
no app is active (a test calling this directly), the old CPU-quiet rule is used.
"""

from __future__ import annotations

import asyncio
from time import monotonic, process_time
from typing import Any

WINDOW = 0.005
QUIET_CPU = WINDOW / 20
QUIET_WINDOWS = 2
TICK = 0.001


def at_rest(app: Any) -> bool:
    """Whether nothing in ``app`` is waiting to run (see the module's docstring)."""
    loop = asyncio.get_running_loop()
    if loop._ready:  # type: ignore[attr-defined]
        return False
    if any(not worker.is_finished for worker in app.workers):
        return False
    animator = app.animator
    if animator._animations or animator._scheduled:
        return False
    try:
        stack = app.screen_stack
    except Exception:  # no screen yet, or the app is closing
        return True
    current = stack[-1] if stack else None
    if current is not None and (
        current._layout_required
        or current._scroll_required
        or current._repaint_required
        or current._recompose_required
        or current._dirty_widgets
        or current._callbacks
    ):
        return False
    pumps = [app]
    for screen in stack:
        pumps.extend(screen.walk_children(with_self=True))
    for pump in pumps:
        if not pump._message_queue.empty() or pump._pending_message is not None or pump._next_callbacks:
            return False
    return True


async def wait_for_idle(min_sleep: float = WINDOW, max_sleep: float = 1.0) -> None:
    from textual._context import active_app

    app = active_app.get(None)
    if app is None:
        await _wait_for_quiet_cpu(min_sleep, max_sleep)
        return
    start = monotonic()
    rested = 0
    while True:
        await asyncio.sleep(0)  # whatever became ready has its turn first
        await asyncio.sleep(TICK)
        elapsed = monotonic() - start
        if elapsed >= max_sleep:
            return
        rested = rested + 1 if at_rest(app) else 0
        if rested >= 2 and elapsed >= min_sleep:
            return


async def _wait_for_quiet_cpu(min_sleep: float, max_sleep: float) -> None:
    """No app to look at: less than 5% of a 5 ms window on the CPU, two windows in a row."""
    start = monotonic()
    quiet = 0
    while True:
        cpu = process_time()
        await asyncio.sleep(WINDOW)
        busy = process_time() - cpu
        elapsed = monotonic() - start
        if elapsed >= max_sleep:
            return
        quiet = quiet + 1 if busy < QUIET_CPU else 0
        if quiet >= QUIET_WINDOWS and elapsed > min_sleep:
            return


def install() -> None:
    """Use this wait where the pilot and the app's key-press task look it up (Textual is pinned exactly)."""
    import textual._wait
    import textual.app
    import textual.pilot

    for module in (textual.pilot, textual.app):
        if module.wait_for_idle is not textual._wait.wait_for_idle:
            raise RuntimeError(f"{module.__name__}.wait_for_idle is not Textual's own: check support/idle.py")
        module.wait_for_idle = wait_for_idle  # type: ignore[attr-defined]
