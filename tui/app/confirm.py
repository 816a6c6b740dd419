"""A yes/no question before something that cannot be undone (withdraw a request, remove a workflow).
The safe answer has the focus, so a stray Enter never does the irreversible thing."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalGroup
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.app.text import lit


class ConfirmDialog(ModalScreen[bool]):
    """Dismissed with True only by the confirming button (or its key, ``y``)."""

    AUTO_FOCUS = "#confirm-no"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "no", "Keep", id="confirm-keep"),
        Binding("y", "yes", "Confirm", id="confirm-yes"),
    ]

    def __init__(self, title: str, question: str, yes: str, no: str = "Keep it") -> None:
        super().__init__()
        self.title_text, self.question, self.yes, self.no = title, question, yes, no

    def compose(self) -> ComposeResult:
        with VerticalGroup(id="confirm-box") as box:
            box.border_title = self.title_text
            yield Static(lit(self.question, 1000), id="confirm-question")
            with HorizontalGroup(id="confirm-buttons"):
                yield Button(lit(f"{self.yes} (y)"), id="confirm-yes", variant="error", compact=True)
                yield Button(lit(f"{self.no} (n)"), id="confirm-no", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
