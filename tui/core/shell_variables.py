"""How a shell startup file sets one environment variable, line by line.

A condition that asks for a variable (the gateway's ``ANTHROPIC_BASE_URL``) is met by a startup file only
where every session of that shell gets the value: an ``export`` on a line of its own, outside any ``if``,
loop, function or brace group, not after ``&&`` or ``||``. Everything else that sets the variable may be
what a session has instead, and counts against such a condition, never for it:

- ``alias claude='ANTHROPIC_BASE_URL=https://… claude'``, ``NAME=… command``, ``env NAME=…``, a plain
  assignment, fish's ``set`` without ``-x``: the value for one command, or for the shell alone;
- an export inside a block or after ``&&`` / ``||`` (``if false; then export …; fi``): some sessions only;
- ``unset NAME``, ``export -n NAME``, fish's ``set -e``, PowerShell's ``Remove-Item Env:NAME``.

A command that sets the variable to what it takes in when the shell runs it (``read -r NAME <<'EOF'``, ``printf
-v NAME``, ``mapfile``, ``getopts`` …: :data:`READ_IN_COMMANDS`) sets it to a value that cannot be known.

The same is read from the shells whose own syntax sets a variable: tcsh's ``setenv NAME value``, nushell's
``$env.NAME = value`` (``load-env``/``with-env`` records: some sessions), xonsh's ``$NAME = 'value'`` and
elvish's ``set-env NAME value`` / ``set E:NAME = value``; each one's ``unset`` too (``unsetenv``, ``hide-env``,
``del $NAME``, ``unset-env``). ksh and mksh write sh's syntax.

For a command line that expands a variable (``alias claude="claude $F"``), :meth:`StartupScript.held_values`
gives every value a file gives it, however it is set: arrays, fish's lists, PowerShell's own variables
beside its environment (:mod:`tui.core.line_expansion` puts them in the line).

This is a reading of the text, not a shell: the structure is followed far enough to place each line (quotes,
comments, here-documents, the keywords that open and close a block), and a line it cannot place is taken as
"some sessions", never as "every session". Values are compared by the caller and never kept.
"""

from __future__ import annotations

import itertools
import re
import shlex
from bisect import bisect_right
from dataclasses import dataclass

from tui.core.shebang import shebang_program

EXPORTED = "exported"  # for every session of that shell
PARTLY = "partly"  # for one command, inside a block, after && or ||, or without export
UNSET = "unset"

SH, FISH, POWERSHELL = "sh", "fish", "powershell"
CSH, NU, XONSH, ELVISH = "csh", "nu", "xonsh", "elvish"  # tcsh and csh, nushell, xonsh, elvish
CMD = "cmd"  # Windows' cmd.exe: a .cmd or .bat script (a wrapper under a tool's name)

# by the end of a startup file's name: the shells whose files have a suffix of their own, and tcsh's dot files
_DIALECT_SUFFIXES = (
    (".fish", FISH),
    (".ps1", POWERSHELL),
    (".nu", NU),
    (".xsh", XONSH),
    ("/.xonshrc", XONSH),
    ("/xonsh/xonshrc", XONSH),  # the system's, /etc/xonsh/xonshrc
    (".elv", ELVISH),
    ("/.tcshrc", CSH),
    ("/.cshrc", CSH),
    ("/.login", CSH),
    ("/csh.cshrc", CSH),  # the system's, /etc/csh.cshrc and /etc/csh.login
    ("/csh.login", CSH),
    (".csh", CSH),
    (".cmd", CMD),
    (".bat", CMD),
)


# by the program a script's first line runs (`#!/bin/tcsh`, `#!/usr/bin/env nu`, `#!/usr/bin/env -Sfish`; see
# tui.core.shebang): a wrapper under a tool's name has no suffix to tell
_INTERPRETERS = {
    "tcsh": CSH,
    "csh": CSH,
    "nu": NU,
    "xonsh": XONSH,
    "elvish": ELVISH,
    "fish": FISH,
    "pwsh": POWERSHELL,
    "powershell": POWERSHELL,
}


# the shells that read sh's syntax, by a program's name (bash, dash, zsh, ksh93, mksh, busybox's ash, bash5.2 …)
_SH_FAMILY = re.compile(r"(?:ba|da|z|k|mk|pdk|a|rba|ya|po)?sh(?:[-.]?\d[\w.]*)?|ksh93|busybox")


def dialect_of(path: str, text: str = "", program: str | None = None) -> str:
    """The shell a startup file is written for, by its name (sh's for the rest: bash, zsh, ksh, mksh); a name
    that says nothing, by the program its first line runs (``text``, when given; ``program``: that program as
    the disk shows it, when the caller has looked, taken where its name is a shell's: see
    :func:`tui.core.user_scripts.script_dialect`)."""
    lower = path.lower()
    by_name = next((dialect for suffix, dialect in _DIALECT_SUFFIXES if lower.endswith(suffix)), SH)
    known = program.rpartition("/")[2] if program is not None else ""
    if by_name == SH and (known in _INTERPRETERS or _SH_FAMILY.fullmatch(known)):
        return _INTERPRETERS.get(known, SH)
    program = shebang_program(text) if by_name == SH and text.startswith("#!") else None
    return _INTERPRETERS.get(program.rpartition("/")[2], by_name) if program else by_name


@dataclass(frozen=True)
class VariableLine:
    line: int  # the line the command starts on
    how: str  # EXPORTED, PARTLY or UNSET
    value: str | None  # as written, quotes removed; None: unset, or not written on the line
    computed: bool = False  # the shell computes the value ($X, $(…), `…`): what it will be cannot be known
    top: bool = False  # the command runs in every session (outside any block, not after && or ||)

    @property
    def known(self) -> str | None:
        """The value when the line gives it as it is, else None (unset, computed or not written)."""
        return None if self.computed else self.value


@dataclass(frozen=True)
class _Command:
    start: int  # offset in the text
    text: str
    depth: int  # blocks open around it
    partly: bool  # after && or ||, in a pipeline, in the background, or in a here-document
    opens: bool = False  # it opens a block (``if …; then``, ``for … do``, tcsh's ``foreach``, PowerShell's
    # ``foreach (…) {``): its own depth is its block's


