"""The names the shell startup files define that lead to a tool's command.

``alias c='command claude'``, a function whose body runs ``claude``, a name defined through such a name (a
few levels deep: :data:`MAX_LEADING_ROUNDS`): a line that starts one of them with a forbidden flag starts
the tool with it, so :func:`tui.core.startup.find_startup_flags` looks for these names too
(:func:`names_leading_to`) and names a finding by both (:func:`named_as`). Aliases and functions are read
in each shell's form (sh, zsh, fish, nushell, tcsh, xonsh, elvish, PowerShell; :func:`name_definitions`), a
function's body to where its braces or fish's ``end`` close it. A line that adds a flag to whatever command
it is given (``yolo() { "$@" --flag; }``) is :data:`GIVEN_COMMAND`. Apart from :mod:`tui.core.startup`,
which asks it; both read the files through :mod:`tui.core.startup_reading`.
"""

from __future__ import annotations

import functools
import re
import shlex

from tui.core.channels.base import Context
from tui.core.machine import Disk
from tui.core.script_runs import SHELL_BEFORE, run_by_path
from tui.core.shell_variables import SH, XONSH, dialect_of
from tui.core.sourced_files import note_run_time_name
from tui.core.startup_reading import (
    ProgramWords,
    logical_lines,
    names_as_words,
    program_started,
    references_to,
    startup_text,
    without_comment,
    without_quotes,
)
from tui.core.user_scripts import WINDOWS_SCRIPTS, script_dialect, user_scripts


def words_to_find(line: str, own: ProgramWords, every: ProgramWords) -> ProgramWords:
    """The commands to look for on ``line``: the tool's own where the line names one (`alias cc='claude …'`
    defines cc, it does not run it), else the names the files define that lead to the tool too."""
    return own if every is own or program_started(without_comment(line), own) is not None else every


def named_as(program: str, leading: dict[str, str]) -> str:
    """How a finding names the command a line starts: the tool's own, or a name that leads to it."""
    return f"{program} (which runs {leading[program]})" if program in leading else program


