"""Scan progress: one indicator per install channel, filled as the worker reports each channel."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static

from tui.core.channels import NAMES as CHANNELS  # the registry's names only: the channels load with the scan


class ScanProgress(Static):
    """``Scanning 3/11  path ✓2  npm ✓1  python …  brew ·``: one indicator per channel, in one widget
    (a widget tree per channel would cost start-up time for a line of text)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.done: dict[str, int] = {}

    def on_mount(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.done = {}
        self._render_chips()

    def channel_done(self, channel: str, found: int) -> None:
        self.done[channel] = found
        self._render_chips()

    def _render_chips(self) -> None:
        parts = [Content.styled(f"Scanning {len(self.done)}/{len(CHANNELS)}", "bold")]
        running_shown = False
        for ch in CHANNELS:
            if ch in self.done:
                n = self.done[ch]
                parts.append(Content.styled(f"{ch} ✓{n}", "bold $success" if n else "$text-muted"))
            elif not running_shown:
                running_shown = True
                parts.append(Content.styled(f"{ch} …", "bold $accent"))
            else:
                parts.append(Content.styled(f"{ch} ·", "$text-disabled"))
        self.update(Content("  ").join(parts))
