"""Reading a shell startup file: its text once a scan, its commands, its lines as the shell reads them.

What :mod:`tui.core.startup`, :mod:`tui.core.sourced_files` and :mod:`tui.core.leading_names` all read
through, kept apart so that each of them imports it and none imports another's: a file's text (a launchd
agent's ``launchctl setenv`` and pam_env's settings given as shell lines), remembered on the scan's
:class:`~tui.core.machine.Disk`; its commands (:class:`~tui.core.shell_variables.StartupScript`); the names
its commands read in; its logical lines (backslash continuations joined); a line's words as the shell passes
them (quotes and escapes taken out) and without its comment; whether a line names one of the tool's
commands; and a value as the folder it names. Nothing of a line is kept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from shlex import quote as shlex_quote

from tui.core.channels.base import Context
from tui.core.launch_agents import launch_agent
from tui.core.machine import Disk, Machine, ReadSkipped, to_machine_path
from tui.core.shell_variables import StartupScript
from tui.core.user_scripts import script_dialect

MAX_STARTUP_BYTES = 1024 * 1024  # a startup file larger than this is left unread (and the audit says so)
# (one of the tool's commands, its pattern as a whole word of a line)
ProgramWords = list[tuple[str, re.Pattern[str]]]


def program_started(line: str, program_words: list[tuple[str, re.Pattern[str]]]) -> str | None:
    """Which of the tool's commands a startup line runs (as a whole word), or None."""
    return next((p for p, rx in program_words if p in line and rx.search(line)), None)


# each scan's startup files, read once however many tools' conditions look in them (Disk.remembered)
_TEXTS = "startup: texts"


def startup_texts(disk: Disk) -> dict[str, str | ReadSkipped | None]:
    return disk.remembered(_TEXTS, dict)


def readable_texts(ctx: Context, paths: list[str], unread: list[str]) -> Iterator[tuple[str, str, str]]:
    """(path, as the machine names it, text) of each of ``paths`` that exists and can be read; those that
    exist but cannot be read are added to ``unread`` (they cannot confirm a condition)."""
    for path in paths:
        text = startup_text(ctx.disk, path)
        if isinstance(text, ReadSkipped):
            unread.append(ctx.disk.display(path))
        elif text is not None:
            yield path, ctx.disk.display(path), text


def startup_text(disk: Disk, path: str) -> str | ReadSkipped | None:
    """A startup file's text, None when there is none, or why it cannot be read (noted in the audit once).
    A launchd agent (``.plist``) gives the ``launchctl setenv`` of its program as shell lines."""
    texts = startup_texts(disk)
    if path not in texts:
        try:
            if path.endswith(".plist"):
                texts[path] = _launch_agent(disk, path)
            elif path.endswith("/.pam_environment"):
                texts[path] = _pam_environment(disk, path)
            else:
                # a shell reads a file in any encoding: a Latin-1 comment must not hide the lines around it
                texts[path] = disk.read_text_if_present(path, MAX_STARTUP_BYTES, errors="replace")
        except ReadSkipped as exc:
            disk.skip(path, f"shell startup file unreadable: {exc}")
            texts[path] = exc
    return texts[path]


# a macOS login item that runs `launchctl setenv NAME value` sets the variable for every program the user's
# session starts from then on (the apps of the Dock, an editor and its terminal among them)
_SETENV = re.compile(r"\blaunchctl\s+(setenv|unsetenv)\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+(\S+))?")


def _launch_agent(disk: Disk, path: str) -> str | None:
    """The ``launchctl setenv NAME value`` (and ``unsetenv NAME``) a launchd agent's ``ProgramArguments`` run,
    as ``NAME=value`` / ``unset NAME`` lines placed on the line of the XML file that names the variable (line 1
    for a binary one); None when there is no such file. Nothing else of the file is kept."""
    read = launch_agent(disk, path)  # (read and parsed once a scan: the launchers' flags read it too)
    if read is None:
        return None
    if isinstance(read, ReadSkipped):
        raise read
    data, plist = read
    args = plist.get("ProgramArguments")
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        return ""
    xml = data.decode("utf-8", "replace") if data.lstrip().startswith(b"<") else ""
    lines: list[str] = []
    for m in _SETENV.finditer(" ".join(args)[:MAX_STARTUP_BYTES]):
        verb, name, value = m.groups()
        at = xml.find(name)
        number = xml.count("\n", 0, at) + 1 if at >= 0 else 1
        statement = f"unset {name}" if verb == "unsetenv" else f"{name}={value or ''}"
        if lines and number <= len(lines):  # on a line already written (one `sh -c` string): one line, two commands
            lines[-1] += f"; {statement}"
        else:
            lines += [""] * (number - 1 - len(lines))
            lines.append(statement)
    return "\n".join(lines) + "\n" if lines else ""


