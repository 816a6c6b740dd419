"""What a script of the user's own folders runs besides its own lines: the files it sources and the scripts
it runs by their path.

``~/.local/bin/cc`` holding ``. ~/.config/cc.sh``, ``exec ~/.config/runner "$@"`` or ``exec sh
~/.config/runner.sh`` starts what those files start: a script is kept for a tool's lines when anything it
reaches names the tool (:func:`tui.core.startup._scripts_for`), and what it reaches is read with it. Sourced
files are followed as the startup files' are (:func:`tui.core.sourced_files.with_sourced`); a script run by
its path is one a line names in a command's place (after ``exec``, ``&&``, ``nohup``…), or after a shell
(``sh``, ``bash -x``), with a name aicheck can place (``~``, ``$HOME``, a variable the file sets, the
script's own folder). Followed there: a text file a shell runs (a binary, or a program in another language,
is not; after ``sh``/``bash`` it is a shell's whatever its ``#!`` line). A script outside the home is the
system's (root's to write), not followed, as the system's command folders are not read
(:mod:`tui.core.user_scripts`). Bounded: :data:`MAX_RUN_DEPTH` levels and :data:`MAX_RUN_SCRIPTS` scripts
run by path from one script; past either, the line that runs more is noted (:data:`RUNS_UNFOLLOWED`) and
the script kept for every tool: its conditions cannot be confirmed, never met.

A program named at run time in a command's place (``exec "$RUNNER" "$@"``, ``exec $(cat ~/.runner)``, ``sh
"$SCRIPT"``, a ``case`` branch's ``fast) exec "$RUNNER" ;;``) is followed where the file itself writes the name
out (``RUNNER=~/.config/runner``; a plain command's name, ``RUNNER=claude``, is a program of the search path
as ``exec claude`` is). Otherwise the audit names the file and line, and the line is noted as a file named at run
time: a script the tool's condition reads (one that names the tool, or reaches a file that does) that runs such a
program cannot confirm it, as one that sources a file named at run time cannot; a script that names nothing of the
tool's is only named in the audit (an ordinary ``exec "$RUNNER" "$@"`` wrapper breaks no condition). What the user
types (``exec "$@"``) is no such name, nor ``eval "$(…)"`` (code a command prints, which the startup files' ``eval
"$(starship init zsh)"`` lines are too). A startup file's such line is only named in the audit
(:func:`note_run_time_programs`): a program a startup file starts is not followed, a known one neither.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from tui.core.line_expansion import COMMAND_OUTPUT
from tui.core.machine import Disk, Machine, ReadSkipped
from tui.core.shell_variables import SH
from tui.core.sourced_files import StartupFile, note_run_time_name, sourced_path, unmarked, with_sourced
from tui.core.startup_reading import logical_lines, startup_script, startup_text, without_quotes
from tui.core.user_scripts import HEAD_BYTES, is_binary, other_language_of, script_dialect

MAX_RUN_DEPTH = 4  # a script that runs one by its path that runs one…: this many levels followed
MAX_RUN_SCRIPTS = 16  # scripts run by their path followed from one of the user's scripts, in all
# startup.UnknownArgument.reference of a line that runs scripts by their path past those bounds
RUNS_UNFOLLOWED = "more scripts run by their path than are followed"
_RUN_BY_PATH_FOUND = "user scripts: the scripts run by their path"  # Disk.remembered: each such script followed

# a shell that runs the file named after it (`sh ~/x`, `bash -x ~/x`, `busybox sh ./x`): here, and where a name
# the startup files define runs as a command (tui.core.leading_names)
SHELL_BEFORE = r"(?:(?:\S*/)?(?:busybox\s+)?(?:sh|bash|dash|zsh|ksh|mksh|ash|rbash|yash|posh)\s+(?:-\S+\s+)*)?"
# a program named by its path in a command's place (after the assignments before it), or a file a shell
# named there runs (`sh ~/x.sh`, `bash -x "$HOME/x"`, `busybox sh ./x`): a name with a "/" in it that starts
# at the home, the root, a variable or the folder a script runs in (never an assignment: `URL=https://…`)
_PATH_WORD = r"""(?:~|/|\$|\.)[^\s;&|()'"<>`=:]*/[^\s;&|()'"<>`=:]*"""
# the commands of a line: what follows a separator, a command substitution's opening, a block's
_COMMANDS = re.compile(r"\$\(|[;&|(){}`]")
# a command that runs one by its path: after the words that run the command after them (exec, nohup, sudo, then,
# a negation) and the assignments before it, or a shell and its options
_RUN_BY_PATH = re.compile(
    r"\s*(?:(?:then|do|else|if|elif|while|until|!|exec|command|builtin|nohup|time|sudo|doas|env|xargs|eval|nice)\s+"
    r"|[A-Za-z_]\w*=\S*\s+|-\S+\s+)*" + rf"(?:(?P<shell>{SHELL_BEFORE[:-1]}))?" + rf"(?P<path>{_PATH_WORD})(?=\s|$)"
)
# the forms a script's own folder is written in, quotes taken out (`"$(dirname "$0")"/runner`)
_OWN_FOLDER = re.compile(r"\$\(dirname \$\{?0\}?\)|\$\{0%/\*\}|\$\(cd \$\(dirname \$\{?0\}?\) && pwd\)")


# a program named at run time in a command's place (after the words that run the command after them and the
# assignments before it, or a shell): a whole variable (``exec "$RUNNER" "$@"``, ``${RUNNER:-x}``) or a command's
# output (``exec $(cat ~/.runner)``), quotes taken out. Not what the user types ("$@", $1), nor arithmetic, nor
# ``eval "$(…)"`` (code a command prints, as the startup files' ``eval "$(starship init zsh)"``: not noted)
# (zsh's `$=NAME` and `${=NAME}` split the value into words, `~` and `^` glob and join it: the same program)
_RUN_TIME_REF = re.compile(
    r"(?<![^\s;&|(`{])(?:\$\{[=~^]{0,3}(?P<braced>[A-Za-z_]\w*)|\$[=~^]{0,3}(?P<plain>[A-Za-z_]\w*)|\$\((?!\()|`)"
)
MAX_BEFORE_PROGRAM = 1024  # characters before a reference read for the words before a program; past them: one
MAX_NAME_CHARS = 1024  # characters of a ${…} or $(…) read for its end (a hostile line costs no more)
# where a command starts: a separator, a command substitution's or a subshell's opening (not an array's
# ``=(``), a brace group's; the keywords before a command are read with the words below
_COMMAND_START_AT = re.compile(r"\$\((?!\()|(?<![=\w$])\(|\{(?=\s)|[;&|`]")
# what may stand before the program in its command: the words that run the command after them, assignments for
# it alone, options of those words, a shell that runs the file named after it
_BEFORE_PROGRAM = re.compile(
    r"\s*(?:(?:if|elif|while|until|then|do|else|!|exec|command|builtin|nohup|time|sudo|doas|env|xargs|nice)\s+"
    r"|[A-Za-z_]\w*=[^\s;&|()`]*\s+|-\S+\s+)*" + rf"(?:{SHELL_BEFORE[:-1]})?"
)
_NAMES = re.compile(r"\$\{?(\w+)")
# a variable set to a folder written out (``DIR=~/.config``, ``DIR="$HOME/x"``), not one computed (a command's
# output, ``${link%/*}``)
_WRITTEN = re.compile(r"=[\"']?(?:~|/|\$\{?(?:HOME|XDG_\w+)\b)")
_NAME_BEFORE = re.compile(r"(?<![\w$])\w+$")


@dataclass(frozen=True)
class Reached:
    files: tuple[str, ...]  # the script, the files it sources, the scripts it runs by path (and theirs), once each
    past: bool  # some line runs more than is followed: what it runs is unknown


def reached(disk: Disk, machine: Machine, path: str) -> Reached:
    """What the user's script ``path`` runs besides itself, and itself first (once a scan)."""
    memory: dict[str, Reached] = disk.remembered("user scripts: what each reaches", dict)
    if path not in memory:
        memory[path] = _reached(disk, machine, path)
    return memory[path]


def run_by_path(disk: Disk) -> set[str]:
    """The scripts :func:`reached` has followed as run by their path (each is a name that may lead to a tool,
    as a script of the user's folders is: :func:`tui.core.leading_names.names_leading_to`)."""
    return disk.remembered(_RUN_BY_PATH_FOUND, set)


def _reached(disk: Disk, machine: Machine, path: str) -> Reached:
    home = machine.home.rstrip("/") + "/"
    files: list[str] = []
    queue: list[tuple[str, int]] = [(path, 0)]
    followed = 0
    past = False
    while queue:
        script, depth = queue.pop(0)
        for item in _with_sourced(disk, machine, script):
            if item.path in files:
                continue
            files.append(item.path)
            text = startup_text(disk, item.path)
            if not isinstance(text, str):
                continue
            for line, target, by_shell in _runs(disk, machine, item, text):
                real = disk.resolve(target)
                if real is None or real in files or any(real == q for q, _d in queue):
                    continue
                if not (target.startswith(home) or real.startswith(home)):
                    continue  # the system's: not followed (see the module's note)
                if depth + 1 > MAX_RUN_DEPTH or followed >= MAX_RUN_SCRIPTS:
                    disk.skip_once(item.path, f"line {line} runs more scripts by their path than are followed")
                    note_run_time_name(disk, item.path, line, RUNS_UNFOLLOWED)
                    past = True
                    continue
                if _shell_runs(disk, real, by_shell):
                    followed += 1
                    run_by_path(disk).add(real)
                    queue.append((real, depth + 1))
    return Reached(tuple(files), past)


def _written(text: str) -> set[str]:
    """The names ``text`` sets to a folder written out (see :data:`_WRITTEN`)."""
    out: set[str] = set()
    for m in _WRITTEN.finditer(text):
        name = _NAME_BEFORE.search(text, max(0, m.start() - 64), m.start())
        if name is not None:
            out.add(name.group())
    return out


def _with_sourced(disk: Disk, machine: Machine, path: str) -> list[StartupFile]:
    """``path`` and the files it sources; a file with no word that sources (most scripts) is not parsed for it."""
    root = StartupFile(path, False, machine.home)
    text = startup_text(disk, path)
    if isinstance(text, str) and "source" not in text and "dotenv" not in text and not _sources_by_dot(text):
        return [root]
    return with_sourced(disk, machine, [root])


# `.` as a word of its own (as the sourced lines are looked for: shell_variables._MAY_SOURCE), cheaper to ask:
# a dot before a space or the end, then what stands before it (the pattern begins with its literal, which the
# engine finds at once; one that begins with the alternatives before it is tried at every position)
_DOT_ENDING = re.compile(r"\.(?=\s|\Z)")
_BEFORE_DOT = frozenset(";&|(){}")


def _sources_by_dot(text: str) -> bool:
    """Whether ``text`` has ``.`` as a word: at the text's start or after white space or ``;&|(){}``."""
    for m in _DOT_ENDING.finditer(text):
        at = m.start()
        if at == 0 or text[at - 1].isspace() or text[at - 1] in _BEFORE_DOT:
            return True
    return False


def _runs(disk: Disk, machine: Machine, item: StartupFile, text: str) -> list[tuple[int, str, bool]]:
    """(line, machine path, whether a shell named on the line runs it) of each script ``item`` runs by its path
    that aicheck can place (a name the shell computes is not followed)."""
    out: list[tuple[int, str, bool]] = []
    folder = item.path.rpartition("/")[0] or "/"
    written: set[str] | None = None  # the variables the file sets to a folder it writes out, once asked
    if script_dialect(disk, item.path, text) == SH:  # exec "$RUNNER" "$@": named when the script runs
        out += _run_time_targets(disk, machine, item, text)
    if "/" not in text:
        return out
    for number, logical in logical_lines(text):
        if "/" not in logical or logical.lstrip().startswith("#"):
            continue
        line = without_quotes(logical)  # the words as the shell passes them
        line = _OWN_FOLDER.sub(lambda _m: folder, line) if "$" in line else line
        for command in _COMMANDS.split(line):
            m = _RUN_BY_PATH.match(command) if "/" in command else None
            if m is None:
                continue
            word = m.group("path")
            if word.startswith(("./", "../")):
                word = f"{folder}/{word}"  # a script run so is most often run from its own folder
            # a variable the file sets is looked up (a parse of the whole file) only where one it names is set
            # to a written value (npm's and pnpm's shims run "$basedir/node", basedir a command's output)
            if written is None and "$" in word:
                written = _written(text)
            sets = written is not None and any(name in written for name in _NAMES.findall(word))
            named = sourced_path(word, machine, item, None, startup_script(disk, item.path, text) if sets else None)
            for target in unmarked(disk, machine, item, named, None) if named is not None else ():
                out.append((number, target, m.group("shell") is not None))
    return out


def run_time_programs(text: str) -> list[tuple[int, str]]:
    """(line, the reference as written: ``$RUNNER``, ``$(…)``) of each command of a shell's ``text`` whose
    program is named at run time (a reference where :data:`_BEFORE_PROGRAM` leaves the program): a whole
    variable, or a command's output that is the whole name (``$(dirname "$0")/run`` is a folder's: a run by its
    path). Names only, never a value. One pass over the text finds the few lines that may hold one
    (:data:`_MAY_RUN_NAMED`); only those are read word by word."""
    out: list[tuple[int, str]] = []
    if "$" not in text and "`" not in text:
        return out
    physical: list[str] | None = None
    newlines: list[int] = []
    done: set[int] = set()
    hits = {hit.end() - 1 for rx in _MAY_RUN_NAMED for hit in rx.finditer(text)}
    hits.update(_assignments_before_a_reference(text))
    if _MAY_RUN_NAMED[1].match("\n" + text[:256]):
        hits.add(0)
    for at in sorted(hits):
        if physical is None:
            physical = text.split("\n")
            newlines = [m.start() for m in _NEWLINE.finditer(text)]
        number = bisect_right(newlines, at) + 1
        while number > 1 and physical[number - 2].endswith("\\"):  # the line a continued one starts on
            number -= 1
        if number in done:
            continue
        done.add(number)
        last = number
        while last < len(physical) and physical[last - 1].endswith("\\"):
            last += 1
        logical = "".join(line[:-1] if i < last else line for i, line in enumerate(physical[number - 1 : last], number))
        if not logical.lstrip().startswith("#"):
            out += [(number, ref) for ref in _named_in(without_quotes(logical))]
    return out


# a line that may run a program named at run time: a reference right after where a command may start, a word
# that runs the command after it, an option or an assignment (the line is then read word by word). Apart, each
# with a plain start, so that a large file is passed over quickly (one alternation is many times slower)
_REF_START = r"""["']?(?:\$[{A-Za-z_(=~^]|`)"""  # (zsh: `$=NAME`)
_MAY_RUN_NAMED: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern + _REF_START, re.MULTILINE)
    for pattern in (
        r"[;&|(`{)][ \t]*",  # (`)`: a case branch's pattern before it)
        r"\n[ \t]*",  # (a line's start; the text's own is looked at apart: ``^`` is slow to look for)
        r"(?:then|do|else|if|elif|while|until|exec|command|builtin|nohup|time|sudo|doas|env|xargs|nice|sh|!)[ \t]+",
        r"[ \t]-\S{1,256}[ \t]+",  # (bounded: a run of thousands of `=` costs no more)
    )
)
# an assignment for the command (a longer one: not read); apart, see below
_ASSIGNMENT_BEFORE = re.compile(r"(?<![\w$=.])[A-Za-z_]\w*=\S{0,256}[ \t]+" + _REF_START)
_ASSIGNED_BEFORE = re.compile(r"=\S{0,256}[ \t]+" + _REF_START)  # its part from the "=": no line break in it


