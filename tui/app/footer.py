"""The key footer every screen shows: Textual's ``Footer``, rebuilt only when what it shows changed.

Textual's footer rebuilds itself (unmounts and mounts one widget per key, each restyled) whenever the
screen's bindings *may* have changed: every focus move and every return to a screen. On most of those the
keys it would show are exactly the ones it shows already, and the rebuild, with the layout it forces, was
the largest single cost of driving the app (about a thousand rebuilds in one test module). This footer
keeps a signature of what it last composed (each shown key's key, its display, description, action,
enabled state, tooltip and group, the command palette's key) and rebuilds only when that changed. Its
keys are built with the compact class they would otherwise each add, one restyle apiece, once mounted.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class AppFooter(Footer):
    """``Footer`` that recomposes only when the keys it would show differ from those it shows."""

    def __init__(self, *, show_command_palette: bool = True) -> None:
        super().__init__(compact=True, show_command_palette=show_command_palette)
        self._shown: Hashable = None

    def shown_keys(self) -> Hashable:
        """Everything ``Footer.compose`` reads to build its keys (None before the bindings are ready)."""
        if not self._bindings_ready:
            return None
        app = self.app
        active = self.screen.active_bindings
        keys = tuple(
            (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
                tooltip,
                None if binding.group is None else (binding.group.description, binding.group.compact),
            )
            for (_node, binding, enabled, tooltip) in active.values()
            if binding.show
        )
        palette: Hashable = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            entry = active.get(app.COMMAND_PALETTE_BINDING)
            if entry is not None:
                _node, binding, enabled, _tooltip = entry
                palette = (
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    enabled,
                    binding.tooltip,
                )
        return keys, palette

    def compose(self) -> ComposeResult:
        self._shown = self.shown_keys()
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey):
                # the class its compact watcher adds once mounted: given now, it costs no restyle per key
                widget.add_class("-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self.shown_keys() != self._shown:
            await self.recompose()
