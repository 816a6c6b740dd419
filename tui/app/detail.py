"""Tool detail: why this verdict, every piece of evidence, remediation per install channel (copy only),
the approved alternatives and the next actions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, HorizontalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Static

from tui.app.footer import AppFooter
from tui.app.header import AppHeader
from tui.app.interface import AppInterface
from tui.app.panel import Panel
from tui.app.text import MARKS, lit
from tui.app.tickbox import TickBox
from tui.core.alternatives import heading as alternatives_heading
from tui.core.models import Verdict
from tui.core.text import clean, counted

if TYPE_CHECKING:
    from textual.widget import Widget

    from tui.core.changes import PolicyChange
    from tui.core.channels.remedy import Step
    from tui.core.judge import Finding
    from tui.core.scanner import ScanReport

STATE_MARKS = {"met": "✓", "confirmed": "✓", "unmet": "×", "unconfirmed": "?", "unknown": "?"}
# From this width the page is two columns: what the verdict rests on (left) beside what to do (right);
# narrower, a column would cut a long command (an npm package@version) in the middle.
WIDE = 110


def _change_lines(change: PolicyChange) -> ComposeResult:
    """A dated policy change not in force yet: the countdown, the status until then, and the notice."""
    yield Static(Content.styled(clean(f"▲ {change.headline}.", 400), "bold"), classes="change")
    yield Static(
        lit(
            f"Policy: {change.before} until {change.effective.isoformat()}, then {change.after} - {change.notice}", 4000
        )
    )


def _surface_panel(report: ScanReport | None, tool_id: str) -> ComposeResult:
    """The MCP servers and extensions this tool's own configuration holds (nothing when there are none)."""
    from tui.app.surface import surface_section

    yield from surface_section(report, tool_id)