# startup.UnknownArgument.reference of a line that adds a flag to the command it is given (`yolo() { "$@" --flag; }`)
GIVEN_COMMAND = "the command it is given"
# what the caller gives, anywhere on a line (sh's "$@", "${@:1}", "$1", $*; zsh's ${argv[1]}; fish's $argv;
# PowerShell's $args and @args): with a flag and none of the tool's commands, the line adds the flag to
# whatever command it is given (`yolo() { env "$@" --flag; }`, `$cmd --flag "$@"`, `xargs "$@"`)
GIVEN_ARGUMENTS = re.compile(r"""\$(?:@|\*|[1-9]|\{[@*1-9][^}]*\}|\{?argv\b|args\b)|(?<![\w@])@args\b""")
MAX_LEADING_ROUNDS = 5  # a name defined through a name defined through …, this many deep
MAX_BODY_LINES = 500  # a function's body read this far for the command it runs
# the bodies of one file's functions read at most this many lines together: nested heads each read the lines
# after them, quadratic in a hostile file; past it the file's later names are unread and cannot confirm
MAX_BODY_LINES_PER_FILE = 20_000
# startup.UnknownArgument.reference of the head where a file's bodies passed the budget
BODIES_UNREAD = "function bodies past what is read"
_LEADING = "startup: the names the files define that start the tool"
# a definition and where its body starts, on a line as the shell passes it (quotes taken out): sh's, zsh's,
# fish's, nushell's and tcsh's aliases (`alias c=claude`, `alias c claude`, `alias c = claude`), fish's
# abbreviations, xonsh's `aliases['c'] = …`, zsh's `functions[c]=…` and `aliases[c]=…`, PowerShell's
# `Set-Item alias:c claude` and `${function:c} = {…}`, each after a command's start (`if …; then alias
# c=claude; fi`, `builtin alias`, `\alias`, `eval alias`)
_ALIAS_DEFINITION = re.compile(
    r"""(?:^|[;&|({]|\b(?:then|do|else|eval|builtin|command)\b)\s*\\?(?:export\s+)?"""
    r"""(?:alias|abbr(?:\s+(?:-a|--add))?)\s+(?:-[-\w]+\s+)*(?P<name>[^\s=;&|()]+)\s*(?:=|\s)\s*(?P<body>.*)"""
    r"""|\b(?:aliases|functions)\s*\[\s*(?P<xname>[^\]\s]+)\s*\]\s*=(?!=)\s*(?P<xbody>.*)"""
    r"""|\b(?:Set-Item|si|New-Item|ni)\s+(?:-Path\s+)?alias:(?P<iname>[\w.-]+)\s+(?:-Value\s+)?(?P<ibody>.*)"""
    r"""|\$\{?function:(?P<fname>[\w.-]+)\}?\s*=\s*(?P<fbody>.*)""",
    re.I,
)
# PowerShell's aliases: Set-Alias, New-Alias, sal, nal, with -Name and -Value in any order (`-Name:c`)
_PS_ALIAS = re.compile(r"""(?:^|[;{(|]|\b)(?:Set-Alias|New-Alias|sal|nal)\s+(?P<rest>.*)""", re.I)
_PS_NAMED = re.compile(r"""-(?P<key>Name|Value)(?::|\s+)(?P<value>\S+)""", re.I)
FUNCTION_HEAD = re.compile(
    r"""^\s*(?:(?:function|filter)\s+(?:(?:global|script|local|private):)?(?P<fname>[^\s(){}]+)|"""
    r"""(?:export\s+)?def(?:\s+--[\w-]+)*\s+(?P<dname>[^\s\[]+)|fn\s+(?P<ename>[^\s{]+)|"""
    r"""(?P<sname>[\w][\w.@:+-]*)\s*\(\s*\))"""
)
# zsh names several functions at once: `a c () { … }` (every name before the parentheses), and `function a c {`
# (the names after the first, up to the body; never an option: fish's `function c --argument-names x`)
_NAMES_HEAD = re.compile(r"""^\s*(?P<names>[\w][\w.@:+-]*(?:\s+[\w][\w.@:+-]*)+)\s*\(\s*\)""")
_MORE_NAMES = re.compile(r"""((?:\s+[^\s(){};-][^\s(){};]*)+)(?=\s*(?:\(\s*\)\s*)?(?:\{|$))""")
_DEFINES = re.compile(r"alias|abbr|function|filter|def |fn |\(\s*\)", re.I)
_DEFINING_WORDS = ("alias", "abbr", "function", "filter", "def ", "fn ")
_PARENTHESES = re.compile(r"\(\s*\)")


def _may_define(text: str) -> bool:
    """Whether ``text`` may define an alias or a function (:data:`_DEFINES`). An ASCII text is looked through
    by substrings (the alternation, ignoring case, is tried at every position of a file: several times
    slower); any other by the pattern itself (Unicode's case folding: ``ſ`` is an ``s`` to it)."""
    if not text.isascii():
        return _DEFINES.search(text) is not None
    lower = text.lower()
    return any(word in lower for word in _DEFINING_WORDS) or _PARENTHESES.search(text) is not None


# fish's blocks: opened by these words, closed by `end`; a function's body ends where its own `end` does
FISH_OPENS = frozenset({"if", "while", "for", "function", "switch", "begin"})
_FISH_END = re.compile(r"^end\b(?!\s*=)")
# where a name runs as a command: a line's or a command's start, after a prefix that runs what follows, or as
# the first word of an alias's body (`alias cc='c --flag'`); never an argument (`make CC=cc`)
COMMAND_START = (
    r"""(?:^|[;&|({`]|\$\(|\b(?:then|do|else|exec|command|builtin|nohup|time|sudo|doas|env|xargs|eval|nice)\s"""
    r"""|\b(?:alias|abbr)\s+(?:-\S+\s+)*[^\s=]+\s*(?:=\s*|\s+)|\baliases\s*\[[^\]]*\]\s*=\s*\[?|[{|]\s*\|[^|]*\||=>)\s*"""
)


