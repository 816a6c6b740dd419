"""Install channels: each module answers "where could a tool be, and which version is it?" for one
way of installing software, and "how is such an install removed or updated?". All of them read
through :class:`tui.core.machine.Disk` only.

A channel is a plugin: one module that implements :class:`tui.core.channels.base.Channel` and one
line in :data:`NAMES` below. Every list of channels (the scan's order, the app's progress, the labels,
the catalog keys) is derived from this registry (the modules themselves are loaded by
:mod:`tui.core.channels.registry`); a contract test runs each registered channel on synthetic machines of
every platform through to its remediation and the report schema.

This package's root stays light (names only, importing nothing): the app draws its first frame from
:data:`NAMES` without importing the channels themselves, and the plain data classes (:mod:`tui.core.models`)
name the channels without importing what a channel is made of.
"""

from __future__ import annotations

# The registry: the order a scan runs the channels (and the order of the app's progress indicators).
NAMES: tuple[str, ...] = (
    "path",
    "npm",
    "python",
    "brew",
    "native",
    "vscode",
    "jetbrains",
    "vim",
    "apps",
    "appimage",
    "windows",
    "browser",
    "config",
)
