"""The registered channels' modules, loaded by name from :data:`tui.core.channels.NAMES`: what a scan runs, what
remediation asks, and the catalog keys every channel reads its signatures from."""

from __future__ import annotations

import importlib
from functools import cache

from tui.core.catalog import CatalogKey
from tui.core.channels import NAMES
from tui.core.channels.base import Channel


@cache
def registry() -> dict[str, Channel]:
    """Every registered channel by name, in scan order."""
    return {name: importlib.import_module(f"tui.core.channels.{name}") for name in NAMES}


def channel(name: str) -> Channel:
    return registry()[name]


def labels() -> dict[str, str]:
    return {name: ch.LABEL for name, ch in registry().items()}


@cache
def catalog_keys() -> tuple[CatalogKey, ...]:
    """Every catalog key a channel reads signatures from, in registry order."""
    return tuple(key for ch in registry().values() for key in ch.CATALOG_KEYS)
