"""What every channel's remediation is made of: steps (a command to copy, or an instruction to follow)
and the safe builders of those commands.

Headless and pure: it builds text, it never runs anything. A command is only offered when every
argument in it is plain printable text: a path or package name read from disk that carries control
characters (a terminal escape, a newline) gets manual instructions instead, so a copied command can
never smuggle a second command into a shell.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from tui.core.models import Install
from tui.core.text import clean, has_control


@dataclass(frozen=True)
class Step:
    """One thing to do: a command to copy and run, or an instruction to follow by hand."""

    text: str
    command: str | None = None


@dataclass(frozen=True)
class Remediation:
    install: Install
    summary: str
    steps: tuple[Step, ...]
    action: str = "remove"  # "remove" | "update" | "setting" (a policy condition's setting to change)
    instead: Remediation | None = None  # the alternative (removing the install instead of updating it)

    @property
    def commands(self) -> list[str]:
        return [s.command for s in self.steps if s.command]


# what tui.core.text.clean leaves in a name it had to change: a control character as \xNN, a format character
# (bidi, zero-width) or an undecodable byte as \uNNNN or \UNNNNNNNN, a cut with "…". Such a name is not the one
# on the disk: a command built on it would miss.
# (A Windows path is written with backslashes, and a folder named x64 is common there: only the cut counts.)
_CLEANED = re.compile(r"\\x[0-9a-f]{2}|\\u[0-9a-f]{4}|\\U[0-9a-f]{8}|…$")
_CUT = re.compile(r"…$")


def safe(*args: str, windows: bool = False) -> bool:
    cleaned = _CUT if windows else _CLEANED
    return all(a and not has_control(a) and not cleaned.search(a) for a in args)


def quote(arg: str, windows: bool) -> str:
    if windows:
        return "'" + arg.replace("'", "''") + "'"  # PowerShell single-quoted literal
    return shlex.quote(arg)


def cmd(windows: bool, *parts: str, literal: tuple[str, ...] = ()) -> str | None:
    """``parts`` are fixed words; ``literal`` are untrusted arguments, quoted. None if any is unsafe."""
    if not safe(*literal, windows=windows):
        return None
    return " ".join([*parts, *(quote(a, windows) for a in literal)])


def remove_path(path: str, windows: bool) -> str | None:
    if windows:
        return cmd(True, "Remove-Item", "-Recurse", "-Force", "-LiteralPath", literal=(path,))
    return cmd(False, "rm", "-rf", "--", literal=(path,))


def unsafe_note(what: str) -> Step:
    return Step(
        f"{clean(what, 300)} cannot be written safely in a command (control characters in its name, or too long to "
        "show whole), so no command is offered: remove it by hand."
    )


def step(text: str, command: str | None, what: str) -> Step:
    """A step with its command, or the manual note when the command could not be built safely."""
    return Step(text, command) if command else unsafe_note(what)
