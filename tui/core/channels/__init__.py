"""Install channels: each module answers "where could a tool be, and which version is it?" for one
way of installing software, and "how is such an install removed or updated?". All of them read
through :class:`tui.core.machine.Disk` only.

A channel is a plugin: one module that implements :class:`tui.core.channels.base.Channel` and one
line in :data:`NAMES` below. Every list of channels (the scan's order, the app's progress, the labels,
the catalog keys) is derived from this registry; a contract test runs each registered channel on
synthetic machines of every platform through to its remediation and the report schema.

This package's root stays light (names only): the app draws its first frame from :data:`NAMES`
without importing the channels themselves.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.catalog import CatalogKey
    from tui.core.channels.base import Channel

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


@cache
def registry() -> dict[str, Channel]:
    """Every registered channel by name, in scan order."""
    return {name: importlib.import_module(f"{__name__}.{name}") for name in NAMES}


def channel(name: str) -> Channel:
    return registry()[name]


def labels() -> dict[str, str]:
    return {name: ch.LABEL for name, ch in registry().items()}


@cache
def catalog_keys() -> tuple[CatalogKey, ...]:
    """Every catalog key a channel reads signatures from, in registry order."""
    return tuple(key for ch in registry().values() for key in ch.CATALOG_KEYS)
