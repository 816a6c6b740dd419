"""The scripts a user may have written in the folders of the search path they can write.

``~/.local/bin/cc`` holding ``exec claude --dangerously-skip-permissions "$@"`` starts the tool with a
forbidden flag as surely as ``alias cc='claude --dangerously-skip-permissions'`` in ``~/.zshrc``: it is the
same line in another file. The folders of the search path inside the home (``~/.local/bin``, ``~/bin``, any
other the search path or a startup file names there) are the user's to write; the system's folders
(``/usr/local/bin``, ``/opt/…``) need root, which a user bending a policy on their own machine may have, but
then no file on the machine can be trusted, and the scan does not try: their thousands of commands are never
read. In the user's folders, each small text script a shell runs is read as a startup file is, in the dialect
its first line names (``#!/bin/sh``, ``#!/usr/bin/env fish``; no ``#!`` at all: a POSIX shell runs it). A
program in another language (its ``#!`` line runs an interpreter known to be one: ``node``, ``python3``; see
:mod:`tui.core.shebang`; noted in the audit as skipped) and a binary (a NUL byte in its first bytes) are left
alone after that first look; any other ``#!`` line is read as a shell's (more than the shell may run, never
less). What such a script sources or runs by its path is followed by :mod:`tui.core.script_runs`.

Bounded: at most :data:`MAX_USER_FILES` files are looked at and :data:`MAX_USER_SCRIPTS` scripts read, each of
at most :data:`MAX_USER_SCRIPT_BYTES`. A script past the size bound is noted as unread and a folder past the
others as not read to the end: either way the conditions that ask cannot be confirmed (never a clean bill).
Every file looked at, even at its first bytes, is listed in the audit as read.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.machine import Disk, Machine, ReadSkipped
from tui.core.shebang import other_language, shebang_program
from tui.core.shell_variables import dialect_of
from tui.core.text import clean

# on Windows a command is a script by its name alone (there is no executable bit nor #! line)
WINDOWS_SCRIPTS = (".cmd", ".bat", ".ps1")
# the home's command folders a session's PATH holds whether or not aicheck's does (Debian's and Ubuntu's
# ~/.profile add them when they exist; so do many dotfiles)
USER_FOLDERS = ("/.local/bin", "/bin")
MAX_USER_FILES = 1000  # files looked at in the user's folders, in all
MAX_USER_SCRIPTS = 200  # shell scripts read from them, in all
MAX_USER_SCRIPT_BYTES = 256 * 1024  # a larger script is not read (and cannot confirm a condition)
HEAD_BYTES = 256  # read of each file first: a binary, or a program in another language, is no further read
# the first bytes of a program a loader runs (ELF, Mach-O, fat Mach-O, PE): no shell reads it, whatever follows
_EXECUTABLE_MAGIC = (b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"MZ")
PAST_THE_BOUNDS = "more scripts than are read"  # startup.UnknownArgument.reference for such a folder


@dataclass(frozen=True)
class UserScripts:
    paths: tuple[str, ...] = ()  # the shell scripts to read, as real machine paths, each once
    unread: tuple[str, ...] = ()  # scripts there that are not read (too large, unreadable), as the machine names them
    past: tuple[str, ...] = ()  # folders not read to the end (past MAX_USER_FILES or MAX_USER_SCRIPTS), likewise


def is_binary(head: bytes) -> bool:
    """Whether a file's first bytes are a program's no shell reads: a NUL byte, or a loader's magic."""
    return b"\0" in head or head.startswith(_EXECUTABLE_MAGIC)


def other_language_of(disk: Disk, text: str) -> str | None:
    """The interpreter of a language other than a shell's that the ``#!`` line of ``text`` runs it with
    (``python3``, ``node``), or None when a shell runs it: no ``#!`` line, a shell, or a program not known
    to be another language's (read as a shell's: more than the shell may run, never less). An interpreter
    named by its path is followed where it is a link the disk shows (``~/.local/bin/mysh`` -> ``/bin/bash``);
    one in the home that is itself a text file (a script of the user's under a language's name, ``~/bin/
    python3`` running ``exec bash "$@"``) may run anything: the script is read as a shell's. A name after
    ``env`` (``#!/usr/bin/env python3``) is the program of that name in the folders the sessions run commands
    from (:func:`on_path`): read as that language's only when every such program is that language's (which of
    them comes first in a session is not known); where none is there, by its name."""
    program = shebang_program(text)
    if program is None:
        return None
    if program.startswith("/"):
        return _language_of(disk, disk.resolve(program) or program)
    language = other_language(program)
    if language is None or "/" in program:
        return language
    found = on_path(disk, program)
    return language if all(real is not None and _language_of(disk, real) for real in found) else None


def script_dialect(disk: Disk, path: str, text: str) -> str:
    """The shell ``path`` is written for (:func:`tui.core.shell_variables.dialect_of`), a name after ``env`` in
    its ``#!`` line taken as the first program of that name the sessions find (:func:`on_path`): a link named
    ``bash`` to fish is fish's. A script there (of the user's), a program of a name no shell has, or none: by
    the name written, as before."""
    program = shebang_program(text) if text.startswith("#!") else None
    if program is None or "/" in program or other_language(program) is not None:
        return dialect_of(path, text)
    found = on_path(disk, program)
    if not found or found[0] is None:  # none there, or one that cannot be looked at: by its name
        return dialect_of(path, text)
    real = found[0]
    if real.startswith(disk.machine.home.rstrip("/") + "/") and _text_file(disk, real):
        return dialect_of(path, text)  # a script of the user's (pipx's xonsh is Python's): by the name, as before
    return dialect_of(path, text, real)  # a shell's own program, by its name (others: by the name written)