# -- splitting a file into commands ------------------------------------------------------------------------
_SH_TOKENS = re.compile(
    r"""
      (?P<esc>\\.)
    | (?P<quote>'[^']*'?|"(?:\\.|[^"\\])*"?|`(?:\\.|[^`\\])*`?)
    | (?P<heredoc><<(?!<)-?[ \t]*(?P<hq>['"]?)(?P<delim>[\w.-]+)(?P=hq))
    | (?P<comment>(?<![^\s;&|(){}])\#[^\n]*)
    | (?P<sep>&&|\|\||;;|[;\n]|\|&?|(?<![<>])&(?!>))
    | (?P<brace>(?<![^\s;&|)])[{}](?=[\s;&|]|$))
    """,
    re.S | re.X,
)
_FISH_TOKENS = re.compile(
    r"""
      (?P<esc>\\.)
    | (?P<quote>'(?:\\.|[^'\\])*'?|"(?:\\.|[^"\\])*"?)
    | (?P<comment>(?<![^\s;&|()])\#[^\n]*)
    | (?P<sep>&&|\|\||[;\n]|\||(?<![<>])&(?!>))
    """,
    re.S | re.X,
)
_PS_TOKENS = re.compile(
    r"""
      (?P<esc>`.)
    | (?P<quote>'(?:''|[^'])*'?|"(?:`.|""|[^"`])*"?)
    | (?P<comment><\#.*?(?:\#>|$)|(?<![^\s;{}|])\#[^\n]*)
    | (?P<sep>&&|\|\||[;\n|])
    | (?P<brace>[{}])
    """,
    re.S | re.X,
)
# tcsh: sh's quotes, comments and separators; its blocks end in words (endif, end, endsw), braces are no block
_CSH_TOKENS = re.compile(
    r"""
      (?P<esc>\\.)
    | (?P<quote>'[^']*'?|"(?:\\.|[^"\\])*"?|`(?:\\.|[^`\\])*`?)
    | (?P<heredoc><<(?!<)[ \t]*(?P<hq>['"]?)(?P<delim>[\w.-]+)(?P=hq))
    | (?P<comment>(?<![^\s;&|()])\#[^\n]*)
    | (?P<sep>&&|\|\||[;\n]|\|&?|(?<![<>])&(?!>))
    """,
    re.S | re.X,
)
# nushell and elvish: blocks, closures and records are braces; nushell's backquoted words, elvish's '' inside '…'
_NU_TOKENS = re.compile(
    r"""
      (?P<quote>'[^']*'?|"(?:\\.|[^"\\])*"?|`[^`]*`?)
    | (?P<comment>(?<![^\s;|(){}\[\]])\#[^\n]*)
    | (?P<sep>[;\n|])
    | (?P<brace>[{}])
    """,
    re.S | re.X,
)
_ELVISH_TOKENS = re.compile(
    r"""
      (?P<quote>'(?:''|[^'])*'?|"(?:\\.|[^"\\])*"?)
    | (?P<comment>(?<![^\s;|(){}\[\]])\#[^\n]*)
    | (?P<sep>[;\n|])
    | (?P<brace>[{}])
    """,
    re.S | re.X,
)
# xonsh: Python's strings (triple-quoted ones span lines) and comments; a block is its indented lines
_XONSH_TOKENS = re.compile(
    r"""
      (?P<esc>\\.)
    | (?P<quote>[rRbBfFpPuU]{0,2}(?:'{3}.*?(?:'{3}|$)|"{3}.*?(?:"{3}|$)|'(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?))
    | (?P<comment>\#[^\n]*)
    | (?P<sep>[;\n])
    """,
    re.S | re.X,
)
# cmd.exe: ^ escapes a character (a line end too), "…" quotes, `rem` and `::` start a comment where a command
# starts, & && || | separate commands (a parenthesised block is left inside its commands' text)
_CMD_TOKENS = re.compile(
    r"""
      (?P<esc>\^(?:\r?\n|.))
    | (?P<quote>"[^"\n]*"?)
    | (?P<comment>(?<![^\n&|(])[ \t@]*(?:[Rr][Ee][Mm](?![^\s])|::)[^\n]*)
    | (?P<sep>&&|\|\||[&\n|])
    """,
    re.S | re.X,
)
_TOKENS = {
    SH: _SH_TOKENS,
    FISH: _FISH_TOKENS,
    POWERSHELL: _PS_TOKENS,
    CSH: _CSH_TOKENS,
    NU: _NU_TOKENS,
    ELVISH: _ELVISH_TOKENS,
    XONSH: _XONSH_TOKENS,
    CMD: _CMD_TOKENS,
}

# words that lead a command without being it (``then export …``), that open a block, that close one
_PREFIXES = {
    SH: frozenset({"then", "do", "else", "elif", "!", "time", "builtin", "command", "noglob", "nocorrect"}),
    FISH: frozenset({"else", "case", "not", "builtin", "command"}),
    POWERSHELL: frozenset(),
}
_CHAINING = {FISH: frozenset({"and", "or"})}  # fish's ``and``/``or``: the command runs only sometimes
_OPENERS = {
    SH: frozenset({"if", "while", "until", "for", "select", "case", "repeat"}),
    FISH: frozenset({"if", "while", "for", "function", "switch", "begin"}),
    POWERSHELL: frozenset(),
    # tcsh's `if (…) then` (not its one-line `if (…) command`: see _opens_block), foreach, while, switch
    CSH: frozenset({"if", "foreach", "while", "switch"}),
}
_CLOSERS = {
    SH: frozenset({"fi", "done", "esac"}),
    FISH: frozenset({"end"}),
    POWERSHELL: frozenset(),
    CSH: frozenset({"endif", "end", "endsw"}),
}
# xonsh's compound statements (Python's): what follows their colon on the same line runs only sometimes
_XONSH_COMPOUND = frozenset(
    {"if", "elif", "else", "for", "while", "with", "def", "class", "try", "except", "finally", "async", "match", "case"}
)


def _in_python_block(body: str) -> bool:
    """Whether a xonsh command runs only sometimes by where it stands: an indented line is inside a block
    (Python's), and what a compound statement runs after its colon (``if x: $A = 'b'``) too."""
    if body[:1] in (" ", "\t"):
        return True
    first = body.split(None, 1)[0].rstrip(":") if body.strip() else ""
    return first in _XONSH_COMPOUND


def _opens_block(dialect: str, word: str, body: str) -> bool:
    """Whether a command that starts with ``word`` opens a block its dialect closes with a word (zsh's short
    ``for d (…) command`` closes nothing: the loop is that one command)."""
    if word not in _OPENERS.get(dialect, ()):
        return False
    if word == "for" and dialect == SH and _SHORT_FOR.match(body) and (head := loop_head(body, SH)) and head.body:
        return False
    return dialect != CSH or word != "if" or body.rstrip().endswith("then")


def _commands(text: str, dialect: str) -> list[_Command]:
    """Every command of the file, with the blocks open around it. Linear in the file's size: one pass of a
    regular expression over the places where the structure can change (quotes, separators, braces)."""
    tokens = _TOKENS[dialect]
    prefixes, closers = _PREFIXES.get(dialect, frozenset()), _CLOSERS.get(dialect, frozenset())
    chaining = _CHAINING.get(dialect, frozenset())
    out: list[_Command] = []
    depth = 0
    pos = start = 0
    piece: list[str] = []
    partly = False  # the command being read runs only sometimes (after && / ||, piped, in the background)
    heredocs: list[tuple[str, bool]] = []  # here-documents whose bodies start at the next newline

    def finish(end_partly: bool = False) -> bool:
        """Close the command being read; False when there was none (a blank line, a comment)."""
        nonlocal depth, piece
        body = "".join(piece)
        piece = []
        lead = partly or end_partly
        inner = dialect == XONSH and _in_python_block(body)
        while True:  # leading keywords dropped from the text itself, so quoted values keep their spaces
            body = body.lstrip()
            word = body.split(None, 1)[0] if body else ""
            if not word or not (word in prefixes or word in chaining):
                break
            lead = lead or word in chaining
            body = body[len(word) :]
        if not word:
            return False
        if word in closers:
            depth = max(0, depth - 1)
            return True
        opens = _opens_block(dialect, word, body)
        depth += opens
        out.append(_Command(start, body.rstrip(), depth + inner, lead or body.startswith("("), opens))
        return True

    length = len(text)
    while pos < length:
        m = tokens.search(text, pos)
        if m is None:
            piece.append(text[pos:])
            break
        piece.append(text[pos : m.start()])
        kind = m.lastgroup
        pos = m.end()
        if kind == "esc":
            # a line continued: one command; sh and fish take the backslash and the line end out entirely
            # (F=--dangerously-skip-\ then permissions is the flag), tcsh and PowerShell leave a blank
            joined = "" if dialect in (SH, FISH, CMD) else " "
            piece.append(joined if m.group()[1] in "\r\n" else m.group())
        elif kind == "quote":
            piece.append(m.group())
        elif kind == "heredoc":
            piece.append(m.group())
            heredocs.append((m.group("delim"), m.group().startswith("<<-")))
        elif kind == "comment":
            continue
        elif kind == "brace":
            finish()
            if m.group() == "{":
                depth += 1
                last = out[-1] if out else None
                if dialect == POWERSHELL and last and not last.opens and last.depth == depth - 1:
                    if _PS_FOREACH.match(last.text):  # foreach (…) { …: the loop opens the block
                        out[-1] = _Command(last.start, last.text, depth, last.partly, True)
                    elif (loop := _ps_pipeline_loop(out)) is not None:  # … | ForEach-Object { …, ….ForEach({ …
                        out[-1] = _Command(last.start, loop, depth, last.partly, True)
            else:
                depth = max(0, depth - 1)
            start, partly = pos, False
        else:  # a separator
            sep = m.group()
            piped = (sep.startswith("|") and sep != "||") or sep == "&"
            had = finish(end_partly=piped)
            if sep == "\n" and heredocs:
                pos = _after_heredocs(text, pos, heredocs, out, depth)
                heredocs = []
            start = pos
            if had or sep != "\n":  # `a &&` then a newline: the next line's command is still the chained one
                partly = sep in ("&&", "||") or (piped and sep != "&")
    finish()
    return out


