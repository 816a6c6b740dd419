"""Help: every key of the app, by screen (``?`` or F1). A test checks this list against the bindings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("q", "quit"),
            ("? / F1", "this help"),
            ("Ctrl+P", "command palette: the app's commands, tools, guides, themes"),
            ("g", "guidance (on a tool: its guide)"),
            ("o", "onboarding checklist"),
            ("a", "about this scan: exactly what was read"),
            ("r", "rescan"),
            ("x", "your exception requests: state, ticket, withdraw, sync"),
            ("Esc", "back / close"),
            ("Tab / Shift+Tab", "move between buttons, lists and checkboxes"),
            ("Space / Enter", "tick a checkbox, press a button"),
        ),
    ),
    (
        "Dashboard",
        (
            ("↑ ↓ / mouse", "choose a tool"),
            ("Enter", "tool details"),
            ("/", "filter by text (Enter: done, Esc: clear)"),
            ("f", "cycle the verdict filter (all, action required, prohibited, …)"),
            ("s", "cycle the sort order (status, name, channel)"),
            ("e / i / w", "for the tool under the cursor: exception request, impact, alternative walkthrough"),
            ("m", "MCP servers and agent plugins, skills and hooks, with verdicts and fixes"),
        ),
    ),
    (
        "MCP servers and extensions (m)",
        (
            ("↑ ↓ / mouse", "choose a server, plugin, skill or hook: its verdict, reason and fix show beside it"),
            ("Home / End", "the first / the last item"),
            ("Enter", "into the details, to scroll a long one (Tab too)"),
        ),
    ),
    (
        "Tool details",
        (
            ("c", "copy every remediation command (aicheck never runs them)"),
            ("w", "walkthrough of the first approved alternative"),
            ("g", "the tool's guide"),
            ("i", "document productivity impact"),
            ("e", "request an exception"),
        ),
    ),
    (
        "Productivity impact (i)",
        (
            ("Ctrl+N", "add a workflow"),
            ("Ctrl+R", "remove the workflow you are in"),
            ("Ctrl+O", "export Markdown (a file in the data folder, and the clipboard)"),
            ("Ctrl+S", "save now (every edit is saved automatically)"),
        ),
    ),
    (
        "Exception request (e)",
        (
            ("Ctrl+O", "preview exactly what will be sent; sending happens only there"),
            ("Ctrl+S", "save the draft now (it is saved automatically too)"),
            ("Ctrl+N", "write or edit the impact document to attach"),
        ),
    ),
    (
        "Preview",
        (
            ("s", "send (queued for a later retry if the intake cannot be reached)"),
            ("p", "the exact payload (method, address, headers, body), or back to the request as read"),
            ("c", "copy the payload"),
        ),
    ),
    (
        "Requests (x)",
        (
            ("Enter", "open a request (a draft opens in the form)"),
            ("w", "withdraw a draft or queued request (asks first)"),
            ("s", "sync now: send queued requests, read decisions"),
        ),
    ),
    (
        "Alternative walkthrough",
        (
            ("v", "verify: rescan and check the alternative is in and the old tool out"),
            ("g", "open the full guide"),
        ),
    ),
    (
        "Guidance",
        (
            ("b / Backspace", "previous page"),
            ("t", "show or hide the sidebar (pages, contents, links)"),
        ),
    ),
    ("Onboarding", (("k", "acknowledge the policy"),)),
    ("Questions (withdraw, quit while sending)", (("y / n", "yes / no"),)),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1", "close", "Close", id="close-help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc to close"
            for title, keys in KEYS:
                yield Static(title, classes="help-section")
                for key, text in keys:  # a long description wraps under itself, not under the key
                    with HorizontalGroup(classes="help-row"):
                        yield Static(key, classes="help-key")
                        yield Static(text, classes="help-text")
            yield Static(
                "aicheck reads files and lists folders only: it runs nothing and sends nothing.", classes="help-footer"
            )

    def action_close(self) -> None:
        self.app.pop_screen()
