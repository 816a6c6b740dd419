"""What to do about one piece of evidence: each install channel knows how to remove (and, where a
manager can, update) its own installs (``remove``/``update`` in ``tui/core/channels/<name>.py``); this
module picks the channel.

Headless and pure: it builds text, it never runs anything. The app shows these steps and copies a
command to the clipboard; the user runs it themselves. A command is only offered when every argument in
it is plain printable text (see :mod:`tui.core.channels.remedy`).
"""

from __future__ import annotations

from tui.core.catalog import Tool
from tui.core.channels import registry
from tui.core.channels.base import Target
from tui.core.channels.remedy import Remediation, Step
from tui.core.models import Install
from tui.core.text import clean

__all__ = ["Remediation", "Step", "Target", "remediation", "update"]


def _windows(install: Install, platform: str) -> bool:
    return platform == "windows" or install.path.startswith("C:")


def remediation(install: Install, *, platform: str = "linux", tool_name: str = "") -> Remediation:
    """How to remove one piece of evidence. ``platform`` is the scanned machine's (for shell quoting)."""
    ch = registry().get(install.channel)
    if ch is not None:
        return ch.remove(install, _windows(install, platform), tool_name)
    return Remediation(install, clean(install.detail or install.path), (
        Step(f"Remove {clean(install.path, 300)} with the tool that installed it."),))


def update(install: Install, tool: Tool, target: Target, *, platform: str = "linux") -> Remediation | None:
    """How to bring one install to ``target`` or later, or None when its channel cannot update it."""
    ch = registry().get(install.channel)
    return ch.update(install, _windows(install, platform), tool, target) if ch is not None else None