# pam_env's ~/.pam_environment: `NAME DEFAULT=value OVERRIDE=value` (or `NAME=value`), for every login; @{HOME}
# and ${HOME} are the home
_PAM_LINE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*)|\s+(.*))$")
_PAM_SETTING = re.compile(r"\b(DEFAULT|OVERRIDE)=(\"[^\"]*\"|\S*)")


def _pam_environment(disk: Disk, path: str) -> str | None:
    """pam_env's settings as ``NAME=value`` lines, each on its own line's number (the ``OVERRIDE`` value where
    there is one, else the ``DEFAULT``), ``@{HOME}`` written ``$HOME``; None when there is no such file."""
    text = disk.read_text_if_present(path, MAX_STARTUP_BYTES, errors="replace")
    if text is None:
        return None
    lines: list[str] = []
    for line in text.splitlines():
        m = _PAM_LINE.match(line) if not line.lstrip().startswith("#") else None
        value: str | None = None
        if m and m.group(2) is not None:
            value = m.group(2)
        elif m:
            settings = dict(_PAM_SETTING.findall(m.group(3)))
            value = settings.get("OVERRIDE", settings.get("DEFAULT"))
        if m is None or value is None:
            lines.append("")
            continue
        value = value.strip('"').replace("@{HOME}", "$HOME").replace("${HOME}", "$HOME")
        lines.append(f"{m.group(1)}={shlex_quote(value)}")
    return "\n".join(lines) + "\n"


# each scan's startup files read into commands once, however many conditions ask about a variable
_SCRIPTS = "startup: scripts"


def startup_script(disk: Disk, path: str, text: str) -> StartupScript:
    scripts: dict[str, StartupScript] = disk.remembered(_SCRIPTS, dict)
    if path not in scripts:
        scripts[path] = StartupScript(text, script_dialect(disk, path, text))
    return scripts[path]


# the home as a startup file, an editor's settings (${env:HOME}, ${userHome}) or pam_env (@{HOME}) write it
_HOME_REFS = (
    "~/",
    "$HOME/",
    "${HOME}/",
    "$env:HOME/",
    "$env:USERPROFILE/",
    "%USERPROFILE%/",
    "${env:HOME}/",
    "${env:USERPROFILE}/",
    "${userHome}/",
    "$E:HOME/",  # elvish
)


def folder_named(value: str, machine: Machine) -> str | None:
    """``value`` as a machine path: absolute, or under the home (``~``, ``$HOME``); None when it is computed."""
    home = machine.home.rstrip("/")
    text = value.replace("\\", "/")
    for ref in _HOME_REFS:
        if text.startswith(ref) or text == ref.rstrip("/"):
            text = home + "/" + text[len(ref) :]
            break
    if any(c in text for c in "$`%") or "(" in text:
        return None
    if not (text.startswith("/") or (len(text) > 2 and text[1] == ":")):
        return None
    return to_machine_path(text).rstrip("/") or None


_READ_IN_NAMES = "startup: the names each file's commands read in"
# a command that sets the variables it names to what it takes in, and the words after it up to the next command
_READ_IN = re.compile(
    r"(?:^\s*|[;&|({`]\s*|\b(?:then|do|else)\s+)(read|mapfile|readarray|vared|getopts|select|printf)\s+"
    r"([^;&|<>)`\n]*)",
    re.MULTILINE,
)
# what a read line holds that names no variable: a quoted text with a space or zsh's "?prompt", and the word an
# option takes (bash's -p prompt, -d delimiter, -t timeout, -n/-N count, -u descriptor, -i text; zsh's -k, -d)
_NOT_A_NAME = re.compile(r"""(?:"(?:\?|[^"]*\s)[^"]*"|'(?:\?|[^']*\s)[^']*')|(?<!\S)-[A-Za-z]*[pdtnNuik]\s+\S+""")
_NAME_WORD = re.compile(r"""(?:^|\s|-[A-Za-z]*?[va]|["'])([A-Za-z_][A-Za-z0-9_]*)(?=["']?(?:\s|$))""")
_PRINTF_NAME = re.compile(r"""(?:^|\s)-v\s*["']?([A-Za-z_][A-Za-z0-9_]*)""")  # printf sets -v's name alone


