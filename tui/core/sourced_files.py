"""The files the shell startup files source, followed to the files a session really runs.

``source ~/.aliases`` runs that file in the same shell, so what it sets and defines is the session's:
:func:`with_sourced` gives the startup files with every file they source, a few levels deep and a bounded
number per question (:data:`MAX_SOURCE_DEPTH`, :data:`MAX_SOURCED_FILES`), each named by the file before it
(never a walk). A sourced name is placed where it can be: the home, XDG's folders, ``$ZDOTDIR`` and
``$ENV``, a variable the file sets, Homebrew's prefixes (:data:`HOMEBREW_PREFIXES`), a terminal's own folder
(:data:`TERMINAL_FOLDERS`), a loop over a folder, SDKMAN's modules, what oh-my-zsh's loader runs,
Powerlevel10k's per-user files. A name the shell computes, and a line past those bounds, is noted
(:data:`NAMED_AT_RUN_TIME`, :data:`UNFOLLOWED`) for :func:`tui.core.startup.find_startup_flags`, which
cannot confirm a condition over it (not a framework's own: a loader's lines, the files oh-my-zsh ships); a name read only while a command or variable is the packaged one is
noted with that check (:func:`_defer`), made by :mod:`tui.core.startup` when the condition is judged. Apart from :mod:`tui.core.startup`, which asks it
for the files to read; both read the files through :mod:`tui.core.startup_reading`.
"""

from __future__ import annotations

import fnmatch
import functools
import itertools
import posixpath
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

from tui.core.machine import Disk, Machine, to_machine_path
from tui.core.shell_variables import SH, UNSET, SourcedLine, StartupScript, VariableLine, dialect_of
from tui.core.startup_reading import (
    folder_named,
    logical_lines,
    read_in_names,
    startup_script,
    startup_text,
    without_comment,
)

NAMED_AT_RUN_TIME = "a file named at run time"  # startup.UnknownArgument.reference of a line that runs such a file
# startup.UnknownArgument.reference of a line that sources files past what is followed (MAX_SOURCE_DEPTH/_FILES)
UNFOLLOWED = "more files than are followed"
# startup.UnknownArgument.reference of a folder a shell runs whole that holds more files than are read
FOLDER_CUT = "more files in the folder than are read"


