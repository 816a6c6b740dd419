"""The onboarding checklist screen: read the policy, acknowledge it, scan clean, set up alternatives,
request exceptions for the rest. The state itself lives in :mod:`tui.services.onboarding`."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Static

from tui.app.footer import AppFooter
from tui.app.header import AppHeader
from tui.app.interface import AppInterface
from tui.app.panel import Panel
from tui.app.text import lit
from tui.app.tickbox import TickBox
from tui.core.text import clean

if TYPE_CHECKING:
    from tui.core.scanner import ScanReport

ACTIONS = {
    "read": ("Read the policy", "read"),
    "acknowledge": ("Acknowledge the policy", "acknowledge"),
    "scan-clean": ("Rescan", "rescan"),
    "alternatives": ("Show tools needing action", "show-action"),
    "exceptions": ("How to request an exception", "exceptions"),
}


class OnboardingScreen(Screen[None]):
    app = getters.app(AppInterface)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("k", "acknowledge", "Acknowledge", id="acknowledge"),
    ]

    def compose(self) -> ComposeResult:
        from tui.services.onboarding import MANUAL_STEPS

        app = self.app
        session, state = app.session, app.onboarding
        if session is None or state is None:  # the screen opens only once the policy is loaded
            return
        pack = session.pack
        policy = pack.policy
        steps = app.onboarding_steps()
        yield AppHeader(icon="◆")
        with VerticalScroll(id="onboarding"):
            done = sum(s.done for s in steps)
            with Panel(title="Onboarding", subtitle="k: acknowledge", id="onboarding-policy"):
                yield Static(lit(f"Onboarding: {done} of {len(steps)} done"), classes="title")
                effective = f", effective {policy.effective.isoformat()}" if policy.effective else ""
                yield Static(
                    lit(
                        f"{policy.org_name} AI-tool policy {policy.version}{effective} "
                        f"(sha256 {pack.sha256[:12]}). Progress is kept on this computer and starts again "
                        "when the policy changes."
                    ),
                    classes="muted",
                )
                if state.problem:
                    from tui.services.onboarding import refusal

                    yield Static(lit(str(refusal(state.problem)), 1000), classes="warning")
                elif state.reset_from:
                    yield Static(
                        lit(
                            f"The policy changed since your last visit ({state.change_since(policy.version)}): please read "
                            "and acknowledge it again."
                        ),
                        classes="warning",
                    )
            for n, step in enumerate(steps, start=1):
                mark = "✓" if step.done else "○"
                with Panel(
                    title=f"{mark} {n}. {step.title}",
                    id=f"step-{step.id}",
                    classes="onboarding-step " + ("done" if step.done else "todo"),
                ):
                    yield Static(lit(step.detail, 500), classes="muted step-detail")
                    with HorizontalGroup(classes="step-actions"):
                        label, bid = ACTIONS[step.id]
                        if not (step.id in ("read", "acknowledge") and step.done):
                            yield Button(label, id=bid, compact=True)
                        if step.id in MANUAL_STEPS:
                            yield TickBox(
                                "Mark as done", value=step.id in state.manual, id=f"manual-{step.id}", compact=True
                            )
        yield AppFooter()

    async def onboarding_changed(self) -> None:
        await self.recompose()

    async def report_ready(self, report: ScanReport) -> None:
        await self.recompose()

    def action_acknowledge(self) -> None:
        """Ask first (a dialog with the policy's organisation, version and hash); record only on Confirm."""
        from tui.app.acknowledge import AcknowledgeDialog
        from tui.services.onboarding import current_user

        session = self.app.session
        if session is None:
            return
        pack = session.pack
        user = current_user()

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._record_acknowledgement(user)

        self.app.push_screen(AcknowledgeDialog(pack.policy.org_name, pack.policy.version, pack.sha256, user), confirmed)

    def _record_acknowledgement(self, user: str) -> None:
        state = self.app.onboarding
        if state is None:
            return
        if state.problem:  # never written over its unreadable file, and never shown as recorded
            self.app.save_onboarding()
            return
        ack = state.acknowledge(user)
        self.app.save_onboarding()
        self.notify(
            clean(f"Acknowledged by {ack.user}: policy {ack.policy_version}, sha256 {ack.policy_sha256[:12]}."),
            title="Thank you",
            markup=False,
        )
        self.app.broadcast("onboarding_changed")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        bid = event.button.id
        if bid == "read":
            self.app.action_guidance("overview")
        elif bid == "acknowledge":
            self.action_acknowledge()
        elif bid == "rescan":
            self.app.action_rescan()
        elif bid == "show-action":
            from tui.app.dashboard import FILTERS, DashboardScreen

            dashboard = self.app.screen_stack[0]
            self.app.pop_screen()
            if isinstance(dashboard, DashboardScreen):
                dashboard.filter_index = FILTERS.index("action")
                dashboard._fill()
        elif bid == "exceptions":
            # straight to the form for the first tool that still needs one; the guide when none does
            pending = [
                f.tool.id
                for f in (self.app.report.findings if self.app.report else ())
                if f.action_required and not f.alternatives and f.tool.id not in self.app.requested
            ]
            if pending:
                self.app.action_request_exception(pending[0])
            else:
                self.app.action_guidance("request-exception")

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        cid = event.checkbox.id or ""
        if not cid.startswith("manual-"):
            return
        event.stop()
        state = self.app.onboarding
        if state is None:
            return
        state.set_manual(cid[len("manual-") :], event.value)
        self.app.save_onboarding()
        self.app.broadcast("onboarding_changed")
