"""Whether the user's shell startup files start a tool with a flag the policy forbids.

``alias claude='claude --dangerously-skip-permissions'`` in ``~/.zshrc`` is how an agent is most often made
to run unattended: no settings file says so, and every session of that shell starts it that way. A policy
condition ``startup_flags = [...]`` (see :mod:`tui.core.policy`) names such flags; this module reads the
startup files of the shells aicheck knows (bash, zsh, sh, ksh, mksh, tcsh, fish, nushell, xonsh, elvish,
PowerShell) and the system's own (``/etc/profile``, ``/etc/profile.d``, ``/etc/zsh/zshrc`` ...), a targeted
list, never a walk, and finds the lines that run one of the tool's commands with one of the flags. Comment
lines are left out.

A flag may also come from a variable (``F=--dangerously-skip-permissions`` then ``alias claude="claude $F"``):
a line that expands variables is read as the shell passes it on, each reference replaced by each value the
startup files give that variable, anywhere and any way (:mod:`tui.core.line_expansion`, with the values
:meth:`~tui.core.shell_variables.StartupScript.held_values` reads). A version that starts the tool with a
flag is a finding, named by the line and the variable; a split flag (``${A}-skip-permissions``) is whole
again. What the files cannot tell after the tool's command on such a line (a variable none of them sets, a
command's output) could hold a flag, so that line cannot confirm the condition, as an unreadable file cannot;
a value that holds no flag (``MODEL=opus`` for ``--model $MODEL``) breaks nothing.

Nothing of a line is kept: a startup file holds exported tokens, so only the file, the line's number, the
command, the variable's name and the policy's own flag are reported.

The files a startup file sources are followed by :mod:`tui.core.sourced_files`, the names the files define that
lead to the tool (``alias c=claude``) are found by :mod:`tui.core.leading_names`, and all three read the files
through :mod:`tui.core.startup_reading`; this module puts them together and answers the conditions' questions.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from tui.core.bounded_read import TooLarge, Unreadable
from tui.core.channels.base import Context
from tui.core.editor_settings import EDITOR_SETTINGS, may_hold
from tui.core.leading_names import (
    COMMAND_START,
    FISH_OPENS,
    GIVEN_ARGUMENTS,
    GIVEN_COMMAND,
    command_word,
    global_aliases,
    name_definitions,
    named_as,
    names_leading_to,
    with_global_aliases,
    words_to_find,
)
from tui.core.line_expansion import UNKNOWN, Expander, Parameters, Version
from tui.core.locations import environment_sets, expand_all
from tui.core.machine import Disk, Machine, ReadSkipped
from tui.core.path_entries import DATA_DIRS_SELF, PathEntries
from tui.core.path_forms import POSITIONAL, PathFunctions, read_in_value
from tui.core.script_runs import note_run_time_programs, reached
from tui.core.settings_files import existing_settings, lookup_all
from tui.core.shell_variables import (
    CMD,
    EXPORTED,
    FISH,
    NU,
    PARTLY,
    POWERSHELL,
    READ_IN_COMMANDS,
    SH,
    UNSET,
    XONSH,
    HeldValue,
    dialect_of,
)
from tui.core.sourced_files import (
    BREW_MARK,
    DEFERRED,
    FOLDER_CUT,
    HOMEBREW_PREFIXES,
    NAMED_AT_RUN_TIME,
    RUN_TIME_NAMES,
    SELF_DEFAULT,
    StartupFile,
    all_sourced,
    folders_cut,
    listed_files,
    with_marks,
    with_sourced,
    xdg_config_folder,
)
from tui.core.startup_reading import (
    ProgramWords,
    folder_named,
    logical_lines,
    names_as_words,
    program_started,
    read_in_names,
    readable_texts,
    references_to,
    startup_script,
    startup_text,
    startup_texts,
    without_comment,
    without_quotes,
)
from tui.core.user_scripts import (
    MAX_USER_SCRIPTS,
    PAST_THE_BOUNDS,
    is_binary,
    other_language_of,
    script_dialect,
    user_scripts,
)

# shell startup files, as location templates; {program} is each of the tool's commands (fish autoloads a
# function from functions/<name>.fish); a name starting with "*" stands for each file of that one folder with
# that ending, by name (a folder the shell runs whole; listed, never walked)
STARTUP_FILES: dict[str, tuple[str, ...]] = {
    "linux": (
        "{home}/.bashrc",
        "{home}/.bash_profile",
        "{home}/.bash_login",
        "{home}/.bash_aliases",
        "{home}/.profile",
        "{home}/.zshrc",
        "{home}/.zshenv",
        "{home}/.zprofile",
        "{home}/.zlogin",
        # ksh93 and mksh: an interactive shell runs the file $ENV names (see sourced_files._ksh_env), by default these
        "{home}/.kshrc",
        "{home}/.mkshrc",
        # tcsh (~/.cshrc where there is no ~/.tcshrc) and csh; ~/.login in a login shell
        "{home}/.tcshrc",
        "{home}/.cshrc",
        "{home}/.login",
        "{xdg_config}/fish/config.fish",
        "{xdg_config}/fish/functions/{program}.fish",
        # nushell: env.nu, config.nu and, in a login shell, login.nu of $nu.default-config-dir (XDG's folder;
        # on macOS, where XDG_CONFIG_HOME is not set, ~/Library/Application Support/nushell: {ud})
        "{xdg_config}/nushell/env.nu",
        "{xdg_config}/nushell/config.nu",
        "{xdg_config}/nushell/login.nu",
        "{xdg_config}/nushell/autoload/*.nu",  # the user's autoload folder: each *.nu there, after config.nu
        "{ud}/nushell/env.nu",
        "{ud}/nushell/config.nu",
        "{ud}/nushell/login.nu",
        "{ud}/nushell/autoload/*.nu",
        # xonsh: its run control files, and every *.xsh of its rc.d folder
        "{home}/.xonshrc",
        "{xdg_config}/xonsh/rc.xsh",
        "{xdg_config}/xonsh/rc.d/*.xsh",
        # elvish: the legacy ~/.elvish/rc.elv where there is one, else XDG's
        "{home}/.elvish/rc.elv",
        "{xdg_config}/elvish/rc.elv",
    ),
    "windows": (
        "{home}/Documents/PowerShell/Microsoft.PowerShell_profile.ps1",
        "{home}/Documents/PowerShell/profile.ps1",
        "{home}/Documents/WindowsPowerShell/Microsoft.PowerShell_profile.ps1",
        "{home}/Documents/WindowsPowerShell/profile.ps1",
        # Documents moved to OneDrive (Known Folder Move, common on company machines)
        "{home}/OneDrive/Documents/PowerShell/Microsoft.PowerShell_profile.ps1",
        "{home}/OneDrive/Documents/WindowsPowerShell/Microsoft.PowerShell_profile.ps1",
        "{home}/.bashrc",  # Git Bash
        "{home}/.bash_profile",
        "{appdata}/nushell/env.nu",
        "{appdata}/nushell/config.nu",
        "{appdata}/nushell/autoload/*.nu",
        "{appdata}/elvish/rc.elv",
    ),
}
# PowerShell on Linux and macOS keeps its profile under ~/.config/powershell
STARTUP_FILES["linux"] += (
    "{home}/.config/powershell/Microsoft.PowerShell_profile.ps1",
    "{home}/.config/powershell/profile.ps1",
)
# The system's startup files, which every session of those shells runs before the user's own (and a user with
# sudo edits as easily): sh's and bash's (/etc/profile runs each /etc/profile.d/*.sh, listed before it so that
# its loop finds them read), zsh's (Debian's /etc/zsh/, Fedora's and macOS's /etc/), tcsh's, fish's, xonsh's.
# Machine paths: on a disk image, under its root. /etc/environment is pam_env's: see SESSION_FILES.
SYSTEM_STARTUP_FILES: dict[str, tuple[str, ...]] = {
    "linux": (
        "/etc/profile.d/*.sh",
        "/etc/profile",
        "/etc/bash.bashrc",
        "/etc/bashrc",
        "/etc/zsh/zshenv",
        "/etc/zsh/zprofile",
        "/etc/zsh/zshrc",
        "/etc/zshenv",
        "/etc/zprofile",
        "/etc/zshrc",
        "/etc/csh.cshrc",
        "/etc/csh.login",
        "/etc/fish/config.fish",
        "/etc/xonsh/xonshrc",
        "/etc/xonsh/rc.d/*.xsh",
    ),
    "macos": (
        "/etc/profile",
        "/etc/bashrc",
        "/etc/zshenv",
        "/etc/zprofile",
        "/etc/zshrc",
        "/etc/csh.cshrc",
        "/etc/csh.login",
    ),
}
STARTUP_FILES["macos"] = STARTUP_FILES["linux"] + SYSTEM_STARTUP_FILES["macos"]
STARTUP_FILES["linux"] += SYSTEM_STARTUP_FILES["linux"]


@dataclass(frozen=True)
class StartupFinding:
    file: str  # as the scanned machine names it
    line: int
    program: str
    flag: str  # the policy's own flag
    # the references on the line the flag comes from ("$F"), where the line does not write it out
    variables: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnknownArgument:
    """A line that starts one of the tool's commands with what cannot be known before the shell runs it: a
    variable no startup file sets, or a command's output (see :mod:`tui.core.line_expansion`). It could hold a
    forbidden flag, so it cannot confirm the condition; only the reference is named, never a value."""

    file: str  # as the scanned machine names it
    line: int
    program: str
    reference: str  # as the line writes it: "$F", "${F}", "$(…)"


def startup_paths(machine: Machine, programs: tuple[str, ...], sets: list[dict[str, str]]) -> list[str]:
    """The startup files to look in on this machine, each once: every template with the token ``sets``, a
    ``{program}`` template for each of ``programs`` (none when there are none)."""
    out: list[str] = []
    for template in STARTUP_FILES.get(machine.platform, ()):
        names = programs if "{program}" in template else ("",)
        for name in names:
            for path in expand_all(template.replace("{program}", name), machine, sets):
                if path not in out:
                    out.append(path)
    return out


def startup_files(ctx: Context, programs: tuple[str, ...]) -> list[str]:
    """:func:`startup_paths` with the scan's token sets (folders the environment or a startup file moved).
    Each condition that reads the startup files asks (a dozen a scan, most for the same programs): worked out
    once a scan per list of programs and the context's token sets (kept with the answer, so that a context made
    apart on the same disk never takes another's), a copy handed out."""
    memory: dict[tuple[tuple[str, ...], int], tuple[list[dict[str, str]], list[str]]] = ctx.disk.remembered(
        _STARTUP_FILES, dict
    )
    key = (programs, id(ctx.token_sets))
    hit = memory.get(key)
    if hit is None or hit[0] is not ctx.token_sets:
        hit = memory[key] = (ctx.token_sets, startup_paths(ctx.machine, programs, ctx.token_sets))
    return list(hit[1])


_STARTUP_FILES = "startup: the startup files to look in, per list of programs"


def _startup_paths_of(disk: Disk, machine: Machine, programs: tuple[str, ...]) -> list[str]:
    """:func:`startup_paths` with ``machine``'s token sets (:func:`tui.core.locations.token_sets`), for the
    callers without a context (the agents' flag arguments, npm's settings: several a scan): once a scan per list
    of programs and machine (kept with the answer, so that another machine never takes its place), a copy
    handed out."""
    from tui.core.locations import token_sets

    memory: dict[tuple[tuple[str, ...], int], tuple[Machine, list[str]]] = disk.remembered(_STARTUP_PATHS, dict)
    key = (programs, id(machine))
    hit = memory.get(key)
    if hit is None or hit[0] is not machine:
        hit = memory[key] = (machine, startup_paths(machine, programs, token_sets(machine)))
    return list(hit[1])


_STARTUP_PATHS = "startup: the startup files to look in, per list of programs and machine"


# -- the checks a sourced name is read only while ------------------------------------------------------
# Made when the condition is judged, for the lines :mod:`tui.core.sourced_files` noted (its _defer): whether the
# command the sessions run is the packaged one, whether no file that gives sessions variables sets the variable.
# Here, not there: they ask exported_values, which follows the sourced files itself.
# an export or declaration of a name the shell computes (`n=GHOSTTY_RESOURCES; export ${n}_DIR=~/g`): it may
# set any variable
_COMPUTED_EXPORT = re.compile(
    r"\b(?:export|declare|typeset|readonly|setenv|set-env|set\s+-[gUx]+)\s+(?:-\S+\s+)*[\"']?[\w]*[$`][^\s=]*(?:=|\s|$)"
    r"|\bprintf\s+-v\s*[\"']?[\w]*\$"
)


def _deferred_unknown(ctx: Context, path: str, read: list[str]) -> list[int]:
    """The lines of ``path`` that name a file by a form whose check (:data:`tui.core.sourced_files.DEFERRED`) fails."""
    deferred: dict[str, list[tuple[int, str]]] = ctx.disk.remembered(DEFERRED, dict)
    checks = deferred.get(path, [])
    if not checks:
        return []
    results: dict[str, bool] = ctx.disk.remembered(DEFERRED + ": results", dict)
    lines: list[int] = []
    for line, check in checks:
        if check not in results:
            kind, _, name = check.partition(":")
            results[check] = _first_command_ok(ctx, name) if kind == "path" else _variable_unset(ctx, name, read)
        if not results[check] and line not in lines:
            lines.append(line)
    return lines