def read_in_names(disk: Disk, path: str) -> set[str]:
    """The names the commands of ``path`` that read a value in may set (every name-like word after such a
    command, the name after printf's ``-v``: more than the shell sets, never fewer), once a scan. A comment is
    no command: oh-my-zsh's "by turning them into `\\xXX` printf escapes" sets nothing."""
    memory: dict[str, set[str]] = disk.remembered(_READ_IN_NAMES, dict)
    if path not in memory:
        text = startup_text(disk, path)
        names: set[str] = set()
        if isinstance(text, str) and _READ_IN.search(text):
            if "#" in text:
                text = "\n".join(without_comment(line) for line in text.split("\n"))
            for m in _READ_IN.finditer(text):
                if m.group(1) == "printf":
                    names.update(w.group(1) for w in _PRINTF_NAME.finditer(m.group(2)))
                else:
                    names.update(w.group(1) for w in _NAME_WORD.finditer(_NOT_A_NAME.sub(" ", m.group(2))))
        memory[path] = names
    return memory[path]


# a quoted string, an escaped character or a comment, in the order a line gives them (a "#" quoted is none)
_COMMENT = re.compile(r"""'[^']*'|"(?:\\.|[^"\\])*"|\\.|(?<![^\s;])\#.*""", re.S)


def without_comment(line: str) -> str:
    """``line`` without a comment at its end (``# see $X`` expands nothing)."""
    if "#" not in line:  # (most lines: no comment to look for)
        return line
    for m in _COMMENT.finditer(line):
        if m.group().startswith("#"):
            return line[: m.start()]
    return line


_ESCAPED = re.compile(r"\\([^\n])")
# bash's and zsh's ANSI-C quoting: $'…', its backslash escapes decoded by the shell
_ANSI_C = re.compile(r"\$'((?:\\.|[^'\\])*)'", re.S)
_ANSI_C_ESCAPE = re.compile(
    r"\\(?:x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|([0-7]{1,3})|c(.)|(.))", re.S
)
_ANSI_C_LETTERS = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}


def _ansi_c(text: str) -> str:
    """``text`` with each ``$'…'`` replaced by what the shell makes of it (``$'--dangerously-skip-
    permission\\x73'``, ``\\163``, ``\\u0073`` are the flag): the escapes bash documents, \\xHH, \\NNN,
    \\uHHHH, \\UHHHHHHHH, \\cX and the letters. Only looked at, never shown."""

    def escape(m: re.Match[str]) -> str:
        hexa, uni, wide, octal, control, other = m.groups()
        if control is not None:
            return chr(ord(control.upper()) & 0x1F)
        if other is not None:
            return _ANSI_C_LETTERS.get(other, other)  # \\, \', \" and \? stand for themselves
        code = int(hexa or uni or wide, 16) if octal is None else int(octal, 8) & 0xFF
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code < 0xE000 else ""

    return _ANSI_C.sub(lambda m: _ANSI_C_ESCAPE.sub(escape, m.group(1)), text)


def without_quotes(text: str) -> str:
    """``text`` with the quotes and backslashes the shell removes from a word taken out, for finding a flag
    however it is spelled (``--dangerously-skip-per""missions``, ``--dangerously-skip-permission\\s``,
    ``$'--dangerously-skip-permission\\x73'``). Lines and line ends stay where they are."""
    if "$'" in text:
        text = _ansi_c(text)
    if "\\" in text:  # a backslash before a line end takes both out (bash's "--dangerously-skip-\⏎permissions")
        text = _ESCAPED.sub(r"\1", text.replace("\\\n", ""))
    return text.replace('"', "").replace("'", "") if '"' in text or "'" in text else text


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(number of its first line, the line) with backslash continuations joined, as the shell reads them
    (``alias cc='claude \\`` then ``--dangerously-skip-permissions'`` is one command): the backslash and the
    line end are taken out and nothing put in their place (``--dangerously-skip-\\`` then ``permissions`` is
    the flag; bash removes them inside an alias's quotes too, when it reads the alias)."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not pending:
            start = number
        if line.endswith("\\") and len(pending) < 100:
            pending.append(line[:-1])
            continue
        out.append((start, "".join([*pending, line])))
        pending = []
    if pending:
        out.append((start, "".join(pending)))
    return out


@functools.lru_cache(maxsize=64)
def references_to(names: frozenset[str]) -> re.Pattern[str]:
    """Where a line expands one of ``names``, in any shell aicheck reads but xonsh: ``$N``, ``${N…}``,
    ``${#N}``, ``${!N}``, zsh's ``${(flags)N}``, PowerShell's ``$env:N``, ``${env:N}`` and ``@N``, nushell's
    ``$env.N``, elvish's ``$E:N``, cmd.exe's ``%N%`` and ``!N!`` (a Windows name in any case). A word that only
    spells a name (``set is`` in a line of prose) expands nothing."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"(?:\$(?:\{{(?:[#!]|\([^)]*\)|env:)?|env[.:]|E:)?|@|%|!)(?:{alternatives})(?![A-Za-z0-9_])", re.IGNORECASE
    )


@functools.lru_cache(maxsize=64)
def names_as_words(names: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9_])(?:{alternatives})(?![A-Za-z0-9_])", re.IGNORECASE)