def _after_heredocs(text: str, pos: int, heredocs: list[tuple[str, bool]], out: list[_Command], depth: int) -> int:
    """Skip the bodies of the here-documents opened on the line before ``pos``; each body is kept as one
    command that runs only sometimes (it is data, unless something runs it: then it may set the variable)."""
    for delim, tabs in heredocs:
        end = pos
        while end < len(text):
            nl = text.find("\n", end)
            line = text[end : nl if nl >= 0 else len(text)]
            if (line.lstrip("\t") if tabs else line) == delim:
                out.append(_Command(pos, text[pos:end], depth, True))
                pos = nl + 1 if nl >= 0 else len(text)
                break
            if nl < 0:
                out.append(_Command(pos, text[pos:], depth, True))
                return len(text)
            end = nl + 1
        else:
            out.append(_Command(pos, text[pos:], depth, True))
            return len(text)
    return pos


# -- what each command does to the variable ------------------------------------------------------------------
_COMPUTED = re.compile(r"[$`(]")
_SH_EXPORT = re.compile(r"^(?:export|declare\s+-[a-zA-Z]*x[a-zA-Z]*|typeset\s+-[a-zA-Z]*x[a-zA-Z]*)\s")
_SH_UNEXPORT = re.compile(r"^(?:unset|export\s+-n|declare\s+\+x|typeset\s+\+x)\s")
# the commands that set a variable to what they take in when the shell runs them (``read -r -d '' NAME <<'EOF'``,
# ``read NAME <<< '…'``, ``printf -v NAME …``, ``mapfile NAME < file``, zsh's ``vared``, ``getopts``, ``select``),
# after assignments for that command alone (``IFS= read -r NAME``): no reading of the text can know the value.
# One definition for both questions: the lines that set a variable (:meth:`StartupScript.variable_lines`, a
# value computed) and the values a command line's variable holds (:meth:`StartupScript.held_values`, unknown)
READ_IN_COMMANDS = ("read", "mapfile", "readarray", "vared", "getopts", "select", "printf")
_SH_READ_IN = re.compile(
    r"""^(?:[A-Za-z_][A-Za-z0-9_]*=(?:'[^']*'|"(?:\\.|[^"\\])*"|\$'(?:\\.|[^'\\])*'|[^\s'"])*\s+)*"""
    rf"(?:{'|'.join(READ_IN_COMMANDS)})(?![\w-])"
)
# the variable an option of such a command names, written onto it (``printf -vF``, ``read -raF``) or apart
_ATTACHED_NAME = re.compile(r"""(?:^|\s)-[A-Za-z]*?[va]\s*["']?([A-Za-z_][A-Za-z0-9_]*)""")
_PS_REMOVE = re.compile(r"^(?:remove-item|ri|rm|del|erase|rd|rmdir|clear-item|cli)\s", re.IGNORECASE)
_PS_SET_ITEM = re.compile(r"^(?:set-item|si|new-item|ni)\s", re.IGNORECASE)
# a command of assignments alone (``NAME=value``, ``A=1 B="x y"``): no program runs, the shell keeps them
_ASSIGNMENTS_ONLY = re.compile(
    r"""^(?:[A-Za-z_][A-Za-z0-9_]*=(?:'[^']*'|"(?:\\.|[^"\\])*"|[^\s'";&|()`$]*)(?:\s+|$))+$"""
)
_VALUE = re.compile(r"""\s*("(?:\\.|[^"\\])*"|'[^']*'|[^\s;&|)'"]*)""")
# a word that starts with a command's output, unquoted (no nested parentheses or quotes): `$(brew --prefix)/x`
_SUBSTITUTED_WORD = re.compile(r"""\s*(\$\([^()'"`\n;&|]*\)[^\s;&|()'"`]*)""")
# a word with a command's output in it, quoted or not, the command's own words simply quoted:
# `"$(brew --prefix)"/share/x`, `` `brew --prefix`/etc/x ``, `"$(dirname "$0")/x"`; read with its double quotes
# taken out (a name startup.py then knows by its exact form, or one the shell computes)
_OUTPUT_IN_WORD = r"""\$\((?:[^()"'`\n;&|]|"[^"\n`$]*"|"\$\{?\w+(?:\[\d\])?\}?")*\)"""
_COMMAND_WORD = re.compile(
    rf"""\s*((?:"(?:[^"\\$`]|\\.|{_OUTPUT_IN_WORD}|`[^`"\n]*`|\$(?!\())*"|{_OUTPUT_IN_WORD}|`[^`"\n]*`"""
    r"""|[^\s;&|()'"`$]|\$(?!\())+)"""
)
# an assignment's whole value: every quoted and unquoted part of the word, up to a blank or an operator
_SH_WORD = re.compile(r"""\s*((?:\$\([^()'"`\n;&|]*\)|"(?:\\.|[^"\\])*"|'[^']*'|\\.|[^\s;&|)'"\\])*)""", re.S)
_SH_PART = re.compile(
    r"""'(?P<single>[^']*)'|"(?P<double>(?:\\.|[^"\\])*)"|\\(?P<escaped>.)|(?P<bare>[^'"\\]+)""", re.S
)
_DEFAULT_WORD = re.compile(r"""(?:"(?:\\.|[^"\\])*"|'[^']*'|\\.|[^}'"\\])*""", re.S)  # ${NAME:=word}'s word
_DOUBLE_ESCAPE = re.compile(r"""\\([$`"\\\n])""")  # what a backslash escapes inside double quotes
_ESCAPED_CHAR = re.compile(r"\\.", re.S)
_FISH_SINGLE = re.compile(r"'(?:\\.|[^'\\])*'")


_Found = tuple[str, "str | None", bool]  # (how, the value as written or None, whether the shell computes it)

# The shells with a syntax of their own for the environment: each form that sets a variable, {name} standing
# for its name, and whether it can set it for every session (standing first in a command at the top); then the
# form that unsets it. The value is the word after the form.
_OWN_SETTERS: dict[str, tuple[tuple[str, bool], ...]] = {
    CSH: ((r"(?<![\w-])setenv\s+{name}(?![\w-])", True),),  # tcsh's `set NAME = …` is the shell's alone
    NU: (
        (r"\$env\.{name}\s*=(?!=)", True),
        (r"(?<![\w$.:-])[\"']?{name}[\"']?\s*:(?!:)", False),  # a record's key: load-env {…}, with-env {…} {…}
    ),
    XONSH: (
        (r"\${name}\s*=(?!=)", True),
        (r"\[\s*[\"']{name}[\"']\s*\]\s*=(?!=)", False),  # ${...}['NAME'] = …, os.environ['NAME'] = …
    ),
    ELVISH: (
        (r"(?<![\w:-])set-env\s+{name}(?![\w-])", True),
        (r"(?<![\w:-])set\s+E:{name}\s*=(?!=)", True),
        (r"(?<![\w:-])tmp\s+E:{name}\s*=(?!=)", False),  # for the rest of the block it is in
    ),
}
_OWN_UNSETTERS = {
    CSH: r"(?<![\w-])unsetenv\s+(?:\S+\s+)*?{name}(?![\w-])",
    NU: r"(?<![\w-])hide-env\s+(?:\S+\s+)*?{name}(?![\w-])",
    XONSH: r"(?<![\w-])del\s+\${name}(?![\w-])",
    ELVISH: r"(?<![\w:-])(?:unset-env\s+|del\s+E:){name}(?![\w-])",
}


def _value_after(text: str, pos: int) -> tuple[str, bool]:
    """The word after a setting form, quotes removed, and whether the shell computes it: a value more than one
    word long (``$HOME + '/x'``, ``($env.HOME | path join x)``) is an expression, computed."""
    word = _VALUE.match(text, pos)
    raw = word.group(1) if word else ""
    rest = text[word.end() if word else pos :].strip()
    if rest and rest[0] not in ";#},":
        return text[pos:].strip(), True  # the whole expression: never a folder (nor the home) however it starts
    return _plain(raw)


def _sh_value(word: str) -> tuple[str, bool]:
    """A sh word as the shell gives it: its parts joined (``'{"a":'"1"'}'`` is one word), quotes and escapes
    removed, and whether the shell computes any part (``$``, a backquote or ``(`` outside quotes; ``$`` or a
    backquote inside double quotes; never inside single quotes). The value of a word only partly read must never look known."""
    out: list[str] = []
    computed = False
    for m in _SH_PART.finditer(word):
        kind = m.lastgroup
        text = m.group(kind) if kind else ""
        if kind == "double":
            bare = _ESCAPED_CHAR.sub("", text)  # \$ is a dollar sign, not an expansion
            computed = computed or "$" in bare or "`" in bare
            text = _DOUBLE_ESCAPE.sub(r"\1", text)
        elif kind == "bare":
            computed = computed or bool(_COMPUTED.search(text))
        out.append(text)
    return "".join(out), computed


