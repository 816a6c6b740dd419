"""A titled, bordered panel: how every page groups what it shows (the dashboard's Compliance, Tools and
Details; the tool detail's Verdict, Fix, Conditions …). Its border turns the accent colour while the
focus is inside it, so the keyboard's place is always visible."""

from __future__ import annotations

from typing import Any

from textual.containers import VerticalGroup
from textual.widget import Widget


class Panel(VerticalGroup):
    """Children in a rounded border with a title (and an optional subtitle, e.g. the panel's key)."""

    def __init__(self, *children: Widget, title: str, subtitle: str = "", **kwargs: Any) -> None:
        classes = " ".join(x for x in ("panel", kwargs.pop("classes", "")) if x)
        super().__init__(*children, classes=classes, **kwargs)
        self.border_title = title
        self.border_subtitle = subtitle
