"""Terminal colour, only when stdout is a terminal and ``NO_COLOR`` is not set."""

from __future__ import annotations

import os
import sys
from typing import TextIO

_CODES = {"red": "31", "yellow": "33", "green": "32", "cyan": "36", "dim": "2", "bold": "1", "magenta": "35"}
VERDICT_COLOUR = {
    "prohibited": "red",
    "conditional": "yellow",
    "unreviewed": "magenta",
    "excepted": "cyan",
    "approved": "green",
}


def use_colour(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    if "NO_COLOR" in os.environ:
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class Painter:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, colour: str) -> str:
        if not self.enabled or colour not in _CODES:
            return text
        return f"\x1b[{_CODES[colour]}m{text}\x1b[0m"