def _joined_word(args: str, first: str, word: str) -> str:
    """The file a sh or fish source line names when its word is quoted and unquoted parts side by side
    (``"$HOME"/.aliases``, ``$HOME/".config/zsh"/x``: one word, ``~/.aliases`` and the rest): the parts
    joined, quotes and escapes taken out, as the shell passes them. ``first``: the part :data:`_VALUE` read
    (``word``, its value), which alone is returned when no part follows it."""
    whole = _SH_WORD.match(args)
    if whole is None or len(whole.group(1)) <= len(first.strip()) or "$(" in whole.group(1):
        return word
    return _sh_value(whole.group(1))[0]


def _plain(word: str) -> tuple[str, bool]:
    """A shell word as a value: quotes removed, and whether the shell computes it (single quotes: never)."""
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"":
        inner = word[1:-1]
        return inner, word[0] != "'" and bool(_COMPUTED.search(inner))
    return word, bool(_COMPUTED.search(word))


class _Finder:
    def __init__(self, name: str, dialect: str, fold: bool) -> None:
        self.name, self.dialect = name, dialect
        flags = re.IGNORECASE if fold else 0
        n = re.escape(name)
        # NAME=value anywhere (alias, prefix, env); "NAME"=value as declare and export take it; NAME+=value
        self.assign = re.compile(r"(?<![\w$\-.{])([\"']?)" + n + r"\1(\+?)=", flags)
        self.default = re.compile(r"\$\{" + n + r":?=", flags)  # ${NAME:=word}: the word, where it had none
        # the variable as a word of its own (``read -r NAME``, ``printf -v NAME``), not ``$NAME`` nor ``${NAME}``
        self.target = re.compile(r"(?<![^\s\"'])" + n + r"(?![^\s\"';&|<>)])", flags)
        self.printf_v = re.compile(r"(?:^|\s)-v\s*[\"']?" + n + r"[\"']?(?![\w])", flags)  # printf -v NAME
        self.read_a = re.compile(r"(?:^|\s)-[A-Za-z]*?a\s*[\"']?" + n + r"[\"']?(?![\w])", flags)  # read -raNAME
        self.word = re.compile(r"(?<![\w$\-.:])" + n + r"(?![\w=])", flags)
        self.ps_set = re.compile(r"\$env:" + n + r"\s*=(?!=)\s*", re.IGNORECASE)
        self.ps_item = re.compile(r"(?<![\w$])env:\\?" + n + r"(?![\w])", re.IGNORECASE)
        self.ps_method = re.compile(
            r"SetEnvironmentVariable\(\s*[\"']" + n + r"[\"']\s*,\s*(\$null|'[^']*'|\"[^\"]*\"|[^,)]*)",
            re.IGNORECASE,
        )
        own = _OWN_SETTERS.get(dialect, ())
        self.own = [(re.compile(pattern.replace("{name}", n), flags), every) for pattern, every in own]
        unsetter = _OWN_UNSETTERS.get(dialect)
        self.own_unset = re.compile(unsetter.replace("{name}", n), flags) if unsetter else None

    def lines(self, cmd: _Command, top: bool) -> list[_Found]:
        """(how, value) for each way ``cmd`` sets the variable; ``top``: it runs in every session."""
        if self.dialect == POWERSHELL:
            return self._powershell(cmd.text, top)
        found: list[_Found] = []
        text = cmd.text
        if self.dialect == FISH and text.startswith("set "):
            found += self._fish_set(text, top)
        elif _SH_UNEXPORT.match(text) and self.word.search(text) and self.dialect == SH:
            found.append((UNSET, None, False))
        elif self.own:
            found += self._own(text, top)
        elif self._reads_in(text):  # what it takes in: the value cannot be known
            return [(PARTLY, None, True)]
        elif self.dialect == CMD and any(
            m.group(1) and self.word.fullmatch(m.group(3)) for m in _CMD_SET.finditer(text)
        ):
            return [(PARTLY, None, True)]  # set /a, set /p: computed, taken in
        exported = self.dialect == SH and bool(_SH_EXPORT.match(text))
        for m in self.assign.finditer(text):
            word = _SH_WORD.match(text, m.end())
            value, computed = _sh_value(word.group(1)) if word else ("", True)
            computed = computed or bool(m.group(2))  # NAME+=…: added to a value set elsewhere
            found.append((EXPORTED if top and exported and self._whole(text) else PARTLY, value, computed))
        if self.dialect == SH and "${" in text:  # where the variable had no value only: some sessions'
            for m in itertools.islice(self.default.finditer(text), MAX_SETTINGS_PER_COMMAND):
                word = _DEFAULT_WORD.match(text, m.end(), m.end() + MAX_ARRAY_CHARS)
                found.append((PARTLY, *(_sh_value(word.group()) if word else ("", True))))
        return found

    def _reads_in(self, text: str) -> bool:
        """Whether a sh or fish command sets the variable to what it takes in (:data:`READ_IN_COMMANDS`):
        the variable a word of its own in it (``printf``'s after ``-v``), not one it expands."""
        if self.dialect not in (SH, FISH) or not (m := _SH_READ_IN.match(text)):
            return False
        rest = text[m.end() :]
        if m.group().endswith("printf"):
            return bool(self.printf_v.search(rest))
        return bool(self.target.search(rest) or self.read_a.search(rest))

    def _whole(self, text: str) -> bool:
        """Whether an export statement is only that: not ``export A=1 && …`` hidden in one command's words."""
        try:
            shlex.split(text, comments=True)
        except ValueError:
            return False
        return True

    def _own(self, text: str, top: bool) -> list[_Found]:
        """The ways a shell with a syntax of its own (:data:`_OWN_SETTERS`) sets or unsets the variable in
        ``text``. Every session gets it only from a form that can (``setenv``, ``$env.NAME =``) standing first
        in a command at the top; the same form elsewhere (``if (…) setenv …``, after another command) is some
        sessions'."""
        if self.own_unset is not None and self.own_unset.search(text):
            return [(UNSET, None, False)]
        found: list[_Found] = []
        for rx, every in self.own:
            for m in rx.finditer(text):
                value, computed = _value_after(text, m.end())
                found.append((EXPORTED if every and top and m.start() == 0 else PARTLY, value, computed))
        return found

    def _fish_set(self, text: str, top: bool) -> list[_Found]:
        try:
            words = shlex.split(text, comments=True)[1:]
        except ValueError:
            return [(PARTLY, None, True)] if self.word.search(text) else []
        flags = [w for w in words if w.startswith("-")]
        rest = [w for w in words if not w.startswith("-")]
        if not rest or not self.word.fullmatch(rest[0]):
            return []
        if any(f in ("-e", "--erase") or (not f.startswith("--") and "e" in f) for f in flags):
            return [(UNSET, None, False)]
        exported = any(f == "--export" or (not f.startswith("--") and "x" in f) for f in flags)
        local = any(f == "--local" or (not f.startswith("--") and "l" in f) for f in flags)  # gone after the file
        value = rest[1] if len(rest) == 2 else None
        # fish expands $NAME and (command) outside single quotes only: '{"$schema": …}' is text as written
        computed = value is None or bool(_COMPUTED.search(_FISH_SINGLE.sub("", text)))
        return [(EXPORTED if top and exported and not local else PARTLY, value, computed)]

    def _powershell(self, text: str, top: bool) -> list[_Found]:
        found: list[_Found] = []
        for m in self.ps_set.finditer(text):
            raw = text[m.end() :].strip().rstrip(";").strip()
            if raw.lower() == "$null":
                found.append((UNSET, None, False))
                continue
            value, computed = _plain(raw) if raw[:1] in "'\"" else (raw, not raw or bool(_COMPUTED.search(raw)))
            found.append((EXPORTED if top and m.start() == 0 else PARTLY, value, computed))
        for m in self.ps_method.finditer(text):
            arg = m.group(1).strip()
            found.append((UNSET, None, False) if arg.lower() == "$null" else (PARTLY, *_plain(arg)))
        if not found and self.ps_item.search(text):  # Remove-Item Env:NAME; Set-Item Env:NAME …
            if _PS_REMOVE.match(text):
                found.append((UNSET, None, False))
            elif _PS_SET_ITEM.match(text):
                found.append((PARTLY, None, True))
        return found