def command_word(name: str) -> re.Pattern[str]:
    """``name`` where it runs as a command (see :data:`COMMAND_START`), quotes as the shell passes them; a
    script's name by its path too, or after a shell (``~/.config/runner``, ``sh ~/.config/runner``)."""
    return re.compile(
        COMMAND_START
        + SHELL_BEFORE
        + r"['\"]?\^?(?:[^\s;&|()'\"<>`]*/)?"
        + re.escape(name)
        + r"""(?=['"]?(?:\s|$|[;&|)}]))"""
    )


def names_leading_to(
    ctx: Context, read: list[str], program_words: ProgramWords, bearing: frozenset[str] = frozenset()
) -> dict[str, str]:
    """The names ``read`` defines whose alias or function body starts one of the tool's commands (or a name
    found so, a few levels deep): each with the command it leads to. A body is read as its lines are; the
    tool's command as a whole word, a name found so where it runs as a command: more than the shell may run,
    never less (a line must also hold a flag to matter). ``bearing``: the variables the files may give the
    tool's command (``C=claude``): a body that expands one (``alias c="$C"``; in xonsh, where Python names a
    variable bare, a body that names one) leads to the tool too."""
    memory: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, str]] = ctx.disk.remembered(_LEADING, dict)
    key = (tuple(read), tuple(p for p, _rx in program_words))
    if key in memory:
        return memory[key]
    expands, names = (_run_from(bearing), names_as_words(bearing)) if bearing else (None, None)
    definitions = [
        (name, body, names if dialect_of(path) == XONSH else expands)
        for path in read
        for name, body in name_definitions(ctx.disk, path)
    ]
    # a script of the user's own folders is a name too (~/.local/bin/cc: `exec claude "$@"`), its text the body
    # and a script one of them runs by its path (`exec ~/.config/runner --flag`, the runner running claude)
    scripts = set(user_scripts(ctx.disk, ctx.machine).paths) | run_by_path(ctx.disk)
    for path in (p for p in read if p in scripts):
        text = startup_text(ctx.disk, path)
        if isinstance(text, str):
            name = path.rpartition("/")[2]
            if name.lower().endswith(WINDOWS_SCRIPTS):
                name = name.rsplit(".", 1)[0]
            definitions.append(
                (name, without_quotes(text), names if script_dialect(ctx.disk, path, text) == XONSH else expands)
            )
    # and a zsh function autoloaded from a file (`autoload -Uz c`, ~/.zfunc/c holding its body)
    from tui.core.sourced_files import autoloaded_names

    reading = set(read)
    for path, name in autoloaded_names(ctx.disk).items():
        text = startup_text(ctx.disk, path) if path in reading else None
        if isinstance(text, str):
            definitions.append((name, without_quotes(text), expands))
    own = {p for p, _rx in program_words}
    leading: dict[str, str] = {}
    words = list(program_words)
    for _ in range(MAX_LEADING_ROUNDS):
        more: dict[str, str] = {}
        for name, body, bearing_rx in definitions:
            if name in leading or name in own or name in more:
                continue
            started = program_started(body, words)
            if started is None and bearing_rx is not None and bearing_rx.search(body):
                started = program_words[0][0]
            if started is not None:
                more[name] = leading.get(started, started)
        if not more:
            break
        leading |= more
        words += [(n, command_word(n)) for n in more]
    memory[key] = leading
    return leading