# -- the files the startup files source ---------------------------------------------------------------------
# ``source ~/.aliases`` runs that file in the same shell: its aliases and exports are the session's. Followed
# where the file can be placed, a few levels deep and a bounded number per question (a chain of sourced
# files is never a walk: each is named by the file before it)
MAX_SOURCE_DEPTH = 6
MAX_SOURCED_FILES = 128  # per question; past either bound the line that sources more cannot confirm a condition
MAX_FISH_FUNCTIONS = 300  # fish's functions folder: one small file per function (plugin managers add dozens)
MAX_FOLDER_FILES = 200  # files of a folder a shell runs whole (/etc/profile.d, xonsh's rc.d), the first by name
_ZSH_DOT_FILES = (".zprofile", ".zshrc", ".zlogin")  # read from $ZDOTDIR when ~/.zshenv sets it
_SYSTEM_ZSHENV = ("/etc/zshenv", "/etc/zsh/zshenv")  # zsh runs it before ~/.zshenv: its ZDOTDIR moves that too
# $NAME, ${NAME}, ${NAME:-default}, the default holding a ${…} of its own (${XDG_DATA_HOME:-${HOME}/.local/share})
_REFERENCE = re.compile(r"\$\{(\w+)(?::?-((?:[^{}]|\{[^{}]*\})*))?\}|\$(?:env:)?(\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class StartupFile:
    """A file whose lines a shell runs at start: a startup file, or one such a file sources."""

    path: str  # machine path
    every: bool  # every session of that shell runs it (False: some sessions, or one command, or one folder)
    base: str  # the folder a relative name in it is taken from (the home; an ``.envrc``'s own folder)


def with_sourced(disk: Disk, machine: Machine, roots: list[StartupFile]) -> list[StartupFile]:
    """``roots`` and the files they source, in order, each once. A file sourced where only some sessions run
        it (inside a block, after ``&&``) runs in some sessions only, and so does all it sources. A name the
        shell computes is not followed; the audit says so. Also read: fish's ``conf.d`` (every ``*.fish`` there
        runs before ``config.fish``), what oh-my-zsh's loader runs wherever ``oh-my-zsh.sh`` is sourced (its
        lib, the plugins and theme the file names, its custom folder: see :func:`_oh_my_zsh`), fish's
        ``functions`` (each ``*.fish`` there, loaded when its function is called: some sessions), fish's
        vendor folders in the home (:func:`_fish_vendor`), the user's bash-completion files
        (:func:`_bash_completion_files`), zsh's autoloaded functions (:func:`_autoloaded`),
    and for ``ZDOTDIR`` see :func:`_zsh_moved`. Worked out once per scan for the same roots."""
    chains: dict[tuple[StartupFile, ...], list[StartupFile]] = disk.remembered(_CHAINS, dict)
    key = tuple(roots)
    if key not in chains:
        chains[key] = _follow(disk, machine, roots)
    return chains[key]


# each scan's startup files with what they source, per list of roots (Disk.remembered)
_CHAINS = "startup: sourced chains"


def _follow(disk: Disk, machine: Machine, roots: list[StartupFile]) -> list[StartupFile]:
    roots, zdotdir = _zsh_moved(disk, machine, roots)
    roots = roots + _ksh_env(disk, machine, roots)
    out: list[StartupFile] = []
    seen: set[str] = set()
    queue: list[tuple[StartupFile, int]] = []
    for root in roots:
        folder, _, name = root.path.rpartition("/")
        if name.startswith("*"):  # a folder the shell runs whole (/etc/profile.d/*.sh, xonsh's rc.d/*.xsh)
            listed = listed_files(disk, folder, name[1:], MAX_FOLDER_FILES)
            queue += [(StartupFile(path, root.every, root.base), 0) for path in listed]
            continue
        if root.path.endswith("/fish/config.fish"):
            conf_d = root.path[: -len("config.fish")] + "conf.d"
            queue += [(StartupFile(path, root.every, root.base), 1) for path in listed_files(disk, conf_d, ".fish")]
            vendor = _fish_vendor(disk, machine) if not root.path.startswith("/etc/") else ([], [])
            queue += [(StartupFile(path, every and root.every, root.base), 1) for path, every in vendor[0]]
            queue.append((root, 0))
            # each function `funcsave` wrote: fish loads it when its name is typed (some sessions, then)
            functions = root.path[: -len("config.fish")] + "functions"
            listed = listed_files(disk, functions, ".fish", MAX_FISH_FUNCTIONS) + vendor[1]
            queue += [(StartupFile(path, False, root.base), 1) for path in listed]
            continue
        queue.append((root, 0))
    sourced = 0
    queued = {item.path for item, _depth in queue}  # a file sourced again is no new file: never past the bound
    past: dict[str, list[int]] = {}  # each file: its lines past the bound after the first (one note for them all)
    accepted: list[tuple[str, int, str]] = []  # (file, line, what a startup file must not redefine)
    runs: dict[str, list[str]] = {}  # each file: the files it sources
    loads: list[tuple[str, int, list[str]]] = []  # oh-my-zsh's loader sourced: (file, line, what the loader runs)
    installs: dict[str, set[str | None]] = {}  # oh-my-zsh's folder, where a line sources its loader: custom folders
    # once the queue is read: the user's bash-completion files not sourced by name, and zsh's autoloaded
    # functions the files read name (and those these name, a few rounds)
    autoload_rounds = autoloaded = 0
    while queue or autoload_rounds < MAX_AUTOLOAD_ROUNDS:
        if not queue:
            autoload_rounds += 1
            more = [] if autoload_rounds > 1 else _bash_completion_files(machine, roots)
            queue = [(StartupFile(path, False, machine.home), 1) for path in more if path not in queued]
            bodies = _autoloaded(disk, machine, out, zdotdir, installs, queued, MAX_AUTOLOADED - autoloaded)
            autoloaded += len(bodies)
            queue += [(f, 1) for f in bodies]
            queued.update(f.path for f, _depth in queue)
            if not queue:
                break
            continue
        item, depth = queue.pop(0)
        if item.path in seen:
            continue
        seen.add(item.path)
        out.append(item)
        text = startup_text(disk, item.path)
        if not isinstance(text, str):
            continue
        script = startup_script(disk, item.path, text)
        for src in script.sourced():
            used: set[str] = set()
            files = _sourced_files(disk, machine, item, zdotdir, script, src, used)
            if files is not None:
                accepted += [(item.path, src.line, name) for name in sorted(used) if ":" not in name]
                _defer(disk, item.path, src.line, sorted(name for name in used if ":" in name))
                runs.setdefault(item.path, []).extend(files)
                if files and files[0].endswith("/oh-my-zsh.sh") and not src.each:
                    loads.append((item.path, src.line, files))
                if (item.path, src.line) in _omz_loaded(disk):
                    zsh, custom = _omz_loaded(disk)[(item.path, src.line)]
                    installs.setdefault(zsh, set()).add(custom)
            if files is None and _sdkman_download(disk, item.path, text, src.word):
                disk.skip_once(item.path, f"line {src.line} runs what SDKMAN downloads on the line before: not read")
                continue
            if files is None:
                shipped = _omz_shipped(installs, item.path)
                disk.skip_once(item.path, _run_time_reason(item.path, src, shipped))
                if not src.word.startswith("<(") and not shipped and not _framework_line(disk, item.path, src.word):
                    note_run_time_name(disk, item.path, src.line)
                continue
            some = _some_sessions(disk).get((item.path, src.line), set())
            for path in files:
                if path in queued and not _packaged(item.path, path, machine.home):
                    continue  # read once, whichever line sources it first
                if depth >= MAX_SOURCE_DEPTH or sourced >= MAX_SOURCED_FILES:
                    if item.path in past:  # one note says the first line, another how many lines follow
                        past[item.path].append(src.line)
                    else:
                        past[item.path] = []
                        disk.skip_once(item.path, f"line {src.line} sources more files than are followed: not read")
                        note_run_time_name(disk, item.path, src.line, UNFOLLOWED)  # what it runs is unread
                    break
                if _packaged(item.path, path, machine.home):
                    disk.skip_once(
                        item.path, f"line {src.line} sources {disk.display(path)}, a packaged file: not read"
                    )
                    continue
                sourced += 1
                queued.add(path)
                every = item.every and src.top and path not in some
                queue.append((StartupFile(path, every, item.base), depth + 1))
    for path, lines in past.items():
        if lines:
            what = f"lines {lines[0]} to {lines[-1]} ({len(lines)} lines)"
            disk.skip_once(path, f"{what} source more files than are followed: not read")
    for path, line, guard in accepted:  # a packaged name the startup files aim elsewhere: named at run time
        if any(_redefines(disk, f.path, guard) for f in out):
            disk.skip_once(path, f"line {line}: a startup file sets or defines {guard}, so the file is not known")
            note_run_time_name(disk, path, line)
    if loads:
        _omz_set_elsewhere(disk, out, runs, loads)
    return out


# -- places a shell reads beside its startup files -------------------------------------------------------------
# fish 3.5+ (share/config.fish) runs each *.fish of the vendor_conf.d folders with its conf.d, and loads a
# function from their vendor_functions.d folders as from its functions folder: first $__fish_user_data_dir's
# ($XDG_DATA_HOME/fish, by default ~/.local/share/fish), then <folder>/fish's of each folder of $XDG_DATA_DIRS
# (by default /usr/local/share and /usr/share). Of those only the home's are read: the system's hold what
# packages ship (as bash-completion's loader, see _packaged). One file of each name runs, the user's conf.d
# and /etc/fish/conf.d first: a vendor file of a name those hold runs in some sessions at most.
_FISH_CONF_D = ("{xdg_config}/fish/conf.d", "/etc/fish/conf.d")
MAX_DATA_DIRS = 16  # the folders of XDG_DATA_DIRS looked at, the first


def _fish_vendor(disk: Disk, machine: Machine) -> tuple[list[tuple[str, bool]], list[str]]:
    """((each vendor_conf.d file fish runs, whether every session runs it), each vendor_functions.d file), once a
    scan per machine (the machine kept with the answer, so that another never takes its place), a copy handed
    out: each following of the startup files asks (a dozen a scan)."""
    memory: dict[int, tuple[Machine, list[tuple[str, bool]], list[str]]] = disk.remembered(_FISH_VENDOR, dict)
    hit = memory.get(id(machine))
    if hit is None or hit[0] is not machine:
        hit = memory[id(machine)] = (machine, *_fish_vendor_files(disk, machine))
    return list(hit[1]), list(hit[2])


_FISH_VENDOR = "startup: fish's vendor files"


def _fish_vendor_files(disk: Disk, machine: Machine) -> tuple[list[tuple[str, bool]], list[str]]:
    home = machine.home.rstrip("/")
    data = xdg_folder(machine, "XDG_DATA_HOME", f"{home}/.local/share")
    folders = [(f"{data}/fish", True)]
    if data != f"{home}/.local/share":  # XDG_DATA_HOME may be set for this run alone: the default, some sessions'
        folders.append((f"{home}/.local/share/fish", False))
    for entry in machine.env.get("XDG_DATA_DIRS", "").split(":")[:MAX_DATA_DIRS]:
        folder = folder_named(entry, machine) if entry.strip() else None
        if folder and (folder + "/").startswith(home + "/"):
            folders.append((f"{folder}/fish", False))  # a terminal's or a profile's: some sessions'
    xdg_config = xdg_config_folder(machine) or f"{home}/.config"
    taken = {n for f in _FISH_CONF_D for n in disk.children(f.replace("{xdg_config}", xdg_config))}
    conf: list[tuple[str, bool]] = []
    functions: list[str] = []
    for folder, every in dict.fromkeys(folders):
        for path in listed_files(disk, f"{folder}/vendor_conf.d", ".fish", MAX_FOLDER_FILES):
            name = path.rpartition("/")[2]
            conf.append((path, every and name not in taken))
            taken.add(name)
        functions += listed_files(disk, f"{folder}/vendor_functions.d", ".fish", MAX_FISH_FUNCTIONS)
    return conf, functions


# bash-completion (where it is installed and loaded: Debian's /etc/profile.d/bash_completion.sh, a .bashrc's
# `. /usr/share/bash-completion/bash_completion`) runs the user's $XDG_CONFIG_HOME/bash_completion (its
# profile.d hook, before the loader) and ~/.bash_completion ($BASH_COMPLETION_USER_FILE; the loader) at each
# interactive start. Read wherever bash's files are, as some sessions' files: whether it is loaded is not known.
def _bash_completion_files(machine: Machine, roots: list[StartupFile]) -> list[str]:
    home = machine.home.rstrip("/")
    if not any(r.path == f"{home}/.bashrc" for r in roots):
        return []
    named = [f"{home}/.bash_completion", f"{xdg_config_folder(machine) or home + '/.config'}/bash_completion"]
    own = machine.env.get("BASH_COMPLETION_USER_FILE", "").strip()
    if own and (path := folder_named(own, machine)):
        named.append(path)
    known = {r.path for r in roots}
    return [path for path in dict.fromkeys(named) if path not in known]


# zsh's (and ksh's) autoloaded functions: `autoload -Uz c` makes c a function whose body is the file c of the
# first folder of $fpath that holds one, read when c is first called. The folders the startup files put on
# fpath (`fpath=(~/.zfunc $fpath)`, `fpath+=~/.zfunc`, `FPATH=~/.zfunc:$FPATH`; the first
# MAX_FPATH_FOLDERS) are looked in for each name an autoload line gives, and only those (never a walk of the
# folder); a path (`autoload -Uz ~/.zfunc/c`, zsh 5.4+) is that file, and a glob of a folder's names
# (`autoload -Uz ~/.zfunc/*(.:t)`) each file of that one folder; `functions -u c` and `typeset -fu c` are the same
# as `autoload c`. Each file found is read as some sessions'
# (the function's body; see leading_names for the name), MAX_AUTOLOADED at most per question, and an
# autoload name the shell computes cannot confirm a condition. The system's folders zsh puts on fpath itself
# hold what zsh and packages ship (compinit, vcs_info) and are not read; a folder on fpath named at run time is
# noted in the audit (its functions are not read).
MAX_FPATH_FOLDERS = 16
MAX_AUTOLOADED = 64
MAX_AUTOLOAD_ROUNDS = 3  # an autoloaded function that autoloads another, a few times over
# `autoload c`, and the same by zsh's other spellings: `functions -u c` (or -U) and `typeset -fu c` (-f with -u
# or -U, together or apart); the words after the command, options among them (skipped as autoload's are)
_AUTOLOAD_BY = (
    r"(?:autoload|functions(?=(?:\s+[-+]\w+)*\s+-\w*[uU])"
    r"|typeset(?=(?:\s+[-+]\w+)*\s+-\w*f)(?=(?:\s+[-+]\w+)*\s+-\w*[uU]))"
)
_AUTOLOAD = re.compile(
    r"(?:^|[;&|({]|\b(?:then|do|else)\s)\s*(?:builtin\s+)?" + _AUTOLOAD_BY + r"\s+((?:\([^()\n]*\)|[^;&|()}\n])*)"
)
_OTHER_AUTOLOAD = re.compile(r"\b(?:functions|typeset)\s+(?:[-+]\w+\s+)*-\w*[uU]")


def _may_autoload(text: str) -> bool:
    """Whether a file may autoload a function (literal looks first: most files name none of the words)."""
    if "autoload" in text:
        return True
    return ("functions" in text or "typeset" in text) and _OTHER_AUTOLOAD.search(text) is not None


# the value's own old value in a word (`$FPATH`, `${fpath[@]}`), or a `:` between FPATH's folders: where a word
# of the value is cut into folders (after its quotes are read: `"$HOME/f:$FPATH"`)
_FPATH_SELF = re.compile(r"\$\{?(?:fpath|FPATH)(?:\[[@*]\])?\}?|:")
_ZSH_QUALIFIERS = re.compile(r"\([^()/]*\)$")  # a glob's qualifiers: `*(.:t)` names each plain file
# each scan's autoloaded files: the name of the function each is the body of (see leading_names)
_AUTOLOADED = "startup: autoloaded functions"


def autoloaded_names(disk: Disk) -> dict[str, str]:
    """Each file read as an autoloaded function's body, with the function's name."""
    return disk.remembered(_AUTOLOADED, dict)


def _fpath_folders(
    disk: Disk, machine: Machine, out: list[StartupFile], zdotdir: str | None, installs: dict[str, set[str | None]]
) -> list[str]:
    """The folders the files read put on zsh's fpath (or ksh's FPATH), as written, and those oh-my-zsh's
    loader puts there (``installs``: see _follow), the first few."""
    folders: list[str] = []
    for item in out:
        text = startup_text(disk, item.path)
        if not isinstance(text, str) or ("fpath" not in text and "FPATH" not in text):
            continue
        script = startup_script(disk, item.path, text)
        if script.dialect != SH:
            continue
        for name in ("fpath", "FPATH"):
            for held in script.held_values(name):
                try:
                    words = shlex.split(held.text or "")
                except ValueError:  # a quote that does not close: its folders are not known
                    disk.skip_once(
                        item.path, f"line {held.line} puts on fpath a value whose quotes do not close: not read"
                    )
                    continue
                parts = [part for each in words for part in _FPATH_SELF.split(each) if part]
                for word in (one for each in parts for one in expand_braces(each)):
                    folder = sourced_path(word, machine, item, zdotdir, script)
                    if folder is None or folder.startswith(_MARKS):
                        if _framework_line(disk, item.path, word) or _omz_shipped(installs, item.path):
                            continue
                        disk.skip_once(
                            item.path,
                            f"line {held.line} puts a folder named at run time on fpath: its functions not read",
                        )
                    elif folder not in folders and not _packaged(item.path, folder + "/", machine.home):
                        folders.append(folder)
    for zsh, customs in installs.items():  # oh-my-zsh's loader: $ZSH/{functions,completions}, its custom folder's
        for where in (zsh, *(c for c in customs if c)):
            folders += [f for f in (f"{where}/functions", f"{where}/completions") if f not in folders]
    return folders[:MAX_FPATH_FOLDERS]


def _autoloaded(
    disk: Disk,
    machine: Machine,
    out: list[StartupFile],
    zdotdir: str | None,
    installs: dict[str, set[str | None]],
    queued: set[str],
    room: int,
) -> list[StartupFile]:
    """The files of the functions the files read autoload (see above) not read yet, as some sessions' files,
    ``room`` at most (past it the line is noted)."""
    with_autoload = []
    for item in out:
        text = startup_text(disk, item.path)
        if isinstance(text, str) and _may_autoload(text) and dialect_of(item.path, text) == SH:
            with_autoload.append((item, text))
    if not with_autoload:
        return []
    folders = _fpath_folders(disk, machine, out, zdotdir, installs)
    names = autoloaded_names(disk)
    found: list[StartupFile] = []
    for item, text in with_autoload:
        script = startup_script(disk, item.path, text)
        each: list[tuple[int, list[str]]] = [
            (number, _autoload_files(disk, machine, item, zdotdir, script, folders, installs, number, m.group(1)))
            for number, line in logical_lines(text)
            for m in _AUTOLOAD.finditer(without_comment(line))
        ]
        if "X" in text:  # `c() { autoload -X }`: c's own file of fpath, loaded when c is called
            each += [
                (text.count("\n", 0, m.start()) + 1, [f"{f}/{name}" for f in folders if disk.is_file(f"{f}/{name}")])
                for m in _AUTOLOAD_STUB.finditer(text)
                if (name := m.group(1) or m.group(2))
            ]
        for number, paths in each:
            for path in paths:
                if path in queued or path in (f.path for f in found):
                    continue
                if len(found) >= room:
                    disk.skip_once(item.path, f"line {number} autoloads more functions than are followed: not read")
                    note_run_time_name(disk, item.path, number, UNFOLLOWED)
                    break
                names[path] = path.rpartition("/")[2]
                found.append(StartupFile(path, False, item.base))
    return found


# a function whose body is `autoload -X` (zsh: load this function's own file from fpath, and run it)
_AUTOLOAD_STUB = re.compile(
    r"(?:\bfunction[ \t]+([\w.:+-]+)(?:[ \t]*\([ \t]*\))?|(?<![\w.:+$-])([\w.:+-]+)[ \t]*\([ \t]*\))"
    r"\s*\{\s*(?:builtin[ \t]+)?autoload(?:[ \t]+[-+]\w+)*?[ \t]+[-+]\w*X"
)


def _autoload_files(
    disk: Disk,
    machine: Machine,
    item: StartupFile,
    zdotdir: str | None,
    script: StartupScript,
    folders: list[str],
    installs: dict[str, set[str | None]],
    number: int,
    args: str,
) -> list[str]:
    """The files an autoload line's words (``args``) name: each name in each of ``folders`` that holds it, a
    path, a glob's files. A name the shell computes is noted."""
    try:
        words = shlex.split(args)
    except ValueError:
        words = args.split()
    files: list[str] = []
    options = True
    for word in words:
        if options and word == "--":
            options = False
            continue
        if options and word[:1] in "-+":
            continue
        options = False
        if any(c in word for c in "$`") or ("/" not in word and any(c in word for c in "*?[(")):
            disk.skip_once(item.path, f"line {number} autoloads a function named at run time: not read")
            if not _omz_shipped(installs, item.path) and not _framework_line(disk, item.path, word):
                note_run_time_name(disk, item.path, number)
            continue
        if "/" not in word:
            files += [f"{folder}/{word}" for folder in folders if disk.is_file(f"{folder}/{word}")]
            continue
        listed = _loop_files(disk, machine, item, zdotdir, script, (_ZSH_QUALIFIERS.sub("", word),))
        if listed is None:
            disk.skip_once(item.path, f"line {number} autoloads a function named at run time: not read")
            note_run_time_name(disk, item.path, number)
            continue
        files += [path for path in listed if disk.is_file(path) and not _packaged(item.path, path, machine.home)]
    return files


# a framework's own loader, whose lines source its modules and the plugins the user's lines name by names it
# computes (oh-my-zsh's lib, plugins and theme, zinit's modules and plugins): the framework's code, as a
# packaged file is (what oh-my-zsh's lines run is read all the same, picked as they pick it: see
# _oh_my_zsh). zinit's only in its own layout (its modules beside it), and only a name made of its variables: a line
# that runs a command's output (`builtin source "$(cat ~/.rcname)"`) is no zinit line, wherever it is
_ZINIT_MODULES = ("zinit-side.zsh", "zinit-install.zsh", "zinit-autoload.zsh")


def _framework_line(disk: Disk, path: str, word: str) -> bool:
    if path.endswith(("/oh-my-zsh.sh", BASH_COMPLETION)):
        return True
    folder, _, name = path.rpartition("/")
    if name != "zinit.zsh" or any(c in word for c in "`(") or "$(" in word:
        return False
    return all(disk.is_file(f"{folder}/{module}") for module in _ZINIT_MODULES)


# what oh-my-zsh ships, in the folder of the oh-my-zsh.sh a line sources: its lib, plugins and themes. A name
# one of their files computes (nvm's `source "$NVM_DIR/nvm.sh"`, fzf's, ssh-agent's, `omz plugin load`, the
# random theme's pick) is the framework's code, as the loader's own are: not noted. Their own lines, and a
# file they name, are read as any sourced file's. The custom folder ($ZSH_CUSTOM, by default $ZSH/custom) is
# the user's own wherever it is, even inside the clone ($ZSH_CUSTOM=$ZSH): its files never are the
# framework's; nor is anything where the custom folder is computed, or the clone's files sourced without
# its loader (a plugin's file sourced straight from .zshrc)
_OMZ_SHIPPED = ("lib", "plugins", "themes")
# the loader's own lines that run what it picks (_omz_source's, the custom folder's loop, the theme's): each
# file they run is read (see _oh_my_zsh)
_OMZ_PICKS = re.compile(r"\$\{?(?:filepath|config_file|ZSH_THEME)\b")


def _omz_shipped(installs: dict[str, set[str | None]], path: str) -> bool:
    """Whether ``path`` is a file oh-my-zsh ships in one of ``installs`` (its folder: the custom folders the
    lines that source its loader give it), outside every custom folder."""
    for zsh, customs in installs.items():
        if None in customs or not path.startswith(tuple(f"{zsh}/{folder}/" for folder in _OMZ_SHIPPED)):
            continue
        if not any(path.startswith(f"{str(custom).rstrip('/')}/") for custom in customs):
            return True
    return False


def _run_time_reason(path: str, src: SourcedLine, shipped: bool) -> str:
    """What the audit says of a line that runs a file named at run time."""
    if path.endswith("/oh-my-zsh.sh") and _OMZ_PICKS.search(src.word):
        return f"line {src.line} runs a file oh-my-zsh's loader picks at run time: each it picks is read"
    if shipped:
        return (
            f"line {src.line} runs a file named at run time, from a file oh-my-zsh ships: the framework's own, not read"
        )
    return f"line {src.line} runs a file named at run time: not read"


# Homebrew's prefix, asked of brew (`$(brew --prefix)/share/…`, `` `brew --prefix`/etc/… ``, `$(brew --prefix
# asdf)/…`, which is <prefix>/opt/asdf/…, `$(brew --repository)`) or set by `brew shellenv` ($HOMEBREW_PREFIX):
# each standard prefix where brew is installed, and the file there is read like any other (the prefix is its
# user's to write: /opt/homebrew belongs to the admin who installed it). Only while the brew the sessions run
# is one of those prefixes' own, and no startup file defines brew or sets HOMEBREW_PREFIX to something else.
HOMEBREW_PREFIXES = ("/opt/homebrew", "/usr/local", "/home/linuxbrew/.linuxbrew")
BREW_MARK = "\ue011"  # stands for the prefix in a name until it is known which are installed
_REPOSITORY_MARK = "\ue012"  # `brew --repository`: the prefix itself on Apple Silicon, else <prefix>/Homebrew
_OWN_FOLDER_MARK = "\ue013"  # the folder of the file the line is in
_ARG0_MARK = "\ue014"  # `$(dirname "$0")`: that folder in zsh, "." (the folder the shell started in) in bash
_MARKS = (BREW_MARK, _REPOSITORY_MARK, _OWN_FOLDER_MARK, _ARG0_MARK)
_NAMED_FORMS = (
    (re.compile(r"`brew --prefix`|\$\(brew --prefix\)"), BREW_MARK),
    (re.compile(r"`brew --prefix ([A-Za-z0-9][\w@+-]*)`|\$\(brew --prefix ([A-Za-z0-9][\w@+-]*)\)"), None),
    (re.compile(r"`brew --repository`|\$\(brew --repository\)"), _REPOSITORY_MARK),
    (re.compile(r"\$\(dirname \$\{?0\}?\)|\$\{0%/\*\}"), _ARG0_MARK),
    (
        re.compile(
            r"\$\(dirname (?:\$BASH_SOURCE|\$\{BASH_SOURCE(?:\[0\])?\})\)|\$\{BASH_SOURCE(?:\[0\])?%/\*\}"
            r"|\$\{0:[aA]:h\}|\$\{0:h(?::[aA])?\}"
        ),
        _OWN_FOLDER_MARK,
    ),
)


@functools.cache
def _defined(name: str) -> re.Pattern[str]:
    """``name`` as a function, an alias, a hashed or autoloaded name, in any form a shell takes it (inside an
    ``eval "…"`` too): a broad look, for a command a computed name is asked of (brew, code)."""
    n = re.escape(name)
    word = rf"(?<![\w.$/-]){n}(?![\w.-])"
    return re.compile(
        rf"(?<![\w.$/-]){n}\s*\(\s*\)|\bfunction\s+{n}\b|\b(?:functions|aliases)\[\s*[\"']?{n}[\"']?\s*\]"
        rf"|\b(?:autoload|hash|functions\s+-\w*[uU]\w*|typeset\s+-(?=\w*f)(?=\w*[uU])\w+)\b[^\n;|&]*{word}"
        # alias brew=…, alias -g brew …, alias ll=ls brew=…; not alias bup='brew update'
        rf"""|\balias\s+(?:-\S+\s+)*(?:[^\s='"]+=(?:'[^']*'|"[^"]*"|[^\s'"]*)\s+)*["']?{n}["']?(?:=|\s|$)"""
    )


_SHELLENV = re.compile(r"""([^\s"'`$(]*brew)["']?\s+shellenv\b""")


def with_marks(word: str) -> str:
    """``word`` with the computed names whose folder is known replaced by a mark (see :data:`_MARKS`)."""
    for rx, mark in _NAMED_FORMS:
        word = rx.sub(functools.partial(_mark, mark), word)
    return word


def _mark(mark: str | None, m: re.Match[str]) -> str:
    return mark or f"{BREW_MARK}/opt/{m.group(1) or m.group(2)}"  # `brew --prefix NAME`: <prefix>/opt/NAME


def brew_prefixes(disk: Disk, machine: Machine) -> list[str]:
    """The standard Homebrew prefixes where brew is installed on the scanned disk (``~/.linuxbrew`` too)."""
    home = machine.home.rstrip("/")
    return [p for p in (*HOMEBREW_PREFIXES, f"{home}/.linuxbrew") if disk.exists(f"{p}/bin/brew")]


def unmarked(disk: Disk, machine: Machine, sourcing: StartupFile, path: str, used: set[str] | None) -> list[str]:
    """The machine paths a marked name (:func:`with_marks`) stands for."""
    if not path.startswith(_MARKS):
        return [path]
    mark, rest = path[0], path[1:]
    if mark == _OWN_FOLDER_MARK:
        return [sourcing.path.rpartition("/")[0] + rest]
    if mark == _ARG0_MARK:
        return list(dict.fromkeys([sourcing.path.rpartition("/")[0] + rest, sourcing.base.rstrip("/") + rest]))
    if used is not None:
        used.update({"brew", "path:brew"})
    prefixes = brew_prefixes(disk, machine)
    if mark == _REPOSITORY_MARK:
        prefixes = [p if p == "/opt/homebrew" else f"{p}/Homebrew" for p in prefixes]
    return [p + rest for p in prefixes]


# an editor's shell integration (`. "$(code --locate-shell-integration-path zsh)"`): a file the editor ships,
# noted and not read, while the editor the sessions run lies outside the home and no startup file defines it
_EDITOR_INTEGRATION = re.compile(
    r"^\$\((code|code-insiders|cursor|windsurf) --locate-shell-integration-path (?:bash|zsh|fish|pwsh)\)$"
)
# a terminal's own folder, set by the terminal (Ghostty's $GHOSTTY_RESOURCES_DIR, kitty's
# $KITTY_INSTALLATION_DIR, WezTerm's $WEZTERM_EXECUTABLE_DIR): the file at each place the terminal installs
# itself that exists, read where it is in the home (kitty's own installer puts it there), noted elsewhere.
# While no file that gives sessions variables sets that one (see startup._deferred_unknown); none there: unknown.
TERMINAL_FOLDERS = {
    "KITTY_INSTALLATION_DIR": (
        "{home}/.local/kitty.app/lib/kitty",
        "/Applications/kitty.app/Contents/Resources/kitty",
        "{home}/Applications/kitty.app/Contents/Resources/kitty",
        "/usr/lib/kitty",
        "/usr/lib64/kitty",
        "/usr/share/kitty",
    ),
    "GHOSTTY_RESOURCES_DIR": (
        "/Applications/Ghostty.app/Contents/Resources/ghostty",
        "{home}/Applications/Ghostty.app/Contents/Resources/ghostty",
        "/usr/share/ghostty",
        "/usr/local/share/ghostty",
    ),
    "WEZTERM_EXECUTABLE_DIR": (
        "/Applications/WezTerm.app/Contents/MacOS",
        "{home}/Applications/WezTerm.app/Contents/MacOS",
        "/usr/bin",
        "/usr/local/bin",
    ),
}
_TERMINAL_NAME = re.compile(r"^\$(?:\{(\w+)\}|(\w+))(/[^\s$`*?\[\]{}()%\\'\"]+)$")


def _named_elsewhere(
    disk: Disk, machine: Machine, item: StartupFile, src: SourcedLine, used: set[str] | None
) -> list[str] | None:
    """The files to read for an editor's or a terminal's own name (``[]``: noted only), or None when ``src``
    is no such name or none of the terminal's places exists."""
    guards = used if used is not None else set()
    if m := _EDITOR_INTEGRATION.match(src.word):
        disk.skip_once(
            item.path, f"line {src.line} sources {m.group(1)}'s shell integration script, a packaged file: not read"
        )
        guards.update({m.group(1), f"path:{m.group(1)}"})
        return []
    m = _TERMINAL_NAME.match(src.word)
    name = (m.group(1) or m.group(2)) if m else ""
    if m is None or name not in TERMINAL_FOLDERS:
        return None
    home = machine.home.rstrip("/")
    places = [posixpath.normpath(f.replace("{home}", home) + m.group(3)) for f in TERMINAL_FOLDERS[name]]
    present = [p for p in dict.fromkeys(places) if disk.exists(p)]
    if not present:
        return None
    guards.add(f"var:{name}")
    inside = [p for p in present if p.startswith(home + "/") or (disk.resolve(p) or "").startswith(home + "/")]
    for path in (p for p in present if p not in inside):
        disk.skip_once(item.path, f"line {src.line} sources {disk.display(path)}, a packaged file: not read")
    return inside


def _redefines(disk: Disk, path: str, guard: str) -> bool:
    """Whether ``path`` defines ``guard`` as a function or alias, or sets it, or reads it in (a packaged name
    made of it is then the user's to aim). brew in any way a shell can define it (``eval "brew() {…}"``,
    zsh's ``functions[brew]=…``, ``autoload brew``, ``hash brew=…``), and a shellenv run through another brew."""
    text = startup_text(disk, path)
    if not isinstance(text, str) or guard not in text:
        return False
    if guard == "brew":
        home = disk.machine.home.rstrip("/")
        standard = {"brew", *(f"{p}/bin/brew" for p in (*HOMEBREW_PREFIXES, f"{home}/.linuxbrew", "~/.linuxbrew"))}
        standard |= {"$HOME/.linuxbrew/bin/brew", "${HOME}/.linuxbrew/bin/brew"}
        return _defined("brew").search(text) is not None or any(
            m.group(1) not in standard for m in _SHELLENV.finditer(text)
        )
    if guard in ("code", "code-insiders", "cursor", "windsurf"):
        return _defined(guard).search(text) is not None
    g = re.escape(guard)
    rx = (
        rf"(?<![\w$.{{/-]){g}\s*\+?=|\b(?:export|typeset|declare|local|readonly|set|setenv|set-env)\s+(?:-\S+\s+)*{g}\b"
        if guard.isupper()
        else rf"(?:^|[\s;&|({{])(?:function\s+{g}\b|{g}\s*\(\s*\)|alias\s+(?:-\S+\s+)*[\"']?{g}[\"']?[=\s])"
    )
    return re.search(rx, text, re.M) is not None or guard in read_in_names(disk, path)


# the checks an accepted name holds only while, that need the whole scan: a command the sessions run first
# on the search path ("path:brew"), a variable no file that gives sessions variables sets ("var:NAME"). Kept
# per line (file -> [(line, check)]) and made when the condition is judged (see startup._deferred_unknown)
DEFERRED = "startup: checks a name read holds only while"


def _defer(disk: Disk, path: str, line: int, checks: list[str]) -> None:
    if checks:
        deferred: dict[str, list[tuple[int, str]]] = disk.remembered(DEFERRED, dict)
        kept = deferred.setdefault(path, [])
        kept += [(line, c) for c in checks if (line, c) not in kept]


# each scan's startup files' lines that run a file whose name is computed when the shell runs them (`. "$RC"`
# with RC read in, `. "$(cat ~/.rcname)"`, a computed $ZDOTDIR or $ENV): what that file does is unknown. Not
# noted so: a command's output run as a file (`source <(fzf --zsh)`, as `eval "$(starship init zsh)"` is not),
# and oh-my-zsh's own loops over its lib, the plugins, its custom folder and the theme (the framework's code,
# as a packaged file is; the files they run are read, picked as oh-my-zsh picks them: see _oh_my_zsh)
RUN_TIME_NAMES = "startup: files named at run time"


def note_run_time_name(disk: Disk, path: str, line: int, why: str = NAMED_AT_RUN_TIME) -> None:
    """Note that line ``line`` of ``path`` runs a file aicheck does not read: one named at run time, or one
    past the bounds of what is followed (``why``: :data:`NAMED_AT_RUN_TIME` or :data:`UNFOLLOWED`)."""
    noted: dict[str, list[tuple[int, str]]] = disk.remembered(RUN_TIME_NAMES, dict)
    known: set[tuple[str, int, str]] = disk.remembered(RUN_TIME_NAMES + ": each once", set)  # O(1) a note
    if (path, line, why) not in known:
        known.add((path, line, why))
        noted.setdefault(path, []).append((line, why))


# ${NAME:-default}: NAME's own value is the default (startup's _add_folder reads a moved folder so too)
SELF_DEFAULT = re.compile(r"^\$\{(\w+):?-([^}]*)\}(.*)$", re.S)


def _own_default(name: str, value: str) -> str:
    """``${NAME:-default}`` as ``NAME``'s own value: the default (the environment's own is read apart)."""
    m = SELF_DEFAULT.match(value.strip())
    return m.group(2) + m.group(3) if m and m.group(1) == name else value


def _packaged(source: str, target: str, home: str) -> bool:
    """Whether a system startup file (in /etc) sources a file outside both /etc and the user's home: code a
    package installs and owns (Debian's /etc/bash.bashrc sources /usr/share/bash-completion/bash_completion,
    a hundred kilobytes of completion functions), not a place the machine is configured. Not followed: reading
    it would cost every scan more than all the startup files together, and an administrator's aliases go in
    /etc. A file in the home (``[ -f ~/.bash_local ] && . ~/.bash_local`` in /etc/bash.bashrc, ``.
    "$HOME/.shellrc"`` in /etc/profile.d) is the user's to write: read as any sourced startup file is."""
    inside = home.rstrip("/") + "/"
    return source.startswith("/etc/") and not target.startswith(("/etc/", inside))


def _sourced_files(
    disk: Disk,
    machine: Machine,
    item: StartupFile,
    zdotdir: str | None,
    script: StartupScript,
    src: SourcedLine,
    used: set[str] | None = None,
) -> list[str] | None:
    """The files a source line runs, or None when the shell computes the name. ``used``: the XDG folders
    taken by their defaults (:data:`XDG_DEFAULTS`) are added to it."""
    if item.path.endswith("/bin/sdkman-init.sh"):
        modules = _sdkman_modules(disk, item, script, src)
        if modules is not None:
            return modules
    if src.each:
        return _loop_files(disk, machine, item, zdotdir, script, src.each, used)
    if _ZSH_USER in src.word:
        return _user_named(disk, machine, item, zdotdir, script, src.word, used)
    elsewhere = _named_elsewhere(disk, machine, item, src, used)
    if elsewhere is not None:
        return elsewhere
    target = sourced_path(src.word, machine, item, zdotdir, script, used)
    if target is None:
        return None
    files = unmarked(disk, machine, item, target, used)
    if len(files) != 1:
        return files
    target = files[0]
    if target.endswith("/oh-my-zsh.sh"):  # what its loader runs: lib, plugins, custom folder, theme
        files += _oh_my_zsh(disk, machine, item, zdotdir, script, src.line, target)
    elif target.endswith(BASH_COMPLETION):  # it sources the user's own completion file
        home = machine.home.rstrip("/")
        files += [f"{home}/.bash_completion", f"{xdg_config_folder(machine) or home + '/.config'}/bash_completion"]
    return files


# oh-my-zsh's loader (oh-my-zsh.sh) runs, in this order: every $ZSH/lib/*.zsh by name (a file of the same
# name in $ZSH_CUSTOM/lib in its place), each plugin $plugins names (<name>/<name>.plugin.zsh, in
# $ZSH_CUSTOM/plugins if it is there, else in $ZSH/plugins; a plugin of completions alone, `_<name>`, only
# goes on $fpath), every $ZSH_CUSTOM/*.zsh, and the theme $ZSH_THEME names (<name>.zsh-theme in $ZSH_CUSTOM,
# else $ZSH_CUSTOM/themes, else $ZSH/themes). The whole clone is its user's to edit: each of those files is
# read, picked as the loader picks it. The plugins and theme are those the file that sources the loader names
# on any of its lines (oh-my-zsh's template sets them there, beside $ZSH); a name the shell computes cannot
# confirm (see note_run_time_name), nor can a setting in any other file zsh runs (see _omz_set_elsewhere).
# Only the two lib folders are listed; each plugin and theme is looked for by its name.
_OMZ_SETTINGS = ("plugins", "ZSH_THEME", "ZSH_CUSTOM")  # what picks the files the loader runs
# the audit's word for what a setting names
_OMZ_WHAT = {"plugins": "plugins", "ZSH_THEME": "theme", "ZSH_THEME_RANDOM_CANDIDATES": "random theme's candidates"}
# a word of a plugin's or theme's name that zsh would expand (a variable, a command's output, a glob, braces, a
# ~ or =cmd, a name climbing out of its folder): the names cannot be known
_OMZ_COMPUTED = re.compile(r"[$`*?\[\]{}()<>~|&;\\]|^=|(?:^|/)\.{1,2}(?:/|$)")


def _oh_my_zsh(
    disk: Disk,
    machine: Machine,
    item: StartupFile,
    zdotdir: str | None,
    script: StartupScript,
    line: int,
    loader: str,
) -> list[str]:
    """The files oh-my-zsh's ``loader`` runs when line ``line`` of ``item`` sources it, in the order it runs
    them (see above); a name that cannot be known is noted, and the line cannot confirm a condition. A plugin
    or theme not named at the top before that line runs in some sessions only (see :data:`_SOME_SESSIONS`)."""
    zsh = loader[: -len("/oh-my-zsh.sh")]
    custom = sourced_path("${ZSH_CUSTOM:-" + zsh + "/custom}", machine, item, zdotdir, script)
    _omz_loaded(disk)[(item.path, line)] = (zsh, custom)
    if custom is None:
        disk.skip_once(item.path, f"line {line} runs oh-my-zsh with a custom folder named at run time: not read")
        note_run_time_name(disk, item.path, line)
    own_lib = disk.children(f"{custom}/lib") if custom else None
    files: list[str] = []
    for path in listed_files(disk, f"{zsh}/lib", ".zsh"):
        name = path.rpartition("/")[2]
        files.append(f"{custom}/lib/{name}" if own_lib and name in own_lib and own_lib[name].is_file else path)
    some: list[str] = []
    plugins, every = _omz_names(disk, item, script, line, "plugins")
    for plugin in plugins:
        found = _first_file(disk, [f"{f}/plugins/{plugin}/{plugin}.plugin.zsh" for f in (custom, zsh) if f])
        files += found
        some += found if plugin not in every else []
    files += listed_files(disk, custom, ".zsh") if custom else []
    themes, every = _omz_names(disk, item, script, line, "ZSH_THEME")
    for theme in themes:
        folders = (custom, f"{custom}/themes", f"{zsh}/themes") if custom else (f"{zsh}/themes",)
        found = _first_file(disk, [f"{folder}/{theme}.zsh-theme" for folder in folders])
        files += found
        some += found if theme not in every else []
        if found == [f"{zsh}/themes/random.zsh-theme"] and custom:  # it picks one at each start: the user's too
            picked = _omz_random_picks(disk, item, script, line, custom)
            files += picked
            some += picked
    if some:
        _some_sessions(disk)[(item.path, line)] = set(some)
    return files


def _omz_random_picks(disk: Disk, item: StartupFile, script: StartupScript, line: int, custom: str) -> list[str]:
    """The user's own themes oh-my-zsh's random theme may pick, each some sessions': every ``*.zsh-theme`` of the
    custom folder and of its ``themes`` folder, and each theme ``ZSH_THEME_RANDOM_CANDIDATES`` names found
    there (a name in a folder of its own, ``dir/name``). The themes it ships are the framework's (see
    :data:`_OMZ_SHIPPED`)."""
    files = listed_files(disk, custom, ".zsh-theme") + listed_files(disk, f"{custom}/themes", ".zsh-theme")
    candidates, _every = _omz_names(disk, item, script, line, "ZSH_THEME_RANDOM_CANDIDATES")
    for name in candidates:
        files += _first_file(disk, [f"{folder}/{name}.zsh-theme" for folder in (custom, f"{custom}/themes")])
    return list(dict.fromkeys(files))


# each line that sources oh-my-zsh's loader: (its folder, its custom folder, None when computed); see _follow
_OMZ_LOADED = "startup: oh-my-zsh's loader sourced"


def _omz_loaded(disk: Disk) -> dict[tuple[str, int], tuple[str, str | None]]:
    return disk.remembered(_OMZ_LOADED, dict)


# the files a source line runs in some sessions only, though the line itself runs in every one: oh-my-zsh's
# plugins and theme named inside a block or after the line ((file, line) -> files; see _oh_my_zsh)
_SOME_SESSIONS = "startup: files some sessions of a line run"


def _some_sessions(disk: Disk) -> dict[tuple[str, int], set[str]]:
    return disk.remembered(_SOME_SESSIONS, dict)


def _first_file(disk: Disk, places: list[str]) -> list[str]:
    """The first of ``places`` that is a file, alone (none: empty)."""
    return next(([place] for place in places if disk.is_file(place)), [])


def _omz_names(
    disk: Disk, item: StartupFile, script: StartupScript, line: int, name: str
) -> tuple[list[str], set[str]]:
    """(the plugins, for ``name`` "plugins", or themes, "ZSH_THEME", the file's lines give oh-my-zsh, every
    line's, each once; those every session has when line ``line`` runs the loader). A line whose names the
    shell computes is noted, and so is the loader's ``line``. Every session's are worked out line by line up to
    the loader's: a line at the top sets them anew or adds to them; one in a block, which only some sessions
    run, may set them anew (keeping only the names it gives too) or unset them."""
    names: list[str] = []
    every: set[str] = set()
    unset: list[tuple[int, bool, str | None, bool]] = [
        (v.line, v.top, None, True) for v in script.variable_lines(name) if v.how == UNSET
    ]
    held = [(h.line, h.top, h.text, False) for h in script.held_values(name)]
    for number, top, text, unsets in sorted(held + unset, key=lambda x: x[0]):
        words = (False, []) if unsets else _omz_words(text, name)
        if words is None:
            disk.skip_once(item.path, f"line {number} names oh-my-zsh's {_OMZ_WHAT[name]} at run time: not read")
            note_run_time_name(disk, item.path, line)
            continue
        adds, given = words
        names += [w for w in given if w not in names]
        if number < line and (top or not adds):
            every = (every | set(given) if adds else set(given)) if top else every & set(given)
    whole = startup_text(disk, item.path)
    zsh_set = re.search(rf"(?<![\w-])set\s+[-+]A\s+{name}(?![\w-])", whole) if isinstance(whole, str) else None
    if zsh_set and isinstance(whole, str):  # zsh's `set -A plugins a b`: words held_values does not give
        number = whole.count("\n", 0, zsh_set.start()) + 1
        disk.skip_once(item.path, f"line {number} names oh-my-zsh's {_OMZ_WHAT[name]} at run time: not read")
        note_run_time_name(disk, item.path, line)
    return names, every


def _omz_words(text: str | None, name: str) -> tuple[bool, list[str]] | None:
    """(whether a value adds to the variable's words, as ``plugins+=(…)`` does; the names it gives: an array's
    words, quotes taken off), or None when the shell computes one."""
    if text is None:
        return None
    try:
        words = shlex.split(text)
    except ValueError:
        return None
    own = (f"${{{name}[@]}}", f"${{{name}}}", f"${name}", f"${{{name}[*]}}")
    names = [w for w in words if w and w not in own]
    return None if any(_OMZ_COMPUTED.search(w) for w in names) else (len(names) < len(words), names)


# zsh's own startup files, wherever they are (the home, $ZDOTDIR, /etc, /etc/zsh): the files zsh runs are
# these and what they source
_ZSH_STARTUP = frozenset({".zshenv", ".zprofile", ".zshrc", ".zlogin", "zshenv", "zprofile", "zshrc", "zlogin"})


def _omz_set_elsewhere(
    disk: Disk, out: list[StartupFile], runs: dict[str, list[str]], loads: list[tuple[str, int, list[str]]]
) -> None:
    """Note each line that sources oh-my-zsh's loader (``loads``) when another file zsh runs sets one of the
    names that pick what the loader runs (:data:`_OMZ_SETTINGS`): ``plugins=(…)`` in ``~/.zshenv``, a
    ``ZSH_THEME`` in a lib or custom file: what the loader runs is then not known. In the lib, plugins and
    themes oh-my-zsh ships only a line at the top counts: its ``omz`` command sets them inside its functions."""
    by_zsh = [f.path for f in out if f.path.rpartition("/")[2] in _ZSH_STARTUP]
    seen = set(by_zsh)
    while by_zsh:  # every file zsh runs: its startup files and what they source, at any depth
        for path in runs.get(by_zsh.pop(), ()):
            if path not in seen:
                seen.add(path)
                by_zsh.append(path)
    for sourcing, line, run in loads:
        if sourcing not in seen:
            continue
        shipped = tuple(run[0][: -len("oh-my-zsh.sh")] + folder for folder in ("lib/", "plugins/", "themes/"))
        for path in (f.path for f in out if f.path in seen and f.path not in (sourcing, run[0])):
            setting = _omz_setting(disk, path, top_only=path.startswith(shipped))
            if setting:
                where = f"{disk.display(path)} line {setting[1]}"
                disk.skip_once(sourcing, f"line {line} runs oh-my-zsh with {setting[0]} set in {where}: not known")
                note_run_time_name(disk, sourcing, line)


def _omz_setting(disk: Disk, path: str, top_only: bool) -> tuple[str, int] | None:
    """The first of :data:`_OMZ_SETTINGS` ``path`` sets, and the line, or None."""
    text = startup_text(disk, path)
    if not isinstance(text, str) or not any(name in text for name in _OMZ_SETTINGS):
        return None
    script = startup_script(disk, path, text)
    for name in _OMZ_SETTINGS:
        for held in script.held_values(name):
            if held.top or not top_only:
                return name, held.line
    return None


# the bash-completion project's loader (Debian's /usr/share/…, Homebrew's <prefix>/share/…): its computed
# sources are its own completions, loaded on demand; the user's own file it sources is read (above)
BASH_COMPLETION = "/share/bash-completion/bash_completion"


# zsh's `${(%):-%n}`: the user's name (prompt expansion of %n), which holds no "/": a name with it in its last
# part is one of the files of that folder that match, every one read (Powerlevel10k's instant prompt,
# `~/.cache/p10k-instant-prompt-${(%):-%n}.zsh`); more than a few cannot be told apart
_ZSH_USER = "${(%):-%n}"
_USER_MARK = "\ue002"
MAX_USER_NAMED = 8
MAX_USER_NAMED_FOLDER = 5000  # names in the folder listed for them (~/.cache, which grows), else not listed


def _user_named(
    disk: Disk,
    machine: Machine,
    item: StartupFile,
    zdotdir: str | None,
    script: StartupScript,
    word: str,
    used: set[str] | None,
) -> list[str] | None:
    """The files a name with the user's name in its last part may be, or None when that cannot be bounded."""
    target = sourced_path(word.replace(_ZSH_USER, _USER_MARK), machine, item, zdotdir, script, used)
    targets = unmarked(disk, machine, item, target, used) if target else []
    target = targets[0] if len(targets) == 1 else None
    folder, _, name = (target or "").rpartition("/")
    if target is None or _USER_MARK in folder or not folder:
        return None
    children = disk.small_children(folder, MAX_USER_NAMED_FOLDER)
    if children is None:
        return None
    rx = re.compile("[^/]+".join(re.escape(part) for part in name.split(_USER_MARK)))
    matches = [n for n in sorted(children) if rx.fullmatch(n) and not children[n].is_dir]
    return [f"{folder}/{n}" for n in matches] if len(matches) <= MAX_USER_NAMED else None


# SDKMAN's ~/.sdkman/bin/sdkman-init.sh sources its modules with a loop over what `find` lists, in two forms:
# `scripts=($(find "${SDKMAN_DIR}/src" "${SDKMAN_DIR}/ext" -type f -name 'sdkman-*.sh'))` then `for f in
# "${scripts[@]}"; do source "$f"; done` (5.x), or one `for f in $(find "${SDKMAN_DIR}/src" -type f -name
# 'sdkman-*' -exec basename {} \;); do source "${SDKMAN_DIR}/src/${f}"; done` per folder (older). Each file
# of src/ (SDKMAN's own modules, but in the home: the user's to edit) and of ext/ (the user's extensions) is
# read, as a loop over a folder is; the hook its modules download and run is not a file of the disk (see
# _sdkman_download).
_SDKMAN_LIST = re.compile(
    r"""^\s*scripts=\(\$\(find "\$\{SDKMAN_DIR\}/src" "\$\{SDKMAN_DIR\}/ext" -type f -name 'sdkman-\*\.sh'\)\)\s*$""",
    re.M,
)
_SDKMAN_OLD_LOOP = re.compile(
    r"""^\s*for f in \$\(find "\$\{SDKMAN_DIR\}/(src|ext)" -type f -name 'sdkman-\*' -exec basename \{\} \\;\); do\s*$"""
)


def _sdkman_modules(disk: Disk, item: StartupFile, script: StartupScript, src: SourcedLine) -> list[str] | None:
    """The files SDKMAN's module loop in its init file runs (its src and ext folders'), or None when
    ``src`` is not that loop. ``$SDKMAN_DIR`` is the folder the init file is in the ``bin`` of."""
    sdkman = item.path[: -len("/bin/sdkman-init.sh")]
    text = startup_text(disk, item.path)
    if not isinstance(text, str):
        return None
    folders: tuple[str, ...] = ()
    pattern = "sdkman-*"
    if src.word == "$f" and src.each == ("${scripts[@]}",):
        lines = [line for line in script.variable_lines("scripts") if line.how != UNSET]
        if len(lines) == 1 and len(_SDKMAN_LIST.findall(text)) == 1:
            folders, pattern = ("src", "ext"), "sdkman-*.sh"
    elif src.word in ("${SDKMAN_DIR}/src/${f}", "${SDKMAN_DIR}/ext/${f}") and src.line > 1:
        loop = _SDKMAN_OLD_LOOP.match(text.splitlines()[src.line - 2])
        folders = (loop.group(1),) if loop and loop.group(1) == src.word.split("/")[1] else ()
    if not folders:
        return None
    files: list[str] = []
    for folder in folders:
        where = f"{sdkman}/{folder}"
        children = disk.small_children(where, MAX_FOLDER_FILES)
        if children is None or any(children[n].is_dir for n in children):  # `find` walks: a folder in it too
            return None
        files += [f"{where}/{n}" for n in sorted(children) if fnmatch.fnmatchcase(n, pattern)]
    return files


# SDKMAN's modules (its src folder, read as any sourced file) run, inside `sdk install`'s functions, a hook
# its server sends: `local post_installation_hook="${SDKMAN_DIR}/tmp/hook_post_….sh"`, then
# `__sdkman_secure_curl "…" >| "$post_installation_hook"`, then `source "$post_installation_hook"`. What runs
# is what was downloaded that moment, never a file on the disk now, so no file there is the user's to aim;
# recognised in that exact shape only, in a module of an SDKMAN folder (its bin/sdkman-init.sh beside src/)
_SDKMAN_MODULE = re.compile(r"^(.*)/src/sdkman-[\w-]+\.sh$")
_SDKMAN_HOOK_WORD = re.compile(r"^\$\{?(\w+)\}?$")


def _sdkman_download(disk: Disk, path: str, text: str, word: str) -> bool:
    module, hook = _SDKMAN_MODULE.match(path), _SDKMAN_HOOK_WORD.match(word)
    if module is None or hook is None or not disk.is_file(f"{module.group(1)}/bin/sdkman-init.sh"):
        return False
    name = re.escape(hook.group(1))
    ref = rf"\"\$(?:{name}|\{{{name}\}})\""
    set_in_tmp = re.search(
        rf"^\s*(?:local\s+)?{name}=\"\$\{{SDKMAN_DIR\}}/tmp/[^\"$/]*(?:\$\{{\w+\}}[^\"$/]*)*\"\s*$", text, re.M
    )
    downloaded = re.search(
        rf"^\s*__sdkman_secure_curl\s+\"[^\"\n]*\"\s*>\|?\s*{ref}\s*\n(?:\s*__sdkman_echo_debug\s[^\n]*\n)*\s*source\s+{ref}\s*$",
        text,
        re.M,
    )
    return set_in_tmp is not None and downloaded is not None


def _loop_files(
    disk: Disk,
    machine: Machine,
    item: StartupFile,
    zdotdir: str | None,
    script: StartupScript,
    words: tuple[str, ...],
    used: set[str] | None = None,
) -> list[str] | None:
    """The files a ``for`` loop's words name, in the order the shell gives them (each word's ``{a,b}`` in
    turn, a glob's matches by name, names starting with a dot only for a pattern that does), or None when a
    folder is computed at run time. Only a word's last name may be a pattern: a folder is listed, never walked.
    At most one more file than :data:`MAX_SOURCED_FILES` (the caller notes that there were more)."""
    files: list[str] = []
    for one in (one for word in words for one in expand_braces(word)):
        room = MAX_SOURCED_FILES + 1 - len(files)
        if room <= 0:
            break
        folder_word, slash, pattern = one.rpartition("/")
        qualifiers = _GLOB_QUALIFIERS.search(pattern)  # zsh's `*.zsh(N)`: no error when nothing matches
        pattern = pattern[: qualifiers.start()] if qualifiers else pattern
        folder = sourced_path(folder_word or slash or ".", machine, item, zdotdir, script, used)
        if folder is None or not pattern or any(c in pattern for c in "$`(){}\\"):
            return None
        for place in unmarked(disk, machine, item, folder, used):
            place = place.rstrip("/")
            if not any(c in pattern for c in "*?["):
                files.append(f"{place}/{pattern}")
                continue
            children = disk.children(place)  # the folder the file names: listed, never walked
            hidden = pattern.startswith(".") or (qualifiers is not None and "D" in qualifiers.group(1))
            matches = (
                name
                for name in sorted(children)
                if (hidden or not name.startswith("."))
                and fnmatch.fnmatchcase(name, pattern)
                and not children[name].is_dir  # a loop's `[ -f "$rc" ]` passes files only
            )
            files += [f"{place}/{name}" for name in itertools.islice(matches, room)]
    return files


# zsh's glob qualifiers that only choose among the matches or their order: N (none is no error), D (names
# starting with a dot too), . (plain files), - and @ (links), on/oN/n (order)
_GLOB_QUALIFIERS = re.compile(r"\(((?:[ND.@n-]|o[nN])+)\)$")


def expand_braces(word: str) -> Iterator[str]:
    """``~/.{path,aliases}`` as the shell expands it: ``~/.path``, ``~/.aliases`` (one group, not nested),
    one at a time."""
    m = _BRACES.search(word)
    if m is None:
        yield word
        return
    for choice in m.group(1).split(","):
        yield word[: m.start()] + choice + word[m.end() :]


_BRACES = re.compile(r"(?<!\$)\{([^{}$]*,[^{}$]*)\}")


def listed_files(disk: Disk, folder: str, suffix: str, limit: int | None = None, *, runs: bool = True) -> list[str]:
    """The files of ``folder`` whose names end with ``suffix``, by name, the first ``limit`` (by default
    :data:`MAX_SOURCED_FILES`): a folder a shell runs whole. Past the bound the audit names the folder and counts
    the files not read, and (``runs``: a shell runs them) the folder is kept for
    :func:`tui.core.startup.find_startup_flags`, which cannot confirm a condition past it (:data:`FOLDER_CUT`).
    Each following of the startup files asks for the same folders (a dozen a scan): listed once a scan per
    question (the audit's note is made once anyway; the folder kept again as cut, as each question did), a copy
    handed out."""
    limit = MAX_SOURCED_FILES if limit is None else limit
    memory: dict[tuple[str, str, int, bool], tuple[list[str], bool]] = disk.remembered(_FOLDER_FILES, dict)
    key = (folder, suffix, limit, runs)
    hit = memory.get(key)
    folder = folder.rstrip("/") or "/"
    if hit is None:
        names = sorted(name for name in disk.children(key[0]) if name.endswith(suffix))
        if len(names) > limit:
            disk.skip_once(folder, f"{len(names) - limit} files past the first {limit} (by name): not read")
        hit = memory[key] = ([f"{folder.rstrip('/')}/{name}" for name in names[:limit]], len(names) > limit)
    if hit[1] and runs:
        folders_cut(disk)[folder] = limit
    return list(hit[0])


_FOLDER_FILES = "startup: the files of a folder a shell runs whole"


def folders_cut(disk: Disk) -> dict[str, int]:
    """Each folder a shell runs whole that holds more files than are read this scan, with the number read."""
    return disk.remembered(_FOLDERS_CUT, dict)


_FOLDERS_CUT = "startup: folders cut at their bound"


def _zsh_moved(disk: Disk, machine: Machine, roots: list[StartupFile]) -> tuple[list[StartupFile], str | None]:
    """(``roots`` as zsh reads them, the folder ``$ZDOTDIR`` names). When ``~/.zshenv`` sets ``ZDOTDIR``, zsh
    reads its other startup files from that folder and not from the home: those are added, and the home's
    become some sessions' files (they can break a condition, never meet one; a value the shell computes moves
    them just the same). A folder set in aicheck's own environment alone (perhaps for this run only) adds its
    files as some sessions' files and moves nothing."""
    home = machine.home.rstrip("/")
    if machine.platform == "windows":
        return roots, None
    extra: list[StartupFile] = []
    moved = _zdotdir(machine)
    if moved:
        extra += [StartupFile(f"{moved}/{name}", False, home) for name in _ZSH_DOT_FILES]
    setting: list[tuple[StartupFile, VariableLine]] = []  # the zshenv files' lines that set ZDOTDIR
    zshenvs = {*_SYSTEM_ZSHENV, f"{home}/.zshenv"}  # (a set built apart: mypyc cannot compile `in (*A, b)`)
    for zshenv in (r for r in roots if r.path in zshenvs):
        text = startup_text(disk, zshenv.path)
        lines = startup_script(disk, zshenv.path, text).variable_lines("ZDOTDIR") if isinstance(text, str) else []
        setting += [(zshenv, line) for line in lines if line.how != UNSET]
    if not setting:
        return roots + extra, None
    zdotdir: str | None = None
    away = False  # some line moves the files out of the home (to a known folder or not)
    system = False  # a system file moves them: ~/.zshenv too is read from the moved folder
    for zshenv, line in setting:
        # $HOME/… is known; $(…) is not
        folder = folder_named(_own_default("ZDOTDIR", line.value), machine) if line.value else None
        if folder == home:
            continue
        if folder is None:  # the files zsh reads instead of the home's cannot be known
            note_run_time_name(disk, zshenv.path, line.line)
        away = True
        system = system or zshenv.path in _SYSTEM_ZSHENV
        if folder:
            zdotdir = zdotdir or folder
            every = zshenv.every and line.top and len(setting) == 1
            names = (".zshenv", *_ZSH_DOT_FILES) if zshenv.path in _SYSTEM_ZSHENV else _ZSH_DOT_FILES
            extra += [StartupFile(f"{folder}/{name}", every, home) for name in names]
    if not away:
        return roots + extra, None
    left = {f"{home}/{name}" for name in (*_ZSH_DOT_FILES, *((".zshenv",) if system else ()))}
    roots = [StartupFile(r.path, False, r.base) if r.path in left else r for r in roots]
    return roots + extra, zdotdir


def _ksh_env(disk: Disk, machine: Machine, roots: list[StartupFile]) -> list[StartupFile]:
    """The file ``$ENV`` names, which an interactive ksh, mksh or POSIX sh runs at start, as some sessions'
    file: set in ``~/.profile`` or ``/etc/profile`` (``export ENV=$HOME/.kshrc``), or in aicheck's own
    environment. ksh93's and mksh's own defaults (``~/.kshrc``, ``~/.mkshrc``) are startup files already. A
    name the shell computes is not followed; the audit says so."""
    if machine.platform == "windows":
        return []
    home = machine.home.rstrip("/")
    named: list[str] = []
    own = machine.env.get("ENV", "").strip()
    if own and (file := folder_named(own, machine)):
        named.append(file)
    for root in (r for r in roots if r.path in (f"{home}/.profile", "/etc/profile")):
        text = startup_text(disk, root.path)
        lines = startup_script(disk, root.path, text).variable_lines("ENV") if isinstance(text, str) else []
        for line in (line for line in lines if line.how != UNSET):
            path = folder_named(_own_default("ENV", line.value), machine) if line.value else None
            if path is None:
                disk.skip_once(root.path, f"line {line.line} names the file $ENV runs at run time: not read")
                note_run_time_name(disk, root.path, line.line)
            elif path not in named:
                named.append(path)
    known = {r.path for r in roots}
    return [StartupFile(path, False, home) for path in named if path not in known]


def all_sourced(disk: Disk, machine: Machine, paths: list[str]) -> list[StartupFile]:
    """``paths`` and the files they source (:func:`with_sourced`), for questions whose answer does not depend
    on how many sessions run a line (an alias that adds a flag counts wherever it is). Asked a score of times a
    scan: looked up by the paths themselves (and the machine, kept with the answer so that another never takes
    its place), before any root is made and compared."""
    memory: dict[tuple[tuple[str, ...], int], tuple[Machine, list[StartupFile]]] = disk.remembered(_SOURCING, dict)
    key = (tuple(paths), id(machine))
    hit = memory.get(key)
    if hit is None or hit[0] is not machine:
        hit = memory[key] = (machine, with_sourced(disk, machine, [StartupFile(p, True, machine.home) for p in paths]))
    return hit[1]


_SOURCING = "startup: the files some paths source, by the paths"


def _zdotdir(machine: Machine) -> str | None:
    """The folder aicheck's own environment sets in ``ZDOTDIR``, or None."""
    value = machine.env.get("ZDOTDIR", "").strip()
    return folder_named(value, machine) if value else None


MAX_VARIABLE_DEPTH = 4  # a variable whose value names another (ZSH_CUSTOM=$ZSH/custom), a few times over


def sourced_path(
    word: str,
    machine: Machine,
    sourcing: StartupFile,
    zdotdir: str | None,
    script: StartupScript | None = None,
    used: set[str] | None = None,
) -> str | None:
    """The machine path a sourced file's name stands for, or None when the shell computes it. Known: the home
    (``~``, ``$HOME``, ``$env:USERPROFILE``), ``$XDG_CONFIG_HOME``, ``$ZDOTDIR`` (``${ZDOTDIR:-$HOME}``),
    PowerShell's ``$PSScriptRoot`` (the sourcing file's folder), and a variable the sourcing file itself sets
    to one value (``export ZSH="$HOME/.oh-my-zsh"`` then ``source $ZSH/oh-my-zsh.sh``); a relative name is
    under the sourcing file's base folder."""
    home = machine.home.rstrip("/")
    known = {
        "HOME": home,
        "USERPROFILE": home,
        "PSSCRIPTROOT": sourcing.path.rpartition("/")[0],
        "XDG_CONFIG_HOME": xdg_config_folder(machine),
        "ZDOTDIR": zdotdir,
    }
    # XDG's other folders, by their defaults where the environment does not move them
    known.update({name: xdg_folder(machine, name, f"{home}/{rel}") for name, rel in XDG_DEFAULTS.items()})
    depth = 0

    def value(m: re.Match[str]) -> str:
        nonlocal depth
        name = m.group(1) or m.group(3)
        found = known.get(name.upper())
        if found is not None and used is not None and name.upper() in XDG_DEFAULTS:
            used.add(name.upper())
        if found is None and script is not None and depth < MAX_VARIABLE_DEPTH:
            depth += 1
            written = {line.value for line in script.variable_lines(name) if line.how != UNSET}
            if len(written) == 1 and None not in written:
                found = _REFERENCE.sub(value, _home_ref(with_marks(str(written.pop())), home))
        if name.upper() == "HOMEBREW_PREFIX" and used is not None:  # `brew shellenv`'s, or the file's own
            used.add("var:HOMEBREW_PREFIX")
        if found is None and name.upper() == "HOMEBREW_PREFIX":
            found = BREW_MARK
        if found is None and name.upper() == "ZDOTDIR" and zdotdir is None and not machine.env.get("ZDOTDIR"):
            found = home  # zsh's own default; a startup file that sets it makes the name unknown (see _follow)
            if used is not None:  # nor may a file that gives sessions variables (environment.d, …) set it
                used.update({"ZDOTDIR", "var:ZDOTDIR"})
        if found is None and m.group(2) is not None:  # ${NAME:-default}
            found = _REFERENCE.sub(value, _home_ref(m.group(2), home))
        return found if found is not None else "$?"

    text = _REFERENCE.sub(value, _home_ref(with_marks(word.replace("\\", "/")), home))
    if not text or any(c in text for c in "$`*?[(%") or text.startswith("~"):
        return None
    marks = sum(text.count(mark) for mark in _MARKS)
    if marks:  # a folder known by its form (see with_marks): first, once, and nothing climbs out of it
        rest = text[1:]
        if marks > 1 or not text.startswith(_MARKS) or ".." in rest.split("/") or (rest and rest[0] != "/"):
            return None
        return text[0] + (posixpath.normpath(rest) if rest else "")
    if not (text.startswith("/") or (len(text) > 2 and text[1] == ":")):
        text = f"{sourcing.base.rstrip('/')}/{text}"
    return posixpath.normpath(to_machine_path(text))


def _home_ref(text: str, home: str) -> str:
    return home + text[1:] if text == "~" or text.startswith("~/") else text


# where a startup file moves one of these, the name it gives is not the default's: see _follow
XDG_DEFAULTS = {"XDG_DATA_HOME": ".local/share", "XDG_CACHE_HOME": ".cache", "XDG_STATE_HOME": ".local/state"}


def xdg_folder(machine: Machine, var: str, default: str) -> str:
    from tui.core.locations import env_folder

    return env_folder(machine, var) or default


def xdg_config_folder(machine: Machine) -> str | None:
    from tui.core.locations import tokens

    return tokens(machine).get("xdg_config")
