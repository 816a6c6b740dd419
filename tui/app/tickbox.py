"""A checkbox whose glyph says its state (✓ or blank), not only its colour: readable for colour-blind
users and on a monochrome terminal. Where the stylesheet lets its label wrap (``text-wrap: wrap``), it
takes the lines the label needs instead of cutting it, and the label's later lines hang under its first
(not under the glyph), so a list of steps reads as a list at any width."""

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

    def _hanging(self, width: int) -> Content:
        """The glyph, then the label wrapped to ``width`` with its later lines indented under its first."""
        button = self._button
        if self.styles.text_wrap != "wrap" or not self._button_first or width <= button.cell_length + 3:
            return super().render()
        label_style = self.get_visual_style("toggle--label")
        indent = Content(" " * button.cell_length)
        lines = self._label.wrap(width - button.cell_length - 2)
        return Content("\n").join(
            Content.assemble(button if n == 0 else indent, line.pad(1, 1).stylize_before(label_style))
            for n, line in enumerate(lines)
        )

    def render(self) -> Content:
        return self._hanging(self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, self._hanging(width).get_height(cast("RulesMap", self.styles), width))  # styles read as rules
