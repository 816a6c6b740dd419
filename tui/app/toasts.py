"""Toasts never cover what they comment on: before a notification shows, the screen's toast rack moves to
the top or the bottom of the screen, whichever side of the widget being acted on (the focused one, the
cursor's row of a table, or what the screen names with ``toast_anchor()``) has more room."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Region
from textual.widgets import DataTable

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

RACK = "#textual-toastrack"  # Textual's own container of a screen's toasts
TOP = "-top"  # the rack's class when it sits under the header (aicheck.tcss)


def acted_on(screen: Screen) -> Region | None:
    """The screen region of what the user is acting on: the row under a table's cursor, else the
    widget the screen names (``toast_anchor()``), else the focused widget."""
    anchor = getattr(screen, "toast_anchor", None)
    widget: Widget | None = anchor() if callable(anchor) else screen.focused
    if widget is None or not widget.is_mounted or not widget.display:
        return None
    region = widget.region
    if isinstance(widget, DataTable) and widget.row_count:
        header = widget.header_height if widget.show_header else 0
        row_y = widget.content_region.y + header + widget.cursor_row - round(widget.scroll_y)
        region = Region(region.x, row_y, region.width, 1)
    return region.intersection(screen.region) or None


def place_toasts(screen: Screen) -> None:
    """Put the toasts on the side of the acted-on region with more room (bottom when nothing is acted on)."""
    region = acted_on(screen)
    top = False
    if region is not None:
        room_above = region.y
        room_below = screen.region.height - region.bottom
        top = room_above > room_below
    for rack in screen.query(RACK):
        rack.set_class(top, TOP)