@dataclass(frozen=True)
class SourcedLine:
    """A command that runs another file in the same shell (``source ~/.aliases``, ``. ~/.bash_aliases``,
    PowerShell's ``. $PSScriptRoot\\aliases.ps1``, direnv's ``dotenv``): what that file sets, the session has."""

    line: int
    word: str  # the file as written, quotes removed ("" for direnv's ``dotenv`` alone: ``.env``)
    top: bool  # it runs in every session: outside any block, or guarded only by a test that the file exists
    command: str  # source, ., dotenv, source_env …
    # the words of the ``for`` loop whose variable ``word`` is (``for rc in ~/.bashrc.d/*; do . "$rc"; done``,
    # Fedora's ``.bashrc``): the files sourced are those the words name, globs and ``{a,b}`` expanded
    each: tuple[str, ...] = ()


# the commands that run a file in the current shell, per dialect; direnv's own are read in ``.envrc`` files
_SOURCE = {
    SH: re.compile(r"^(source|\.|source_env|source_env_if_exists|dotenv|dotenv_if_exists)(?:\s+(.*))?$", re.S),
    FISH: re.compile(r"^(source|\.)\s+(.*)$", re.S),
    POWERSHELL: re.compile(r"^(\.)\s+(.*)$", re.S),
    CSH: re.compile(r"^(source)\s+(.*)$", re.S),
    NU: re.compile(r"^(source|source-env)\s+(.*)$", re.S),
    XONSH: re.compile(r"^(source)\s+(.*)$", re.S),
    ELVISH: re.compile(r"(?!)"),  # elvish's `use` loads a module by name from its lib folders: not followed
    CMD: re.compile(r"(?!)"),  # `call x.cmd` runs another script: not followed
}
_MAY_SOURCE = re.compile(r"(?:^|[\s;&|(){}])(?:\.|source|source-env|source_env\w*|dotenv\w*)(?=\s|$)")
_DIRENV_DEFAULTS = {"dotenv": ".env", "dotenv_if_exists": ".env"}
# a test that a file exists, the only guard that leaves a source line running in every session (the file
# was found: the test is true): ``if [ -f ~/.aliases ]``, ``[[ -r X ]] &&``, fish's ``if test -e X``
_EXISTS_TEST = re.compile(
    r"^(?:if\s+)?(?:\[\[?|test)\s+-[efrs]\s+(\S+?)\s*(?:\]\]?)?\s*(?:&&\s*)?(?:;\s*)?(?:then\s*)?$", re.S
)
_FOLDER_TEST = re.compile(r"^(?:if\s+)?(?:\[\[?|test)\s+-d\s+(\S+?)\s*(?:\]\]?)?\s*(?:;\s*)?(?:then\s*)?$", re.S)
_FOR = re.compile(r"^for\s+(\w+)\s+in\s+(.*)$", re.S)  # sh and fish alike (the list's end: _list_end)
_FOR_ARGUMENTS = re.compile(r"^for\s+(\w+)\s*(?:;\s*)?(?:do)?$")  # sh's `for d; do`: the arguments, "$@"
# zsh's `for d (~/a ~/b) command` (the short form: the loop is that one command) and `for d (…); do … done`,
# tcsh's `foreach d (…)` … `end`; the list may hold one level of parentheses ($(…), a glob's qualifiers)
_FOR_PAREN = re.compile(r"^(for|foreach)\s+(\w+)\s*\(((?:[^()]++|\([^()]*+\))*+)\)\s*(.*)$", re.S)
_SHORT_FOR = re.compile(r"for\s+\w+\s*\(")  # (what zsh's short form starts with: a cheap look first)
_PS_FOREACH = re.compile(r"^foreach\s*\(\s*\$(\w+)\s+in\s+(.*)\)$", re.S | re.IGNORECASE)  # PowerShell's
# its pipeline's loop, `@(…) | ForEach-Object {` (or `%`, `foreach`), and the array's method, `@(…).ForEach({`
_PS_FOREACH_OBJECT = re.compile(r"^(?:ForEach-Object|foreach|%)(?:\s+-Process)?$", re.IGNORECASE)
_PS_FOREACH_METHOD = re.compile(r"^(@?\(.*\))\.ForEach\($", re.S | re.IGNORECASE)


def _ps_pipeline_loop(out: list[_Command]) -> str | None:
    """The block the last command opens read as the ``foreach ($_ in …)`` it is, when it is a pipeline's
    ``ForEach-Object`` after a list (the command before it) or an array's ``.ForEach(``; else None."""
    last = out[-1]
    if _PS_FOREACH_OBJECT.match(last.text) and last.partly and len(out) > 1 and out[-2].depth == last.depth:
        return f"foreach ($_ in {out[-2].text})"
    m = _PS_FOREACH_METHOD.match(last.text)
    return f"foreach ($_ in {m.group(1)})" if m else None


@dataclass(frozen=True)
class LoopHead:
    """A loop's head: its variable, its list as sh's words (as written: quotes, references and globs kept),
    and for zsh's short form the command it runs for each word ("" for a loop whose body is a block)."""

    var: str
    words: str
    body: str = ""


def loop_head(text: str, dialect: str) -> LoopHead | None:
    """The loop a command's text opens in ``dialect``, or None: sh's and fish's ``for d in …``, sh's ``for d;
    do`` (each argument: ``"$@"``), zsh's ``for d (…)`` with its short form, tcsh's ``foreach d (…)``,
    PowerShell's ``foreach ($d in …)`` (a list it computes: ``$(…)``, a word no reading can know). Linear in
    the text's length (a list of 100,000 words is read once; its readers bound the words they take)."""
    if text[:3].lower() != "for":
        return None
    if dialect == POWERSHELL:
        m = _PS_FOREACH.match(text)
        return LoopHead(m.group(1), _ps_words(m.group(2)) or "$(…)") if m else None
    if m := _FOR.match(text):
        return LoopHead(m.group(1), _list_end(m.group(2)))
    if dialect == SH and (m := _FOR_ARGUMENTS.match(text)):
        return LoopHead(m.group(1), '"$@"')
    if dialect in (SH, CSH) and (m := _FOR_PAREN.match(text)) and (m.group(1) == "for") == (dialect == SH):
        body = m.group(4).strip()
        return LoopHead(m.group(2), " ".join(m.group(3).split()), "" if body in ("", "do") else body)
    return None


def _list_end(words: str) -> str:
    """A ``for … in`` list without what ends it (blanks, ``;``, ``do``): one pass from its end, however long."""
    words = words.rstrip()
    if words.endswith("do") and (len(words) == 2 or words[-3] in " \t\n;"):
        words = words[:-2].rstrip()
    return words[:-1].rstrip() if words.endswith(";") else words


_VARIABLE_WORD = re.compile(r"^\$\{?(\w+)\}?$")
_MAY_LOOP = re.compile(r"for|%\s*\{", re.IGNORECASE)  # a text that may hold a loop (PowerShell's ForEach, % too)


