"""Productivity impact: workflows with minutes without and with the tool and how often per week, live
totals, a with/without bar chart, autosave to the impact store, and export to Markdown.

The document (:class:`tui.requests.impact.ImpactDoc`) is rebuilt from the inputs on every edit: a row
whose numbers do not parse keeps its error next to it and stays out of the totals (and of the saved
record) until it is fixed. Saving is debounced: a burst of typing writes the TOML record once.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from tui.app.bounded import BoundedInput, TooLong
from tui.app.footer import AppFooter
from tui.app.header import AppHeader
from tui.app.interface import AppInterface
from tui.app.panel import Panel
from tui.app.text import lit
from tui.core.text import clean

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.requests.impact import ImpactDoc, Workflow

AUTOSAVE_DELAY = 0.6  # seconds of quiet before an edit is written
NUMBER_FIELDS = (
    ("without", "minutes_without", "minutes without the tool"),
    ("with", "minutes_with", "minutes with the tool"),
    ("per_week", "per_week", "times per week"),
)
# what an empty number field shows: its unit, never a grey 0 a user takes for a value already filled in
UNITS = {"without": "minutes", "with": "minutes", "per_week": "times"}
EIGHTHS = " ▏▎▍▌▋▊▉"
NUMBER_MAX_LENGTH = 32  # characters of a number field: far more than any number a record may hold


def fmt(x: float | None, digits: int = 1) -> str:
    """``12.5``, ``3``, ``1,234.6``; ``–`` for nothing."""
    if x is None:
        return "–"
    text = f"{x:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def num_text(value: float) -> str:
    """A stored number as it goes back into an input (``90``, ``1.5``): parses back to the same value."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def signature(doc: ImpactDoc) -> tuple[object, ...]:
    """What the user edits in a document: a change here is what autosave writes."""
    return (doc.title, doc.workflows, doc.cost_per_month, doc.currency)


def parse_number(text: str) -> float | None:
    """A number typed by a person (``90``, ``1.5``, ``1,5``); ``None`` when it is not one, or not one a record
    may hold (infinite, or beyond :data:`tui.requests.fields.MAX_NUMBER`: the draft is saved as it is typed,
    and read back through the record's checks)."""
    from tui.requests.fields import MAX_NUMBER

    text = text.strip().replace(",", ".").replace("_", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) <= MAX_NUMBER else None


def number_problem(text: str) -> str:
    """What is wrong with a number field :func:`parse_number` refused, in words."""
    if not text.strip():
        return "enter a number"
    try:
        float(text.strip().replace(",", ".").replace("_", ""))
    except ValueError:
        return f"'{clean(text, 20)}' is not a number"
    return f"'{clean(text, 20)}' is too large"


def bar(value: float, top: float, width: int) -> str:
    """A horizontal bar ``value / top`` of ``width`` cells, in eighths of a cell."""
    eighths = round(min(max(value / top, 0.0), 1.0) * width * 8) if top > 0 else 0  # at most the whole width
    return ("█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")).ljust(width)


def chart(rows: list[tuple[str, float, float]], width: int) -> Content:
    """Hours per month without and with the tool, two bars per workflow, on one scale."""
    if not rows:
        return Content.styled("Add a workflow to see the chart.", "$text-muted")
    top = max(max(a, b) for _, a, b in rows) or 1.0
    label_w = min(max(len(name) for name, _, _ in rows), 24)
    bar_w = max(10, width - label_w - 10 - 12)
    lines = []
    for name, without, with_ in rows:
        label = clean(name or "(unnamed)", label_w).ljust(label_w)
        lines.append(
            Content.assemble(
                (label, "bold"), "  without ", (bar(without, top, bar_w), "$warning"), f" {fmt(without):>7} h"
            )
        )
        lines.append(
            Content.assemble(" " * label_w, "  with    ", (bar(with_, top, bar_w), "$success"), f" {fmt(with_):>7} h")
        )
    return Content("\n").join(lines)


def totals_content(doc: ImpactDoc) -> Content:
    t = doc.totals()
    parts = [
        Content.assemble("Hours saved per month ", (fmt(t.hours_saved_per_month), "bold $success")),
        Content.assemble("speed-up ", ("–" if t.speedup is None else fmt(t.speedup) + "×", "bold")),
        Content(f"{fmt(t.hours_without_per_month)} h without → {fmt(t.hours_with_per_month)} h with, per month"),
    ]
    line = Content("  ·  ").join(parts)
    if t.cost_per_month is not None:
        per_hour = (
            "– (no time saved)"
            if t.cost_per_hour_saved is None
            else f"{fmt(t.cost_per_hour_saved, 2)} {clean(doc.currency, 8)}"
        )
        line = Content("\n").join(
            [
                line,
                Content.assemble(
                    f"Tool cost {fmt(t.cost_per_month, 2)} {clean(doc.currency, 8)} per month  ·  cost per hour saved ",
                    (per_hour, "bold"),
                ),
            ]
        )
    return line