def on_path(disk: Disk, name: str) -> list[str | None]:
    """The programs named ``name`` in the folders the sessions run commands from, as aicheck knows them (its
    own search path, the folders the startup files put on it, the home's usual command folders), in that
    order, each as the path its links lead to (followed with the disk's bounded link code; None for one that
    cannot be followed: a loop, a dangling link). Nothing is run; once a scan per name."""
    memory: dict[tuple[str, tuple[str, ...]], list[str | None]] = disk.remembered(on_path, dict)
    machine = disk.machine
    key = (name, machine.startup_path)  # (asked before the startup files' folders are known, too)
    if key not in memory:
        home = machine.home.rstrip("/")
        folders = dict.fromkeys(
            f.rstrip("/") or "/"
            for f in [*machine.search_path, *machine.startup_path, *(home + f for f in USER_FOLDERS)]
        )
        found: list[str | None] = []
        for folder in folders:
            place = f"{folder.rstrip('/')}/{name}"
            if disk.exists(place):  # (the link itself: a dangling one is noted by resolve)
                found.append(disk.resolve(place))
        memory[key] = found
    return memory[key]


def _language_of(disk: Disk, real: str) -> str | None:
    """The other language's interpreter the program at ``real`` is by its name, None for a shell's; one in
    the home that is a text file (a script of the user's) may run anything: None."""
    language = other_language(real)
    if language is not None and real.startswith(disk.machine.home.rstrip("/") + "/") and _text_file(disk, real):
        return None
    return language


def _text_file(disk: Disk, path: str) -> bool:
    """Whether ``path`` is a file whose first bytes are text (a script), once a scan."""
    memory: dict[str, bool] = disk.remembered("user scripts: interpreters that are text", dict)
    if path not in memory:
        try:
            head = disk.read_head(path, HEAD_BYTES) if disk.regular_stat(path) is not None else None
        except ReadSkipped:
            head = b""  # cannot be looked at: it may be a script
        memory[path] = head is not None and not is_binary(head)
    return memory[path]


def user_folders(machine: Machine) -> list[str]:
    """The folders of the search path (aicheck's, and those the startup files add) inside the home, and the
    home's usual command folders, each once."""
    home = machine.home.rstrip("/")
    inside = home + "/"
    candidates = [*machine.search_path, *machine.startup_path, *(home + f for f in USER_FOLDERS)]
    out: list[str] = []
    for folder in candidates:
        folder = folder.rstrip("/") or "/"
        if (folder == home or folder.startswith(inside)) and folder not in out:
            out.append(folder)
    return out


def user_scripts(disk: Disk, machine: Machine) -> UserScripts:
    """The shell scripts in the user's folders (:func:`user_folders`), once a scan."""
    return disk.remembered("user scripts", lambda: _user_scripts(disk, machine))


def _user_scripts(disk: Disk, machine: Machine) -> UserScripts:
    windows = machine.platform == "windows"
    paths: list[str] = []
    unread: list[str] = []
    past: list[str] = []
    seen: set[str] = set()
    looked = 0
    for folder in user_folders(machine):
        children = disk.children(folder, types=False)
        for name in sorted(children):
            if windows and not name.lower().endswith(WINDOWS_SCRIPTS):
                continue
            if looked >= MAX_USER_FILES or len(paths) >= MAX_USER_SCRIPTS:
                past.append(disk.display(folder))
                break
            looked += 1
            real = disk.resolve(f"{folder.rstrip('/')}/{name}")
            if real is None or real in seen:
                continue
            seen.add(real)
            if disk.outside(real):  # a confined scan may not follow the link: what it runs is unread
                unread.append(disk.display(f"{folder.rstrip('/')}/{name}"))
                continue
            st = disk.regular_stat(real)
            if st is None or st.st_size == 0 or (not windows and not st.st_mode & 0o111):
                continue  # not a file a shell can run as a command
            try:
                head = disk.read_head(real, HEAD_BYTES)
            except ReadSkipped as exc:
                disk.skip(real, f"{exc} (a command in the user's own folder: looked at for a script)")
                unread.append(disk.display(real))
                continue
            if not head or is_binary(head):
                continue  # a binary
            language = other_language_of(disk, head.decode("utf-8", "replace"))
            if language is not None:  # a program in another language: said in the audit
                disk.skip(real, f"a {clean(language, 80)} program (its #! line): not read as a shell script")
                continue
            if st.st_size > MAX_USER_SCRIPT_BYTES:
                disk.skip(real, f"a script larger than the {MAX_USER_SCRIPT_BYTES // 1024} KiB aicheck reads")
                unread.append(disk.display(real))
                continue
            paths.append(real)
    return UserScripts(tuple(paths), tuple(unread), tuple(dict.fromkeys(past)))
