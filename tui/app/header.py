"""The header every screen of the app shows: Textual's ``Header``, whose title is kept up to date without ever
failing once the header is being taken down.

Textual's own header watches the app's and its screen's titles from the moment it is mounted, and the first
update runs a moment later. A screen closed in that moment (a key pressed quickly: Escape on a screen just
opened, Enter on "Done") has already removed the header's title widget when the update runs: the lookup
raised ``NoMatches``, which Textual (8.2.8) does not catch there, and the app ended with a traceback. Here the
same watchers are registered with an update that passes over a title widget no longer there."""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class AppHeader(Header):
    def _on_mount(self, event: Mount) -> None:
        # Textual calls each class's own _on_mount up the class tree: the default is prevented so Header's (the
        # unguarded watchers) is not run, and Widget's, which it would have reached, is called here instead
        event.prevent_default()
        Widget._on_mount(self, event)

        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoScreen, NoMatches):  # the header is being taken down with its screen: nothing to show
                pass

        for node in (self.app, self.screen):
            self.watch(node, "title", set_title)
            self.watch(node, "sub_title", set_title)