class WorkflowRow(VerticalGroup):
    """One workflow: name, minutes without, minutes with, times per week, note; its errors below."""

    def __init__(self, n: int, wf: Workflow | None = None) -> None:
        super().__init__(classes="wf", id=f"wf{n}")
        self.n = n
        self.wf = wf

    def compose(self) -> ComposeResult:
        from tui.requests.impact import NOTE_MAX, WORKFLOW_NAME_MAX

        wf = self.wf
        n = self.n
        with HorizontalGroup(classes="wf-row"):
            yield BoundedInput(
                wf.name if wf else "",
                max_length=WORKFLOW_NAME_MAX,
                placeholder="What you do, e.g. Write a migration",
                id=f"wf{n}-name",
                classes="wf-name",
                compact=True,
            )
            for key, attr, _ in NUMBER_FIELDS:
                value = num_text(getattr(wf, attr)) if wf else ""
                yield BoundedInput(
                    value,
                    max_length=NUMBER_MAX_LENGTH,
                    placeholder=UNITS[key],
                    id=f"wf{n}-{key}",
                    classes="wf-num",
                    compact=True,
                )
            yield BoundedInput(
                wf.note if wf else "",
                max_length=NOTE_MAX,
                placeholder="optional note",
                id=f"wf{n}-note",
                classes="wf-note",
                compact=True,
            )
            yield Button("×", id=f"wf{n}-remove", classes="wf-remove", compact=True, tooltip="Remove this workflow")
        yield Static("", id=f"wf{n}-error", classes="field-error")

    def read(self) -> tuple[Workflow | None, list[str]]:
        """``(Workflow or None, [error messages])`` from the row's inputs."""
        from tui.requests.impact import Workflow, validate_workflow

        def val(key: str) -> str:
            return self.query_one(f"#wf{self.n}-{key}", Input).value

        errors: list[str] = []
        nums: dict[str, float] = {}
        for key, attr, label in NUMBER_FIELDS:
            text = val(key)
            number = parse_number(text)
            if number is None:
                errors.append(f"{label}: {number_problem(text)}")
                continue
            nums[attr] = number
        if errors:
            if not val("name").strip():
                errors.insert(0, "give the workflow a name")
            return None, errors
        wf = Workflow(
            val("name").strip(), nums["minutes_without"], nums["minutes_with"], nums["per_week"], val("note").strip()
        )
        return wf, [e.message for e in validate_workflow(wf)]


