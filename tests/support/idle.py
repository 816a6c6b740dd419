"""A quicker "the app is idle" for the pilot.

Textual's pilot waits for the app to go idle after every key press (twice) and in ``pause()``: it sleeps in
20 ms windows until one window passes in which the process used almost no CPU. Most of an app test's time
went into those windows (about 3,000 of them in the suite, each at least 20 ms), not into the app's work.

This waits in 5 ms windows and calls the app idle after two quiet windows in a row: the same rule (less
than 5% of a window's time on the CPU), a shorter floor (10 ms), and two windows rather than one, so a
moment when the process was merely not scheduled is less likely to pass for idleness. The tests still
wait for what they assert on (``support.app.settle`` for a scan, screens by type) where it matters.
"""

from __future__ import annotations

from asyncio import sleep
from time import monotonic, process_time

WINDOW = 0.005
QUIET_CPU = WINDOW / 20
QUIET_WINDOWS = 2


async def wait_for_idle(min_sleep: float = WINDOW, max_sleep: float = 1.0) -> None:
    start = monotonic()
    quiet = 0
    while True:
        cpu = process_time()
        await sleep(WINDOW)
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
