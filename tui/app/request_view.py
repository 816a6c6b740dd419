"""A request as a person reads it: its fields as a form, its Markdown rendered, its timeline. Shared by
the preview (before sending) and the request page (after)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Markdown, Static

from tui.app.text import lit
from tui.core.text import clean

if TYPE_CHECKING:
    from tui.requests.model import ExceptionRequest


def field_rows(req: ExceptionRequest, extra: tuple[tuple[str, str], ...] = ()) -> ComposeResult:
    """Label and value, one row each, like the form that made it."""
    tool = req.tool
    impact = "none attached"
    if req.impact is not None:
        hours = req.impact.hours_saved_per_month
        impact = f"{req.impact.id}" + (f": {hours:.1f} h saved a month" if isinstance(hours, (int, float)) else "")
    rows = (
        ("Tool", f"{tool.name or tool.id} ({tool.verdict or 'unknown'})"),
        ("Requested by", f"{req.requester.name} <{req.requester.email}>"),
        ("Duration", f"{req.days} days"),
        ("Data it touches", ", ".join(req.data_classes) or "none declared"),
        ("Mitigations", "\n".join(req.mitigations) or "none"),
        ("Impact document", impact),
        *extra,
    )
    for label, value in rows:
        with HorizontalGroup(classes="field-row view-row"):
            yield Static(lit(label), classes="label")
            yield Static(lit(value, 2000, lines=True), classes="value")


def rendered(markdown: str, widget_id: str) -> Markdown:
    """The Markdown rendered (links are not opened: this text came from a form and goes to a ticket)."""
    return Markdown(clean_markdown(markdown), id=widget_id, open_links=False)


def clean_markdown(text: str) -> str:
    return "\n".join(clean(line, 4000) for line in text[:200_000].splitlines())


def timeline(req: ExceptionRequest) -> ComposeResult:
    for event in req.history[-20:]:
        at = event.get("at")
        when = f"{at:%Y-%m-%d %H:%M}" if hasattr(at, "strftime") else str(at or "")
        with HorizontalGroup(classes="timeline-row"):
            yield Static(lit(when), classes="timeline-when")
            yield Static(lit(str(event.get("event", "")), 500), classes="timeline-event")