class StartupScript:
    """A startup file read once into its commands; asked about each variable a condition names."""

    __slots__ = ("_commands", "_loops", "_named", "_newlines", "_parents", "_sourced", "_text", "dialect")

    def __init__(self, text: str, dialect: str) -> None:
        self.dialect = dialect
        self._text = text
        self._commands: list[_Command] | None = None  # read at the first question whose name the file holds
        self._newlines: list[int] = []
        self._sourced: list[SourcedLine] | None = None
        self._parents: list[int] | None = None  # each command's block (read for a loop's source line only)
        self._named: dict[str, list[int]] | None = None  # each name, in lower case: the commands that hold it
        self._loops: dict[int, list[tuple[str, str]]] | None = None  # each line's loops (loops_at)

    def _read(self) -> list[_Command]:
        if self._commands is None:
            self._commands = _commands(self._text, self.dialect)
            self._newlines = [m.start() for m in re.finditer("\n", self._text)]
        return self._commands

    def _line_of(self, cmd: _Command) -> int:
        text = self._text
        line = bisect_right(self._newlines, cmd.start - 1) + 1 if cmd.start else 1
        offset = cmd.start  # the command's own first line, not the blank lines read before it
        while offset < len(text) and text[offset] in " \t\n":
            if text[offset] == "\n":
                line += 1
            offset += 1
        return line

    def variable_lines(self, name: str, *, fold: bool = False) -> list[VariableLine]:
        """Every line that sets, exports or unsets ``name``, in order, and how. ``fold``: the name's case
        does not matter (Windows; PowerShell always)."""
        text, dialect = self._text, self.dialect
        fold = fold or dialect == POWERSHELL
        if (name.lower() not in text.lower()) if fold else (name not in text):
            return []
        finder = _Finder(name, dialect, fold)
        out: list[VariableLine] = []
        assigned: list[int] = []  # indexes in ``out`` of plain top-level assignments (``NAME=value`` alone)
        marked = False  # a top-level ``export NAME`` without a value: the name is exported, whenever it is set
        for cmd in self._read():
            if (name.lower() not in cmd.text.lower()) if fold else (name not in cmd.text):
                continue
            top = cmd.depth == 0 and not cmd.partly
            line = self._line_of(cmd)
            found = finder.lines(cmd, top)
            if dialect == SH and top:
                if not found and _SH_EXPORT.match(cmd.text) and finder.word.search(cmd.text):
                    marked = True
                elif _ASSIGNMENTS_ONLY.match(cmd.text) or _SH_READ_IN.match(cmd.text):  # `read NAME` too
                    assigned += [len(out) + i for i, (how, _v, _c) in enumerate(found) if how == PARTLY]
            out += [VariableLine(line, how, value, computed, top) for how, value, computed in found]
        for i in assigned if marked else ():  # `NAME=value` and `export NAME`, in either order: an export
            out[i] = VariableLine(out[i].line, EXPORTED, out[i].value, out[i].computed, True)
        return out

    def held_values(self, name: str, *, fold: bool = False) -> list[HeldValue]:
        """Every line that gives ``name`` a value, as the text a command line that expands it receives
        (:class:`HeldValue`), in order: a plain or exported value, a bash or zsh array (``A=(…)``, also written
        over several lines), fish's list (``set NAME a b``), PowerShell's own variables and arrays (``$F = …``,
        ``$F = @('a', 'b')``) beside ``$env:F``, a loop's words, and what adds to a value (``+=``, ``set -a``).
        An unset is no value and is left out. ``fold``: the name's case does not matter (PowerShell always)."""
        fold = fold or self.dialect == POWERSHELL
        holding = self._holding(name) if name != POSITIONAL else self._setting_positional()
        if not holding:
            return []
        reader = _ValueReader(name, self.dialect, fold, self._text)
        commands = self._read()
        out: list[HeldValue] = []
        for i in holding:
            cmd = commands[i]
            top = cmd.depth == 0 and not cmd.partly
            out += [HeldValue(self._line_of(cmd), text, top) for text in reader.values(cmd)]
        return out

    def _setting_positional(self) -> list[int]:
        """The commands that may set the shell's own arguments (``set -- …``), which an alias's ``"$@"`` gives."""
        if self.dialect != SH:
            return []
        return [i for i, cmd in enumerate(self._read()) if cmd.text.startswith("set ")]

    def _holding(self, name: str) -> list[int]:
        """The commands that hold ``name`` as a word, whatever its case (an index made at the first question:
        a line that expands many variables asks about each)."""
        if self._named is None:
            self._named = {}
            for i, cmd in enumerate(self._read()):
                lower = cmd.text.lower()
                words = _NAMES.findall(lower)
                if " -" in lower and _SH_READ_IN.match(cmd.text):  # printf -vF: F, written onto the option
                    words += _ATTACHED_NAME.findall(lower)
                for word in dict.fromkeys(words):
                    self._named.setdefault(word, []).append(i)
        return self._named.get(name.lower(), [])

    def sourced(self) -> list[SourcedLine]:
        """Every command that runs another file in this shell, in order. A file sourced inside a block, after
        ``&&`` or ``||``, runs in some sessions only, unless the guard is a test that the same file exists
        (``if [ -f ~/.bash_aliases ]; then . ~/.bash_aliases; fi``, as Debian's ``.bashrc`` has it)."""
        if self._sourced is None:
            self._sourced = self._find_sourced()
        return self._sourced

    def _find_sourced(self) -> list[SourcedLine]:
        text, rx = self._text, _SOURCE[self.dialect]
        if not _MAY_SOURCE.search(text):  # most files source nothing: their commands are not read for it
            return []
        commands = self._read()
        out: list[SourcedLine] = []
        for i, cmd in enumerate(commands):
            m = rx.match(cmd.text)
            if m is None:
                continue
            # an unquoted `$(brew --prefix)/x.sh` is one word: the blank is inside the command substitution
            args = m.group(2) or ""
            substituted = _SUBSTITUTED_WORD.match(args)
            word_m = substituted or _VALUE.match(args)
            word = _plain(word_m.group(1))[0] if word_m and word_m.group(1) else ""
            whole = _COMMAND_WORD.match(args)
            if whole and ("$(" in whole.group(1) or "`" in whole.group(1)):
                word = whole.group(1).replace('"', "")
            elif substituted is None and self.dialect in (SH, FISH):
                word = _joined_word(args, word_m.group(1) if word_m else "", word)
            if not word:
                if m.group(1) not in _DIRENV_DEFAULTS:
                    continue
                word = _DIRENV_DEFAULTS[m.group(1)]
            var = _VARIABLE_WORD.match(word)
            loop = self._loop(commands, i, var.group(1)) if var else None
            if loop is not None:
                each, top = loop
                out.append(SourcedLine(self._line_of(cmd), word, top, m.group(1), each))
                continue
            top = (cmd.depth == 0 and not cmd.partly) or self._guarded(commands, i, word)
            out.append(SourcedLine(self._line_of(cmd), word, top, m.group(1)))
        return out

    def _loop(self, commands: list[_Command], i: int, var: str) -> tuple[tuple[str, ...], bool] | None:
        """(the words of the ``for`` loop around command ``i`` whose variable is ``var``, whether each file runs
        in every session), or None when no such loop encloses it. Every session: nothing around the loop, and
        nothing between it and the command but tests that a file or the folder exists (Fedora's ``if [ -d
        ~/.bashrc.d ]`` and ``if [ -f "$rc" ]``, or ``[ -r "$f" ] && source "$f"``)."""
        if self._parents is None:
            self._parents = _parents(commands)
        blocks = _enclosing(self._parents, i)
        loops = [
            (k, h) for k, j in enumerate(blocks) if (h := loop_head(commands[j].text, self.dialect)) and h.var == var
        ]
        if not loops:
            return None
        at, loop = loops[0]
        words = tuple(_shell_words(loop.words))
        folders = tuple(w.rpartition("/")[0] for w in words)
        ok = self._chained_tests(commands, i, var) and len(blocks) == commands[i].depth
        for k, j in enumerate(blocks):
            block = commands[j]
            if block.partly:
                ok = False
            elif k != at:
                test = _EXISTS_TEST.match(block.text) or _FOLDER_TEST.match(block.text)
                tested = _plain(test.group(1))[0] if test and block.text.startswith("if") else None
                ok = ok and (tested in (f"${var}", f"${{{var}}}") or (tested is not None and tested in folders))
        return words, ok

    def loops_at(self, line: int) -> list[tuple[str, str]]:
        """The ``for`` loops around the commands that start on line ``line`` (``for d in ~/a ~/b; do
        PATH="$d:$PATH"; done``, fish's ``for d in …; …; end``), innermost first, each once: (its variable, its
        list as written). zsh's short ``for d (~/a ~/b) PATH="$d:$PATH"`` is around its own command. Worked out
        once for the file (every line inside a loop), at the first question."""
        if self._loops is None:
            self._loops = {}
            if _MAY_LOOP.search(self._text):
                commands = self._read()
                if self._parents is None:
                    self._parents = _parents(commands)
                for i, cmd in enumerate(commands):
                    own = loop_head(cmd.text, self.dialect) if _MAY_LOOP.match(cmd.text) else None
                    if (cmd.depth == 0 or own is not None) and not (own and own.body):
                        continue
                    found = [(own.var, own.words)] if own else []
                    found += [
                        (h.var, h.words)
                        for j in (_enclosing(self._parents, i) if cmd.depth else ())
                        if (h := loop_head(commands[j].text, self.dialect))
                    ]
                    if found:
                        loops = self._loops.setdefault(self._line_of(cmd), [])
                        loops += [loop for loop in found if loop not in loops]
        return self._loops.get(line, [])

    def loop_starts(self, name: str) -> set[int]:
        """The lines of the ``for`` loops whose variable is ``name`` (a value :meth:`held_values` gives from one
        of them is the loop's whole list: each of its words in turn)."""
        if not _MAY_LOOP.search(self._text) or name not in self._text:
            return set()
        return {
            self._line_of(cmd)
            for cmd in self._read()
            if _MAY_LOOP.match(cmd.text) and (h := loop_head(cmd.text, self.dialect)) and h.var == name
        }

    def _chained_tests(self, commands: list[_Command], i: int, var: str) -> bool:
        """Whether command ``i`` runs whenever its block does, or after ``&&`` tests that ``$var`` exists only."""
        j = i
        while commands[j].partly:
            if j == 0:
                return False
            before = commands[j - 1]
            test = _EXISTS_TEST.match(before.text)
            between = self._text[before.start : commands[j].start]
            if (
                test is None
                or _plain(test.group(1))[0] not in (f"${var}", f"${{{var}}}")
                or before.depth != commands[j].depth
                or "||" in between
            ):
                return False
            j -= 1
        return True

    def _guarded(self, commands: list[_Command], i: int, word: str) -> bool:
        """Whether command ``i`` (which sources ``word``) is inside nothing but a test that ``word`` exists:
        ``if [ -f W ]; then . W; fi`` (a block of one command, itself at the top) or ``[ -f W ] && . W``."""
        if i == 0:
            return False
        cmd, before = commands[i], commands[i - 1]
        test = _EXISTS_TEST.match(before.text)
        if test is None or before.partly:
            return False
        tested = _sh_value(test.group(1))[0] if self.dialect in (SH, FISH) else _plain(test.group(1))[0]
        if tested != word:
            return False
        if cmd.depth == 0:  # `[ -f W ] && . W`: chained to the test right before it, on the same line
            between = self._text[before.start : cmd.start]
            return cmd.partly and "&&" in between and "\n" not in between.strip() and before.depth == 0
        after = commands[i + 1] if i + 1 < len(commands) else None  # outside the block, or a block after it
        alone = after is None or after.depth < cmd.depth or (after.depth == cmd.depth and _opens(after))
        return before.text.startswith("if") and before.depth == cmd.depth == 1 and alone and not cmd.partly