def _assignments_before_a_reference(text: str) -> list[int]:
    """Where :data:`_ASSIGNMENT_BEFORE` finds an assignment before a reference, once on each line that has one
    (the lines are what :func:`run_time_programs` needs). Looked for from its "=" (a literal, which the engine
    finds at once; the name before it, looked for first, made the engine try every position of the text: 8
    times slower on a package manager's shims), then on that line alone. No match crosses a line."""
    out: list[int] = []
    line_seen = -1
    for candidate in _ASSIGNED_BEFORE.finditer(text):
        start = text.rfind("\n", 0, candidate.start()) + 1
        if start == line_seen:
            continue
        line_seen = start
        end = text.find("\n", candidate.end())
        hit = _ASSIGNMENT_BEFORE.search(text, start, len(text) if end < 0 else end)
        if hit is not None:
            out.append(hit.end() - 1)
    return out


_NEWLINE = re.compile("\n")


def _named_in(line: str) -> list[str]:
    """The references of :func:`run_time_programs` on one line, quotes taken out, each once. Bounded: more
    words before a reference than :data:`MAX_BEFORE_PROGRAM` characters, or a name that does not close within
    :data:`MAX_NAME_CHARS`, is taken as a program named at run time (noted, never passed over)."""
    out: list[str] = []
    starts: list[int] | None = None  # where each command of the line starts, once a reference is met
    if ")" in line:  # a case branch's pattern stands before its command (`fast) exec "$RUNNER" ;;`): blanked
        line = _CASE_BRANCH.sub(lambda b: b.group("lead") + " " * len(b.group("pattern")), line)
    for m in _RUN_TIME_REF.finditer(line):
        name = m.group("braced") or m.group("plain")
        ref = f"${name}" if name else COMMAND_OUTPUT
        if ref in out:
            continue
        if starts is None:
            starts = [0, *(s.end() for s in _COMMAND_START_AT.finditer(line))]
        at = starts[bisect_right(starts, m.start()) - 1]
        if m.start() - at > MAX_BEFORE_PROGRAM:
            out.append(ref)  # what stands before it is not read: it may be the program
            continue
        if not _BEFORE_PROGRAM.fullmatch(line, at, m.start()):
            continue  # an argument, not the program
        if at and line[at - 1] == "(" and _FOR_LIST.search(line, 0, at - 1):
            continue  # zsh's `for f ($list)`: the loop's words, no command
        end = m.end()
        if m.group("plain") is None:  # ${…}, $(…), `…`: the output is the whole name only where nothing is joined
            closing = "}" if name else ")" if m.group() == "$(" else "`"
            end = _closing(line, end, closing)
        if end >= len(line) or line[end] in " \t;&|)":
            out.append(ref)
    return out


