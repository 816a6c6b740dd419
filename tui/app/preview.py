"""The preview: exactly what sending the request will do (method, URL, headers with secrets redacted,
body), from the same code that sends it (:func:`tui.requests.outbox.preview`). "Send" is only here.

Sending runs in a thread of its own (:func:`tui.requests.outbox.submit`): the request is recorded as queued
before the first byte goes out, so whatever happens it is delivered once, now or by a later sync. The thread
is a daemon, which quitting does not wait for: an intake that never answers would otherwise hold the closed
app open for its whole timeout. A send cut short that way is an attempt left ``in_flight`` in the record, which
the outbox treats as one that may have arrived: the next sync looks the ticket up (or re-sends the webhook
with the same id for the receiver to drop) before sending again, exactly as after a crash mid-send.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import TYPE_CHECKING, ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from tui.app.footer import AppFooter
from tui.app.header import AppHeader
from tui.app.interface import AppInterface
from tui.app.request_view import field_rows, rendered
from tui.app.text import lit
from tui.core.text import printable_json

if TYPE_CHECKING:
    from tui.intake.base import IntakeBackend, Prepared
    from tui.requests.model import ExceptionRequest, PolicyContext
    from tui.requests.outbox import Outcome

PAYLOAD_LIMIT = 500_000


class PreviewScreen(Screen[None]):
    TYPING = True  # part of the form's sending: the app's one-letter keys stay off (see AicheckApp.check_action)
    app = getters.app(AppInterface)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="preview-back"),
        Binding("s", "send", "Send", id="send"),
        Binding("p", "toggle_payload", "Exact payload", id="toggle-payload"),
        Binding("c", "copy_payload", "Copy payload", id="copy-payload"),
        Binding("q", "quit_while_sending", "Quit", show=False, id="preview-quit"),
    ]

    def __init__(self, request_id: str) -> None:
        super().__init__()
        self.request_id = request_id
        self.req: ExceptionRequest  # loaded with the policy when the screen is composed (_prepare)
        self.policy: PolicyContext
        self.backend: IntakeBackend | None = None
        self.prepared: Prepared | None = None
        self.problem = ""
        self.text = ""
        self.sending = False
        self.outcome: Outcome | None = None

    def _prepare(self) -> None:
        from tui.errors import AicheckError
        from tui.requests.model import PolicyContext
        from tui.requests.outbox import preview
        from tui.requests.store import RequestStore

        self.policy = PolicyContext.from_pack(self.app.loaded_pack)
        self.req = RequestStore().load(self.request_id)
        try:
            prepared, self.backend = preview(self.policy, self.req)
            self.prepared = prepared
            self.text = prepared.render()
        except AicheckError as exc:
            self.problem = str(exc)
            self.text = printable_json(self.req.payload())

    def compose(self) -> ComposeResult:
        from tui.requests.model import request_markdown

        self._prepare()
        yield AppHeader(icon="◆")
        with VerticalScroll(id="preview"):
            yield Static(
                lit(f"Preview of {self.req.id}: what the reviewer will read"), classes="title", id="preview-title"
            )
            if self.backend is not None:
                kind = getattr(self.backend, "kind", "")
                how = {
                    "webhook": " The timestamp and signature are computed again when you send;",
                    "local": " It is written into a file there, and nothing goes over the network;",
                }.get(kind, "")
                yield Static(
                    lit(
                        f"To the {self.backend.label} intake at {self.backend.target}.{how} secrets are never "
                        "shown or stored.",
                        1000,
                    ),
                    classes="muted",
                )
                from tui.intake.base import proxy_note

                if note := proxy_note(self.backend.url):
                    yield Static(lit(note, 1000), classes="muted", id="preview-proxy")
                from tui.requests.outbox import elsewhere_warning

                if warning := elsewhere_warning(self.req, self.backend):
                    yield Static(lit(f"Warning: {warning}.", 2000), classes="warning", id="preview-elsewhere")
            else:
                yield Static(lit(f"It cannot be sent yet: {self.problem}", 1000), classes="warning")
                yield Static(
                    "The request body is below. Queue it now, and once the intake is configured, open it under "
                    "Requests (x) to see exactly what will be sent and send it.",
                    classes="muted",
                )
            to = (("Sent to", f"{self.backend.label}: {self.backend.target}"),) if self.backend is not None else ()
            yield from field_rows(self.req, to)
            yield rendered(request_markdown(self.req), "preview-md")
            yield Static(
                "Press p for the exact payload: method, address, headers and body, byte for byte.",
                classes="muted",
                id="payload-hint",
            )
            yield Static(lit(self.text, PAYLOAD_LIMIT, lines=True), id="payload", classes="hidden")
        yield Static("", id="outcome")
        with HorizontalGroup(classes="actions", id="preview-actions"):
            yield Button("Send" if self.backend is not None else "Queue it", id="send", variant="success", compact=True)
            yield Button("Back to the form", id="back", compact=True)
            yield Button("Copy payload", id="copy", compact=True)
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#outcome", Static).display = False
        self.query_one("#preview", VerticalScroll).focus()  # read first (arrows scroll); s or the button sends

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # sent (or being sent): the footer no longer offers it; Done / Esc go back
        if action == "quit_while_sending":  # q is a letter on a form: it speaks only while a send waits
            return self.sending
        return not (action == "send" and (self.outcome is not None or self.sending))

    # -- sending -----------------------------------------------------------------------------------
    def action_send(self) -> None:
        if self.sending or self.outcome is not None:
            return
        self.sending = True
        self.refresh_bindings()
        button = self.query_one("#send", Button)
        button.disabled = True
        self.query_one("#back", Button).disabled = True
        self._show(
            "Sending…  (Ctrl+Q quits at once: the request stays queued and is sent exactly once later)", "pending"
        )
        self.app.sending.add(self.request_id)
        self.run_worker(self._send(), group="send", name=f"send-{self.request_id}", exit_on_error=False)

    async def _send(self) -> None:
        """Send in a daemon thread and wait for it here: quitting cancels this wait, never the thread's."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[tuple[Outcome | None, str]] = loop.create_future()

        def answer(result: tuple[Outcome | None, str]) -> None:
            if not done.done():
                done.set_result(result)

        def run() -> None:
            result = self._send_thread()
            with contextlib.suppress(RuntimeError):  # the app has quit and its loop is closed: nothing to tell
                loop.call_soon_threadsafe(answer, result)

        threading.Thread(target=run, name=f"send-{self.request_id}", daemon=True).start()
        outcome, said = await done  # quitting cancels this wait: the id stays in app.sending, said at the exit
        self.app.sending.discard(self.request_id)
        if outcome is None:
            self._failed(said)
        else:
            self._sent(outcome, said)

    def _send_thread(self) -> tuple[Outcome | None, str]:
        """``(outcome, why)`` of the send, or ``(None, the error)`` when nothing was sent."""
        from tui.requests.outbox import backend_for, submit
        from tui.requests.store import RequestStore

        try:
            backend, why = (self.backend, "") if self.backend is not None else backend_for(self.policy)
            # what the screen showed is what may go out (no intake shown: it waits to be seen with one)
            shown = self.prepared.digest() if self.prepared is not None else ""
            outcome = submit(RequestStore(), self.request_id, self.policy, backend, shown=shown)
        except Exception as exc:  # nothing was sent (the draft is still a draft); say why
            return None, str(exc)
        return outcome, why

    def _show(self, text: str, cls: str) -> None:
        out = self.query_one("#outcome", Static)
        out.update(lit(text, 2000, lines=True))
        out.set_classes(cls)
        out.display = True

    def _sent(self, outcome: Outcome, why: str) -> None:
        self.sending = False
        self.outcome = outcome
        app = self.app
        app.requested.add(self.req.tool.id)
        app.broadcast("requests_changed")
        app.broadcast("onboarding_changed")
        if outcome.state == "submitted":
            ticket = outcome.ticket + (f"  {outcome.ticket_url}" if outcome.ticket_url else "")
            self._show(
                f"✓ Sent: {outcome.request_id} is filed as {ticket}.\nYou will see the decision under Requests (x).",
                "ok",
            )
            # no toast: the outcome line says it, and a toast in the corner would cover that line
        elif self.prepared is None:  # nothing could be shown: it goes out once seen with a working intake
            self._show(
                f"Queued, not sent: {why or outcome.message}\nOnce the intake is set up, open it under Requests "
                "(x) and press s to see exactly what it sends, and send it.",
                "queued",
            )
        else:
            reason = why or outcome.message or "the intake did not take it"
            when = self._when_retried(outcome.request_id)
            self._show(
                f"Queued, not sent yet: {reason}\nIt is kept safely and will retry {when}: this app "
                "retries it in the background while it is open; otherwise the next start of aicheck or "
                "`aicheck request sync` sends it (`--now` to try at once; it is sent exactly once).",
                "queued",
            )
        button = self.query_one("#send", Button)
        button.label = "Done"
        button.disabled = False
        button.focus()
        self.query_one("#back", Button).display = False
        self.refresh_bindings()

    @staticmethod
    def _when_retried(request_id: str) -> str:
        from tui.requests.outbox import when_retried
        from tui.requests.store import RequestStore

        try:
            return when_retried(RequestStore().load(request_id))
        except Exception:  # the message only; the request itself is safe on disk
            return "later"

    def _failed(self, error: str) -> None:
        self.sending = False
        self.refresh_bindings()
        self.query_one("#send", Button).disabled = False
        self.query_one("#back", Button).disabled = False
        self._show(f"Not sent: {error}", "error")

    # -- other actions -----------------------------------------------------------------------------
    def action_quit_while_sending(self) -> None:
        self.notify(
            "Waiting for the intake's answer. Ctrl+Q quits now: the request is kept queued and sent exactly "
            "once by the next start or `aicheck request sync`.",
            title="Sending…",
            timeout=8,
            markup=False,
        )

    def action_back(self) -> None:
        if self.sending:
            self.notify("Sending… wait for the answer (Ctrl+Q quits at once; the request stays queued).", timeout=4)
            return
        self.app.pop_screen()

    def action_toggle_payload(self) -> None:
        """The request as read, or the exact payload (what goes on the wire): one key between them."""
        payload = self.query_one("#payload", Static)
        exact = payload.has_class("hidden")
        payload.set_class(not exact, "hidden")
        for wid in ("#preview-md", "#payload-hint", ".view-row"):
            for w in self.query(wid):
                w.display = not exact
        title = "exactly what will be sent (p: as the reviewer reads it)" if exact else "what the reviewer will read"
        self.query_one("#preview-title", Static).update(lit(f"Preview of {self.req.id}: {title}"))
        self.query_one("#preview", VerticalScroll).scroll_home(animate=False)

    def action_copy_payload(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify("The payload is copied to the clipboard (secrets redacted).", title="Copied", timeout=3)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "send":
            if self.outcome is not None:
                self.action_back()  # the button says "Done" now
            else:
                self.action_send()
        elif event.button.id == "back":
            self.action_back()
        elif event.button.id == "copy":
            self.action_copy_payload()
