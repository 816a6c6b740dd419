"""Your exception requests: every request with its state and ticket, one request in full, withdraw a
draft or a queued one, and "sync now" (deliver what is queued, read decisions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.app.footer import AppFooter
from tui.app.header import AppHeader
from tui.app.interface import AppInterface
from tui.app.panel import Panel
from tui.app.request_view import field_rows, rendered, timeline
from tui.app.text import lit
from tui.core.text import clean, counted

if TYPE_CHECKING:
    from tui.requests.model import ExceptionRequest

STATE_STYLE = {
    "draft": "dim",
    "queued": "bold yellow",
    "submitted": "bold cyan",
    "approved": "bold green",
    "denied": "bold red",
    "withdrawn": "dim",
}


def state_note(r: ExceptionRequest) -> str:
    """What the list says beside the state: the ticket, why it waits, or the decision."""
    d = r.delivery
    if r.state == "queued":
        if d.needs_attention:
            return f"needs attention: {d.last_error}"
        if d.next_attempt_at:
            return f"retry after {d.next_attempt_at:%Y-%m-%d %H:%M} UTC: {d.last_error}"
        return d.last_error or "waiting to be sent"
    if r.state in ("approved", "denied"):
        exp = f" until {r.decision.expires}" if r.decision.expires else ""
        return f"{d.ticket}{exp} {r.decision.note}".strip()
    if r.state == "draft":
        return "not sent: open it to finish and preview"
    return " ".join(x for x in (d.ticket, d.ticket_url) if x)


class RequestsScreen(Screen[None]):
    app = getters.app(AppInterface)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="requests-back"),
        Binding("enter", "open", "Open", id="open-request"),
        Binding("w", "withdraw", "Withdraw", id="withdraw"),
        Binding("s", "sync", "Sync now", id="sync"),
    ]

    def compose(self) -> ComposeResult:
        yield AppHeader(icon="◆")
        yield Static("Your exception requests", classes="title pad")
        yield DataTable(id="requests", cursor_type="row", zebra_stripes=True)
        yield Static(id="requests-status", classes="muted pad")
        yield AppFooter()

    def on_mount(self) -> None:
        self.fill()
        self.query_one(DataTable).focus()

    def fill(self) -> None:
        from tui.requests.store import RequestStore

        reqs, problems = RequestStore().list_with_problems()
        self.reqs = {r.id: r for r in reqs}
        table = self.query_one(DataTable)
        current = self.current()
        table.clear(columns=True)
        width = self.size.width or 100
        columns = [("Request", "id", 20), ("Tool", "tool", 16), ("State", "state", 10), ("Days", "days", 4)]
        if width >= 100:  # narrower, the date gives its room to the ticket (the request id holds the date)
            columns.append(("Created", "created", 10))
        for label, key, w in columns:
            table.add_column(label, key=key, width=w)
        note_width = max(12, width - sum(w for *_, w in columns) - 2 * (len(columns) + 1) - 4)
        table.add_column("Ticket / status" if note_width >= 15 else "Ticket", key="note", width=note_width)
        for r in sorted(reqs, key=lambda r: (r.created, r.id), reverse=True):
            cells = [
                Text(r.id),
                Text(_fit(clean(r.tool.name or r.tool.id, 40), 16)),
                Text(r.state, style=STATE_STYLE.get(r.state, "")),
                Text(str(r.days)),
            ]
            if width >= 100:
                cells.append(Text(f"{r.created:%Y-%m-%d}"))
            cells.append(Text(_fit(clean(state_note(r), 300), note_width)))  # the whole of it: Enter opens it
            table.add_row(*cells, key=r.id)
        if current in self.reqs:
            table.move_cursor(row=table.get_row_index(current))
        parts = [
            counted(len(reqs), "request")
            if reqs
            else "No requests yet: open a tool that needs action (Enter on the dashboard) and press e."
        ]
        parts += [clean(p, 200) for p in problems]
        parts.append("Enter: open  w: withdraw a draft or queued one  s: sync now")
        self.query_one("#requests-status", Static).update(lit("\n".join(parts), 2000, lines=True))

    def current(self) -> str | None:
        from tui.app.tables import key_at_cursor

        return key_at_cursor(self.query_one(DataTable))

    # -- app notifications ---------------------------------------------------------------------------
    def requests_changed(self) -> None:
        self.fill()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.fill()

    # -- actions -------------------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.open(event.row_key.value)

    def action_open(self) -> None:
        rid = self.current()
        if rid:
            self.open(rid)

    def open(self, rid: str) -> None:
        r = self.reqs.get(rid)
        if r is None:
            return
        if r.state == "draft" and self.app.session is not None:
            from tui.app.request_form import ExceptionFormScreen

            self.app.push_screen(ExceptionFormScreen(r.tool.id, r.id))
        else:
            self.app.push_screen(RequestScreen(rid))

    def action_withdraw(self) -> None:
        rid = self.current()
        if rid:
            confirm_withdraw(self.app, rid)

    def action_sync(self) -> None:
        self.app.sync_outbox(force=True, quiet=False)


def confirm_withdraw(app: AppInterface, rid: str, done: Callable[[], object] | None = None) -> None:
    """Ask first (withdrawing cannot be undone), then withdraw; ``done()`` runs after a withdrawal."""
    from tui.app.confirm import ConfirmDialog
    from tui.requests.store import RequestStore

    try:
        req = RequestStore().load(rid)
    except Exception:  # withdraw() says what is wrong with it
        req = None
    if req is not None and req.state not in ("draft", "queued"):
        withdraw(app, rid)  # says why it cannot be withdrawn
        return

    def answered(yes: bool | None) -> None:
        if yes and withdraw(app, rid) and done is not None:
            done()

    from tui.requests.outbox import may_have_arrived

    tool = f" for {req.tool.name or req.tool.id}" if req is not None else ""
    doubt = may_have_arrived(req) if req is not None else None
    app.push_screen(
        ConfirmDialog(
            "Withdraw this request?",
            f"{rid}{tool} will not be sent, and cannot be sent again: a new request would start from a new draft."
            + (f" But {clean(doubt, 400)}." if doubt else ""),
            "Withdraw",
        ),
        answered,
    )


def withdraw(app: AppInterface, rid: str) -> bool:
    from tui.errors import AicheckError
    from tui.requests.outbox import withdraw as do_withdraw
    from tui.requests.store import RequestStore

    try:
        do_withdraw(RequestStore(), rid)
    except AicheckError as exc:
        app.notify(clean(str(exc), 300), severity="warning", markup=False)
        return False
    app.notify(f"{rid} withdrawn: it will not be sent.", title="Withdrawn", markup=False)
    app.refresh_requested()
    app.broadcast("requests_changed")
    app.broadcast("onboarding_changed")
    return True


class RequestScreen(Screen[None]):
    """One request in full: what was asked, where it stands, what was sent."""

    app = getters.app(AppInterface)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="request-back"),
        Binding("w", "withdraw", "Withdraw", id="request-withdraw"),
        Binding("s", "see_and_send", "See it and send", id="request-send"),
    ]

    def __init__(self, request_id: str) -> None:
        super().__init__()
        self.request_id = request_id
        self.state = ""

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # a queued request goes out only as the user saw it (another intake since: held until seen again)
        return self.state == "queued" if action == "see_and_send" else True

    def action_see_and_send(self) -> None:
        from tui.app.preview import PreviewScreen

        self.app.push_screen(PreviewScreen(self.request_id))

    def compose(self) -> ComposeResult:
        from tui.requests.model import request_markdown
        from tui.requests.store import RequestStore

        req = RequestStore().load(self.request_id)
        self.state = req.state
        self.refresh_bindings()
        yield AppHeader(icon="◆")
        with VerticalScroll(id="request-view"):
            with Panel(title="Request", id="request-fields"):
                yield Static(lit(f"{req.id}  {req.state}"), classes=f"title {req.state}")
                note = state_note(req)
                if note:
                    yield Static(lit(note, 1000), classes="warning" if req.state == "queued" else "muted")
                ticket = " ".join(x for x in (req.delivery.ticket, req.delivery.ticket_url) if x)
                yield from field_rows(req, (("Ticket", ticket or "none yet"),))
            with Panel(title="Timeline", id="request-timeline"):
                yield from timeline(req)
            with Panel(title="The request as sent", id="request-sent"):
                yield rendered(request_markdown(req), "request-md")
        yield AppFooter()

    def requests_changed(self) -> None:
        self.call_later(self.recompose)

    def action_withdraw(self) -> None:
        confirm_withdraw(self.app, self.request_id, lambda: self.call_later(self.recompose))


def _fit(text: str, width: int) -> str:
    """``text`` in ``width`` columns, cut with an ellipsis that says there is more."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"
