"""The user's git identity (``user.name`` / ``user.email``), read from git's config files without running git.

Files, lowest precedence first (as git reads them): ``$XDG_CONFIG_HOME/git/config`` (default
``~/.config/git/config``), then ``~/.gitconfig`` (or ``$GIT_CONFIG_GLOBAL`` instead of both). ``[include]
path = ...`` is followed (relative to the including file, ``~/`` expanded, depth-limited); conditional
includes (``includeIf``) are not evaluated, because they depend on the repository.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path

from tui.core.bounded_read import CONFIG_LIMIT, ReadSkipped, read_bounded
from tui.requests.model import Requester

MAX_INCLUDE_DEPTH = 5


def global_config_files(home: Path | None = None, env: Mapping[str, str] | None = None) -> list[Path]:
    env = os.environ if env is None else env
    home = Path(home) if home is not None else Path.home()
    if env.get("GIT_CONFIG_GLOBAL"):
        try:
            return [Path(env["GIT_CONFIG_GLOBAL"]).expanduser()]
        except RuntimeError:  # ~someone with no such user: git finds no file there either
            return []
    xdg = Path(env["XDG_CONFIG_HOME"]) if env.get("XDG_CONFIG_HOME") else home / ".config"
    return [xdg / "git" / "config", home / ".gitconfig"]


def git_identity(
    home: Path | None = None, env: Mapping[str, str] | None = None, read: list[str] | None = None
) -> Requester:
    """``Requester(name, email)`` from the global git config; empty strings when not set. ``read``: each file
    read is added to it (a scan lists every file it read)."""
    values: dict[str, str] = {}
    home = Path(home) if home is not None else Path.home()
    for path in global_config_files(home, env):
        _read_into(path, values, home, 0, read)
    return Requester(name=values.get("user.name", ""), email=values.get("user.email", ""))


def user_identity(read: list[str] | None = None) -> Requester:
    """Who makes a request or writes an impact document: git's ``user.name``, and the email a grant must
    name, ``[user] email`` from aicheck's config before git's ``user.email``."""
    from tui.config import configured_email

    ident = git_identity(read=read)
    email = configured_email()
    return dataclasses.replace(ident, email=email) if email else ident


def _read_into(path: Path, values: dict[str, str], home: Path, depth: int, read: list[str] | None = None) -> None:
    try:
        text = read_bounded(path, CONFIG_LIMIT).decode("utf-8", errors="replace")
    except ReadSkipped:
        return
    if read is not None:
        read.append(str(path))
    for key, value in parse_git_config(text):
        if key == "include.path" and depth < MAX_INCLUDE_DEPTH and value:
            inc = Path(str(home) + value[1:]) if value.startswith("~/") else Path(value)
            if not inc.is_absolute():
                inc = path.parent / inc
            _read_into(inc, values, home, depth + 1, read)
        else:
            values[key] = value


def parse_git_config(text: str) -> list[tuple[str, str]]:
    """``(section[.subsection].key, value)`` pairs in file order; section and key names lower-cased.

    Handles comments (``#``/``;``), quoted values with escapes, and backslash line continuations.
    Malformed lines are skipped, as a reader that must never fail should.
    """
    out: list[tuple[str, str]] = []
    section = ""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            end = line.find("]")
            if end < 0:
                section = ""
                continue
            header = line[1:end].strip()
            if '"' in header:
                name, _, sub = header.partition('"')
                section = name.strip().lower() + "." + sub.rsplit('"', 1)[0].replace('\\"', '"').replace("\\\\", "\\")
            else:
                section = header.lower()  # old-style [section.sub] is lower-cased too
            line = line[end + 1 :].strip()
            if not line or line[0] in "#;":
                continue
        if not section:
            continue
        name, eq, raw = line.partition("=")
        name = name.strip().lower()
        if not name or not all(c.isalnum() or c == "-" for c in name):
            continue
        if not eq:
            out.append((f"{section}.{name}", "true"))
            continue
        # join continuation lines: an unquoted trailing backslash continues the value
        while _continues(raw) and i < len(lines):
            raw = raw.rstrip()[:-1] + lines[i]
            i += 1
        out.append((f"{section}.{name}", _value(raw)))
    return out


def _continues(raw: str) -> bool:
    stripped = raw.rstrip()
    if not stripped.endswith("\\"):
        return False
    n = len(stripped) - len(stripped.rstrip("\\"))
    return n % 2 == 1


def _value(raw: str) -> str:
    out: list[str] = []
    quoted = False
    i = 0
    raw = raw.strip()
    pending_space = ""
    while i < len(raw):
        c = raw[i]
        if c == '"':
            quoted = not quoted
        elif c == "\\" and i + 1 < len(raw):
            i += 1
            out.append(pending_space + {"n": "\n", "t": "\t", "b": "\b"}.get(raw[i], raw[i]))
            pending_space = ""
        elif c in "#;" and not quoted:
            break
        elif c.isspace() and not quoted:
            pending_space += c
        else:
            out.append(pending_space + c)
            pending_space = ""
        i += 1
    return "".join(out).lstrip()