# -- what a variable holds, for a command line that expands it -----------------------------------------------
# ``F=--dangerously-skip-permissions`` then ``alias claude="claude $F"``: the flag is on no line of its own, so
# whoever looks for it needs each value a file gives the variable, as the text the shell puts in its place.
@dataclass(frozen=True)
class HeldValue:
    """One line's value for a variable, as the text that takes its place where a command line expands it: the
    value (quotes kept, for the caller to take off with the rest of the line), or an array's or list's words
    with spaces between. References to other variables are left in for the caller to follow, and so is the
    variable's own where a line adds to its value (``F+=x`` is ``${F}x``). None: the text cannot tell the value
    (a command's output, what ``read`` takes in)."""

    line: int
    text: str | None
    top: bool  # the line runs in every session (outside any block, not after && or ||)


POSITIONAL = "@"  # held_values' name for the shell's own arguments ("$@", "$1"), which `set -- …` sets
_NAMES = re.compile(r"[a-z_][a-z0-9_]*")
# a name as a word of its own (not $NAME, not part of a longer name or a path)
_NAME_WORD = re.compile(r"(?<![\w$\-.:])([A-Za-z_][A-Za-z0-9_]*)(?![\w=])")
# NAME=…, NAME+=…, NAME[i]=…, and an array's opening "(" (in export, local, declare, typeset too)
_SH_SETTING = re.compile(r"(?<![\w$\-.{])([A-Za-z_][A-Za-z0-9_]*)(\[[^\]\n]*\])?(\+?)=(\()?")
# ${NAME:=word}, ${NAME=word}: the word is the variable's value from there on where it had none (or an empty
# one), wherever the expansion stands (`: "${F:=…}"`, an argument, the tool's own line)
_SH_DEFAULT_SETTING = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?)=")
# PowerShell: $NAME = …, $NAME += …, with a scope ($script:NAME, $env:NAME) or in braces (${NAME})
_PS_SETTING = re.compile(
    r"(?<![\w`])\$(?:(?:global|script|local|private|env):)?\{?([A-Za-z_][A-Za-z0-9_]*)\}?\s*(\+?)=(?!=)\s*",
    re.IGNORECASE,
)
MAX_ARRAY_CHARS = 8192  # an array written over several lines is read this far for its closing ")"
MAX_SETTINGS_PER_COMMAND = 16  # settings of one name read from one command; past them, one value unknown
_SUBSTITUTION = re.compile(r"\$\(|`")  # the shell runs a command for the value
# one whole shell word, its quoted parts kept as written (--dangerously-skip-"permissions" is one word)
_HELD_WORD = re.compile(r"""(?:"(?:\\[\s\S]|[^"\\])*"?|'[^']*'?|\\.|\$\([^)\n]*\)?|\$\{[^}\n]*\}?|[^\s;&|()'"\\])*""")
# commands that take a variable's value in at run time
_NAMEREF = re.compile(r"^(?:declare|typeset|local|export)\s+(?:-\w+\s+)*-\w*n")  # a name that stands for another
_ARRAY_PART = re.compile(
    r"""(?P<quote>"(?:\\.|[^"\\])*"|'[^']*')|(?P<comment>(?<![^\s(])\#[^\n]*)|(?P<end>\))|(?P<esc>\\.)"""
    r"""|(?P<run>\$\(|`)|(?P<text>[^"'\\)`$#]+|[$#])""",
    re.S,
)
# PowerShell: an item of a value: a quoted string, a comma, or a bare word
_PS_PART = re.compile(r"""'(?:''|[^'])*'|"(?:`.|""|[^"`])*"|,|\s+|[^\s,'"]+""", re.S)
_FISH_VALUE_OPTIONS = frozenset("glUuxnSLf")
# cmd.exe's set: /a (arithmetic) or /p (a prompt), the quote of `set "NAME=…"`, the name
_CMD_SET = re.compile(
    r"""(?:^|(?<=[\s@&|(]))[Ss][Ee][Tt]\s+(/[AaPp]\s+)?("?)([^\s="/][^\s="]*)="""
)  # fish's `set` options that leave the words a value