# a case branch's pattern (`fast)`, `(fast|f)`, `*)`), where a branch starts: the line's start (the case's own
# `case WORD in` before it on the same line), or after the `;;`, `;&` or `;|` that ends the branch before
# (quotes already taken out: `"fast mode")` is `fast mode)`, whose words after the first hold no reference, so
# a command that closes a subshell, `$RUNNER "$@")`, is never one; bash's extglob groups, `@(fast|quick))`)
_CASE_WORD = r"(?:[?*+@!]\([^()$`;&\n]*\)|[^\s;&|()])+"
_CASE_MORE = r"(?:[ \t]+(?:[?*+@!]\([^()$`;&\n]*\)|[^\s;&|()$`])+)*"
_CASE_BRANCH = re.compile(
    rf"(?P<lead>^|;;&?|;[&|])(?P<pattern>\s*(?:case\s+\S+\s+in\s+)?\(?{_CASE_WORD}{_CASE_MORE}"
    rf"(?:\s*\|\s*{_CASE_WORD}{_CASE_MORE})*[ \t]*\))"
)
_FOR_LIST = re.compile(r"\b(?:for|foreach)\s+\w+(?:\s+\w+)*\s*$")


def _closing(text: str, at: int, closing: str) -> int:
    """The offset after what closes at ``at`` (nested parentheses and braces counted), or the text's end (also
    past :data:`MAX_NAME_CHARS`)."""
    depth = 1
    opening = {")": "(", "}": "{"}.get(closing)
    for i in range(at, min(len(text), at + MAX_NAME_CHARS)):
        if text[i] == opening:
            depth += 1
        elif text[i] == closing:
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def _run_time_targets(
    disk: Disk, machine: Machine, item: StartupFile, text: str, script_line: bool = True
) -> list[tuple[int, str, bool]]:
    """The scripts the commands of ``item`` whose program is named at run time run (a variable the file sets to
    a path it writes out: followed as one run by its path), each other such line noted: in the audit, and (a
    script's line, ``script_line``) for :func:`tui.core.startup.find_startup_flags` as a file named at run time
    (a script the tool's condition reads that runs one cannot confirm it; one it does not read is only named).
    A variable the file sets to a plain command's name (``RUNNER=claude``) is a program of the search path, as
    ``exec claude`` is."""
    out: list[tuple[int, str, bool]] = []
    script = None
    for number, ref in run_time_programs(text):
        if ref != COMMAND_OUTPUT:
            script = script or startup_script(disk, item.path, text)
            name = ref[1:]
            values = [h.text for h in script.held_values(name)]  # (an index of the file's names: no pass)
            if values and all(v is not None and _placed(without_quotes(v)) for v in values):
                named = sourced_path(ref, machine, item, None, script)  # one path the file writes out: run
                targets = unmarked(disk, machine, item, named, None) if named is not None else []
                out += [(number, target, False) for target in targets]
                continue
        disk.skip_once(item.path, f"line {number} runs a program named at run time: not followed")
        if script_line:
            note_run_time_name(disk, item.path, number)
    return out