def _run_from(names: frozenset[str]) -> re.Pattern[str]:
    """Where a body runs what one of ``names`` holds (:func:`~tui.core.startup_reading.references_to`) as a
    command: where a command starts (:data:`COMMAND_START`), after the assignments before it (``A=1 "$C"``,
    ``env A=1 "$C"``) and ``exec``'s ``-a name``, or after ``if``, ``while``, ``until``, ``!``. A name an
    argument expands (``cat "$file"``, ``[[ -f $file ]]``) runs nothing."""
    prefixes = r"(?:(?:if|while|until|!)\s+)?(?:-a\s+\S+\s+)?(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*"
    return re.compile(
        COMMAND_START + prefixes + r"['\"]?\^?" + references_to(names).pattern, re.IGNORECASE | re.MULTILINE
    )


_DEFINITIONS = "startup: each file's aliases and functions"


def name_definitions(disk: Disk, path: str) -> list[tuple[str, str]]:
    """(name, body as the shell passes it) of each alias and function ``path`` defines (once a scan). A
    function's body runs from its head to where its braces close (fish: its own ``end``), whatever the
    indentation, :data:`MAX_BODY_LINES` at most."""
    memory: dict[str, list[tuple[str, str]]] = disk.remembered(_DEFINITIONS, dict)
    if path in memory:
        return memory[path]
    out: list[tuple[str, str]] = []
    text = startup_text(disk, path)
    if isinstance(text, str) and _may_define(text):
        lines = logical_lines(text)
        budget = MAX_BODY_LINES_PER_FILE
        for i, (number, line) in enumerate(lines):
            if budget <= 0:  # what the rest of the file defines is unread: its names may lead to the tool
                note_run_time_name(disk, path, number, BODIES_UNREAD)
                break
            stripped = line.lstrip()
            if not stripped or stripped.startswith("#"):
                continue
            passed = without_quotes(line)
            low = passed.lower()  # each form names one of these words: most lines are looked at no further
            m = _ALIAS_DEFINITION.search(passed) if "alias" in low or "abbr" in low or "function" in low else None
            if m is not None:
                kind = next(k for k in ("name", "xname", "iname", "fname") if m.group(k))
                body = m.group({"name": "body", "xname": "xbody", "iname": "ibody", "fname": "fbody"}[kind])
                out.append((m.group(kind).strip("'\""), body))
                continue
            ps = _PS_ALIAS.search(passed) if "alias" in low or "sal" in low or "nal" in low else None
            if ps is not None:
                named = {g.group("key").lower(): g.group("value") for g in _PS_NAMED.finditer(ps.group("rest"))}
                positional = [w for w in _PS_NAMED.sub(" ", ps.group("rest")).split() if not w.startswith("-")]
                name = named.get("name") or (positional.pop(0) if positional else "")
                value = named.get("value") or (positional[0] if positional else "")
                if name and value:
                    out.append((name, value))
                continue
            head = FUNCTION_HEAD.match(line)
            if head is not None:
                name = head.group("fname") or head.group("dname") or head.group("ename") or head.group("sname")
                rest, names = line[head.end() :], [name]
                more = _MORE_NAMES.match(rest) if head.group("fname") else None
                if more is not None:  # zsh: `function a c {` names both
                    names += more.group(1).split()
                    rest = rest[more.end() :]
                read = function_body(lines, i, rest)
                budget -= len(read)
                body = without_quotes("\n".join(read))
                out += [(n.strip("'\""), body) for n in names]
                continue
            several = _NAMES_HEAD.match(line)
            if several is not None:  # zsh: `a c () { … }` names both
                read = function_body(lines, i, line[several.end() :])
                budget -= len(read)
                body = without_quotes("\n".join(read))
                out += [(n.strip("'\""), body) for n in several.group("names").split()]
    memory[path] = out
    return out


# zsh's global aliases (`alias -g YOLO='--dangerously-skip-permissions'`, `galiases[YOLO]=…`): zsh puts the
# value in place of the word wherever it stands on a line (an alias's value too: `alias c='claude YOLO'`), so a
# line that starts the tool with one is given what it holds. Read in sh's dialect (zsh's), any file read.
_GLOBAL_ALIAS = re.compile(r"""(?:^|[;&|({]|\b(?:then|do|else|builtin)\s)\s*\\?alias\s+((?:[-+][A-Za-z]+\s+)+)(.*)""")
_GALIASES = re.compile(r"""\bgaliases\s*\[\s*["']?([^\]\s"']+)["']?\s*\]\s*=(?!=)\s*(.*)""")
_ALIAS_NAME = re.compile(r"[^\s=;&|()<>$`'\"\\]+")
_GLOBAL = "startup: zsh's global aliases"