def _first_command_ok(ctx: Context, name: str) -> bool:
    """Whether the ``name`` the sessions run is the packaged one: for brew, a standard prefix's own (or none
    on the search path at all: then the name holds nothing); for an editor, one outside the home. A folder a
    startup file puts on the search path may come first: each such one counts too."""
    disk, machine = ctx.disk, ctx.machine
    home = machine.home.rstrip("/") + "/"
    brew_bins = {f"{p}/bin" for p in (*HOMEBREW_PREFIXES, f"{home}.linuxbrew")}
    found: list[str] = []
    for folder in machine.startup_path:
        if disk.exists(f"{folder.rstrip('/')}/{name}"):
            found.append(folder.rstrip("/"))
    for folder in machine.search_path:
        if disk.exists(f"{folder.rstrip('/')}/{name}"):
            found.append(folder.rstrip("/"))
            break
    if name == "brew":
        return all(folder in brew_bins for folder in found)
    return bool(found) and all(
        not (disk.resolve(f"{folder}/{name}") or f"{folder}/{name}").startswith(home) and not folder.startswith(home)
        for folder in found
    )


def _variable_unset(ctx: Context, name: str, read: list[str]) -> bool:
    """Whether no file that gives sessions variables sets ``name`` (HOMEBREW_PREFIX: to anything but a
    standard prefix or ``$(brew --prefix)``), nor exports a name it computes."""
    lines, _unread = exported_values(ctx, name, (), folder_files=tuple(session_files(ctx.disk, ctx.machine)))
    allowed: set[tuple[str, int]] = set()
    if name == "HOMEBREW_PREFIX":
        for path in read:
            text = startup_text(ctx.disk, path)
            if isinstance(text, str) and name in text:
                script = startup_script(ctx.disk, path, text)
                allowed |= {
                    (ctx.disk.display(path), v.line)
                    for v in script.variable_lines(name)
                    if v.value is not None
                    and with_marks(v.value).startswith(BREW_MARK)
                    and with_marks(v.value) == BREW_MARK
                }
    standard = set(HOMEBREW_PREFIXES) if name == "HOMEBREW_PREFIX" else set()
    for line in lines:
        if line.how == UNSET or (line.file, line.line) in allowed or (line.value or "").rstrip("/") in standard:
            continue
        return False
    for path in read:
        text = startup_text(ctx.disk, path)
        if isinstance(text, str) and _COMPUTED_EXPORT.search(text):
            return False
    return True


# -- the tool's own commands that are scripts --------------------------------------------------------------
# a text file whose first line runs no program known to be another language's (see tui.core.shebang): a script
# of the user's shell, read like a startup file (a launcher in another language, node's or Python's, is the
# tool's own and is left alone)
_SCRIPT_SUFFIXES = (".cmd", ".bat", ".ps1", ".sh", ".fish", ".csh", ".nu", ".xsh", ".elv")


def wrapper_scripts(ctx: Context, commands: tuple[str, ...]) -> list[str]:
    """The files behind the tool's commands on the search path that are small shell scripts
    (``~/.local/bin/claude``: ``ANTHROPIC_BASE_URL=… exec /usr/local/bin/claude --dangerously-skip-permissions
    "$@"``), as real machine paths, each once. Every session started through such a command runs its lines.
    The tool's own program is never this small (:func:`is_small_text_shim`); a small file that is not text
    (a compiled shim) is not a script."""
    return list(ctx.disk.remembered(("wrapper scripts", commands), lambda: _wrapper_scripts(ctx, commands)))


def _wrapper_scripts(ctx: Context, commands: tuple[str, ...]) -> list[str]:
    from tui.core.channels.readers import MAX_SHIM_BYTES, is_small_text_shim

    out: list[str] = []
    texts = startup_texts(ctx.disk)
    for path in commands:
        real = ctx.disk.resolve(path)
        if real is None or real in out:
            continue
        if real not in texts:
            text = None
            if is_small_text_shim(ctx, real):
                try:
                    text = ctx.disk.read_text_if_present(real, MAX_SHIM_BYTES)
                except ReadSkipped:
                    text = None
            script = text is not None and (
                real.lower().endswith(_SCRIPT_SUFFIXES)
                or (not is_binary(text[:8].encode("utf-8", "replace")) and other_language_of(ctx.disk, text) is None)
            )
            texts[real] = text if script else None  # not a script of a shell: nothing of it is read as one
        if isinstance(texts[real], str):
            out.append(real)
    return out


# -- folders the startup files export ------------------------------------------------------------------
# variables that move a tool's folders: XDG's, and names such as CLAUDE_CONFIG_DIR, CODEX_HOME, NVM_DIR,
# NPM_CONFIG_PREFIX, BUN_INSTALL, CHROME_CONFIG_HOME; OPENCODE_CONFIG and KILO_CONFIG, which name opencode's and
# Kilo's config file; and VS Code's VSCODE_EXTENSIONS and VSCODE_PORTABLE, its extensions' folders. Only these are
# kept, and only a value that is a path: a startup file's other exports (tokens) are never kept
_FOLDER_VAR = re.compile(
    r"^(?:XDG_CONFIG_HOME|XDG_DATA_HOME|OPENCODE_CONFIG|KILO_CONFIG|VSCODE_EXTENSIONS|VSCODE_PORTABLE"
    r"|NPM_CONFIG_USERCONFIG|NPM_CONFIG_CACHE|[A-Z][A-Z0-9_]*_(?:HOME|DIR|PATH|PREFIX|INSTALL|FOLDER|SYMLINK|ROOT))$",
    re.IGNORECASE,  # npm_config_prefix as npm writes it
)
MAX_FOLDERS_PER_VAR = 16  # folders one variable is followed to; more is a scan error for an agent's folder
MAX_PATH_FOLDERS = 128  # folders the startup files put on PATH or run programs from, in all (each listed once)


# the names a startup file may set: NAME=… (export, alias, one command), fish's set … NAME, $env:NAME = …;
# tcsh's setenv NAME, nushell's $env.NAME = … and a record's NAME: …, xonsh's $NAME = … and […'NAME'] = …,
# elvish's set-env NAME and E:NAME = … (which of them a file's shell reads is the reader's to say)
_ASSIGNED_NAMES = re.compile(
    r"(?<![\w$\-.])[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?\+?=|\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=|\bset\s+(?:-\S+\s+)*([A-Za-z_][A-Za-z0-9_]*)\s"
    r"|\b(?:setenv|set-env)\s+([A-Za-z_][A-Za-z0-9_]*)|(?:\$env\.|\$|E:)([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)"
    r"|[\[{,]\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?\s*[:\]]",
    re.IGNORECASE,
)
# a line that runs a command setting variables to what it takes in (``read -r CLAUDE_CONFIG_DIR < ~/.dir``):
# each folder variable named on it is asked about too (the reader says which it sets, to a computed value)
_READS_IN = re.compile(rf"(?<![\w$.-])(?:{'|'.join(READ_IN_COMMANDS)})(?![\w-])[^\n]*")


def exported_folders(disk: Disk, machine: Machine) -> dict[str, tuple[str, ...]]:
    """The folders the shell startup files set for variables that move a tool's folders, as machine paths
    (``export CLAUDE_CONFIG_DIR="$HOME/.claude-work"``, fish's ``set -gx``, PowerShell's ``$env:NAME = …``).
    However a line sets it, an alias that sets it for the tool's command (``alias claude='CLAUDE_CONFIG_DIR=…
    claude'``) or an export inside a block included: the sessions started that way read the moved folder, so
    it is looked in too. So are the other places a session takes its environment from (:data:`SESSION_FILES`,
    fish's universal variables, mise, tmux, an editor's settings: :func:`_elsewhere`). A value that cannot be
    known (``$(…)``, another variable, a relative path) is left out; for a variable of
    :data:`AGENT_FOLDER_VARIABLES` the place is noted (:func:`unknown_folder_errors`). ``PATH`` is read the
    same way from the shell files, each of its folders (``"$HOME/tools/bin:$PATH"`` gives the first), with the
    folders a function that puts what it is given on PATH is called with, and what ``printf -v PATH`` and
    ``read PATH <<<`` give (:mod:`tui.core.path_forms`); so is ``XDG_DATA_DIRS``, for the menu entries of its
    folders (:data:`DATA_DIRS`)."""
    found: dict[str, list[str]] = {}
    fold = machine.platform == "windows"
    # the folders before any startup file moves one (the startup files cannot move themselves)
    roots = [*startup_paths(machine, (), environment_sets(machine)), *session_files(disk, machine)]
    items = all_sourced(disk, machine, roots)
    entries = PathEntries(disk, machine, [item.path for item in items], MAX_PATH_FOLDERS)
    data_dirs = PathEntries(
        disk, machine, [item.path for item in items], MAX_PATH_FOLDERS, DATA_DIRS_SELF, f"${DATA_DIRS}"
    )
    functions = PathFunctions(disk, [item.path for item in items])  # pathadd() { PATH="$1:$PATH"; }
    for item in items:
        path = item.path
        text = startup_text(disk, path)
        if isinstance(text, ReadSkipped) and _shell_reads_it(text):  # what it puts on the search path is unknown
            unread: dict[str, str] = disk.remembered(UNREAD_STARTUP, dict)
            unread.setdefault(disk.display(path), str(text))
        if not isinstance(text, str):
            continue
        listed: set[int] = set()  # the lines read as words: a list's value is no string
        if "path" in text.lower():  # zsh's path array, fish's PATH list and fish_add_path: words, not a string
            for number, word in _path_list_words(text):
                listed.add(number)
                if functions.inside(path, number):  # read for each call of the function instead
                    continue
                if POSITIONAL.search(word):  # what a caller gives, outside a function followed: unknown
                    entries.note(path, number)
                    continue
                for each in entries.in_loops(word, path, number):  # for d in ~/a ~/b; do path=($d $path); done
                    entries.add_word(each, path, number)
        _program_folders(disk, path, entries)
        if "$" in text or "`" in text:
            note_run_time_programs(disk, machine, item, text)  # exec "$RUNNER": said in the audit
        names = {
            n
            for m in _ASSIGNED_NAMES.finditer(text)
            for n in m.groups()
            if n and (_FOLDER_VAR.match(n) or n.upper() == SEARCH_PATH or n == DATA_DIRS)
        }
        names.update(
            n
            for m in _READS_IN.finditer(text)
            for n in _WORD.findall(m.group())
            if _FOLDER_VAR.match(n) or n == SEARCH_PATH  # read -r PATH, printf -v PATH
        )
        script = startup_script(disk, path, text) if names else None
        for name in sorted(names, key=str.upper):
            key = name.upper() if fold or dialect_of(path) == POWERSHELL or name.upper() == SEARCH_PATH else name
            if key == SEARCH_PATH and name != SEARCH_PATH and not fold and dialect_of(path) != POWERSHELL:
                continue  # `path` is zsh's array, fish's PATH is a list: only PATH itself is read as a string
            for line in script.variable_lines(name, fold=fold) if script else ():
                if line.how == UNSET:
                    continue
                if key == DATA_DIRS:
                    data_dirs.add_value(line.value, path, line.line)
                    continue
                if key != SEARCH_PATH:
                    _add_folder(disk, found, key, line.value, f"{disk.display(path)} line {line.line}")
                    continue
                if functions.inside(path, line.line):  # read for each call of the function instead
                    continue
                value = line.value
                if value is None and line.line not in listed:  # printf -v PATH …, read PATH <<< …
                    value = read_in_value(text, line.line)
                    if value is None:  # set to what it takes in, or computed: never dropped silently
                        entries.note(path, line.line)
                        continue
                if value is not None and POSITIONAL.search(value) and not fold:  # what a caller gives
                    entries.note(path, line.line)
                    continue
                for each in entries.in_loops(value, path, line.line) if value is not None else ():
                    entries.add_value(each, path, line.line, ";" if fold else ":")
    functions.follow(entries, _path_list_words)
    for name, place, value in _elsewhere(disk, machine):
        _add_folder(disk, found, name.upper() if fold else name, value, place)
    _fish_user_paths(disk, machine, entries)
    if entries.folders:
        found[SEARCH_PATH] = entries.folders
    if data_dirs.folders:
        found[DATA_DIRS] = data_dirs.folders
    return {name: tuple(values) for name, values in found.items() if values}


# where an alias's or a function's body runs a program named by its path (`alias claude="$HOME/opt/npm/bin/
# claude"`, `function g { ~/tools/gemini "$@"; }`): the path, as the body writes it
_PROGRAM_PATH = re.compile(
    COMMAND_START
    + r"""['"]?(?P<program>(?:~|\$\{?\w+\}?|/)[^\s;&|()'"<>`]*/[^\s;&|()'"<>`/]+)(?=['"]?(?:\s|$|[;&|)}]))""",
    re.MULTILINE,
)


def _program_folders(disk: Disk, path: str, entries: PathEntries) -> None:
    """The folders of the programs the aliases and functions of ``path`` run by their path: each is a folder
    the user's sessions run programs from, as a PATH folder is, looked in for the tools' commands too (a tool
    installed with ``npm i -g --prefix ~/opt/npm`` and started through an alias alone, its folder on no PATH)."""
    definitions = name_definitions(disk, path)
    if not definitions:
        return
    text = startup_text(disk, path)
    text = text if isinstance(text, str) else ""
    seen = 0
    for name, body in definitions:
        for m in _PROGRAM_PATH.finditer(body):
            seen += 1
            if seen > MAX_PROGRAM_PATHS:  # a file of thousands: the first ones, and the scan is incomplete
                disk.skip_once(path, f"past the {MAX_PROGRAM_PATHS} programs run by their path that are followed")
                why = f"{disk.display(path)} runs more than {MAX_PROGRAM_PATHS} programs by their path"
                disk.unlisted.setdefault("the folders the aliases and functions run programs from", why)
                return
            at = text.find(name)  # the definition's line, for the audit (where its name first stands)
            entries.add_folder(m.group("program"), path, text.count("\n", 0, at) + 1 if at >= 0 else 1)


