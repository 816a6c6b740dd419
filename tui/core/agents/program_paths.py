"""Where a hook's program is: the path its line writes it at, as an ``[agents]`` rule's ``path`` matches it.

A program's *name* is no identity: anyone can save a file as ``aicheck-guard`` (``/tmp/x/aicheck-guard``,
``~/bin/aicheck-guard``), and a bare name is found on the search path, which the user's own folders can come
first in. Only a path the line writes out in full says which file runs, so only such a path is kept; every
other way of writing it gives None, which no ``path`` rule matches:

- a bare name (``aicheck-guard``) or a relative path (``./aicheck-guard``, ``bin/aicheck-guard``);
- a path with a ``..`` component: the kernel takes ``..`` after a link from where the link leads, not from
  the written folder, so ``/home/u/link/../../opt/...`` may be anywhere (no rule may trust it);
- a path the shell computes (another variable, ``$(...)``, a glob, ``{a,b}``), or one too long to keep;
- on Windows: one without a drive (``\\Program Files\\...`` is on the current drive), a network share
  (``\\\\server\\share``, ``//server/share``) or a device path (``\\\\?\\C:\\...``); a POSIX path on Linux
  and macOS only (``C:/...`` is a relative name there).

The home is the one thing expanded (``~/``, ``$HOME/``, ``${HOME}/``; on Windows ``%USERPROFILE%\\`` and
``$env:USERPROFILE\\`` too), as aicheck reads the home in the other paths the user writes (startup files,
``~/.npmrc``). The path is then written one way: forward slashes (a backslash separates folders on Windows
only), no empty or ``.`` components, the drive letter upper case (``C:/Program Files/Acme/guard.exe``).
Rules' patterns are written the same way (:func:`path_pattern`) and compared case-insensitively, as every
rule value is."""

from __future__ import annotations

import re

from tui.core.agents.redact import REDACTED

MAX_PATH_CHARS = 1000  # a longer written path is kept as none: a cut one could match what the whole does not
# how a hook line may write the home, as the shells that run it read it: these alone are expanded (on
# Windows a hook may run in Git Bash, cmd or PowerShell; on Linux and macOS `%USERPROFILE%` is a folder's name)
HOME_REFS = ("~/", "$HOME/", "${HOME}/")
WINDOWS_HOME_REFS = (*HOME_REFS, "%USERPROFILE%/", "$env:USERPROFILE/", "${env:USERPROFILE}/")
# what makes a shell compute the path rather than run it as written (variables, globs, brace expansion)
_COMPUTED = re.compile(r"[$`%*?\[{~]")
_DRIVE = re.compile(r"^[A-Za-z]:/")
_WILDCARD = re.compile(r"[*?\[]")


def program_path(word: str, home: str, windows: bool) -> str | None:
    """The path ``word`` (a hook line's program, as written and redacted) names, written one way, or None
    when it names no file a rule may trust (see the module). ``home``: the home as the machine names it
    (``/home/ada``, ``C:\\Users\\ada``)."""
    if not word or len(word) > MAX_PATH_CHARS or REDACTED in word:
        return None
    text = word.replace("\\", "/") if windows else word
    for ref in WINDOWS_HOME_REFS if windows else HOME_REFS:
        if text.startswith(ref):
            text = home.replace("\\", "/").rstrip("/") + "/" + text[len(ref) :]
            break
    return absolute_path(text, windows)


def command_path(command: str, windows: bool) -> str | None:
    """Where an MCP server's command is (as written and redacted), when written as an absolute path, or None.
    Its client starts it without a shell, so nothing is expanded: ``~/bin/x`` is a relative name. A command
    that a shell would read as more than one program's path is none: some clients start the command through
    a shell (cmd.exe on Windows), where ``C:\\Corp\\x.exe & evil.exe`` runs both; so a quote, an operator, a
    control character, and on Linux and macOS a space, gives None."""
    if len(command) > MAX_PATH_CHARS or REDACTED in command:
        return None
    if (_WINDOWS_SHELL_CHARS if windows else _POSIX_SHELL_CHARS).search(command):
        return None
    return absolute_path(command, windows)


def relative_path(command: str, folder: str, windows: bool) -> str | None:
    """Where a command written as a relative path (``./bin/x``, ``bin/x``: a name with a folder in it) is when
    started in ``folder`` (an absolute folder written one way), or None: a bare name is found on the search
    path, not in the folder, and what :func:`command_path` refuses (shell syntax, a computed path, ``..``)
    is refused here too."""
    if len(command) > MAX_PATH_CHARS or REDACTED in command:
        return None
    if (_WINDOWS_SHELL_CHARS if windows else _POSIX_SHELL_CHARS).search(command):
        return None
    text = command.replace("\\", "/") if windows else command
    if "/" not in text or text.startswith("/") or (windows and _DRIVE.match(text)) or (windows and text[1:2] == ":"):
        return None
    return absolute_path(f"{folder.rstrip('/')}/{text}", windows)


# what a shell reads as more than a path: quotes, operators, redirections, escapes, line ends and other
# control characters (a space too where a folder's name seldom has one, and a shell splits the line there)
_POSIX_SHELL_CHARS = re.compile(r"[\s\x00-\x1f\x7f;&|<>()'\"`!#^]")
_WINDOWS_SHELL_CHARS = re.compile(r"[\x00-\x1f\x7f;&|<>'\"`^,=!%]|\s{2}|^\s|\s$")  # "(x86)" is a folder's


def absolute_path(text: str, windows: bool) -> str | None:
    """``text`` as one absolute path written one way, or None when it is not one (see the module). A
    backslash separates folders on Windows only: elsewhere it is part of a name, and no path is kept."""
    if windows:
        text = text.replace("\\", "/")
    elif "\\" in text:
        return None
    if _COMPUTED.search(text):
        return None
    if windows:
        if not _DRIVE.match(text):
            return None  # no drive, a share (//server), a device path (//?/)
        drive, rest = text[0].upper() + ":", text[2:]
    elif text.startswith("/"):
        drive, rest = "", text
    else:
        return None
    parts = [p for p in rest.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None
    return f"{drive}/{'/'.join(parts)}"


def path_pattern(pattern: str) -> str | None:
    """A rule's ``path`` glob written as :func:`program_path` writes paths (``C:\\Program Files\\X\\*`` is
    ``C:/Program Files/X/*``), or None when it is no absolute path with its first folder written out: a
    pattern that starts with a wildcard or a name would match a file anywhere, and one with ``..`` no path
    is ever kept with."""
    text = pattern.strip().replace("\\", "/")
    if _DRIVE.match(text):
        text = text[0].upper() + text[1:]
    elif not text.startswith("/") or text.startswith("//"):
        return None
    drive, rest = (text[:2], text[2:]) if text[1:2] == ":" else ("", text)
    parts = [p for p in rest.split("/") if p not in ("", ".")]
    if ".." in parts or not parts or _WILDCARD.search(parts[0]):
        return None  # (a wildcard in the first folder: `/*/guard` is `/tmp/guard` too)
    return f"{drive}/{'/'.join(parts)}"
