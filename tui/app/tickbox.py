"""A checkbox whose glyph says its state (✓ or blank), not only its colour: readable for colour-blind
users and on a monochrome terminal. Where the stylesheet lets its label wrap (``text-wrap: wrap``), it
takes the lines the label needs instead of cutting it."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Checkbox

if TYPE_CHECKING:
    from textual.css.styles import RulesMap


class TickBox(Checkbox):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "  # per instance: shadows the class's "X"
        return super()._button

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, self.render().get_height(cast("RulesMap", self.styles), width))  # styles read as rules