MAX_PROGRAM_PATHS = 256  # programs the aliases and functions of one file run by their path, followed


def _fish_user_paths(disk: Disk, machine: Machine, entries: PathEntries) -> None:
    """fish's universal ``fish_user_paths`` (what ``fish_add_path`` at the prompt stores in ``fish_variables``,
    ``SETUVAR fish_user_paths:/a\\x1e/b``), which fish puts before PATH in every session, exported or not."""
    for path in expand_all(FISH_VARIABLES, machine, environment_sets(machine)):
        text = startup_text(disk, path)
        if not isinstance(text, str) or "fish_user_paths" not in text:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            words = line.split(" ")
            var, colon, value = words[-1].partition(":")
            if colon and var == "fish_user_paths" and words[0] in ("SETUVAR", "SET", "SET_EXPORT"):
                for folder in _FISH_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value).split("\x1e"):
                    entries.add_word(folder, path, number)


# the variables that move an AI agent's own folder (its settings, MCP servers, hooks and skills): set to a
# folder that cannot be known, they hide all of that, so the scan says so (a scan error, never a clean bill).
# Another folder variable (NVM_DIR, JAVA_HOME ...) is often computed (`$(brew --prefix)`) and is only left out
# the variables that move an agent's whole folder (its MCP servers, hooks, settings): one set to what cannot be
# known is a scan error (COPILOT_HOME moves ~/.copilot, GEMINI_CLI_HOME the home ~/.gemini is read from,
# OPENCODE_CONFIG_DIR opencode's config folder, OPENCODE_CONFIG its one more file, VIBE_HOME Mistral Vibe's,
# QWEN_HOME Qwen Code's, and the folders and files Continue, Kilo and Cline CLI read their MCP servers from)
AGENT_FOLDER_VARIABLES = (
    "CLAUDE_CONFIG_DIR", "CODEX_HOME", "GEMINI_CLI_HOME", "OPENCODE_CONFIG_DIR", "OPENCODE_CONFIG", "COPILOT_HOME",
    "VIBE_HOME", "QWEN_HOME", "CONTINUE_GLOBAL_DIR", "KILO_CONFIG_DIR", "KILO_CONFIG", "CLINE_DIR",
    "CLINE_DATA_DIR", "CLINE_MCP_SETTINGS_PATH",
)  # fmt: skip
# the variables that move the folder an editor or a browser loads its extensions from (VS Code's, and Chromium's
# on Linux): one set to what cannot be known would hide a prohibited extension kept there, a scan error too
EXTENSION_FOLDER_VARIABLES = ("VSCODE_EXTENSIONS", "VSCODE_PORTABLE", "CHROME_CONFIG_HOME", "CHROME_USER_DATA_DIR")
UNKNOWN_FOLDERS = "moved folders unknown"  # disk.remembered: variable -> the places that set it to one


def _add_folder(disk: Disk, found: dict[str, list[str]], name: str, value: str | None, place: str) -> None:
    """``value`` as a folder ``name`` moves to, added to ``found``; when it cannot be known, ``place`` noted
    for :func:`unknown_folder_errors` (an empty value sets nothing). ``${NAME:-default}`` gives the default: the
    variable's own value, where another place sets it, is read there."""
    if value is not None and not value.strip():
        return
    if value is not None and (m := SELF_DEFAULT.match(value.strip())) and m.group(1) == name:
        value = m.group(2) + m.group(3)
    folder = folder_named(value, disk.machine) if value is not None else None
    judged = name in AGENT_FOLDER_VARIABLES or name in EXTENSION_FOLDER_VARIABLES  # as the tool reads the name
    if folder is None:
        if judged:  # (a Windows name is given in capitals)
            _note_unknown(disk, name, place)
        return
    values = found.setdefault(name, [])
    if folder in values:
        return
    if len(values) < MAX_FOLDERS_PER_VAR:
        values.append(folder)
    elif judged:  # a folder past the cap goes unread: as one that cannot be known
        _note_unknown(disk, name, f"{place} (past the {MAX_FOLDERS_PER_VAR} folders aicheck follows)")


def _note_unknown(disk: Disk, name: str, place: str) -> None:
    unknown: dict[str, list[str]] = disk.remembered(UNKNOWN_FOLDERS, dict)
    places = unknown.setdefault(name, [])
    if place not in places:
        places.append(place)


def unknown_folder_errors(disk: Disk) -> list[str]:
    """One scan error per agent folder variable (:data:`AGENT_FOLDER_VARIABLES`) or extension folder variable
    (:data:`EXTENSION_FOLDER_VARIABLES`) that some place sets to a folder that cannot be known: what the agent
    keeps there (its settings, MCP servers, hooks, skills), or the extensions kept there, are unread, so the scan
    is incomplete. Never a clean bill."""
    unknown: dict[str, list[str]] = disk.remembered(UNKNOWN_FOLDERS, dict)
    return [
        f"${name} is set in {', '.join(places[:MAX_PLACES_SHOWN])}"
        + (f" and {len(places) - MAX_PLACES_SHOWN} more places" if len(places) > MAX_PLACES_SHOWN else "")
        + " to a folder that cannot be known (computed when a session starts, or relative to the folder it starts "
        + "in): "
        + (
            "the editor or browser extensions kept there would go unseen"
            if name.upper() in EXTENSION_FOLDER_VARIABLES
            else "the settings, MCP servers, hooks and skills kept there would go unseen"
        )
        + " (set it to an absolute folder, or one under ~)"
        for name, places in unknown.items()
    ]


MAX_PLACES_SHOWN = 8


# -- the other places a session takes its environment from --------------------------------------------------
# Files of a shell's `NAME=value` lines that set variables for the user's sessions, read as startup files are:
# direnv's ~/.envrc (every session started in the home or below it, where no nearer .envrc is), systemd's
# environment.d (every program of the desktop session: an editor started from its menu, and its terminal),
# pam_env's ~/.pam_environment and the system's /etc/environment (every login: plain `NAME=value` lines), and a
# Mac's login items that run `launchctl setenv`. A table here, not the pack's: the pack names some of them for
# its conditions (env_files), but the folder a variable moves is where a tool reads, whatever a policy asks
# about; it is worked out before any tool is looked at.
# An X session's own scripts are shell files too, whose exports every program of the desktop session gets:
# Debian's Xsession sources ~/.xsessionrc (40x11-common_xsessionrc) and runs ~/.xsession; GDM's, LightDM's and
# SDDM's session scripts source /etc/xprofile and ~/.xprofile; startx runs ~/.xinitrc; Plasma sources each
# ~/.config/plasma-workspace/env/*.sh before it starts.
SESSION_FILES: dict[str, tuple[str, ...]] = {
    "linux": (
        "{home}/.envrc",
        "{xdg_config}/environment.d/*.conf",
        "{home}/.pam_environment",
        "/etc/environment",
        "{home}/.xsessionrc",
        "{home}/.xprofile",
        "/etc/xprofile",
        "{home}/.xsession",
        "{home}/.xinitrc",
        "{xdg_config}/plasma-workspace/env/*.sh",
    ),
    "macos": ("{home}/.envrc", "{home}/Library/LaunchAgents/*.plist"),
    "windows": (),
}
MAX_SESSION_FILES = 200  # files of one folder (environment.d, LaunchAgents), the first by name
_TERMINAL = {"linux": "linux", "macos": "osx", "windows": "windows"}
MAX_LISTED = 1000  # entries of one editor's list looked at
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def session_files(disk: Disk, machine: Machine) -> list[str]:
    """The :data:`SESSION_FILES` there may be on this machine (a ``*.conf`` template: the folder's files of
    that suffix, by name), with the folders before any of them moves one."""
    out: list[str] = []
    for template in SESSION_FILES.get(machine.platform, ()):
        for path in expand_all(template, machine, environment_sets(machine)):
            folder, _, name = path.rpartition("/")
            files = (
                listed_files(disk, folder, name[1:], MAX_SESSION_FILES, runs=False) if name.startswith("*") else [path]
            )
            out += [f for f in files if f not in out]
    return out


def _elsewhere(
    disk: Disk, machine: Machine, wanted: Callable[[str], object] = _FOLDER_VAR.match
) -> list[tuple[str, str, str | None]]:
    """(variable, the place as the audit says it, its value; None where it cannot be known) for each folder
    variable (``wanted``: each variable it picks) fish's universal variables, mise's ``[env]``, tmux's
    ``set-environment`` and an editor's settings (:data:`tui.core.editor_settings.EDITOR_SETTINGS`) set, read by
    the same readers as the conditions' (each file once a scan)."""
    from tui.core.catalog import Catalog

    ctx = Context(disk, machine, Catalog())  # the folders before any of these moves one; no tool looked up
    out: list[tuple[str, str, str | None]] = []
    fish, mise, tmux = _environment_paths(ctx)
    names: set[str] = set()
    for _path, _shown, text in readable_texts(ctx, [*fish, *mise, *tmux], []):
        names.update(n for n in _WORD.findall(text) if wanted(n))
    for name in sorted(names):
        out += [(name, e.place, e.value) for e in _environment_files(ctx, name, []) if e.how != UNSET]
    return out + _editor_variables(ctx, wanted=wanted)


def exported_settings(
    disk: Disk, machine: Machine, wanted: Callable[[str], object]
) -> list[tuple[str, str, str | None]]:
    """(variable, the place: file and line, its value; None where it cannot be known: computed by the shell)
    for each line of the shell startup files, the files they source and the other places a session takes its
    environment from (:func:`exported_folders`' files, with the folders the scan moved) that sets a variable
    ``wanted`` picks, however the line sets it (an export, an alias's assignment, a block's: each counts, more
    caution than the sessions may need); a line that unsets one is left out. For the variables of the
    programs an agent's servers run through (npm's ``npm_config_*``, ``NODE_OPTIONS``): nothing is kept of
    a value but what the caller compares at once."""
    out: list[tuple[str, str, str | None]] = []
    fold = machine.platform == "windows"
    roots = [*_startup_paths_of(disk, machine, ()), *session_files(disk, machine)]
    for item in all_sourced(disk, machine, list(dict.fromkeys(roots))):
        text = startup_text(disk, item.path)
        if not isinstance(text, str):
            continue
        names = {n for m in _ASSIGNED_NAMES.finditer(text) for n in m.groups() if n and wanted(n)}
        names.update(n for m in _READS_IN.finditer(text) for n in _WORD.findall(m.group()) if wanted(n))
        if not names:
            continue
        script = startup_script(disk, item.path, text)
        shown = disk.display(item.path)
        for name in sorted(names):
            for line in script.variable_lines(name, fold=fold):
                if line.how != UNSET:
                    out.append((name, f"{shown} line {line.line}", line.known))
    return out + _elsewhere(disk, machine, wanted)


def editor_values(ctx: Context, name: str) -> list[tuple[str, str | None]]:
    """(place, value or None) of each editor setting (:data:`tui.core.editor_settings.EDITOR_SETTINGS`) that
    sets the variable ``name`` for its terminal or the Claude Code extension: :func:`_editor_variables` for one
    name of any kind."""
    return [(place, value) for _name, place, value in _editor_variables(ctx, name)]


def _editor_variables(
    ctx: Context, only: str = "", wanted: Callable[[str], object] = _FOLDER_VAR.match
) -> list[tuple[str, str, str | None]]:
    """(variable, place, value or None) of each folder variable (``only``: of that variable; ``wanted``: each
    it picks) an editor's settings set for its terminal or the Claude Code extension (a value that is not
    text, or holds a ``${…}`` other than the home's: None)."""
    keys = ("claudeCode.environmentVariables", f"terminal.integrated.env.{_TERMINAL.get(ctx.machine.platform, '')}")
    paths: list[str] = []
    for path in (p for t in EDITOR_SETTINGS for p in ctx.expand_all(t)):
        if not may_hold(ctx.disk, path.partition("/User/")[0]):  # (an editor not installed: its files not looked for)
            continue
        folder, _, name = path.rpartition("/")
        paths += [f"{d}/{name}" for d in ctx.disk.glob_dirs(folder)] if "*" in folder else [path]
    out: list[tuple[str, str, str | None]] = []
    for _path, shown, ok, data in existing_settings(ctx, list(dict.fromkeys(paths))):
        for key in keys if ok else ():
            for where, items in lookup_all(data, key):
                if isinstance(items, dict):
                    pairs = list(items.items())[:MAX_LISTED]
                elif isinstance(items, list):
                    pairs = [(i.get("name"), i.get("value")) for i in items[:MAX_LISTED] if isinstance(i, dict)]
                else:
                    pairs = []
                for name, value in pairs:
                    picked = isinstance(name, str) and (name.strip() == only if only else wanted(name.strip()))
                    if picked and isinstance(name, str) and value is not None:
                        out.append((name.strip(), f"{where} in {shown}", value if isinstance(value, str) else None))
    return out


