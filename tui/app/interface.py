"""What the screens may ask of the app: its state (the session, the report, the onboarding progress) and the
actions that open other screens. :class:`tui.app.app.AicheckApp` implements it; the screens name this class,
never the app's own module, so the app can open every screen without the screens importing it back."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from tui.core.content import Pack
    from tui.core.models import Install
    from tui.core.scanner import ScanReport
    from tui.services.onboarding import Onboarding, StepState
    from tui.services.session import Session


class AppInterface(App[int]):
    """The app as its screens see it. Declarations only: every method here is :class:`~tui.app.app.AicheckApp`'s."""

    args: argparse.Namespace  # the command line it was opened with
    session: Session | None
    report: ScanReport | None
    onboarding: Onboarding | None
    requested: set[str]  # tools with an exception request on record
    sending: set[str]  # requests whose send is under way
    scanning: bool
    scan_error: str | None
    partial: list[Install]  # installs found so far by the running scan

    @property
    def loaded_pack(self) -> Pack:
        """The policy's content pack, for the screens that open only once it is loaded."""
        raise NotImplementedError

    def broadcast(self, method: str, *args: object) -> None:
        """Tell every screen on the stack (those that care) that something changed."""
        raise NotImplementedError

    def start_scan(self) -> None:
        raise NotImplementedError

    def save_onboarding(self, *, quiet: bool = False) -> bool:
        raise NotImplementedError

    def onboarding_steps(self) -> list[StepState]:
        raise NotImplementedError

    def mark_policy_read(self) -> None:
        raise NotImplementedError

    def copy(self, text: str, what: str = "Command") -> None:
        raise NotImplementedError

    def refresh_requested(self) -> None:
        raise NotImplementedError

    def sync_outbox(self, *, force: bool = False, quiet: bool = True) -> None:
        raise NotImplementedError

    # -- the actions that open another screen --------------------------------------------------------------
    def action_rescan(self) -> None:
        raise NotImplementedError

    def action_guidance(self, page_id: str = "overview") -> None:
        raise NotImplementedError

    def action_open_tool(self, tool_id: str) -> None:
        raise NotImplementedError

    def action_walkthrough(self, from_tool: str, alternative: str) -> None:
        raise NotImplementedError

    def action_document_impact(self, tool_id: str) -> None:
        raise NotImplementedError

    def action_request_exception(self, tool_id: str) -> None:
        raise NotImplementedError
