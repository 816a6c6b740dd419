"""The exception request form: prefilled from the scan, the policy and the git identity; the employee adds
the justification, the data the tool would touch, the duration, mitigations and an impact document.

Every edit updates the draft (:class:`tui.requests.model.ExceptionRequest`), validates it with the same
:func:`~tui.requests.model.validate_request` the command line uses, shows each message next to its field,
and autosaves the draft (debounced). Nothing is sent from here: "Preview" opens the exact payload, and
only that screen can send it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar, TypedDict

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea
from textual.widgets.select import NoSelection

from tui.app.bounded import BoundedInput, BoundedTextArea, TooLong
from tui.app.footer import AppFooter
from tui.app.header import AppHeader
from tui.app.interface import AppInterface
from tui.app.panel import Panel
from tui.app.text import lit
from tui.app.tickbox import TickBox
from tui.core.text import clean

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.app.impact import ImpactScreen
    from tui.requests.errors import FieldError
    from tui.requests.impact import ImpactDoc
    from tui.requests.model import ExceptionRequest, PolicyContext

AUTOSAVE_DELAY = 0.6
# FieldError.field (its first part) -> the id of the message line under the field
ERROR_SLOTS = {
    "tool": "err-tool",
    "requester.name": "err-name",
    "requester.email": "err-email",
    "justification": "err-justification",
    "data_classes": "err-data",
    "days": "err-days",
    "mitigations": "err-mitigations",
    "impact": "err-impact",
}
FIELD_FOCUS = {
    "requester.name": "#name",
    "requester.email": "#email",
    "justification": "#justification",
    "days": "#days",
    "mitigations": "#other-mitigations",
    "impact": "#impact-doc",
}
# the id of a bounded field -> the slot of its message line
BOUNDED_SLOTS = {
    "name": "requester.name",
    "email": "requester.email",
    "justification": "justification",
    "days": "days",
    "other-mitigations": "mitigations",
}
DAYS_MAX_LENGTH = 6  # digits: the policy's maximum is a few thousand days at most


def slot_of(field: str) -> str:
    """``mitigations[2]`` -> ``mitigations``; ``impact.workflows[0].name`` -> ``impact``."""
    base = field.split("[", 1)[0]
    if base.startswith("impact"):
        return "impact"
    return base if base in ERROR_SLOTS else "tool"


# what the form's widgets hold, by the field each one edits (the keys are FieldError.field's)
FormValues = TypedDict(
    "FormValues",
    {
        "requester.name": str,
        "requester.email": str,
        "justification": str,
        "data_classes": tuple[str, ...],
        "days": str,
        "mitigations": tuple[tuple[str, ...], str],
        "impact": object,
    },
)


def split_mitigations(text: str) -> list[str]:
    return [m.strip() for m in text.replace("\n", ";").split(";") if m.strip()]


class ExceptionFormScreen(Screen[None]):
    app = getters.app(AppInterface)

    # focus lands where on_mount puts it, never first on the scrolling page (whose focus restyles the
    # whole page twice over); on_mount focuses the first empty field, the justification once they are filled
    TYPING = True  # a form: the app's one-letter keys stay off here (see AicheckApp.check_action)
    AUTO_FOCUS = "#justification"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="form-back"),
        Binding("ctrl+o", "preview", "Preview & send", key_display="^o", id="form-preview"),
        Binding("ctrl+s", "save", "Save draft", key_display="^s", id="form-save"),
        Binding("ctrl+n", "new_impact", "New impact doc", key_display="^n", show=False, id="form-new-impact"),
    ]

    def __init__(self, tool_id: str = "", request_id: str | None = None) -> None:
        super().__init__()
        self.tool_id = tool_id
        self.request_id = request_id
        self.req: ExceptionRequest | None = None  # loaded with the policy when the screen is composed
        self.policy: PolicyContext | None = None
        self.resumed = False
        self.earlier: list[ExceptionRequest] = []  # requests for this tool already sent or decided, latest first
        self.show_all = False
        self.initial: Mapping[str, object] = {}
        self.errors: list[FieldError] = []
        self.days_error = ""
        self.impact_docs: dict[str, ImpactDoc] = {}
        self.mitigation_ids: dict[str, str] = {}
        self.data_ids: dict[str, str] = {}
        self._saved: tuple[object, ...] | None = None
        self._timer: Timer | None = None
        self.closed = False  # sent or withdrawn: this screen must never write the record again
        self._shown: dict[str, str] = {}  # message lines as shown, by widget id
        self._away = ""  # the screen pushed on top of this one: "impact" or "preview"
        self._impact_screen: ImpactScreen | None = None
        self._refused: dict[str, str] = {}  # a refused edit's message, by slot (until that field changes)
        self._leave_unsaved = False  # Escape pressed once while the draft could not be saved

    @property
    def draft(self) -> ExceptionRequest:
        """The request being edited (loaded when the screen is composed)."""
        if self.req is None:
            raise RuntimeError("the request is loaded when the form is composed")
        return self.req

    @property
    def context(self) -> PolicyContext:
        """The policy the request is checked against (loaded with it)."""
        if self.policy is None:
            raise RuntimeError("the policy is loaded when the form is composed")
        return self.policy

    # -- building ----------------------------------------------------------------------------------
    def _load(self) -> ExceptionRequest:
        from tui.requests.gitident import user_identity
        from tui.requests.model import PolicyContext, prefill
        from tui.requests.store import RequestStore

        self.policy = policy = PolicyContext.from_pack(self.app.loaded_pack)
        store = RequestStore()
        if self.request_id:
            self.resumed = True
            req = store.load(self.request_id)
            self.tool_id = req.tool.id
            return req
        reqs, _problems = store.list()
        # asked before for this tool (sent, or decided): said above the form, so no one asks twice unknowingly
        self.earlier = sorted(
            (r for r in reqs if r.tool.id == self.tool_id and r.state not in ("draft", "withdrawn")),
            key=lambda r: (r.updated, r.id),
            reverse=True,
        )
        drafts = [r for r in reqs if r.state == "draft" and r.tool.id == self.tool_id]
        if drafts:  # carry on with the draft left for this tool
            self.resumed = True
            return max(drafts, key=lambda r: (r.updated, r.id))
        report = self.app.report
        finding = report.finding(self.tool_id) if report is not None else None
        from tui.core.grants import this_host

        identity = user_identity().filled_from(reqs)
        session = self.app.session
        identity.host = (this_host(session.machine.root) if session is not None else None) or ""  # a demo: none
        return prefill(policy, self.tool_id, finding=finding, identity=identity)

    def compose(self) -> ComposeResult:
        from tui.requests.model import (
            COMMON_MITIGATIONS,
            EMAIL_MAX,
            JUSTIFICATION_MAX,
            JUSTIFICATION_MIN,
            NAME_MAX,
            OTHER_MITIGATIONS_MAX,
        )

        self.req = req = self._load()
        self.show_all = self.resumed
        pol = self.context
        t = req.tool
        yield AppHeader(icon="◆")
        with VerticalScroll(id="request-form"):
            with Panel(title="Request", id="request-head"):
                yield Static(lit(f"Exception request for {t.name or t.id}"), classes="title")
                facts = [
                    f"verdict {t.verdict or '?'}",
                    (f"versions found {', '.join(t.versions) or '?'}" if t.installed else "not installed"),
                    f"advisories {', '.join(t.advisories) or 'none'}",
                    f"policy {req.policy.org} {req.policy.version} (sha256 {req.policy.sha256[:12]})",
                ]
                yield Static(lit(f"{req.id} · " + " · ".join(facts), 1000), id="facts", classes="muted")
                asked = [r for r in self.earlier if r.id != req.id]
                if asked:
                    said = ", ".join(
                        f"{r.id} ({r.state}{', ' + r.delivery.ticket if r.delivery.ticket else ''})" for r in asked[:3]
                    )
                    yield Static(
                        lit(f"Already asked for this tool: {said}. x shows your requests and their state.", 600),
                        id="earlier",
                        classes="warning",
                    )
                yield Static("", id="err-tool", classes="field-error")

            with Panel(title="You", id="you"):
                with HorizontalGroup(classes="field-row"):
                    yield Static("Name", classes="label")
                    yield BoundedInput(
                        req.requester.name,
                        max_length=NAME_MAX,
                        placeholder="your name",
                        id="name",
                        compact=True,
                        classes="wide",
                    )
                yield Static("", id="err-name", classes="field-error")
                with HorizontalGroup(classes="field-row"):
                    yield Static("Work email", classes="label")
                    yield BoundedInput(
                        req.requester.email,
                        max_length=EMAIL_MAX,
                        placeholder="you@company.example",
                        id="email",
                        compact=True,
                        classes="wide",
                    )
                yield Static("", id="err-email", classes="field-error")

            with Panel(title="Business justification", id="justification-panel"):
                yield Static(
                    lit(
                        f"What you need it for, and why the approved alternatives do not fit "
                        f"(at least {JUSTIFICATION_MIN} characters)."
                    ),
                    classes="muted",
                )
                yield BoundedTextArea(
                    req.justification,
                    max_length=JUSTIFICATION_MAX,
                    id="justification",
                    soft_wrap=True,
                    compact=True,
                    tab_behavior="focus",
                    show_line_numbers=False,
                )
                yield Static("", id="err-justification", classes="field-error")

            with Panel(title="Data the tool would touch", id="data-panel"):
                if pol.data_classes:
                    with VerticalGroup(id="data-classes", classes="checks"):
                        for n, dc in enumerate(pol.data_classes):
                            cid = f"dc-{n}"
                            self.data_ids[cid] = dc
                            yield TickBox(lit(dc, 60), value=dc in req.data_classes, id=cid, compact=True)
                else:
                    yield Static("The policy lists no data classes.", classes="muted")
                yield Static("", id="err-data", classes="field-error")

            with Panel(title="Duration", id="duration-panel"):
                with HorizontalGroup(classes="field-row"):
                    yield Static("Days", classes="label")
                    yield BoundedInput(
                        str(req.days), max_length=DAYS_MAX_LENGTH, id="days", compact=True, classes="days"
                    )
                    yield Static(
                        lit(f" the policy's default is {pol.default_days} days, at most {pol.max_days}"),
                        classes="muted hint",
                    )
                yield Static("", id="err-days", classes="field-error")

            with Panel(title="Mitigations", id="mitigations-panel"):
                with VerticalGroup(id="mitigations", classes="checks"):
                    for n, m in enumerate(COMMON_MITIGATIONS):
                        cid = f"mit-{n}"
                        self.mitigation_ids[cid] = m
                        yield TickBox(m, value=m in req.mitigations, id=cid, compact=True)
                others = [m for m in req.mitigations if m not in COMMON_MITIGATIONS]
                with HorizontalGroup(classes="field-row"):
                    yield Static("Other", classes="label")
                    yield BoundedInput(
                        "; ".join(others),
                        max_length=OTHER_MITIGATIONS_MAX,
                        placeholder="anything else, separated by ;",
                        id="other-mitigations",
                        compact=True,
                        classes="wide",
                    )
                yield Static("", id="err-mitigations", classes="field-error")

            with Panel(title="Productivity impact", subtitle="^n: new impact doc", id="impact-panel"):
                with HorizontalGroup(classes="field-row"):
                    yield Select(
                        self._impact_options(),
                        prompt="No impact document attached",
                        id="impact-doc",
                        compact=True,
                        value=self._current_impact(),
                    )
                    yield Button("New / edit impact…", id="edit-impact", compact=True)
                yield Static("", id="err-impact", classes="field-error")
                yield Static("", id="impact-note", classes="warning")

            with Panel(title="Preview and send", subtitle="^o: preview", id="send-panel"):
                yield Static("", id="form-summary", classes="muted")
                with HorizontalGroup(classes="actions"):
                    yield Button("Preview and send…", id="preview", variant="primary", compact=True)
                    yield Button("Save draft", id="save", compact=True)
                yield Static(
                    lit(
                        "Nothing is sent until you have seen the exact payload in the preview. Drafts are "
                        "saved automatically."
                    ),
                    classes="muted",
                )
        yield AppFooter()

    def _impact_options(self) -> list[tuple[Content, str]]:
        from tui.app.impact import fmt
        from tui.requests.store import ImpactStore

        docs, _problems = ImpactStore().list()
        # this tool's documents first; another tool's can be attached too, with a warning (impact-note)
        docs = sorted(docs, key=lambda d: d.tool_id not in (self.tool_id, ""))
        self.impact_docs = {d.id: d for d in docs}
        return [
            (
                lit(
                    f"{d.title or d.id} ({d.id}, {fmt(d.totals().hours_saved_per_month)} h/month saved)"
                    + (f" - written for {self._tool_name(d.tool_id)}" if d.tool_id not in (self.tool_id, "") else ""),
                    140,
                ),
                d.id,
            )
            for d in docs
        ]

    def _tool_name(self, tool_id: str) -> str:
        session = self.app.session
        tool = session.pack.catalog.tools.get(tool_id) if session is not None else None
        return tool.name if tool is not None else tool_id

    def _note_impact(self) -> None:
        """A warning when the chosen document was written for another tool."""
        choice = self.query_one("#impact-doc", Select).value
        doc = self.impact_docs.get(choice) if isinstance(choice, str) else None
        note = self.query_one("#impact-note", Static)
        if doc is not None and doc.tool_id not in (self.tool_id, ""):
            note.update(
                lit(
                    f"▲ {doc.id} was written for {self._tool_name(doc.tool_id)}, not "
                    f"{self._tool_name(self.tool_id)}: the reviewer will see numbers for another tool.",
                    400,
                )
            )
            note.display = True
        else:
            note.display = False

    def _current_impact(self) -> str | NoSelection:
        imp = self.draft.impact
        return imp.id if imp is not None and imp.id in self.impact_docs else Select.NULL

    def on_mount(self) -> None:
        self.initial = self._values()
        self._saved = self._snapshot()
        self.refresh_errors()
        self._note_impact()
        # the first field still to fill in: the name and email when git could not give them, else the case
        empty = next(
            (w for w in (self.query_one("#name", Input), self.query_one("#email", Input)) if not w.value), None
        )
        (empty or self.query_one("#justification", TextArea)).focus()

    # -- reading the form --------------------------------------------------------------------------
    def _values(self) -> FormValues:
        q = self.query_one
        return {
            "requester.name": q("#name", Input).value,
            "requester.email": q("#email", Input).value,
            "justification": q("#justification", TextArea).text,
            "data_classes": tuple(dc for cid, dc in self.data_ids.items() if q(f"#{cid}", Checkbox).value),
            "days": q("#days", Input).value,
            "mitigations": (
                tuple(m for cid, m in self.mitigation_ids.items() if q(f"#{cid}", Checkbox).value),
                q("#other-mitigations", Input).value,
            ),
            "impact": q("#impact-doc", Select).value,
        }

    def _snapshot(self) -> tuple[object, ...]:
        r = self.draft
        return (
            r.requester.name,
            r.requester.email,
            r.justification,
            tuple(r.data_classes),
            r.days,
            tuple(r.mitigations),
            r.impact.id if r.impact else "",
            r.impact.markdown if r.impact else "",
        )

    def _apply(self) -> None:
        """Copy the widgets into the draft."""
        from tui.requests.model import attach_impact

        v = self._values()
        r = self.draft
        r.requester.name = str(v["requester.name"]).strip()
        r.requester.email = str(v["requester.email"]).strip()
        r.justification = str(v["justification"]).strip()
        r.data_classes = list(v["data_classes"])
        text = str(v["days"]).strip()
        try:
            r.days = int(text)
            self.days_error = ""
        except ValueError:
            self.days_error = (
                "enter the number of days" if not text else f"'{clean(text, 20)}' is not a whole number of days"
            )
        checked, other = v["mitigations"]
        r.mitigations = list(checked) + split_mitigations(str(other))
        choice = v["impact"]
        doc = self.impact_docs.get(choice) if isinstance(choice, str) else None
        if doc is None:
            attach_impact(r, None)
        elif r.impact is None or r.impact.id != doc.id or self._impact_stale(doc):
            attach_impact(r, doc)

    def _impact_stale(self, doc: ImpactDoc) -> bool:
        from tui.requests.markdown import impact_markdown

        attached = self.draft.impact
        return attached is None or attached.markdown != impact_markdown(doc)

    def validate(self) -> list[FieldError]:
        from tui.requests.errors import FieldError
        from tui.requests.impact import validate_impact
        from tui.requests.model import validate_request

        errors = validate_request(self.draft, self.context)
        if self.days_error:
            errors = [e for e in errors if e.field != "days"] + [FieldError("days", self.days_error)]
        choice = self.query_one("#impact-doc", Select).value
        doc = self.impact_docs.get(choice) if isinstance(choice, str) else None
        if doc is not None:
            errors += [
                FieldError(f"impact.{e.field}", f"the impact document: {e.message}") for e in validate_impact(doc)
            ]
        return errors

    def refresh_errors(self) -> None:
        self.errors = errors = self.validate()
        current = self._values()
        touched = {k for k, v in current.items() if v != self.initial.get(k)}
        by_slot: dict[str, list[str]] = {}
        for slot, message in self._refused.items():  # an edit just refused: said first, whatever else is shown
            by_slot.setdefault(slot, []).append(message)
        for e in errors:
            slot = slot_of(e.field)
            shown = self.show_all or slot in ("tool", "impact") or slot in touched
            if shown:
                by_slot.setdefault(slot, []).append(e.message)
        for slot, wid in ERROR_SLOTS.items():
            msgs = list(dict.fromkeys(by_slot.get(slot, [])))
            self._set_text(wid, "! " + "; ".join(msgs) if msgs else "")
        if errors:
            n = len(errors)
            self._set_text(
                "form-summary",
                f"{n} thing{'s' if n != 1 else ''} to fix before the preview."
                + ("" if self.show_all else " Messages appear as you fill the form."),
                always=True,
            )
        else:
            self._set_text("form-summary", "✓ Ready: press Preview to see exactly what will be sent.", always=True)
        self.query_one("#form-summary", Static).set_class(bool(errors), "pending")

    def _set_text(self, wid: str, text: str, *, always: bool = False) -> None:
        """Update a message line only when its text changes (typing must stay cheap)."""
        if self._shown.get(wid) == text:
            return
        self._shown[wid] = text
        w = self.query_one(f"#{wid}", Static)
        w.update(lit(text, 1000))
        w.display = bool(text) or always

    def changed(self) -> None:
        if self.req is None or not self.is_mounted or self.closed:
            return
        self._apply()
        self.refresh_errors()
        if self._snapshot() != self._saved:
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(AUTOSAVE_DELAY, self.save_now)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.input.scroll_to(x=0, animate=False)  # show the start of a long value when leaving it

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refused.pop(BOUNDED_SLOTS.get(event.input.id or "", ""), None)
        self.changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._refused.pop(BOUNDED_SLOTS.get(event.text_area.id or "", ""), None)
        self.changed()

    def on_too_long(self, event: TooLong) -> None:
        """A key or paste that would overflow a field was not added: say so under the field."""
        event.stop()
        slot = BOUNDED_SLOTS.get(event.field.id or "")
        if slot is None or self.req is None:
            return
        self._refused[slot] = event.text
        self.refresh_errors()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.select.id == "impact-doc":
            self._note_impact()
        self.changed()

    # -- saving ------------------------------------------------------------------------------------
    def save_now(self, *, force: bool = False) -> bool:
        """Write the draft, unless nothing changed, or the record is no longer a draft on disk (sent,
        withdrawn, or changed by another aicheck process): those are never overwritten from here."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.closed or self.req is None or (not force and self._snapshot() == self._saved):
            return True
        from tui.requests.model import limit_errors, now_utc
        from tui.requests.store import RequestStore

        too_long = limit_errors(self.req)
        if too_long:  # a draft from an older aicheck: shown next to its fields, never written as it is
            self.show_all = True
            with contextlib.suppress(NoMatches):  # when the screen is already being taken down
                self.refresh_errors()
            if force:
                self.notify(
                    clean(f"Not saved: {too_long[0].message}. The draft on disk is as it was.", 500),
                    severity="error",
                    markup=False,
                )
            return False

        store = RequestStore()
        try:
            with store.lock(self.req.id):
                if store.exists(self.req.id):
                    state = store.load(self.req.id).state
                    if state != "draft":
                        self.closed = True
                        self.notify(
                            f"{self.req.id} is {state} now; this form no longer changes it.",
                            severity="warning",
                            markup=False,
                        )
                        return False
                self.req.updated = now_utc()
                store.write_locked(self.req)
        except Exception as exc:  # the form stays as it is; say why it was not saved
            self.notify(clean(f"Could not save the draft: {exc}", 500), severity="error", markup=False)
            return False
        self._saved = self._snapshot()
        return True

    def on_unmount(self) -> None:
        self.save_now()

    # -- actions -----------------------------------------------------------------------------------
    def action_back(self) -> None:
        if not self.save_now() and not self._leave_unsaved and self.req is not None:
            from tui.requests.model import limit_errors

            if limit_errors(self.req):  # the user's edits are not on disk: leaving is asked for twice
                self._leave_unsaved = True
                self.notify(
                    "The draft is not saved: a field is longer than a request may hold (the message is next to "
                    "it). Shorten it, or press Escape again to leave without saving these changes.",
                    severity="warning",
                    title="Not saved",
                    markup=False,
                    timeout=10,
                )
                return
        self.app.pop_screen()

    def action_save(self) -> None:
        if self.closed:
            return
        self._apply()
        if self.save_now(force=True):
            self.notify(
                f"Draft {self.draft.id} saved. It is sent only after you preview it.",
                title="Saved",
                markup=False,
                timeout=4,
            )

    def action_preview(self) -> None:
        if self.closed:
            self.notify("This request was already sent or withdrawn.", severity="warning")
            return
        self._apply()
        self.show_all = True
        self.refresh_errors()
        if self.errors:
            first = slot_of(self.errors[0].field)
            n = len(self.errors)
            self.notify(
                f"Fix {n} problem{'s' if n != 1 else ''} first: the messages are next to the fields.",
                severity="warning",
                title="Not ready",
                timeout=6,
            )
            selector = FIELD_FOCUS.get(first)
            if selector:
                widget = self.query_one(selector)
                widget.focus()
                widget.scroll_visible()
            return
        if not self.save_now(force=True):
            return
        from tui.app.preview import PreviewScreen

        self._away = "preview"
        self.app.push_screen(PreviewScreen(self.draft.id))

    def action_new_impact(self) -> None:
        from tui.app.impact import ImpactScreen

        choice = self.query_one("#impact-doc", Select).value
        self._away = "impact"
        self._impact_screen = screen = ImpactScreen(
            self.tool_id, choice if isinstance(choice, str) else None, new=not isinstance(choice, str)
        )
        self.app.push_screen(screen)

    def on_screen_resume(self) -> None:
        """Back from the impact screen or the preview: refresh the document list, or close if sent."""
        away, self._away = self._away, ""
        if self.req is None or not away:
            return
        from tui.requests.store import RequestStore

        try:
            state = RequestStore().load(self.req.id).state if RequestStore().exists(self.req.id) else "draft"
        except Exception:  # a record we cannot read is not ours to change
            state = "unknown"
        if state != "draft":
            self.closed = True
            self.app.pop_screen()
            return
        select = self.query_one("#impact-doc", Select)
        before = select.value
        select.set_options(self._impact_options())
        if isinstance(before, str) and before in self.impact_docs:
            select.value = before
        elif away == "impact" and before == Select.NULL:
            written = getattr(getattr(self._impact_screen, "doc", None), "id", None)
            if written in self.impact_docs:  # the document just written for this tool: offered, attached
                select.value = written
                self.notify(
                    f'Attached {written}, the impact document you just wrote (choose "No impact '
                    'document attached" to leave it out).',
                    title="Impact document",
                    timeout=6,
                    markup=False,
                )
        self._note_impact()
        self.changed()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        bid = event.button.id
        if bid == "preview":
            self.action_preview()
        elif bid == "save":
            self.action_save()
        elif bid == "edit-impact":
            self.action_new_impact()