class _ValueReader:
    """The values one command gives one variable (see :meth:`StartupScript.held_values`)."""

    def __init__(self, name: str, dialect: str, fold: bool, text: str) -> None:
        self.name, self.dialect, self.fold, self.text = name, dialect, fold, text

    def _is(self, word: str) -> bool:
        """Whether ``word`` is the variable's name."""
        return word.lower() == self.name.lower() if self.fold else word == self.name

    def _named(self, text: str) -> bool:
        """Whether ``text`` holds the variable's name as a word of its own."""
        return any(self._is(m.group(1)) for m in _NAME_WORD.finditer(text))

    def values(self, cmd: _Command) -> list[str | None]:
        if self.dialect == POWERSHELL:
            return self._powershell(cmd.text)
        if self.dialect == CMD:
            return self._cmd(cmd.text)
        text = cmd.text
        if self.name == POSITIONAL:  # `set -- a b`, `set a b` (not `set -e`, `set -o vi`): the shell's arguments
            words = text.split(None, 2)[1:]
            if words[:1] == ["--"]:
                return [words[1] if len(words) > 1 else ""]
            return [" ".join(words)] if words and not words[0].startswith(("-", "+")) else []
        if self.dialect == FISH and text.startswith("set "):
            return self._fish_set(text)
        if (head := loop_head(text, self.dialect)) and self._is(head.var):
            return [None if _SUBSTITUTION.search(head.words) else head.words]
        if _SH_READ_IN.match(text) and (
            self._named(text) or any(self._is(n) for n in _ATTACHED_NAME.findall(text))
        ):  # read -r F, printf -v F, printf -vF, read -raF: what it takes in when the shell runs it
            return [None]
        out: list[str | None] = []
        for m in _SH_SETTING.finditer(text):
            if not self._is(m.group(1)):
                continue
            index, append, array = m.group(2, 3, 4)
            if array:
                at = self.text.find(m.group(0), cmd.start)
                value = _array_words(self.text, at + len(m.group(0))) if at >= 0 else None
            else:
                word = _HELD_WORD.match(text, m.end())
                value = word.group() if word else ""
                value = None if _SUBSTITUTION.search(value) else value
            if value is not None and (index or append):  # adds to what the variable holds
                value = f"${{{self.name}[@]}} {value}" if (index or array) else f"${{{self.name}}}{value}"
            elif value is not None and _NAMEREF.match(text):  # declare -n R=F: $R is what F holds
                named = _plain(value)[0]
                value = f"${{{named}[@]}}" if re.fullmatch(r"[A-Za-z_]\w*", named) else None
            out.append(value)
        if "${" in text:
            defaults = (m for m in _SH_DEFAULT_SETTING.finditer(text) if self._is(m.group(1)))
            out += [self._default(text, m) for m in itertools.islice(defaults, MAX_SETTINGS_PER_COMMAND)]
            if next(defaults, None) is not None:  # more than are read (a hostile line): one value unknown
                out.append(None)
        return out

    def _default(self, text: str, m: re.Match[str]) -> str | None:
        """What ``${NAME:=word}`` leaves in the variable: its value where it had one, else the word (its own
        references left in for the caller); None when it does not close near (a value no file writes)."""
        depth = 1
        for i in range(m.end(), min(len(text), m.end() + MAX_ARRAY_CHARS)):
            depth += (text[i] == "{") - (text[i] == "}")
            if depth == 0:
                return f"${{{self.name}{m.group(2)}-{text[m.end() : i]}}}"
        return None

    def _fish_set(self, text: str) -> list[str | None]:
        try:
            words = shlex.split(text, comments=True)[1:]
        except ValueError:
            return [None] if self._named(text) else []
        options: list[str] = []
        while words and words[0].startswith("-") and words[0] != "--":
            options.append(words.pop(0))
        words = words[1:] if words[:1] == ["--"] else words
        if not words or not self._is(words[0].split("[", 1)[0]):
            return []
        letters = "".join(o[1:] for o in options if not o.startswith("--"))
        longs = {o[2:] for o in options if o.startswith("--")}
        if set(letters) - _FISH_VALUE_OPTIONS - {"a", "p"} or longs & {"erase", "query", "names", "show"}:
            return []  # erased, queried or listed: no value given
        values = " ".join(words[1:])
        if "(" in values:  # a command's output (quotes are gone: a "(" in them is taken as one too)
            return [None]
        if "a" in letters or "append" in longs or "[" in words[0]:
            return [f"${self.name} {values}"]
        if "p" in letters or "prepend" in longs:
            return [f"{values} ${self.name}"]
        return [values]

    def _cmd(self, text: str) -> list[str | None]:
        """cmd.exe's ``set NAME=value`` (the rest of the command, as written), ``set "NAME=value"`` (up to the
        last quote); ``set /a`` computes the value and ``set /p`` takes it in: None."""
        out: list[str | None] = []
        for m in _CMD_SET.finditer(text):
            if not self._is(m.group(3)):
                continue
            if len(out) >= MAX_SETTINGS_PER_COMMAND:  # more than are read (a hostile line): one value unknown
                out.append(None)
                break
            if m.group(1):
                out.append(None)
                continue
            rest = text[m.end() :].rstrip("\r")
            if m.group(2):
                value = rest[: rest.rfind('"')] if '"' in rest else rest  # (the last quote: cmd.exe's own rule)
            else:  # inside a parenthesised block, a ")" ends it
                inside = text.count("(", 0, m.start()) > text.count(")", 0, m.start())
                value = rest.split(")", 1)[0] if inside else rest
            out.append(value)
        return out

    def _powershell(self, text: str) -> list[str | None]:
        out: list[str | None] = []
        for m in _PS_SETTING.finditer(text):
            if not self._is(m.group(1)):
                continue
            if len(out) >= MAX_SETTINGS_PER_COMMAND:  # more than are read (a hostile line): one value unknown
                out.append(None)
                break
            if text.count("(", 0, m.start()) > text.count(")", 0, m.start()):
                continue  # a parameter's default in param(…) or function f(…): the parameter's own (not a value)
            rest = text[m.end() :]
            value = _ps_words(rest) if len(rest) <= MAX_ARRAY_CHARS else None  # longer: no value read whole
            if value is None and text[m.end() :].strip().rstrip(";").strip().lower() == "$null":
                continue  # removed: no value
            if value is not None and m.group(2):  # += adds an item to an array, or text to a string
                out += [f"${self.name} {value}", f"${self.name}{value}"]
                continue
            out.append(value)
        return out


def _array_words(text: str, start: int) -> str | None:
    """The words of an array written from ``start`` (after its ``(``) to its closing ``)``, with spaces for
    the line ends and comments between them; None when the shell computes one or no ``)`` closes it near."""
    parts: list[str] = []
    for m in _ARRAY_PART.finditer(text, start, min(len(text), start + MAX_ARRAY_CHARS)):
        kind = m.lastgroup
        if kind == "end":
            return " ".join("".join(parts).split())
        if kind == "run" or (kind == "quote" and m.group().startswith('"') and _SUBSTITUTION.search(m.group())):
            return None
        parts.append(" " if kind == "comment" else m.group())
    return None


def _ps_words(value: str) -> str | None:
    """A PowerShell value as the words it gives a command (``'--a'``, ``@('--a', '--b')``, ``"--a", "--b"``),
    with spaces between; None when PowerShell computes it (a command, a sub-expression, a hashtable)."""
    value = value.strip().rstrip(";").strip()
    if value.startswith("@(") and value.endswith(")"):
        value = value[2:-1]
    words: list[str] = []
    joining = False  # a "+" was read: the next string is joined to the last
    for m in _PS_PART.finditer(value):
        part = m.group()
        if part[0] in "'\"":
            if part[0] == '"' and "$(" in part:
                return None
            if joining:  # '--dangerously-skip-' + 'permissions': one string, the quotes of both kept
                same = words[-1][0] == part[0] and words[-1][-1] == part[0]  # 'a' + 'b' is 'ab', not 'a''b'
                words[-1] = words[-1][:-1] + part[1:] if same else words[-1] + part
                joining = False
            else:
                words.append(part)
        elif part == "+" and words and words[-1][0] in "'\"" and not joining:
            joining = True
        elif part != "," and not part.isspace():
            # computed: a command, a hashtable, an operator (-f, -replace, -join), a sum of what is not text
            if any(c in part for c in "(){}@+") or part.lower() == "$null" or part.startswith("-"):
                return None
            words.append(part)
    return " ".join(words) if words and not joining else None


MAX_BLOCKS_AROUND = 16  # blocks looked through around a source line; deeper, it is some sessions' only


def _parents(commands: list[_Command]) -> list[int]:
    """Each command's block: the index of the command that opened it, or -1 (at the top, or in a block that
    no command opened, such as a brace group). One pass: an opener's own depth is its block's."""
    out: list[int] = []
    stack: list[int] = []  # the openers whose blocks are open, outermost first
    for i, cmd in enumerate(commands):
        opener = _opens(cmd)
        inner = cmd.depth - 1 if opener else cmd.depth  # the depth of the block the command is in
        while stack and commands[stack[-1]].depth > inner:
            stack.pop()
        out.append(stack[-1] if stack and commands[stack[-1]].depth == inner else -1)
        if opener:
            stack.append(i)
    return out


def _enclosing(parents: list[int], i: int) -> list[int]:
    """The commands that opened the blocks around command ``i``, innermost first (at most
    :data:`MAX_BLOCKS_AROUND`)."""
    out: list[int] = []
    j = parents[i]
    while j >= 0 and len(out) < MAX_BLOCKS_AROUND:
        out.append(j)
        j = parents[j]
    return out


def _opens(cmd: _Command) -> bool:
    return cmd.opens


def _shell_words(text: str) -> list[str]:
    """The words of a ``for`` loop's list, quotes kept off (a quoted word is one word)."""
    out: list[str] = []
    for m in _WORD.finditer(text):
        out.append("".join(_plain(part)[0] for part in _PART.findall(m.group(0))))
    return out


_WORD = re.compile(r"""(?:"(?:\\.|[^"\\])*"|'[^']*'|[^\s"';&|])+""")
_PART = re.compile(r""""(?:\\.|[^"\\])*"|'[^']*'|[^"']+""")


def variable_lines(text: str, name: str, dialect: str, *, fold: bool = False) -> list[VariableLine]:
    """:meth:`StartupScript.variable_lines` of a text read for one question."""
    return StartupScript(text, dialect).variable_lines(name, fold=fold)