def note_run_time_programs(disk: Disk, machine: Machine, item: StartupFile, text: str) -> None:
    """Name in the audit each line of the startup file ``item`` that runs a program named at run time
    (``exec "$RUNNER"``): a program a startup file starts is not followed (a script of the user's command folders
    run by its name is, and there such a line cannot confirm a condition: :func:`reached`), so it is only said."""
    if script_dialect(disk, item.path, text) == SH:
        _run_time_targets(disk, machine, item, text, script_line=False)


def _placed(value: str | None) -> bool:
    """Whether a value the file gives a program's variable names the program as a line written out would:
    a command of the search path (``RUNNER=claude``, ``NODE_EXE=node``; nothing, ``SUDO=``), or a path
    (``NODE_EXE="$basedir/node"``, npm's own shims: read as ``exec "$basedir/node"`` is). Not a command's
    output, what is read in, nor another variable alone."""
    if value is None or "$(" in value or "`" in value:
        return False
    return not value or _COMMAND_NAME.fullmatch(value) is not None or "/" in value


_COMMAND_NAME = re.compile(r"[A-Za-z0-9_][\w.+-]*")


def _shell_runs(disk: Disk, real: str, by_shell: bool) -> bool:
    """Whether a shell runs the file at ``real`` (``by_shell``: a shell named on the line runs it): a text file
    whose ``#!`` line names no other language's interpreter. One that cannot be looked at is followed (its
    read says it cannot be read: never met)."""
    st = disk.regular_stat(real)
    if st is None or st.st_size == 0:
        return False
    try:
        head = disk.read_head(real, HEAD_BYTES)
    except ReadSkipped:
        return True
    if not head or is_binary(head):
        return False
    return by_shell or other_language_of(disk, head.decode("utf-8", "replace")) is None