class ImpactScreen(Screen[None]):
    TYPING = True  # a form: the app's one-letter keys stay off here (see AicheckApp.check_action)
    app = getters.app(AppInterface)

    # focus lands where on_mount puts it, never first on the scrolling page (whose focus restyles the
    # whole page twice over); on_mount focuses the first empty workflow name
    AUTO_FOCUS = ".wf-name"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="impact-back"),
        Binding("ctrl+n", "add_workflow", "Add workflow", key_display="^n", id="add-workflow"),
        Binding("ctrl+r", "remove_workflow", "Remove", key_display="^r", id="remove-workflow"),
        Binding("ctrl+o", "export", "Export Markdown", key_display="^o", id="export-impact"),
        Binding("ctrl+s", "save", "Save", key_display="^s", show=False, id="save-impact"),
    ]

    def __init__(self, tool_id: str = "", doc_id: str | None = None, *, new: bool = False) -> None:
        super().__init__()
        self.tool_id = tool_id
        self.doc_id = doc_id
        self.new = new
        self.doc: ImpactDoc | None = None  # loaded when the screen is composed
        self.rows = 0
        self.dirty = False
        self.saved_path: Path | None = None
        self.export_path: Path | None = None
        self._saved: tuple[object, ...] | None = None  # signature of what is on disk (or of the untouched new document)
        self._timer: Timer | None = None
        self._refused: dict[str, str] = {}  # a refused edit's message, by the id of the line that shows it
        self._leave_unsaved = False  # Escape pressed once while the document could not be saved

    # -- building ----------------------------------------------------------------------------------
    def _load(self) -> ImpactDoc:
        from tui.requests.gitident import user_identity
        from tui.requests.impact import new_impact
        from tui.requests.store import ImpactStore

        store = ImpactStore()
        if self.doc_id:
            return store.load(self.doc_id)
        if not self.new:
            docs, _problems = store.list()
            mine = [d for d in docs if d.tool_id == self.tool_id]
            if mine:
                return max(mine, key=lambda d: (d.updated, d.id))
        ident = user_identity()
        return new_impact(self.tool_id, f"Productivity impact of {self._tool_name()}", author=ident.name or ident.email)

    @property
    def document(self) -> ImpactDoc:
        """The document being edited (loaded when the screen is composed)."""
        if self.doc is None:
            raise RuntimeError("the impact document is loaded when the screen is composed")
        return self.doc

    def _tool_name(self) -> str:
        session = self.app.session
        tool = session.pack.catalog.tools.get(self.tool_id) if session is not None else None
        return tool.name if tool else (self.tool_id or "an AI tool")

    def compose(self) -> ComposeResult:
        from tui.requests.impact import CURRENCY_MAX, TITLE_MAX
        from tui.requests.store import ImpactStore

        self.doc = doc = self._load()
        self.saved_path = ImpactStore().path(doc.id)
        yield AppHeader(icon="◆")
        with VerticalScroll(id="impact"):
            with Panel(title="Document", id="impact-doc-panel"):
                yield Static(lit(f"Productivity impact: {self._tool_name()}"), classes="title")
                yield Static(
                    lit(
                        f"Document {doc.id}. For each task: minutes without the tool, minutes with it, and "
                        "how often per week; the totals and the chart follow as you type."
                    ),
                    classes="muted",
                )
                with HorizontalGroup(classes="field-row first"):
                    yield Static("Title", classes="label")
                    yield BoundedInput(doc.title, max_length=TITLE_MAX, id="title", compact=True, classes="wide")
                with HorizontalGroup(classes="field-row"):
                    yield Static("Tool cost / month", classes="label")
                    cost = "" if doc.cost_per_month is None else num_text(doc.cost_per_month)
                    yield BoundedInput(
                        cost,
                        max_length=NUMBER_MAX_LENGTH,
                        placeholder="optional",
                        id="cost",
                        compact=True,
                        classes="cost",
                    )
                    yield BoundedInput(
                        doc.currency, max_length=CURRENCY_MAX, id="currency", compact=True, classes="currency"
                    )
                yield Static("", id="cost-error", classes="field-error")
                doc_error = Static("", id="doc-error", classes="field-error")
                doc_error.display = False
                yield doc_error
            with Panel(title="Workflows", id="workflows-panel"):
                with HorizontalGroup(classes="wf-head"):
                    yield Static("Workflow", classes="wf-name")
                    yield Static("Without", classes="wf-num")
                    yield Static("With", classes="wf-num")
                    yield Static("Per week", classes="wf-num")
                    yield Static("Note", classes="wf-note")
                with VerticalGroup(id="workflows"):
                    for wf in doc.workflows or (None,):
                        yield WorkflowRow(self._next_row(), wf)
                with HorizontalGroup(classes="actions"):
                    yield Button("+ Add workflow", id="add", compact=True)
                    yield Button("Export Markdown", id="export", compact=True)
            with Panel(title="Totals", id="totals-panel"):
                yield Static(id="totals")
            with Panel(title="Hours per month, without and with the tool", id="chart-panel"):
                yield Static(id="chart")
            yield Static(id="save-status", classes="muted")
        yield AppFooter()

    def _next_row(self) -> int:
        self.rows += 1
        return self.rows

    def on_mount(self) -> None:
        self.refresh_view()
        self._saved = signature(self.document)
        self.dirty = False
        self._status()
        names = list(self.query(".wf-name").results(Input))
        focus = next((i for i in names if not i.value), None) or names[-1]
        focus.focus()
        self.call_after_refresh(focus.action_end)  # the cursor at the end, nothing selected

    # -- reading the form --------------------------------------------------------------------------
    def _rebuild(self) -> None:
        """Rebuild the document from the inputs and show each row's problems next to it."""
        flows = []
        for row in self.query(WorkflowRow):
            wf, errors = row.read()
            touched = any(i.value.strip() for i in row.query(Input))
            refused = self._refused.get(f"wf{row.n}-error")
            if not touched:
                errors = []
            if refused:
                errors = [refused, *errors]
            err = row.query_one(".field-error", Static)
            err.update(lit("! " + "; ".join(errors), 600) if errors else "")
            err.display = bool(errors)
            if wf is not None:
                flows.append(wf)
        cost_text = self.query_one("#cost", Input).value
        cost = parse_number(cost_text)
        cost_err = self.query_one("#cost-error", Static)
        bad_cost = bool(cost_text.strip()) and (cost is None or cost < 0)
        cost_err.update(
            lit("! tool cost per month must be a number, 0 or more (or leave it empty)") if bad_cost else ""
        )
        cost_err.display = bad_cost
        if bad_cost:
            cost = self.document.cost_per_month
        self.doc = self.document.edited(
            title=self.query_one("#title", Input).value.strip(),
            workflows=tuple(flows),
            cost_per_month=cost,
            currency=self.query_one("#currency", Input).value.strip()[:8] or "USD",
        )
        self._show_doc_errors()

    def _show_doc_errors(self) -> None:
        """An edit just refused for a field of the document, and every text too long to be saved (a document
        from an older aicheck), under the title and cost."""
        from tui.requests.impact import limit_errors

        msgs = [self._refused[k] for k in ("title", "cost", "currency") if k in self._refused]
        msgs += [f"{e.field}: {e.message}" for e in limit_errors(self.document)]
        line = self.query_one("#doc-error", Static)
        line.update(lit("! " + "; ".join(msgs), 800) if msgs else "")
        line.display = bool(msgs)

    def refresh_view(self) -> None:
        self._rebuild()
        doc = self.document
        self.dirty = self._saved is not None and signature(doc) != self._saved
        self.query_one("#totals", Static).update(totals_content(doc))
        width = self.query_one("#chart", Static).size.width or self.size.width - 2 or 80
        self.query_one("#chart", Static).update(chart(doc.chart_rows(), width))
        self._status()

    def _status(self) -> None:
        from tui.paths import shown

        where = shown(self.saved_path) if self.saved_path is not None else "(not saved yet)"
        if self.saved_path is not None and self.saved_path.exists() and not self.dirty:
            text = f"✓ Saved to {where}"
        else:
            text = f"Changes are saved automatically to {where}"
        if self.export_path:
            text += f"\nMarkdown export: {self.export_path}"
        self.query_one("#save-status", Static).update(lit(text, 2000, lines=True))

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.input.scroll_to(x=0, animate=False)  # show the start of a long value when leaving it

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refused.pop(self._message_line(event.input), None)
        self.refresh_view()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.dirty:
            self._timer = self.set_timer(AUTOSAVE_DELAY, self.save_now)

    def _message_line(self, field: object) -> str:
        """Where a field's refused edit is said: its workflow row's message line, or the document's."""
        row = next((a for a in getattr(field, "ancestors", []) if isinstance(a, WorkflowRow)), None)
        if row is not None:
            return f"wf{row.n}-error"
        return getattr(field, "id", None) or ""

    def on_too_long(self, event: TooLong) -> None:
        """A key or paste that would overflow a field was not added: say so next to the field."""
        event.stop()
        if self.doc is None:
            return
        labels = {"name": "workflow name", "note": "note", "title": "title", "currency": "currency", "cost": "cost"}
        key = (event.field.id or "").rsplit("-", 1)[-1]
        label = labels.get(key, dict((k, lab) for k, _, lab in NUMBER_FIELDS).get(key, "this field"))
        self._refused[self._message_line(event.field)] = f"{label}: {event.text}"
        self.refresh_view()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 96, "narrow")
        if self.doc is not None:
            self.call_after_refresh(self.refresh_view)

    # -- saving ------------------------------------------------------------------------------------
    def save_now(self, *, explicit: bool = False) -> bool:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.dirty:
            return True
        from tui.requests.impact import limit_errors
        from tui.requests.store import ImpactStore

        too_long = limit_errors(self.document)
        if too_long:  # a document from an older aicheck: named under the title, never written as it is
            if explicit:
                self.notify(
                    clean(
                        f"Not saved: {too_long[0].field}: {too_long[0].message}. The file on disk is as it was.", 500
                    ),
                    severity="error",
                    markup=False,
                )
            return False

        try:
            self.saved_path = ImpactStore().save(self.document)
        except Exception as exc:  # say so; the edits stay on screen
            self.notify(clean(f"Could not save the impact document: {exc}", 500), severity="error", markup=False)
            return False
        self.dirty = False
        self._saved = signature(self.document)
        if self.is_mounted:
            self._status()
        return True

    def on_unmount(self) -> None:
        self.save_now()

    # -- actions -----------------------------------------------------------------------------------
    def action_back(self) -> None:
        from tui.requests.impact import limit_errors

        if not self.save_now() and not self._leave_unsaved and limit_errors(self.document):
            self._leave_unsaved = True  # the user's edits are not on disk: leaving is asked for twice
            self.notify(
                "The impact document is not saved: a text is longer than a document may hold (the message is "
                "under the title). Shorten it, or press Escape again to leave without saving these changes.",
                severity="warning",
                title="Not saved",
                markup=False,
                timeout=10,
            )
            return
        self.app.pop_screen()

    def action_save(self) -> None:
        self.dirty = True
        if self.save_now(explicit=True):
            self.notify(clean(f"Saved to {self.saved_path}", 500), title="Impact document", markup=False, timeout=4)

    async def action_add_workflow(self) -> None:
        from tui.requests.impact import MAX_WORKFLOWS

        if len(self.query(WorkflowRow)) >= MAX_WORKFLOWS:
            self.notify(f"A document holds at most {MAX_WORKFLOWS} workflows.", severity="warning", timeout=6)
            return
        row = WorkflowRow(self._next_row())
        await self.query_one("#workflows", VerticalGroup).mount(row)
        row.query_one(".wf-name", Input).focus()
        row.scroll_visible()

    async def _remove(self, row: WorkflowRow) -> None:
        """Remove a workflow row; one with something typed in it only after a yes."""
        if not any(i.value.strip() for i in row.query(Input)):
            await self._removed(row)
            return
        from tui.app.confirm import ConfirmDialog

        name = row.query_one(".wf-name", Input).value.strip() or "this workflow"

        async def answered(yes: bool | None) -> None:
            if yes and row.is_mounted:
                await self._removed(row)

        self.app.push_screen(
            ConfirmDialog(
                "Remove this workflow?", f"Remove {name} and its numbers from the impact document?", "Remove"
            ),
            answered,
        )

    async def _removed(self, row: WorkflowRow) -> None:
        await row.remove()
        if not self.query(WorkflowRow):
            await self.action_add_workflow()
        self.refresh_view()
        self.save_now()

    async def action_remove_workflow(self) -> None:
        focused = self.focused
        row = next((a for a in (focused.ancestors if focused else []) if isinstance(a, WorkflowRow)), None)
        if row is None:
            self.notify("Move to a workflow row first (Tab), then press Ctrl+R to remove it.", timeout=4)
            return
        await self._remove(row)

    def action_export(self) -> None:
        """Write the Markdown to the data folder's ``exports/<id>.md`` by the rules every output follows
        (:mod:`tui.services.output_files`): over nothing or a regular file (the earlier export, replaced
        atomically, which the message says), never through a link, into a FIFO or over a folder: those are left
        as they are and the message names the path. The path written is shown under the form and in the toast."""
        from tui.errors import AicheckError
        from tui.paths import data_dir
        from tui.requests.impact import validate_impact
        from tui.requests.markdown import impact_markdown
        from tui.services.output_files import OutputRefused, write_output

        self.save_now()
        doc = self.document
        text = impact_markdown(doc)
        path = data_dir() / "exports" / f"{doc.id}.md"
        earlier = os.path.isfile(path) and not os.path.islink(path)
        try:
            write_output(path, text, "the Markdown export", env="AICHECK_DATA_DIR")
        except (OSError, AicheckError) as exc:  # OutputRefused (a link, FIFO, folder there), DiskError (disk full...)
            fix = " Move it away, then export again." if isinstance(exc, OutputRefused) else ""
            self.notify(
                clean(f"Not exported: {exc}.{fix}", 800),
                title="Export failed",
                severity="error",
                markup=False,
                timeout=12,
            )
            return
        self.export_path = path
        self.app.copy_to_clipboard(text)
        problems = validate_impact(doc)
        extra = f" Still to fix before attaching it: {problems[0].message}." if problems else ""
        replaced = " (it replaces the earlier export)" if earlier else ""
        self.notify(
            clean(f"Markdown written to {path}{replaced} and copied to the clipboard.{extra}", 800),
            title="Exported",
            markup=False,
            timeout=8,
        )
        self._status()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        bid = event.button.id or ""
        if bid == "add":
            await self.action_add_workflow()
        elif bid == "export":
            self.action_export()
        elif bid.endswith("-remove"):
            row = next((a for a in event.button.ancestors if isinstance(a, WorkflowRow)), None)
            if row is not None:
                await self._remove(row)
