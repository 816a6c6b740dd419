"""The acknowledgement dialog: acknowledging the AI-tool policy is a deliberate act. The dialog names the
organisation, the policy version and its fingerprint, and who will be recorded; Cancel has the focus, so a
stray key press (Enter, or typing meant for a form) never records an acknowledgement."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.app.text import lit


class AcknowledgeDialog(ModalScreen[bool]):
    """Dismissed with True only by the Confirm button."""

    AUTO_FOCUS = "#ack-cancel"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel-acknowledge")]

    def __init__(self, org: str, version: str, sha256: str, user: str) -> None:
        super().__init__()
        self.org, self.version, self.sha256, self.user = org, version, sha256, user

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="ack-box") as box:
            box.border_title = "Acknowledge the AI-tool policy"
            yield Static(
                lit(f"I have read and will follow the {self.org or 'company'} AI-tool policy {self.version}."),
                id="ack-statement",
            )
            yield Static(lit(f"Policy fingerprint: sha256 {self.sha256}", 200), classes="muted", id="ack-hash")
            yield Static(
                lit(f"Recorded on this computer as: {self.user}, with the date and time.", 400),
                classes="muted",
                id="ack-who",
            )
            with HorizontalGroup(id="ack-buttons"):
                yield Button("Confirm", id="ack-confirm", variant="primary", compact=True)
                yield Button("Cancel", id="ack-cancel", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "ack-confirm")

    def action_cancel(self) -> None:
        self.dismiss(False)
