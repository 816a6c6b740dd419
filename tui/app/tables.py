"""Small helpers for the app's DataTables."""

from __future__ import annotations

from textual.widgets import DataTable


def key_at_cursor(table: DataTable) -> str | None:
    """The row key under the cursor, or None for an empty table (or before the cursor exists)."""
    if table.row_count == 0:
        return None
    try:
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except Exception:  # no cursor yet
        return None