SEARCH_PATH = "PATH"  # in exported_folders' answer: the folders the startup files put on the search path
DATA_DIRS = "XDG_DATA_DIRS"  # in its answer: the folders they put on XDG_DATA_DIRS (each holds menu entries)
UNREAD_STARTUP = "startup files unread"  # disk.remembered: startup file (as shown) -> why it could not be read


def _shell_reads_it(why: ReadSkipped) -> bool:
    """Whether a startup file the scan left unread is one the user's shell reads all the same: too big for the
    scan, not readable by it, or behind a link a confined scan may not follow out of the home. Not a folder or
    a device named where a file should be, nor a binary file: no shell runs those either."""
    return isinstance(why, (TooLarge, Unreadable))


def unread_startup_errors(disk: Disk) -> list[str]:
    """One scan error per shell startup file that is there but could not be read (too big, no permission, a
    link a confined scan may not follow out of the home): the folders it puts on the search path are unknown,
    so a tool in one would go unseen. Never a clean bill."""
    unread: dict[str, str] = disk.remembered(UNREAD_STARTUP, dict)
    return [
        f"cannot read the shell startup file {path} ({why}): a folder it puts on the search path, and a tool "
        "there, would go unseen"
        for path, why in unread.items()
    ]


# zsh: path=(~/bin $path), path+=(~/bin), typeset -U path ...; fish: set -gx PATH ~/bin $PATH, fish_add_path ~/bin;
# tcsh: set path = (~/bin $path); elvish: set paths = [~/bin $@paths]; nushell: $env.PATH = ($env.PATH | prepend
# ~/bin), path add ~/bin; xonsh: $PATH.insert(0, '~/bin'), $PATH.append(…), $PATH.add(…)
_LIST_START = r"(?:^|[;&|{]|(?<![\w-])(?:do|then|else))[ \t]*"  # a line's start, or a command's after ; && do …
_PATH_LISTS = re.compile(
    _LIST_START + r"(?:(?:typeset|declare|export)[ \t]+(?:-\w+[ \t]+)*)?path\+?=\(([^)\n]*)\)"
    r"|" + _LIST_START + r"set[ \t]+(?:-\w+[ \t]+)*(?:PATH|fish_user_paths)[ \t]+([^\n;#]*)"
    r"|" + _LIST_START + r"fish_add_path[ \t]+([^\n;#]*)"
    r"|^[ \t]*set[ \t]+path[ \t]*=[ \t]*\(([^)\n]*)\)"
    r"|^[ \t]*set[ \t]+paths[ \t]*=[ \t]*\[([^\]\n]*)\]"
    r"|\$env\.PATH[^\n]*?\b(?:prepend|append)[ \t]+([^\n)|#]*)|^[ \t]*path[ \t]+add[ \t]+([^\n;#|]*)"
    r"|\$PATH\.(?:insert\([ \t]*-?\d+[ \t]*,|append\(|add\()([^)\n]*)\)",
    re.MULTILINE,
)


# zsh's short loop that sets its path array (`for d (~/a ~/b) path=($d $path)`): the array's words
_SHORT_LOOP_LIST = re.compile(r"for[ \t]+\w+[ \t]*\((?:[^()\n]++|\([^()\n]*+\))*+\)[ \t]*path\+?=\(([^)\n]*)\)")


def _path_list_words(text: str) -> list[tuple[int, str]]:
    """(line, word) of each word of the PATH lists a zsh, fish, tcsh, elvish, nushell or xonsh startup file
    writes (flags left out; a list's brackets and commas too)."""
    found = list(_PATH_LISTS.finditer(text))
    if "for" in text:
        found += [m for m in _SHORT_LOOP_LIST.finditer(text) if m.start() == 0 or text[m.start() - 1] in " \t\n;&|{"]
    return [
        (text.count("\n", 0, m.start()) + 1, word.strip("[],"))
        for m in found
        for word in next((g for g in m.groups() if g), "").replace(",", " ").split()
        if not word.startswith("-")
    ]


@dataclass(frozen=True)
class StartupExport:
    """One line of a shell startup file that sets a variable a policy condition names, and how (see
    :mod:`tui.core.shell_variables`). The value is for comparing at once, never to be kept or shown (a detail
    names the file and the line only)."""

    file: str  # as the scanned machine names it
    line: int
    value: str | None  # None: unset, or computed by the shell ($OTHER, $(…)), which no reading can know
    how: str = EXPORTED  # EXPORTED: every session of that shell; PARTLY: some, or one command; UNSET

    @property
    def place(self) -> str:
        return f"{self.file} line {self.line}"


def exported_values(
    ctx: Context, name: str, commands: tuple[str, ...] = (), folder_files: tuple[str, ...] = ()
) -> tuple[list[StartupExport], list[str]]:
    """(the lines of the shell startup files that set, export or unset ``name``, the files that exist but
    cannot be read). An export on a line of its own gives every session of that shell the value; aicheck's
    own environment may not be one of them. ``commands``: the tool's commands on the search path; those that
    are shell scripts (:func:`wrapper_scripts`) are read too, and what they set is what the sessions started
    through them get: it can break a condition, never meet one (a session started another way has not got it).
    ``folder_files``: shell files that set variables for the sessions started in one folder (direnv's
    ``.envrc``), machine paths; read the same way, and likewise never meeting a condition."""
    found: list[StartupExport] = []
    unread: list[str] = []
    fold = ctx.machine.platform == "windows"  # Windows' variable names ignore case; a Unix shell's do not
    home = ctx.machine.home
    files = with_sourced(
        ctx.disk,
        ctx.machine,
        [
            *(StartupFile(path, True, home) for path in startup_files(ctx, ())),
            *(StartupFile(path, False, home) for path in (wrapper_scripts(ctx, commands) if commands else ())),
            *(StartupFile(path, False, home) for path in (_scripts_running(ctx, commands, unread) if commands else ())),
            *(StartupFile(path, False, path.rpartition("/")[0] or "/") for path in folder_files),
        ],
    )
    every = {f.path: f.every for f in files}
    # a folder a shell runs whole with more files than are read (fish's conf.d): one of the rest may set it
    cut = [(f, n) for f, n in folders_cut(ctx.disk).items() if any(p.startswith(f + "/") for p in every)]
    unread += [f"{ctx.disk.display(f)} (it holds more files than aicheck reads, the first {n} by name)" for f, n in cut]
    for path, shown, text in readable_texts(ctx, list(every), unread):
        partial = not every[path]
        for line in startup_script(ctx.disk, path, text).variable_lines(name, fold=fold):
            how = PARTLY if partial and line.how == EXPORTED else line.how
            found.append(StartupExport(shown, line.line, line.known, how))
    found += _environment_files(ctx, name, unread)
    return found, unread


def _scripts_running(ctx: Context, commands: tuple[str, ...], unread: list[str]) -> list[str]:
    """The scripts of the user's own folders (:func:`tui.core.user_scripts.user_scripts`) that name one of the
    tool's commands (``~/.local/bin/cc``: ``ANTHROPIC_BASE_URL=… exec claude "$@"``), or whose sourced files or
    scripts run by their path do (:func:`tui.core.script_runs.reached`), with those files: what they set, the
    sessions started through them get. Those past the bounds are added to ``unread`` (they may be such)."""
    scripts = user_scripts(ctx.disk, ctx.machine)
    unread += [*scripts.unread, *(f"{f} (past the {MAX_USER_SCRIPTS} scripts aicheck reads)" for f in scripts.past)]
    memory: dict[tuple[str, ...], list[str]] = ctx.disk.remembered("startup: user scripts running commands", dict)
    if commands not in memory:
        memory[commands] = _naming(ctx, scripts.paths, commands)
    return memory[commands]


def _naming(ctx: Context, paths: tuple[str, ...], commands: tuple[str, ...]) -> list[str]:
    names = {c.rpartition("/")[2] for c in commands}
    names |= {n.rsplit(".", 1)[0] for n in names if n.lower().endswith((".cmd", ".bat", ".ps1", ".exe"))}
    words = [(n, whole_word(n)) for n in sorted(names)]
    out: list[str] = []
    for path in paths:  # each with what it sources and runs by its path (see _scripts_for)
        reach = reached(ctx.disk, ctx.machine, path)
        texts = (startup_text(ctx.disk, f) for f in reach.files)
        if reach.past or any(isinstance(text, str) and program_started(text, words) for text in texts):
            out += [f for f in reach.files if f not in out]
    return out


# Files that give shell sessions variables without being shell lines: fish's universal variables (what
# `set -Ux NAME value` writes once, for every fish session after), mise's [env] (the sessions where mise is
# activated) and tmux's set-environment (the shells started inside tmux)
FISH_VARIABLES = "{xdg_config}/fish/fish_variables"
MISE_CONFIGS = ("{xdg_config}/mise/config.toml", "{home}/.mise.toml")
MISE_CONF_D = "{xdg_config}/mise/conf.d"  # every *.toml there, by name, read as the global config too
TMUX_CONFIGS = ("{home}/.tmux.conf", "{xdg_config}/tmux/tmux.conf")
_FISH_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})")


def _environment_files(ctx: Context, name: str, unread: list[str]) -> list[StartupExport]:
    """The lines of :data:`FISH_VARIABLES`, :data:`MISE_CONFIGS` and :data:`TMUX_CONFIGS` that set ``name``
    (``unread``: those that exist but cannot be read)."""
    out: list[StartupExport] = []
    fish, mise, tmux = _environment_paths(ctx)
    for _path, shown, text in readable_texts(ctx, fish, unread):
        out += [StartupExport(shown, number, value, EXPORTED) for number, value in _fish_universal(text, name)]
    for _path, shown, text in readable_texts(ctx, mise, unread):
        out += [StartupExport(shown, number, value, PARTLY) for number, value in _mise_env(text, name)]
    for _path, shown, text in readable_texts(ctx, tmux, unread):
        out += [StartupExport(shown, number, value, how) for number, value, how in _tmux_env(text, name)]
    return out


def _environment_paths(ctx: Context) -> tuple[list[str], list[str], list[str]]:
    """The files :func:`_environment_files` reads: fish's universal variables, mise's configs, tmux's. Asked
    for each variable a condition names: once a scan per context (its token sets kept with the answer, so that
    a context made apart never takes another's)."""
    memory: dict[int, tuple[list[dict[str, str]], tuple[list[str], list[str], list[str]]]] = ctx.disk.remembered(
        _ENVIRONMENT_PATHS, dict
    )
    hit = memory.get(id(ctx.token_sets))
    if hit is None or hit[0] is not ctx.token_sets:
        mise = _expanded(ctx, MISE_CONFIGS)
        for folder in _expanded(ctx, (MISE_CONF_D,)):
            mise += listed_files(ctx.disk, folder, ".toml", runs=False)
        hit = memory[id(ctx.token_sets)] = (
            ctx.token_sets,
            (_expanded(ctx, (FISH_VARIABLES,)), mise, _expanded(ctx, TMUX_CONFIGS)),
        )
    fish, mise, tmux = hit[1]
    return list(fish), list(mise), list(tmux)


_ENVIRONMENT_PATHS = "startup: the environment files (fish's variables, mise's, tmux's)"


def _expanded(ctx: Context, templates: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(p for t in templates for p in ctx.expand_all(t)))


def _fish_universal(text: str, name: str) -> list[tuple[int, str | None]]:
    """(line, value) of ``name`` exported in fish's universal variables (``SETUVAR --export NAME:value``;
    fish 2: ``SET_EXPORT``); a list value is None (no one value)."""
    out: list[tuple[int, str | None]] = []
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split(" ")
        var, colon, value = words[-1].partition(":")
        if colon and var == name and (words[:2] == ["SETUVAR", "--export"] or words[:1] == ["SET_EXPORT"]):
            known = _FISH_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
            out.append((number, None if "\x1e" in known else known))
    return out


def _mise_env(text: str, name: str) -> list[tuple[int, str | None]]:
    """(line, value) of ``name`` in a mise config's ``[env]`` table; a value mise computes is None."""
    from tui.core.bounded_read import ParseFailed
    from tui.core.safe_toml import parse_toml

    if name not in text:
        return []
    try:
        env = parse_toml(text).get("env")
    except ParseFailed:  # not readable as TOML: it could set it, where a line names it
        named = [i for i, ln in enumerate(text.splitlines(), 1) if name in ln and not ln.lstrip().startswith("#")]
        return [(named[0], None)] if named else []
    if not isinstance(env, dict) or name not in env:
        return []
    value = env[name]
    line = next((i for i, ln in enumerate(text.splitlines(), 1) if ln.strip().startswith(name)), 1)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return [(line, None)]
    return [(line, None if "{{" in str(value) else str(value))]


