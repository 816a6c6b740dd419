"""The test apps' screens refresh up to 240 times a second instead of 60.

A Textual screen gathers what changed and draws it on its next refresh tick, at most ``MAX_FPS`` times a
second (60 unless ``TEXTUAL_FPS`` says otherwise). Much of what an app test waits for comes after a tick:
the first frame, then ``call_after_refresh`` work such as the dashboard mounting its table, then each
screen pushed. At 60 ticks a second each of those waits took up to 16 ms in which the test process did
nothing; app start-up alone waited about 80 ms. At 240 a second the ticks come every 4 ms; the frames drawn
and the CPU spent are about the same (measured: 36.8 and 37.5 s against 40.0 and 38.1 s of CPU, 47.3 and
47.8 s against 55.7 and 53.6 s of wall time for three app test files, alternating runs). 1000 a second drew
more frames for no less waiting.

``TEXTUAL_FPS`` itself cannot be used: Textual reads it when first imported, and the snapshot plugin
imports Textual before any conftest runs. The screen's period is read when a screen starts its refresh
timer, so setting it here, before any app runs, has the same effect.
"""

from __future__ import annotations

FRAMES_PER_SECOND = 240


def install() -> None:
    import textual.screen

    textual.screen.UPDATE_PERIOD = 1 / FRAMES_PER_SECOND  # type: ignore[misc]
