"""A checkbox whose glyph says its state (✓ or blank), not only its colour: readable for colour-blind
users and on a monochrome terminal."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "  # per instance: shadows the class's "X"
        return super()._button