def global_aliases(disk: Disk, read: list[str]) -> dict[str, str]:
    """Each global alias the files ``read`` define, with its value as the shell passes it (the last one)."""
    memory: dict[tuple[str, ...], dict[str, str]] = disk.remembered(_GLOBAL, dict)
    key = tuple(read)
    if key in memory:
        return memory[key]
    out: dict[str, str] = {}
    for path in read:
        text = startup_text(disk, path)
        if not isinstance(text, str) or ("alias" not in text) or dialect_of(path, text) != SH:
            continue
        if "galiases" not in text and re.search(r"\balias\s+(?:[-+]\w+\s+)*[-+]\w*g", text) is None:
            continue
        for _number, line in logical_lines(text):
            line = without_comment(line)
            pairs: list[str] = []
            m = _GLOBAL_ALIAS.search(line)
            if m is not None and "g" in m.group(1):
                pairs = _split(m.group(2))
            g = _GALIASES.search(line)
            if g is not None:
                given = _split(g.group(2))
                pairs.append(f"{g.group(1)}={given[0] if given else ''}")
            for pair in pairs:
                name, eq, value = pair.partition("=")
                if eq and _ALIAS_NAME.fullmatch(name) and "\n" not in value:
                    out[name] = value
    memory[key] = out
    return out


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


@functools.cache
def _global_words(names: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w$/.\[=-])(?:{alternatives})(?![\w/.=\]-])")


def with_global_aliases(text: str, aliases: dict[str, str]) -> tuple[str, dict[int, tuple[str, ...]]]:
    """``text`` with each word a global alias names replaced by its value (as zsh expands it; line numbers
    kept), and the names each line's flags may come from (a value holding an option)."""
    rx = _global_words(frozenset(aliases))
    if not rx.search(text):
        return text, {}
    lines = text.split("\n")
    named: dict[int, tuple[str, ...]] = {}
    for i, line in enumerate(lines):
        if rx.search(line):
            names = tuple(dict.fromkeys(m.group() for m in rx.finditer(line) if "-" in aliases[m.group()]))
            if names:
                named[i + 1] = names
            lines[i] = rx.sub(lambda m: aliases[m.group()], line)
    return "\n".join(lines), named


def _opens_fish_block(line: str) -> bool:
    words = line.split(None, 1)
    return bool(words) and words[0] in FISH_OPENS


def function_body(lines: list[tuple[int, str]], i: int, rest: str) -> list[str]:
    """The lines of the function whose head is line ``i`` (``rest``: the head's line after the name)."""
    body = [rest]
    if "{" in rest or "{" not in "".join(text for _n, text in lines[i + 1 : i + 3]):
        braces = "{" in rest or not _opens_fish_block(lines[i][1])
    else:
        braces = True  # `c()` then `{` on the next line
    if braces:
        depth, opened = rest.count("{") - rest.count("}"), "{" in rest
        if opened and depth <= 0:
            return body
        for _n, after in lines[i + 1 : i + 1 + MAX_BODY_LINES]:
            body.append(after)
            depth += after.count("{") - after.count("}")
            opened = opened or "{" in after
            if opened and depth <= 0:
                break
        return body
    depth = 1  # fish: `function c` … `end`, its blocks' own `end`s counted
    for _n, after in lines[i + 1 : i + 1 + MAX_BODY_LINES]:
        stripped = after.strip()
        if _FISH_END.match(stripped):
            depth -= 1
            if depth == 0:
                break
        elif _opens_fish_block(stripped):
            depth += 1
        body.append(after)
    return body