def _tmux_env(text: str, name: str) -> list[tuple[int, str | None, str]]:
    """(line, value, how) of ``name`` in a tmux config's ``set-environment`` lines (the shells started in
    tmux get it; ``-u`` / ``-r`` unset or remove it there)."""
    out: list[tuple[int, str | None, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if name not in line:
            continue
        for words in _tmux_commands(line):
            if words[:1] in (["set-environment"], ["setenv"]) and name in words:
                out += _tmux_setting(words, name, number)
    return out


def _tmux_commands(line: str) -> list[list[str]]:
    """The commands of a tmux config line, each as its words: quotes and backslashes read as tmux reads them
    (as a shell's), commands separated by an unquoted ``;``, a ``#`` comment dropped. A line that cannot be
    read so (an unclosed quote) gives its words as written, so nothing it names is missed."""
    import shlex

    lexer = shlex.shlex(line, posix=True, punctuation_chars=";")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    commands: list[list[str]] = [[]]
    try:
        for token in lexer:
            if token and set(token) == {";"}:
                commands.append([])
            else:
                commands[-1].append(token)
    except ValueError:
        return [line.split()]
    return [c for c in commands if c]


def _tmux_setting(words: list[str], name: str, number: int) -> list[tuple[int, str | None, str]]:
    """(line, value, how) of one ``set-environment`` command that sets or unsets ``name``, else nothing."""
    flags, rest = "", words[1:]
    args: list[str] = []
    while rest:
        word = rest.pop(0)
        if word.startswith("-") and not args:
            flags += word[1:]
            if word.endswith("t") and rest:  # -t target-session takes the next word
                rest.pop(0)
        else:
            args.append(word)
    if args[:1] != [name] or "h" in flags:  # -h: a hidden variable, not given to the programs tmux starts
        return []
    if "u" in flags or "r" in flags:
        return [(number, None, UNSET)]
    return [(number, args[1] if len(args) > 1 else None, PARTLY)]


@dataclass(frozen=True)
class FlagArgument:
    """What a startup line gives a flag of one of a tool's commands (``--mcp-config ~/team/mcp.json``): the
    word as written, or, where it is a path the reading can place, the machine path."""

    file: str  # as the scanned machine names it
    line: int
    path: str | None  # the machine path; None: not a path that can be known (relative, computed, inline JSON)
    source: str = ""  # the startup file's machine path


_ARGUMENT = r"(?:=|\s+)\\?[\"']?(?P<word>[^\s\"'\\;|&)]+)"
# the next word of a flag that takes several (commander's variadic <configs...>: up to the next option)
# (not what the user types, "$@", $argv, @args, nor a block's end: those are no file the line names)
_NEXT_WORD = re.compile(
    r"""["']?\s+\\?["']?(?!\$[@*0-9]|\$\{[@*0-9]|\$argv\b|\$args\b|@args\b|\})(?P<word>[^\s"'\\;|&)\-][^\s"'\\;|&)]*)"""
)
MAX_FLAG_WORDS = 16  # words one such flag is read for on a line
_AT_ARGUMENT = r"(?:=|\s+)\\?[\"']?(?P<at>@)?[\"']?(?P<word>[^\s\"'\\;|&)]+)"  # @file, @"file", "@file"


def flag_arguments(
    disk: Disk,
    machine: Machine,
    programs: tuple[str, ...],
    flag: str,
    *,
    at_file: bool = False,
    program_files: bool = True,
    variadic: bool = False,
) -> list[FlagArgument]:
    """The arguments the shell startup files' lines give ``flag`` where they start one of ``programs`` (an
    alias or a function), as :func:`find_startup_flags` finds the lines; the first word after the flag only.
    Nothing else of a line is kept. ``at_file``: the flag names a file as ``@path`` (a word without the ``@``
    is not a file: JSON written on the line). ``program_files=False``: the files named after each program
    (fish's ``functions/<program>.fish``) are not roots of their own; they are read with the rest of fish's
    ``functions`` folder (bounded), and the startup files are followed once for every caller that asks so,
    however many programs it names. ``variadic``: the flag takes every word up to the next option (Claude Code's
    ``--mcp-config a.json b.json``), each one an argument of its own."""
    out: list[FlagArgument] = []
    escaped = re.escape(flag)  # not the end of a longer word (looked behind from the flag's end: see _standalone)
    flag_rx = re.compile(escaped + rf"(?<![\w.-]{escaped})" + (_AT_ARGUMENT if at_file else _ARGUMENT))
    program_words = [(p, whole_word(p)) for p in programs]
    roots = _startup_paths_of(disk, machine, programs if program_files else ())
    for item in all_sourced(disk, machine, roots):
        path = item.path
        text = startup_text(disk, path)
        if not isinstance(text, str) or flag not in text:
            continue
        for number, line in logical_lines(text):
            if line.lstrip().startswith("#") or program_started(line, program_words) is None:
                continue
            for m in flag_rx.finditer(line):
                words = [m.group("word")]
                if at_file and not m.group("at"):
                    words = ["{"]  # not a file (JSON on the line): never placed
                at = m.end()
                while variadic and len(words) < MAX_FLAG_WORDS and (more := _NEXT_WORD.match(line, at)):
                    words.append(more.group("word"))
                    at = more.end()
                for word in words:
                    place = folder_named(word, machine) if not word.startswith("{") else None
                    out.append(FlagArgument(disk.display(path), number, place, path))
    return out


_SHORT_FLAG = re.compile(r"-[A-Za-z]\Z")


def whole_word(text: str) -> re.Pattern[str]:
    """``text`` as a whole word of a shell line (a path before a command name is part of it: /usr/bin/claude;
    a URL's host is none: https://claude.ai).
    A flag written with its value (``--permission-mode=bypassPermissions``) is found either way a shell line
    gives it: ``--permission-mode=bypassPermissions`` or ``--permission-mode bypassPermissions``, the value
    quoted or not."""
    name, eq, value = text.partition("=")
    if eq and name.startswith("-") and value.startswith("!") and len(value) > 1:
        return _lacking(name, value[1:])
    if eq and name.startswith("-"):
        key, inner, setting = value.partition("=")
        if inner and key and setting:
            # a flag that sets a key (Codex's -c sandbox_mode=danger-full-access): the setting may be quoted
            # as TOML inside the shell's quotes (-c 'sandbox_mode="danger-full-access"'), spaces around "="
            written = re.escape(key) + r"\s*=\s*[\\\"']*" + re.escape(setting)  # \" inside a "…" alias too
        else:
            written = re.escape(value)
        # a flag that takes a list (--allowedTools "Read,Bash", --allowedTools Read Bash): any item of it
        items = r"(?:[^\s\"',=-][^\s\"',]*[\"']?[\s,]+[\"']?){0,16}"
        # a one-letter flag takes its value attached too (-sdanger-full-access, -csandbox_mode=…): clap (Codex)
        # and commander (Claude Code) both read the rest of the word as the value
        separator = r"(?:=|\s*)" if _SHORT_FLAG.match(name) else r"(?:=|\s+)"
        pattern = _standalone(re.escape(name)) + separator + r"[\"']?" + items + written + r"[\\\"']*"
    else:
        pattern = _standalone(re.escape(text)) if text else r"(?<![\w.-])(?<!://)"
    return re.compile(pattern + r"(?![\w-])")


def _standalone(escaped: str) -> str:
    """``escaped`` (an escaped literal: of fixed width) not the end of a longer word, nor a URL's host
    (https://claude.ai is no command, though a path's folder may be: /opt/claude.ai/…). Written literal
    first, the names before it looked behind from its end: the regular expression engine scans a line for a
    pattern's first characters at once, where a pattern that starts with a look-behind is tried at every
    position (a word looked for on a startup file's line: 8 to 15 times slower, thousands of times a scan)."""
    return escaped + rf"(?<![\w.-]{escaped})(?<!://{escaped})"


def _lacking(name: str, item: str) -> re.Pattern[str]:
    """``name`` given a list that does not hold ``item`` (the policy's ``--setting-sources=!user``): the next
    word, or a comma-separated list (``project,local``, ``'project, local'``, quoted or not), none of whose items
    is ``item``; an empty one too (``--setting-sources ""``). The spaces after the flag are taken whole, so that a
    shorter run of them is never tried in front of the list."""
    other = r"[^\s,;|&)]*"  # an item of the list that is not the one looked for (quotes included)
    holds = rf"(?:{other}\s*,\s*)*[\"']*{re.escape(item)}(?![\w-])"
    return re.compile(_standalone(re.escape(name)) + rf"(?:=|\s++|$)(?!{holds})")


def shown_flag(flag: str) -> str:
    """A policy's flag as a user would type it: a short flag with its value takes a space (``-s danger-full-
    access``, ``-c sandbox_mode=danger-full-access``; the policy writes ``-s=…`` for "either way"), a long one
    keeps its ``=`` (``--permission-mode=bypassPermissions`` is valid as written). A flag whose list must hold
    a value (``--setting-sources=!user``) is shown as ``--setting-sources without user``."""
    name, eq, value = flag.partition("=")
    if eq and name.startswith("-") and value.startswith("!") and len(value) > 1:
        return f"{name} without {value[1:]}"
    if eq and name.startswith("-") and not name.startswith("--") and value:
        return f"{name} {value}"
    return flag


def flag_needle(flag: str) -> str:
    """What a line must hold for ``flag`` to be in it (a flag written with its value: the value; one that
    sets a key: the setting)."""
    name, eq, value = flag.partition("=")
    if not (eq and name.startswith("-") and value):
        return flag
    if value.startswith("!"):  # a list that lacks the value: the flag itself
        return name
    _key, inner, setting = value.partition("=")
    return setting if inner and setting else value


_FlagWords = list[tuple[str, str, re.Pattern[str]]]  # (the policy's flag, what a line must hold, its pattern)


def find_startup_flags(
    ctx: Context, programs: tuple[str, ...], flags: tuple[str, ...], commands: tuple[str, ...] = ()
) -> tuple[list[StartupFinding], list[str], list[str], list[UnknownArgument]]:
    """(lines that start one of ``programs`` with one of ``flags``, the files looked in, the files that exist
    but cannot be read, the lines that start one of ``programs`` with what cannot be known: those two cannot
    confirm the condition). ``commands``: the tool's commands on the search path; those that are shell scripts
    are looked in too (``exec claude --dangerously-skip-permissions``).

    A line is read as the shell passes it on: with each variable it expands replaced by the values the
    startup files give it (``F=--dangerously-skip-permissions`` anywhere in them, then ``alias claude="claude
    $F"``; arrays, fish's lists, PowerShell's variables; a fragment joined to literal text, ``${A}-skip-
    permissions``), see :mod:`tui.core.line_expansion`. A finding names the variable. A variable that no
    startup file sets, or a command's output, after the command on such a line could hold a flag: that line
    is an :class:`UnknownArgument` (the folder of the command's own path, ``$DIR/bin/claude``, is not)."""
    found: list[StartupFinding] = []
    checked: list[str] = []
    unread: list[str] = []
    unknown: list[UnknownArgument] = []
    if not programs:
        return found, checked, unread, unknown
    program_words = [(p, whole_word(p)) for p in programs]
    flag_words = [(f, flag_needle(f), whole_word(f)) for f in flags]
    # and the scripts in the user's own folders of the search path, whatever their names (~/.local/bin/cc
    # holding `exec claude --dangerously-skip-permissions "$@"`); those past the bounds cannot confirm it
    scripts = user_scripts(ctx.disk, ctx.machine)
    unread += scripts.unread
    unknown += [UnknownArgument(folder, 0, programs[0], PAST_THE_BOUNDS) for folder in scripts.past]
    startup = startup_files(ctx, programs)
    files = [*startup, *(wrapper_scripts(ctx, commands) if commands else ())]
    files += _scripts_for(ctx, scripts.paths, startup, program_words, flag_words)
    read = [f.path for f in all_sourced(ctx.disk, ctx.machine, list(dict.fromkeys(files)))]
    # a folder a shell runs whole (fish's conf.d and functions, /etc/profile.d) with more files than are read:
    # any of the rest may start the tool with a flag
    cut = [f for f in folders_cut(ctx.disk) if any(p.startswith(f + "/") for p in read)]  # (this question's)
    unknown += [UnknownArgument(ctx.disk.display(f), 0, programs[0], FOLDER_CUT) for f in cut]
    # a variable can hand a line the tool's command only when some file sets one to a value that names it
    # (`CLAUDE=claude`): a line that names neither the command nor such a variable starts it in no version
    # the names the files define that start the tool (`alias c='command claude'`, a function that runs it, a
    # name defined through another): a line that starts one of them with the flag starts the tool
    bearing = _program_variables(ctx, read, program_words)
    # (a body that expands such a variable, `C=claude; alias c="$C"`, may run the tool too)
    leading = names_leading_to(ctx, read, program_words, bearing)
    # looked for only on a line that names none of the tool's own commands (`alias cc='claude …'` defines cc)
    all_words = program_words + [(name, command_word(name)) for name in leading] if leading else program_words
    run_time: dict[str, list[tuple[int, str]]] = ctx.disk.remembered(RUN_TIME_NAMES, dict)
    # zsh's `alias -g YOLO=--flag`: the flag wherever YOLO stands (those whose value may matter here)
    galiases = {
        name: value
        for name, value in global_aliases(ctx.disk, read).items()
        if "$" in value or any(n in value for _f, n, _rx in flag_words) or any(p in value for p, _rx in program_words)
    }
    for path, shown, text in readable_texts(ctx, read, unread):
        checked.append(shown)
        # a line that runs a file named at run time, or one past what is followed: any line of that file may
        # start the tool with a flag
        noted = run_time.get(path, ())
        unknown += [UnknownArgument(shown, n, programs[0], why) for n, why in noted]
        # a name read where it points only while the command or variable it is made of is the packaged one
        later = [n for n in _deferred_unknown(ctx, path, read) if n not in {n for n, _why in noted}]
        unknown += [UnknownArgument(shown, n, programs[0], NAMED_AT_RUN_TIME) for n in later]
        own = _file_lines(ctx.disk, path, text)
        dialect = own.dialect  # a script named cc whose first line runs fish: fish's
        text, by_galias = with_global_aliases(text, galiases) if galiases and dialect == SH else (text, {})
        # the file's own text is read once a scan for every condition; one a global alias changed, here only
        file = own if text is own.text else _FileLines(text, dialect)
        before = len(found)
        words = file.words()  # the words as the shell passes them: --dangerously-skip-per""missions
        expands = file.expands()  # a reference, or braces to expand
        if dialect == XONSH and not expands:  # Python joins strings and names: 'claude ' + F
            expands = any(p in text for p, _rx in program_words)
        if not expands and not any(needle in words for _, needle, _ in flag_words):  # most files: no line looked at
            continue
        tool_lines = file.tool_lines(bearing, program_words, all_words)
        for at, (number, line, passed, runs) in enumerate(file.lines()):
            flag = _flag_in(passed, flag_words, dialect == FISH)
            # the command as the shell passes it too: cla''ude, cl\aude, $'claud\x65' are claude
            program = (
                program_started(line, program_words) or program_started(passed, program_words)
                if flag or dialect == XONSH
                else None
            )
            if flag and program is None and leading:  # a name the files define that leads to the tool
                program = program_started(line, all_words) or program_started(passed, all_words)
            if flag and program:
                found.append(StartupFinding(shown, number, named_as(program, leading), shown_flag(flag)))
            elif flag and GIVEN_ARGUMENTS.search(passed):  # `yolo() { "$@" --flag; }`: whatever it is given, the flag
                unknown.append(UnknownArgument(shown, number, programs[0], GIVEN_COMMAND))
            elif program and dialect == XONSH and (reference := _xonsh_computed(line)):
                unknown.append(UnknownArgument(shown, number, program, reference))
            elif (
                "{" in passed
                and not _brace_forms(passed, dialect == FISH)[1]
                and (program := program_started(line, program_words))
            ):  # more forms than are looked at: any of them may be the flag
                unknown.append(UnknownArgument(shown, number, program, BRACES))
            elif runs and (tool_lines(at, line) or flag):
                text_of = line if dialect == CMD else without_comment(line)  # no "#" comment in cmd.exe
                where = _Line(shown, number, text_of, dialect, file.parameters().get(number, ()))
                words_here = words_to_find(line, program_words, all_words)
                hit = _through_variables(line_expander(ctx, read), where, words_here, flag_words)
                if isinstance(hit, StartupFinding) and hit.program in leading:
                    hit = dataclasses.replace(hit, program=named_as(hit.program, leading))
                if isinstance(hit, StartupFinding):
                    found.append(hit)
                elif hit is not None:
                    unknown.append(hit)
        for i in range(before, len(found)) if by_galias else ():  # a flag a global alias gives: named by it
            if found[i].line in by_galias and not found[i].variables:
                found[i] = dataclasses.replace(found[i], variables=by_galias[found[i].line])
    return found, checked, unread, unknown


class _FileLines:
    """A startup file's text as :func:`find_startup_flags` reads it, the parts that do not depend on the policy's
    flags: its dialect, its words as the shell passes them, whether it expands anything, each logical line that
    is not a comment (number, line, as the shell passes it, whether it may run a
    program with what it expands: :data:`_MAY_EXPAND` and not :data:`_RUNS_NOTHING`), the functions' parameters
    and, per tool, which lines expand after one of its commands or a variable that may name one. Each is worked
    out when first asked; a file's own text is kept once a scan (:func:`_file_lines`), for every condition of
    every tool, whose flags only differ."""

    def __init__(self, text: str, dialect: str) -> None:
        self.text = text
        self.dialect = dialect
        self._words: str | None = None
        self._lines: list[tuple[int, str, str, bool]] | None = None
        self._parameters: dict[int, Parameters] | None = None
        self._tool_lines: dict[tuple, dict[int, bool]] = {}

    def words(self) -> str:
        if self._words is None:
            self._words = _as_passed(self.text, self.dialect)
        return self._words

    def expands(self) -> bool:
        may_expand = _CMD_MAY_EXPAND if self.dialect == CMD else _MAY_EXPAND
        return may_expand.search(self.text) is not None or "{" in self.words()

    def lines(self) -> list[tuple[int, str, str, bool]]:
        if self._lines is None:
            dialect, cmd = self.dialect, self.dialect == CMD
            may_expand = _CMD_MAY_EXPAND if cmd else _MAY_EXPAND
            self._lines = [
                (number, line, _as_passed(line, dialect), runs)
                for number, line in logical_lines(self.text)
                if (stripped := line.lstrip())
                and not stripped.startswith("#")
                and not (cmd and _CMD_COMMENT.match(stripped))
                for runs in (may_expand.search(line) is not None and not _RUNS_NOTHING.match(stripped),)
            ]
        return self._lines

    def parameters(self) -> dict[int, Parameters]:
        """The functions' parameters each line sees."""
        if self._parameters is None:
            self._parameters = _function_parameters(self.text, self.dialect)
        return self._parameters

    def tool_lines(
        self, bearing: frozenset[str], program_words: ProgramWords, all_words: ProgramWords
    ) -> Callable[[int, str], bool]:
        """Whether the line at an index of :meth:`lines` expands a variable of ``bearing`` or something after one
        of the tool's commands (``all_words``: with the names that lead to them), once per tool."""
        key = (bearing, tuple(p for p, _rx in program_words), tuple(p for p, _rx in all_words))
        known = self._tool_lines.setdefault(key, {})
        dialect = self.dialect

        def ask(at: int, line: str) -> bool:
            hit = known.get(at)
            if hit is None:
                hit = known[at] = _refers_to_any(line, bearing) or _expands_after(
                    line, words_to_find(line, program_words, all_words), dialect
                )
            return hit

        return ask


def _file_lines(disk: Disk, path: str, text: str) -> _FileLines:
    """``path``'s :class:`_FileLines` (its text as read: ``text``), once a scan."""
    memory: dict[str, _FileLines] = disk.remembered(_FILE_LINES, dict)
    hit = memory.get(path)
    if hit is None or hit.text is not text:
        hit = memory[path] = _FileLines(text, script_dialect(disk, path, text))
    return hit


_FILE_LINES = "startup: each startup file's lines as the flags are looked for in them"


def _scripts_for(
    ctx: Context, paths: tuple[str, ...], files: list[str], program_words: ProgramWords, flag_words: _FlagWords
) -> list[str]:
    """The scripts of the user's folders (``paths``) that may start the tool with a flag: those that name one of
    its commands, a variable the startup ``files`` may give it (``$CLAUDE``; a script's own variables reach no
    other script) or one of the flags, or whose sourced files or scripts run by their path do (``. ~/.config/
    cc.sh``, ``exec ~/.config/runner``: :func:`tui.core.script_runs.reached`), and those that name such a
    script as a command (``exec cc --flag``, ``cc`` running claude), a few levels deep; each with what it
    reaches, read as its own lines are. A script that does none of these starts nothing of the tool's with
    anything (installers' shims of other tools, the user's unrelated scripts): it is left out of this tool's
    lines, which keeps their cost off every tool. One that runs more than is followed is kept for every tool."""
    if not paths:
        return []
    key = (paths, tuple(files), tuple(p for p, _rx in program_words), tuple(f for f, _n, _rx in flag_words))
    memory: dict[tuple, list[str]] = ctx.disk.remembered("startup: user scripts for a tool", dict)
    if key in memory:
        return memory[key]
    bearing = _program_variables(ctx, [f.path for f in all_sourced(ctx.disk, ctx.machine, files)], program_words)
    passed_texts: dict[str, tuple[str, str] | None] = ctx.disk.remembered("startup: user scripts as passed", dict)
    # each such file's code as passed, its comments left out (a flag's value is often a plain word, "shell",
    # that a comment holds: such a script starts nothing with it)
    code_texts: dict[str, str] = ctx.disk.remembered("startup: user scripts' code as passed", dict)
    # each script with what it sources and runs by its path (a script that names nothing of the tool's may
    # source or run one that does: `. ~/.config/cc.sh`, `exec ~/.config/runner`); one that runs more than is
    # followed is kept whatever the tool (the line that runs more cannot confirm it)
    reach = {path: reached(ctx.disk, ctx.machine, path) for path in paths}
    for path in dict.fromkeys(f for r in reach.values() for f in r.files):
        if path not in passed_texts:
            text = startup_text(ctx.disk, path)
            passed_texts[path] = (
                (text, _as_passed(text, script_dialect(ctx.disk, path, text))) if isinstance(text, str) else None
            )

    def _code_names(f: str, known: tuple[str, str], needles: list[str]) -> bool:
        """Whether the file's code (its comments left out; all of a cmd.exe script, which has none) names one
        of ``needles`` as the shell passes it."""
        if f not in code_texts:
            text = known[0]
            dialect = script_dialect(ctx.disk, f, text)
            code = (
                text
                if dialect == CMD or "#" not in text
                else "\n".join(without_comment(line) for _n, line in logical_lines(text))
            )
            code_texts[f] = known[1] if code is text else _as_passed(code, dialect)
        return any(needle in code_texts[f] for needle in needles)

    chosen: list[str] = [path for path in paths if reach[path].past]
    naming = _files_naming(ctx.disk)
    needles = [needle for _f, needle, _rx in flag_words]
    # a script left out in one round named none of the words asked then: the next asks only the words it adds
    words = list(program_words)
    for depth in range(MAX_BEARING_DEPTH):
        more = [
            path
            for path in paths
            if path not in chosen
            and any(
                known is not None
                and (
                    any(_names_word(naming, f, known, word) for word in words)
                    or (depth == 0 and any(needle in known[1] for needle in needles) and _code_names(f, known, needles))
                    or (depth == 0 and _names_word(naming, f, known, bearing))
                )
                for f, known in ((f, passed_texts[f]) for f in reach[path].files)
            )
        ]
        if not more:
            break
        chosen += more
        names = {p.rpartition("/")[2] for p in more}
        names |= {n.rsplit(".", 1)[0] for n in names if n.lower().endswith((".cmd", ".bat", ".ps1"))}
        words = [(name, command_word(name)) for name in sorted(names)]
    # with what they run by their path, read as their own lines are
    out = list(dict.fromkeys(f for path in chosen for f in reach[path].files))
    memory[key] = out
    return out


_Naming = dict[tuple[str, "re.Pattern[str] | frozenset[str]"], bool]


def _files_naming(disk: Disk) -> _Naming:
    """Whether a file a user's script reaches names a word as a command, in its text or as the shell passes it
    (:func:`program_started`), by (file, the word's pattern), or expands one of a set of variables (in its
    text: :func:`_refers_to_any`), by (file, the set): the same scripts are asked for each condition of a tool
    (its flags differ) and for each tool, so once a scan."""
    return disk.remembered("startup: user scripts' files naming a word", dict)


def _names_word(
    naming: _Naming, path: str, known: tuple[str, str], word: tuple[str, re.Pattern[str]] | frozenset[str]
) -> bool:
    key = (path, word if isinstance(word, frozenset) else word[1])
    hit = naming.get(key)
    if hit is None:
        if isinstance(word, frozenset):
            hit = _refers_to_any(known[0], word)
        else:
            hit = bool(program_started(known[0], [word]) or program_started(known[1], [word]))
        naming[key] = hit
    return hit


def _as_passed(text: str, dialect: str) -> str:
    """``text`` as the shell passes its words on, for finding a flag however it is spelled
    (:func:`~tui.core.startup_reading.without_quotes`; xonsh's strings joined; cmd.exe's ``^`` escapes and
    quotes taken out, its backslashes left: paths)."""
    if dialect == XONSH:
        return without_quotes(_xonsh_joined(text))
    if dialect == POWERSHELL and "+" in text and "(" in text:  # ('--dangerously' + '-skip-permissions')
        return without_quotes(_PS_GROUPED.sub(lambda m: _PS_JOIN.sub("", m.group()), text))
    if dialect == CMD:
        return _CMD_ESCAPE.sub(r"\1", text).replace('"', "") if "^" in text or '"' in text else text
    return without_quotes(text)


# cmd.exe: a reference (%F%, !F!), a caret escape, a comment line (rem, ::)
_CMD_MAY_EXPAND = re.compile(r"[%!]")
_CMD_EXPANDED = re.compile(r"%(?![0-9*~%])|![A-Za-z_]")
_CMD_ESCAPE = re.compile(r"\^(.)")
_CMD_COMMENT = re.compile(r"@?\s*(?:rem(?:\s|$)|::)", re.IGNORECASE)
# PowerShell: strings joined with "+" inside brackets, where the words are an expression (in a command's
# arguments, outside brackets, "+" is a word of its own)
_PS_GROUPED = re.compile(r"\([^()]*\)")
_PS_JOIN = re.compile(r"""(?<=['"])\s*\+\s*(?=['"])""")
# xonsh: Python's strings side by side (one string) in Python's own parts of a line: an assignment (aliases[…]
# = …) and @(…); a command's words side by side stay words
_XONSH_PYTHON = re.compile(r"""^\s*[\w.$]+(?:\[[^\]]*\])?\s*=(?!=)|@\(""")
_XONSH_ADJACENT = re.compile(r"""(?<=['"])\s*[rRuU]?(?=['"])""")


def _xonsh_joined(text: str) -> str:
    """A xonsh line with its strings joined where Python joins them ('a' + 'b', and 'a' 'b' in Python)."""
    joined = _XONSH_JOIN.sub("", text)
    if ("'" in joined or '"' in joined) and _XONSH_PYTHON.search(joined):
        joined = _XONSH_ADJACENT.sub("", joined)
    return joined


# xonsh: two Python strings joined with "+" ('claude --dangerously' + '-skip-permissions' is one string)
_XONSH_JOIN = re.compile(r"""(?<=['"])\s*\+\s*[rRuU]?(?=['"])""")
# xonsh's alias set from Python: aliases['cc'] = …, and what its value is made of
_XONSH_ALIAS = re.compile(r"""^\s*aliases\s*\[[^\]]*\]\s*=(?!=)(.*)$""", re.S)
_PYTHON_PART = re.compile(
    r"""(?P<string>(?P<prefix>[rRbBfFuU]{0,2})(?:'(?:\\.|[^'\\])*'?|"(?:\\.|[^"\\])*"?))|(?P<name>[A-Za-z_]\w*)|."""
)
_PYTHON_CONSTANTS = frozenset({"True", "False", "None"})


def _xonsh_computed(line: str) -> str | None:
    """What Python computes in a xonsh alias (``aliases['claude'] = 'claude ' + F``, ``f'claude {F}'``,
    ``['claude', F]``): the first name or f-string field its value holds, which aicheck does not follow, or
    None when the value is only strings."""
    m = _XONSH_ALIAS.match(line)
    if m is None:
        return None
    after_value = False  # the part before was a string or a closing bracket: what follows may compute on it
    for part in _PYTHON_PART.finditer(m.group(1)):
        if part.group("name") and part.group() not in _PYTHON_CONSTANTS:
            return part.group()
        if part.group("string") and "f" in part.group("prefix").lower() and "{" in part.group():
            return "f'{…}'"
        text = part.group()
        if after_value and text in ("%", "*", "["):  # 'claude --%s' % 'x', 'x' * 2, '…'[:-2]: computed
            return {"%": "'…' % …", "*": "'…' * …", "[": "'…'[…]"}[text]
        if not text.isspace():
            after_value = bool(part.group("string")) or text in ")]"
    return None


def _flag_in(passed: str, flag_words: _FlagWords, fish: bool) -> str | None:
    """The first of the policy's flags that ``passed`` (a line as the shell passes it) holds as written or in
    one of the forms its braces expand to (``--{dangerously-skip-permissions,verbose}``), or None."""
    for form in (passed, *_brace_forms(passed, fish)[0]) if "{" in passed else (passed,):
        for flag, needle, rx in flag_words:
            if needle in form and rx.search(form):
                return flag
    return None


MAX_BRACE_FORMS = 64  # forms of one word its braces are expanded to; more, and what the line passes is unknown
MAX_BRACE_WORD = 4096  # a longer word with braces is not expanded (unknown too)
BRACES = "{…}"  # how a word whose braces are not all expanded is named
# a group of brace expansion: bash's and zsh's hold a comma (not ${…}); fish's may hold one item alone
# and bash's and zsh's sequences: {a..z}, {1..10}, {01..10..2} (``seq``: the group has no comma)
_BRACE_GROUP = re.compile(
    r"(?<!\$)\{(?:([^{}\s]*,[^{}\s]*)|(?P<seq>(?:-?\d{1,18}\.\.-?\d{1,18}|[A-Za-z]\.\.[A-Za-z])(?:\.\.-?\d{1,18})?))\}"
)
_FISH_BRACE_GROUP = re.compile(r"(?<!\$)\{([^{}\s]*)\}")


def _brace_choices(m: re.Match[str]) -> list[str] | None:
    """The words one group of braces makes, in order; None when there are more than :data:`MAX_BRACE_FORMS`."""
    sequence = m.groupdict().get("seq")
    if not sequence:
        choices = m.group(1).split(",", MAX_BRACE_FORMS)
        return choices if len(choices) <= MAX_BRACE_FORMS else None
    ends = sequence.split("..")
    step = abs(int(ends[2])) if len(ends) > 2 else 1
    step = step or 1
    if ends[0].lstrip("-").isdigit():
        first, last = int(ends[0]), int(ends[1])
        if abs(last - first) // step + 1 > MAX_BRACE_FORMS:
            return None
        padded = any(len(e.lstrip("-")) > 1 and e.lstrip("-").startswith("0") for e in ends[:2])
        width = max(len(ends[0]), len(ends[1])) if padded else 0
        numbers = range(first, last + 1, step) if first <= last else range(first, last - 1, -step)
        return [str(n).zfill(width) if width else str(n) for n in numbers]
    first, last = ord(ends[0]), ord(ends[1])  # letters: every character between, as bash gives them
    if abs(last - first) // step + 1 > MAX_BRACE_FORMS:
        return None
    codes = range(first, last + 1, step) if first <= last else range(first, last - 1, -step)
    return [chr(c) for c in codes]


def _brace_forms(text: str, fish: bool) -> tuple[list[str], bool]:
    """(what brace expansion makes of each word of ``text`` that has a group, ``--{a,b}``: ``--a``, ``--b``,
    nested groups from the innermost out, each with the words before and after it (a flag's value may be the
    next word), whether every such word was expanded whole: at most :data:`MAX_BRACE_FORMS` forms a word).
    Quotes are not heeded: an alias's text is read again when it runs, and expanded then."""
    group = _FISH_BRACE_GROUP if fish else _BRACE_GROUP
    if not group.search(text):  # most lines with a brace: a function's, a ${…}
        return [], True
    words = text.split()
    out: list[str] = []
    whole = True
    for i, word in enumerate(words):
        if "{" not in word or not group.search(word):
            continue
        if len(word) > MAX_BRACE_WORD:
            whole = False
            continue
        pending, done = [word], []
        while pending:
            form = pending.pop(0)
            m = group.search(form)
            if m is None:
                done.append(form)
                continue
            choices = _brace_choices(m)
            if choices is None or len(pending) + len(done) + len(choices) > MAX_BRACE_FORMS:
                whole = False
                break
            pending += [form[: m.start()] + c + form[m.end() :] for c in choices]
        around = " ".join(words[max(0, i - 1) : i]), " ".join(words[i + 1 : i + 2])
        out += [f"{around[0]} {form} {around[1]}" for form in dict.fromkeys(done)]
    return out, whole


# -- flags the shell puts on a line from its variables -----------------------------------------------------
# a reference, a command's output (backticks; fish's "("), PowerShell's splatting (@F)
_MAY_EXPAND = re.compile(r"[$`]|@[A-Za-z_]|\(")


def line_expander(ctx: Context, read: list[str]) -> Expander:
    """The expander of this scan's lines with the values every one of ``read`` gives a variable (made once
    per scan and list of files: each name's values are worked out once, however many conditions ask)."""
    fold = ctx.machine.platform == "windows"  # Windows' variable names ignore case
    home = ctx.machine.home
    # folders the system gives, which hold no flag (PowerShell's $PSScriptRoot, the profile's folder, is one
    # too: the home stands in for it)
    known = {"HOME": home, "USERPROFILE": home, "PSSCRIPTROOT": home}
    # what the system gives the shell, and no flag: the folder a session is in (the home stands in for it),
    # the user's name, the host's, the login shell, the folder for temporary files
    user = posixpath.basename(home.rstrip("/").replace("\\", "/")) or "user"
    known |= {"PWD": home, "OLDPWD": home, "USER": user, "LOGNAME": user, "USERNAME": user, "HOSTNAME": "host"}
    known |= {"SHELL": "/bin/sh", "TMPDIR": "/tmp", "TEMP": "/tmp", "TMP": "/tmp"}
    if xdg := xdg_config_folder(ctx.machine):
        known["XDG_CONFIG_HOME"] = xdg

    def settings(name: str) -> list[tuple[str, HeldValue]]:
        out: list[tuple[str, HeldValue]] = []
        for path in read:
            text = startup_text(ctx.disk, path)
            if isinstance(text, str):
                out += [(path, held) for held in startup_script(ctx.disk, path, text).held_values(name, fold=fold)]
        return out

    expanders: dict[tuple[str, ...], Expander] = ctx.disk.remembered(_EXPANDERS, dict)
    key = tuple(read)
    if key not in expanders:
        expanders[key] = Expander(settings, known)
    return expanders[key]


_EXPANDERS = "startup: expanders"


@dataclass(frozen=True)
class _Line:
    """A startup file's line read through its variables (comment at its end left out)."""

    file: str  # as the scanned machine names it
    number: int
    text: str
    dialect: str
    parameters: Parameters = ()  # of the function the line is in (see Expander.versions)


def _through_variables(
    expander: Expander, line: _Line, program_words: ProgramWords, flag_words: _FlagWords
) -> StartupFinding | UnknownArgument | None:
    """What ``line`` passes one of the tool's commands through its variables: a finding when a version of it
    starts one with a flag, else the first reference that cannot be known after such a command, else None."""
    unknown: UnknownArgument | None = None
    for version in expander.versions(line.text, line.dialect, line.parameters):
        passed = _as_passed(version.text, line.dialect)
        program = program_started(passed, program_words)
        if program is None:
            # the flag given to a command the shell works out (`read -r C <<< claude; alias cc="$C --flag"`):
            # it may be the tool
            if unknown is None and UNKNOWN in passed and _flag_in(passed, flag_words, line.dialect == FISH):
                label = next((name for name, text in version.parts if UNKNOWN in text), "")
                unknown = UnknownArgument(line.file, line.number, program_words[0][0], label) if label else None
            continue
        if flag := _flag_in(passed, flag_words, line.dialect == FISH):
            rx = next(rx for f, flag_needle, rx in flag_words if f == flag)
            return StartupFinding(line.file, line.number, program, shown_flag(flag), _sources(version, rx))
        if unknown is None and UNKNOWN in passed:
            reference = _unknown_argument(version, passed, program_words, line.dialect)
            unknown = UnknownArgument(line.file, line.number, program, reference) if reference else None
    return unknown


# a function's parameters, which hold what the user types (or a default written with them): nushell's
# `def [--wrapped] cc [...rest, --model: string = "opus"]`, PowerShell's `param([string]$Model = 'opus')` and
# `function cc($Model = 'opus')`
_NU_SIGNATURE = re.compile(r"""\bdef\s+(?:--[\w-]+\s+)*(?:"[^"]*"|'[^']*'|[^\s\[]+)\s*\[""")
_NU_PARAMETER = re.compile(
    r"""(?P<name>(?:\.\.\.|--)?[A-Za-z_][\w-]*)(?:\(-\w\))?\??\s*(?::\s*[\w-]+(?:<[^>\]]*>)?)?"""
    r"""\s*(?:=\s*(?P<default>"[^"]*"|'[^']*'|[^\s,\]]+))?"""
)
_PS_SIGNATURE = re.compile(r"\b(?:param|function\s+[\w:-]+)\s*\(", re.IGNORECASE)
_PS_PARAMETER = re.compile(r"""\$([A-Za-z_]\w*)(?:\s*=\s*(?P<default>'(?:''|[^'])*'|"(?:`.|[^"`])*"|[^\s,)]+))?""")
_QUOTED_OR_COMMENT = re.compile(r"""'[^'\n]*'|"(?:\\.|[^"\\\n])*"|(?<![^\s;])\#[^\n]*""")
MAX_SIGNATURE_CHARS = 4096  # a signature written over lines is read this far for its closing bracket


_PS_BLOCK_COMMENT = re.compile(r"<#.*?#>", re.S)
_NOT_NEWLINE = re.compile(r"[^\n]")


def _function_parameters(text: str, dialect: str) -> dict[int, Parameters]:
    """The parameters each logical line (by its first line's number) sees of the functions around it, in a
    nushell or PowerShell file: from the line that declares them to the end of the function's braces; in a
    fish file, a function's ``--argument-names`` to its ``end``."""
    if dialect == FISH:
        return _fish_parameters(text)
    signature = {NU: _NU_SIGNATURE, POWERSHELL: _PS_SIGNATURE}.get(dialect)
    if signature is None:
        return {}
    if dialect == POWERSHELL:  # a block comment's braces close nothing (<# { #>): blanked, its lines kept
        text = _PS_BLOCK_COMMENT.sub(lambda m: _NOT_NEWLINE.sub(" ", m.group()), text)
    offsets = [0]
    for physical in text.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(physical))
    out: dict[int, Parameters] = {}
    scopes: list[tuple[int, Parameters]] = []  # (the depth at or below which it ends, the parameters)
    depth = 0
    for number, line in logical_lines(text):
        before = depth
        bare = _QUOTED_OR_COMMENT.sub("", line)
        depth += bare.count("{") - bare.count("}")
        declared: list[tuple[str, tuple[str, ...]]] = []
        m = signature.search(line)
        if m is not None:
            start = offsets[number - 1] + m.end()  # its brackets may close on a later line
            declared = _parameters_in(text[start : start + MAX_SIGNATURE_CHARS], dialect)
        seen = [p for _end, ps in scopes for p in ps] + declared
        if seen:
            out[number] = tuple(seen)
        if declared and m is not None:
            # a function's own line opens its block; PowerShell's param(…) is inside the block already open
            opens = dialect == NU or "{" in line[: m.start()] or not m.group().lower().startswith("param")
            scopes.append((before if opens else before - 1, tuple(declared)))
        scopes = [(end, ps) for end, ps in scopes if depth > end]
    return out


# fish: the words that open a block closed by `end` (leading_names.FISH_OPENS) and those that may come before
# one, and a function's named arguments (-a/--argument-names A B)
_FISH_FLAG_END = frozenset({"and", "or", "not", "else", "command", "builtin"})
MAX_FISH_BLOCKS = 64  # blocks open at once that are followed; deeper, no parameter is taken from them
MAX_FISH_WORDS = 64  # words of a function's line read for its parameters


def _fish_parameters(text: str) -> dict[int, Parameters]:
    """fish's ``function cc --argument-names model`` (or ``-a model``): ``$model`` is what the caller passes,
    as a nushell or PowerShell parameter is, from the function's line to its ``end``."""
    if "function" not in text or ("-a" not in text and "--argument-names" not in text):
        return {}
    out: dict[int, Parameters] = {}
    stack: list[Parameters] = []  # each open block's parameters (most: none)
    current: Parameters = ()  # those of every open block, made again only when a block opens or ends
    for number, line in logical_lines(text):
        declared: Parameters = ()
        changed = False
        for command in _QUOTED_OR_COMMENT.sub(" ", line).split(";"):
            words = command.split(None, MAX_FISH_WORDS)
            while words and words[0] in _FISH_FLAG_END:
                words = words[1:]
            if not words or not (words[0] == "end" or words[0] in FISH_OPENS):
                continue
            changed = True
            if words[0] == "end":
                if stack:
                    stack.pop()
                continue
            names = _fish_argument_names(words) if words[0] == "function" else ()
            declared += tuple((n, ()) for n in names)
            if len(stack) < MAX_FISH_BLOCKS:
                stack.append(tuple((n, ()) for n in names))
        if changed:
            current = tuple(dict.fromkeys(p for block in stack for p in block))
        seen = tuple(dict.fromkeys((*current, *declared))) if declared else current
        if seen:
            out[number] = seen
    return out


def _fish_argument_names(words: list[str]) -> tuple[str, ...]:
    """The names after ``-a`` / ``--argument-names`` in a fish ``function`` line's words."""
    names: list[str] = []
    taking = False
    for word in words[2:]:
        if word.startswith("-"):
            taking = word in ("-a", "--argument-names") or (word[1:2] != "-" and word.endswith("a"))
            if word.startswith("--argument-names="):
                names.append(word.partition("=")[2])
                taking = True
            continue
        if taking and _FISH_NAME.fullmatch(word):
            names.append(word)
    return tuple(names)


_FISH_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _parameters_in(text: str, dialect: str) -> list[tuple[str, tuple[str, ...]]]:
    """The parameters written from the start of ``text`` (after the opening bracket) to its closing one."""
    closing, opening = ("]", "[") if dialect == NU else (")", "(")
    level, end = 1, len(text)
    for i, c in enumerate(text):
        level += (c == opening) - (c == closing)
        if level == 0:
            end = i
            break
    else:
        return []  # not closed near: nothing taken as a parameter
    body = text[:end]
    out: list[tuple[str, tuple[str, ...]]] = []
    if dialect == NU:
        for m in _NU_PARAMETER.finditer(body):
            name = m.group("name").lstrip(".-").replace("-", "_")
            out.append((name, (m.group("default"),) if m.group("default") else ()))
    else:
        for m in _PS_PARAMETER.finditer(body):
            out.append((m.group(1).lower(), (m.group("default"),) if m.group("default") else ()))
    return out


# the names a line may set, in any shell aicheck reads (NAME=, NAME+=, arrays; set/set-env/setenv NAME, fish's
# `set -gx NAME`, PowerShell's and xonsh's $NAME =, nushell's $env.NAME =, elvish's E:NAME)
_SETS = re.compile(
    r"(?:^|[\s;&|(`{\"])(?:\$(?:env[.:])?|E:)?([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\s*\+?=|"
    r"\b(?:set|set-env|setenv|declare|typeset|local|export|readonly)\s+(?:-+\w+\s+)*([A-Za-z_][A-Za-z0-9_]*)|"
    r"\$\{([A-Za-z_][A-Za-z0-9_]*):?="  # ${NAME:=word}: the word where it had no value
)


def _setting_word(line: str) -> bool:
    """Whether ``line`` holds a word :data:`_SETS` needs where a line has no "=" (substrings: an alternation
    of them is tried at every position of the line, several times slower)."""
    return "set" in line or "declare" in line or "local" in line or "export" in line or "readonly" in line


def _program_variables(ctx: Context, read: list[str], program_words: ProgramWords) -> frozenset[str]:
    """The variables ``read`` may give a value that names one of the tool's commands (``CLAUDE=claude``, and
    those whose value names such a variable in turn, a few levels deep), as the lines that set them write them
    (once a scan per list of files). Only a line that names the command or one of these can start it in some
    version; the rest (an installer's shim: ``exec node "$basedir/…/claude-code/cli.js" "$@"``) are left
    alone without making their versions. A name split between a reference and the text around it (``${A}ude``)
    is not looked for: the command is named whole, as a command substitution's is not at all."""
    memory: dict[tuple[tuple[str, ...], tuple[str, ...]], frozenset[str]] = ctx.disk.remembered(_BEARING, dict)
    key = (tuple(read), tuple(p for p, _rx in program_words))
    if key in memory:
        return memory[key]
    # (a value that expands a bearing name: `X=$C`, `X=${C}`; in xonsh, Python names a variable bare: `X = C`)
    setting = [
        (names, line, dialect_of(path) == XONSH) for path in read for names, line in setting_lines(ctx.disk, path)
    ]
    # a name a command reads in (`read -r C <<< claude`, `printf -v C`, `mapfile`) holds what cannot be known,
    # which may be the command: `alias cc="$C $F"` is read through its variables
    bearing: set[str] = {n for path in read for n in read_in_names(ctx.disk, path)}
    # the names whose value names the command (the same each round: looked for once), then a bearing name ...
    naming = {n for names, line, _bare in setting if any(rx.search(line) for _p, rx in program_words) for n in names}
    for _ in range(MAX_BEARING_DEPTH):
        more = set(naming)
        if bearing:
            words, refs = names_as_words(frozenset(bearing)), references_to(frozenset(bearing))
            more |= {n for names, line, bare in setting if (words if bare else refs).search(line) for n in names}
        if more <= bearing:
            break
        bearing |= more
    memory[key] = frozenset(bearing)
    return memory[key]


_BEARING = "startup: variables that may name the tool's commands"
_SETTING = "startup: the lines of each file that set a variable"


def setting_lines(disk: Disk, path: str) -> list[tuple[set[str], str]]:
    """(the names a line sets, the line as the shell passes it) for each such line of ``path`` (once a scan)."""
    memory: dict[str, list[tuple[set[str], str]]] = disk.remembered(_SETTING, dict)
    if path not in memory:
        text = startup_text(disk, path)
        found: list[tuple[set[str], str]] = []
        if isinstance(text, str):
            for _number, line in logical_lines(text):
                if "=" not in line and not _setting_word(line):  # most lines set nothing
                    continue
                names = {n for m in _SETS.finditer(line) for n in m.groups() if n}
                if names:
                    found.append((names, without_quotes(line)))
        memory[path] = found
    return memory[path]


MAX_BEARING_DEPTH = 5  # one more than the expander follows (MAX_DEPTH)


# a line that only sets one variable, or only tests one (`export NODE_PATH="…:$NODE_PATH"`, `if [ -z "$X" ];
# then`): it starts no program in any version (a command's output in it is a command the line runs: kept)
_RUNS_NOTHING = re.compile(
    r"""^(?:(?:export|local|declare|typeset|readonly)\s+(?:-\w+\s+)*)?[A-Za-z_][A-Za-z0-9_]*\+?="""
    r"""(?:"(?:[^"\\`$]|\$(?!\()|\\.)*"|'[^']*'|[^\s;&|`$()'"]|\$(?!\())*\s*;?\s*$"""
    r"""|^(?:if|elif)\s+\[\s+-[zn]\s+"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?"\s+\];\s*then\s*$"""
    # `case "$os" in`: the word is matched against patterns, never run (a command substitution in it is kept)
    r"""|^case\s+(?:"(?:[^"\\`$]|\$(?!\()|\\.)*"|'[^']*'|[^\s;&|`$()'"]|\$(?!\())+\s+in\s*$"""
)


# a reference, a command's output or PowerShell's splatting; what the user types ("$@", $1, $argv, @args) is none
_EXPANDED = re.compile(r"\$(?![@*#?!0-9]|\{[@*#?!0-9]|argv\b)|`|(?<![^\s(,])@(?!args\b)[A-Za-z_]|\(")


def _expands_after(line: str, program_words: ProgramWords, dialect: str = "") -> bool:
    """Whether ``line`` names one of the tool's commands and expands something after it (what may be its
    arguments): an installer's shim that runs ``"$basedir/…/claude.exe" "$@"`` gives it nothing but what the
    user types. (A variable before the command that may name the command itself is a bearing one: looked at
    by the caller.)"""
    firsts = [m.start() for _p, rx in program_words if (m := rx.search(line))]
    expanded = _CMD_EXPANDED if dialect == CMD else _EXPANDED
    return bool(firsts) and expanded.search(line, min(firsts)) is not None


def _refers_to_any(line: str, names: frozenset[str]) -> bool:
    """Whether ``line`` may expand one of ``names`` (``$N``, ``${N…}``, ``@N``, ``$env:N``, ``$E:N``; a
    Windows name in any case): looked for as words, which may find more than the shell would, never less."""
    return bool(names) and names_as_words(names).search(line) is not None


def _sources(version: Version, rx: re.Pattern[str]) -> tuple[str, ...]:
    """The references of ``version`` a flag comes from: each without which it is not there (all that put
    something in, when no one alone makes it)."""
    names = list(dict.fromkeys(name for name, text in version.parts if name and text))
    needed = [name for name in names if not rx.search(without_quotes(version.without(name)))]
    return tuple(needed or names)


def _unknown_argument(version: Version, passed: str, program_words: ProgramWords, dialect: str) -> str | None:
    """The first reference whose value cannot be known that stands after one of the tool's commands in
    ``passed`` (``version``'s text as the shell passes it), or None. The command counts where it ends its word
    (``claude``, ``~/.local/bin/claude``, ``claude.exe``), not where a folder is named after it
    (``…/@anthropic-ai/claude-code/node_modules:$NODE_PATH``); what comes before it (the folder of its own path,
    ``$DIR/bin/claude``, a variable set for it) is not its arguments."""
    ends = [m.end() for _p, rx in program_words for m in rx.finditer(passed) if _WORD_ENDS.match(passed, m.end())]
    if not ends:
        return None
    first = min(ends)
    # (PowerShell hands a native command, and Windows' claude.cmd its cmd.exe, a line they split again: a
    # quote in the value may close the word; so does eval, which reads its words again as a line, and
    # `eval command claude "x$F"` hands claude what $F holds as words of their own)
    plain = dialect not in (POWERSHELL, CMD) and not _EVAL.search(passed, 0, first)
    safe = _in_plain_words(version, program_words) if plain else frozenset()
    owners = [i for i, (_name, text) in enumerate(version.parts) for _ in range(text.count(UNKNOWN))]
    at = -1
    for i in owners:
        at = passed.index(UNKNOWN, at + 1)
        if at >= first and i not in safe:
            return version.parts[i][0]
    return None


_MARK = "\ue001"  # in a line's skeleton: where a reference stands
_EVAL = re.compile(r"eval(?<![\w.-]eval)(?![\w-])")  # a command that reads its words again as a line


def _in_plain_words(version: Version, program_words: ProgramWords) -> frozenset[int]:
    """The parts of ``version`` that are references inside a double-quoted word after the tool's command which
    starts with literal text other than ``-`` (``--append-system-prompt "I am $X"``): whatever they hold, the
    word is one argument that is no flag. An alias's single-quoted text is read again when it runs, so the
    words inside it count; a reference not quoted so (split into words) or in a word the line's quotes opened
    before the command (``alias cc="claude $X"``, read again with its value in it) is never one of these."""
    skeleton: list[str] = []
    marks: dict[int, int] = {}  # position in the skeleton -> index of the part
    pos = 0
    for i, (name, text) in enumerate(version.parts):
        if name:
            marks[pos] = i
            skeleton.append(_MARK)
            pos += 1
        else:
            skeleton.append(text)
            pos += len(text)
    line = "".join(skeleton)
    command = min((m.end() for _p, rx in program_words if (m := rx.search(line))), default=None)
    if command is None or not marks:
        return frozenset()
    return frozenset(i for at, i in marks.items() if at > command and _plain_word_at(line, at, command))


_PLAIN_START = re.compile(r"[\w/.~+:,@%]")  # what a word that is no flag may start with


def _plain_word_at(text: str, at: int, command: int, depth: int = 0) -> bool:
    """Whether position ``at`` of ``text`` is inside a double-quoted word opened after ``command`` whose
    first character is literal text, not ``-`` (see :func:`_in_plain_words`)."""
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c not in "'\"":
            i += 1
            continue
        close = text.find("'", i + 1) if c == "'" else _double_close(text, i + 1)
        if close < 0:
            return False
        if i < at < close:
            if c == "'" and i < command and depth < 4:  # an alias's text: its words read when it runs
                return _plain_word_at(text[i + 1 : close], at - i - 1, command - i - 1, depth + 1)
            starts_word = i == 0 or text[i - 1].isspace()
            return c == '"' and i > command and starts_word and bool(_PLAIN_START.match(text, i + 1))
        i = close + 1
    return False


def _double_close(text: str, pos: int) -> int:
    while pos < len(text):
        if text[pos] == "\\":
            pos += 2
        elif text[pos] == '"':
            return pos
        else:
            pos += 1
    return -1


# what may follow a command's name in its word: an extension, the end of the command, quotes gone
_WORD_ENDS = re.compile(r"(?:\.[A-Za-z0-9]{1,4})?[;)&|}" + UNKNOWN + r"]*(?:\s|$)")