class DetailScreen(Screen[None]):
    """One tool as panels: Verdict and why, Advisories, Evidence, MCP servers (what the verdict rests on)
    and Fix, Conditions, Approved alternatives, Next actions (what to do). Two columns from ``WIDE``
    columns, one scrolling stack below it (the things to do first)."""

    app = getters.app(AppInterface)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("c", "copy_all", "Copy all", id="copy-all"),
        Binding("w", "walkthrough", "Alternative", id="walkthrough"),
        Binding("g", "guide", "Guide", id="tool-guide"),
        Binding("i", "impact", "Impact", id="impact"),
        Binding("e", "exception", "Exception", id="exception"),
    ]

    def __init__(self, tool_id: str) -> None:
        super().__init__()
        self.tool_id = tool_id
        self.commands: list[str] = []  # every command shown, by copy button
        self.copy_all: list[str] = []  # what c copies: the plan's commands, not the alternatives
        self.attest_ids: dict[str, str] = {}
        self.alt_ids: dict[str, str] = {}
        self.wide = False

    @property
    def finding(self) -> Finding | None:
        report = self.app.report
        return report.finding(self.tool_id) if report else None

    def compose(self) -> ComposeResult:
        yield AppHeader(icon="◆")
        report = self.app.report
        f = self.finding
        self.commands, self.copy_all, self.attest_ids, self.alt_ids = [], [], {}, {}
        self.wide = self.app.size.width >= WIDE
        if f is None or report is None:
            with VerticalScroll(id="detail"):
                yield Static(lit(f"{self.tool_id} is no longer detected on this machine."), classes="title")
                yield Static("Press Esc to go back to the dashboard.")
            yield AppFooter()
            return
        if self.wide:
            with Horizontal(id="detail"):
                with VerticalScroll(id="detail-why", classes="column"):
                    yield from self._why(f, report)
                    yield from self._advisories(f)
                    yield from self._evidence(f)
                    yield from _surface_panel(report, f.tool.id)
                with VerticalScroll(id="detail-do", classes="column"):
                    yield from self._fix(f, report)
                    yield from self._conditions(f)
                    yield from self._alternatives(f, report)
                    yield from self._actions(f)
        else:
            with VerticalScroll(id="detail"):
                yield from self._why(f, report)
                yield from self._fix(f, report)
                yield from self._conditions(f)
                yield from self._alternatives(f, report)
                yield from self._actions(f)
                yield from self._advisories(f)
                yield from self._evidence(f)
                yield from _surface_panel(report, f.tool.id)
        # narrower than WIDE the screen's eight keys fill the footer: the palette's key (docked right)
        # would cover Quit and Help; Ctrl+P still opens it, and the help (?) lists it
        yield AppFooter(show_command_palette=self.wide)

    # -- panels -------------------------------------------------------------------------------
    def _why(self, f: Finding, report: ScanReport) -> ComposeResult:
        tool = f.tool
        flag = " (action required)" if f.action_required else ""
        with Panel(title="Verdict and why", id="why", classes=str(f.verdict)):
            yield Static(
                Content.assemble((f"{MARKS[f.verdict]} ", "bold"), (tool.name, "bold"), f"  {f.verdict}{flag}"),
                classes=f"title {f.verdict}",
            )
            yield Static(lit(" · ".join(x for x in (tool.vendor, tool.category, tool.homepage) if x)), classes="muted")
            if tool.description:
                yield Static(lit(tool.description, 1000), classes="description")
            rule = f.rule
            if f.change is not None:
                yield from _change_lines(f.change)
            elif rule:
                yield Static(lit(f"Policy: {rule.status} - {rule.rationale}", 4000), classes="policy")
            else:
                yield Static(
                    lit(f"Policy: this tool is not mentioned; the default is {report.pack.policy.default_status}."),
                    classes="policy",
                )
            policy_line = f"{f.policy_status.capitalize()} by policy: "
            change_line = f"{f.policy_status.capitalize()} by policy until "
            announced = f"{f.change.headline}." if f.change else None
            for reason in f.reasons:
                if reason.startswith((policy_line, change_line, "Not covered by the company policy")):
                    continue  # said just above
                yield Static(lit("• " + reason, 2000), classes="reason")
            for warning in f.warnings:
                if warning == announced:
                    continue  # the countdown above
                yield Static(lit("▲ " + warning, 2000), classes="warning")
            if f.grant is not None:
                yield Static(
                    lit(
                        f"Signed grant {f.grant.id} holds until {f.grant.expires.isoformat()}"
                        + (f" ({f.grant.ticket})" if f.grant.ticket else "")
                        + f", signed by approver key {f.grant.key_id}.",
                        1000,
                    )
                )

    def _advisories(self, f: Finding) -> ComposeResult:
        if not f.advisories:
            return
        with Panel(title=f"Advisories ({len(f.advisories)})", id="advisories"):
            for adv in f.advisories:
                versions = sorted({i.version or "?" for i, a in f.affected if a is adv})
                yield Static(
                    lit(f"{adv.id} ({adv.severity or 'unrated'}): {adv.summary}", 1000), classes="advisory-title"
                )
                yield Static(lit("Installed and affected: " + ", ".join(versions)), classes="muted")
                yield Static(lit(adv.details, 8000, lines=True), classes="advisory")

    def _conditions(self, f: Finding) -> ComposeResult:
        if not f.conditions:
            return
        with Panel(title="Conditions", id="conditions"):
            for n, c in enumerate(f.conditions):
                if c.condition.attest:
                    cid = f"attest-{n}"
                    self.attest_ids[cid] = c.condition.id
                    yield TickBox(
                        lit(c.condition.text, 1000),
                        value=c.state == "confirmed",
                        id=cid,
                        compact=True,
                        classes="attest",
                    )
                else:
                    yield Static(
                        lit(f"{STATE_MARKS.get(c.state, '?')} {c.condition.text} ({c.state}: {c.detail})", 2000),
                        classes=f"condition {c.state}",
                    )
            if self.attest_ids:
                yield Static(
                    "Tick what you confirm; it is recorded for this policy version and the verdict is checked again.",
                    classes="muted",
                )

    def _evidence(self, f: Finding) -> ComposeResult:
        with Panel(title=f"Evidence: {counted(len(f.installs), 'install')}", id="evidence"):
            for inst in f.installs:
                kind = "trace" if inst.evidence_only else inst.channel
                yield Static(
                    Content.assemble((clean(f"{kind} {inst.version or '?'}", 200), "bold")), classes="evidence"
                )
                yield Static(lit(inst.path, 1000), classes="path")
                if inst.detail:
                    yield Static(lit(inst.detail, 1000), classes="muted")

    def _fix(self, f: Finding, report: ScanReport) -> ComposeResult:
        from tui.core.remediation import fix_plan

        plan = fix_plan(f, report.machine)
        with Panel(title="Fix", subtitle="c: copy all" if plan else "", id="fix"):
            if not plan:
                if f.verdict == Verdict.UNREVIEWED:
                    yield Static(
                        "Not reviewed yet: nothing to fix until then. Ask for a review or an exception (e).",
                        classes="muted",
                    )
                else:
                    yield Static("Nothing to remove: this tool may stay. Keep it up to date.", classes="muted")
                return
            yield Static(
                "aicheck never runs these commands: copy one (or press c for all) and run it yourself.",
                classes="muted",
            )
            if any(rem.action == "setting" for rem in plan):
                yield Static("How to set a condition up: the tool's guide (g).", classes="muted")
            for rem in plan:
                yield Static(lit(rem.summary, 500), classes="rem-title")
                yield from self._steps(rem.steps, in_copy_all=True)
                if rem.instead is not None:
                    yield Static("Or remove this install instead:", classes="muted instead")
                    yield from self._steps(rem.instead.steps, in_copy_all=False)

    def _alternatives(self, f: Finding, report: ScanReport) -> ComposeResult:
        if not f.alternatives:
            return
        named = report.alternatives(f)
        title = alternatives_heading(named)
        with Panel(title=title[:1].upper() + title[1:], subtitle="w: walkthrough", id="alternatives"):
            for n, standing in enumerate(named):
                alt = standing.tool
                bid = f"alt-{n}"
                self.alt_ids[bid] = alt.id
                alt_rule = report.pack.policy.rule(alt.id)
                with HorizontalGroup(classes="alt-row"):
                    yield Button(lit(f"Move to {alt.name}"), id=bid, compact=True)
                    yield Static(lit(alt_rule.rationale if alt_rule else alt.description, 200), classes="muted alt-why")
                if standing.note:  # conditional, or found here and needing action itself: moving is not enough
                    yield Static(lit(f"▲ {standing.label}", 300), classes="warning alt-note")

    def _actions(self, f: Finding) -> ComposeResult:
        with Panel(title="Next actions", id="next-actions"):
            with HorizontalGroup(classes="actions"):
                yield Button("Document productivity impact", id="impact", compact=True)
                yield Button("Request an exception", id="exception", compact=True)
                yield Button("Policy guide", id="guide", compact=True)
            yield Static(lit(f"From a terminal: aicheck request new --tool {f.tool.id}"), classes="muted")

    def _steps(self, steps: Iterable[Step], *, in_copy_all: bool) -> ComposeResult:
        for step in steps:
            yield Static(lit(step.text, 1000), classes="step")
            if step.command:
                n = len(self.commands)
                self.commands.append(step.command)
                if in_copy_all:
                    self.copy_all.append(step.command)
                with HorizontalGroup(classes="command-row"):
                    yield Static(lit(step.command, 2000), classes="command")
                    yield Button("Copy", id=f"copy-{n}", compact=True)

    def on_resize(self) -> None:
        if self.is_mounted and (self.app.size.width >= WIDE) != self.wide:
            self.call_later(self._recompose_keeping_place)

    # -- app notifications --------------------------------------------------------------------
    async def report_ready(self, report: ScanReport) -> None:
        await self._recompose_keeping_place()

    async def _recompose_keeping_place(self) -> None:
        """Rebuild (a new verdict, or the width crossed ``WIDE``) where the reader was: scroll and focus."""
        scrolls = {w.id: w.scroll_y for w in self.query(VerticalScroll).results(VerticalScroll) if w.id}
        focused = self.focused.id if self.focused is not None else None
        await self.recompose()
        for page in self.query(VerticalScroll).results(VerticalScroll):
            if page.id in scrolls:
                page.scroll_to(y=scrolls[page.id], animate=False)
        if focused:
            for widget in self.query(f"#{focused}"):
                widget.focus()

    # -- actions ------------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        bid = event.button.id or ""
        event.stop()
        if bid.startswith("copy-"):
            self.app.copy(self.commands[int(bid[5:])])
            self._say_copied(event.button)
        elif bid in self.alt_ids:
            self.app.action_walkthrough(self.tool_id, self.alt_ids[bid])
        elif bid == "impact":
            self.action_impact()
        elif bid == "exception":
            self.action_exception()
        elif bid == "guide":
            self.action_guide()

    def _say_copied(self, button: Button) -> None:
        """Right where it was pressed, for a moment: the button says it copied."""
        button.label = "Copied"

        def back() -> None:
            if button.is_mounted:
                button.label = "Copy"

        self.set_timer(2.5, back)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        cid = event.checkbox.id or ""
        if cid not in self.attest_ids or self.app.report is None:
            return
        event.stop()
        from tui.errors import AicheckError
        from tui.services import attestations

        try:
            attestations.record(self.app.report.pack.policy, self.tool_id, self.attest_ids[cid], confirmed=event.value)
        except AicheckError as exc:  # disk full, a damaged attestations file: say so, the verdict is unchanged
            from tui.core.text import clean

            with event.checkbox.prevent(Checkbox.Changed):  # the box shows what is recorded, not the click
                event.checkbox.value = not event.value
            self.notify(clean(str(exc), 500), severity="error", title="Not recorded", markup=False)
            return
        self.notify("Recorded. Checking the verdict again…", timeout=3)
        self.app.action_rescan()

    def toast_anchor(self) -> Widget | None:
        """What a toast comments on: the focused widget, or the Fix panel when the focus is on a column
        (c copies its commands)."""
        focused = self.focused
        if focused is None or isinstance(focused, VerticalScroll):
            return next(iter(self.query("#fix")), focused)
        return focused

    def action_copy_all(self) -> None:
        if not self.copy_all:
            self.notify("No command to copy for this tool.")
            return
        what = counted(len(self.copy_all), "command")
        if self.query(".instead"):  # "or remove this install instead": the other way, never copied with the plan
            what += " of the plan (not the 'or remove instead' ones)"
        self.app.copy("\n".join(self.copy_all), what)

    def action_walkthrough(self) -> None:
        f = self.finding
        if f is None or not f.alternatives:
            self.notify("The policy names no approved alternative for this tool.")
            return
        self.app.action_walkthrough(self.tool_id, f.alternatives[0].id)

    def action_guide(self) -> None:
        f = self.finding
        guide = f.rule.guide if f is not None and f.rule is not None and f.rule.guide else "overview"
        self.app.action_guidance(guide)

    def action_impact(self) -> None:
        self.app.action_document_impact(self.tool_id)

    def action_exception(self) -> None:
        self.app.action_request_exception(self.tool_id)
