"""A shell line as the shell passes it on, once the variables the startup files set are put in.

``F=--dangerously-skip-permissions`` then ``alias claude="claude $F"``: no line holds the flag as written,
yet every session starts claude with it. So a line that expands variables is read again in each version the
shell can make of it: every reference (``$F``, ``${F}``, ``"${A[@]}"``, ``${F:-…}``, fish's ``$F``,
PowerShell's ``$F``, ``$env:F`` and ``@F``) replaced by one of the values the files give that variable
(:meth:`tui.core.shell_variables.StartupScript.held_values`), the references in those values followed in
turn. A fragment joined to literal text (``${A}-skip-permissions``) is then whole again, and the caller
looks at each version as it looks at a line written out.

What cannot be known stands in a version as :data:`UNKNOWN`, never as nothing: a variable no file sets
(it comes from the environment, or from a file aicheck does not read), a command's output (``$(…)``,
backticks, fish's ``(…)``), what the shell computes from a value (``${F#x}``, ``${!F}``, zsh's ``${(…)F}``),
and whatever goes past the bounds below. What the user types (``"$@"``, ``$1``, fish's ``$argv``,
PowerShell's ``@args``) is no one's setting and counts as nothing. Values are compared by the caller and
never kept; a version names the variable written on the line behind each of its parts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tui.core.shell_variables import CMD, FISH, POWERSHELL, XONSH, HeldValue

UNKNOWN = "\ue000"  # in a version of a line: a value that cannot be known (a character no file writes)
COMMAND_OUTPUT = "$(…)"  # how a command's output is named (never its text, which may hold a token)

MAX_VALUES = 16  # settings of one variable followed; more, and the variable is taken as unknown
MAX_VERSIONS = 64  # versions of one line or value; more, and each variable with several values is unknown
MAX_DEPTH = 4  # variables named in a value, followed this deep
MAX_REFERENCES = 32  # references expanded on one line; the rest are unknown
MAX_VALUE_CHARS = 4096  # a value longer than this (a token, a certificate) is taken as unknown
# what one scan makes of values and versions of lines, in characters: past it, what varies is unknown (a
# hostile file of many variables combined many ways costs no more than this)
MAX_EXPANDED_CHARS = 16 * 1024 * 1024

# what the user types after the command (a function's arguments), and the shell's own values: no setting of
# the files, unless a file sets them too (bash's `set -- …` gives an alias's "$@" its words)
_TYPED = {
    POWERSHELL: frozenset({"args", "input", "_", "psitem", "true", "false", "null", "lastexitcode"}),
    FISH: frozenset({"argv"}),
}
_TYPED_SH = frozenset({"argv"})  # zsh's name for the arguments (exact case: $ARGV is any variable)
_SPECIAL = re.compile(r"[@*#?$!0-9-]")
_POSITIONAL = re.compile(r"[@*1-9]")  # what `set -- …` sets (held_values("@"))
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SCOPE = re.compile(r"(?:global|script|local|private|env):", re.IGNORECASE)
_BRACED = re.compile(r"^([=~^]*)((?:[A-Za-z_][A-Za-z0-9_]*)|[@*#?$!0-9-])(\[[^\]]*\])?(?:(:?[-=+?])(.*))?$", re.S)


@dataclass(frozen=True)
class Version:
    """One way the shell expands a line: its parts in order, each ``(variable, text)``; the variable is ""
    for the line's own text, else the reference written on the line (``$F``, ``$(…)``) the text stands for."""

    parts: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        return "".join(text for _name, text in self.parts)

    def without(self, name: str) -> str:
        """The line with what ``name`` puts in left out (to tell which variables a flag comes from)."""
        return "".join("" if n == name else text for n, text in self.parts)


Settings = Callable[[str], Sequence[tuple[str, HeldValue]]]  # a name's settings: (file, the line's value)
Parameters = tuple[tuple[str, tuple[str, ...]], ...]  # a function's parameters: (name, its defaults as written)


class Expander:
    """The versions of lines, with the values of ``settings`` (every file's, for one name); ``known``: the
    values of the variables the system gives and the files need not set (the home), by upper-case name."""

    def __init__(self, settings: Settings, known: dict[str, str]) -> None:
        self._settings = settings
        self._known = known
        self._memo: dict[str, list[str]] = {}  # each name's values, followed from the line itself
        self._read: dict[str, list[tuple[str, HeldValue]]] = {}  # each name's settings
        self._spent = 0  # characters of values and versions made so far (MAX_EXPANDED_CHARS)
        self._cut: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}  # each value's pieces, cut once
        self._made: dict[tuple[str, str, Parameters], list[Version]] = {}  # each line's versions

    def _pieces_of(self, text: str, dialect: str) -> tuple[tuple[str, str], ...]:
        key = (text, dialect)
        if key not in self._cut:
            self._cut[key] = _pieces(text, dialect)
        return self._cut[key]

    def versions(self, line: str, dialect: str, parameters: Parameters = ()) -> list[Version]:
        """The versions of ``line`` (at most :data:`MAX_VERSIONS`); none when it expands nothing. Made once a
        scan: every condition that looks at a tool's lines asks for the same. ``parameters``: the parameters
        of the function the line is in (nushell's ``def cc [...rest]``, PowerShell's ``param($Model = 'opus')``,
        fish's ``--argument-names``), each with its defaults: what the user types, or a default."""
        key = (line, dialect, parameters)
        if key not in self._made:
            self._made[key] = self._versions(line, dialect, dict(parameters))
        return self._made[key]

    def _versions(self, line: str, dialect: str, parameters: dict[str, tuple[str, ...]]) -> list[Version]:
        pieces = _pieces(line, dialect)
        if len(pieces) == 1 and not pieces[0][0]:
            return []
        choices: list[list[tuple[str, str]]] = []
        refs = 0
        for label, what in pieces:
            if not label:
                choices.append([("", what)])
                continue
            refs += 1
            own = what.lower() if dialect == POWERSHELL else what
            if own in parameters:  # the function's own parameter: what the caller passes, its default, and
                # what a file sets it to (in the function's body: `$M = '--flag'`, `set model --flag`)
                defaults = [v for d in parameters[own] for v in self._texts(d, dialect, 1, frozenset())]
                values = _dedupe(["", *defaults, *self._set_values(own)])
            elif refs > MAX_REFERENCES:
                values = [UNKNOWN]
            else:
                values = self._reference(what, dialect, 0, frozenset())
            choices.append([(label, v) for v in values])
        combined = _bounded(choices)
        self._spent += len(line) * len(combined)
        if self._spent > MAX_EXPANDED_CHARS:  # past the scan's budget: one version, what varies unknown
            combined = _bounded(choices, 1)
        return [Version(tuple(parts)) for parts in combined]

    # -- one reference ----------------------------------------------------------------------------------
    def _reference(self, ref: str, dialect: str, depth: int, outside: frozenset[tuple[str, int]]) -> list[str]:
        """The values a reference (as :func:`_pieces` gives it) may put in."""
        if ref == COMMAND_OUTPUT:
            return [UNKNOWN]
        if ref == "$((":  # arithmetic: a number
            return [""]
        if not ref.startswith("${"):
            return self._typed(ref, dialect, depth, outside) or self._values(ref, depth, outside)
        m = _BRACED.match(_unscoped(ref[2:-1]))
        if m is None and ref[2:3] and ref[2] in "@*123456789":  # "${@:2}": some of the arguments
            return self._typed(ref[2], dialect, depth, outside)
        if m is None:  # ${!F}, ${#F}, ${F#x}, ${F/x/y}, zsh's ${(…)F}: what the shell computes
            return [""] if ref.startswith("${#") and _NAME.fullmatch(ref[3:-1]) else [UNKNOWN]
        _modifiers, name, _index, op, word = m.groups()
        values = self._typed(name, dialect, depth, outside) or self._values(name, depth, outside)
        if op is None:
            return values
        # a word in a word in a word (${A:-${A:-…}}): followed as deep as a value's references, then unknown
        alternative = self._texts(word, dialect, depth + 1, outside) if depth < MAX_DEPTH else [UNKNOWN]
        if op.endswith("+"):  # ${F:+word}: the word where F is set, else nothing
            return _dedupe([*alternative, ""])
        if op.endswith("?"):
            return values
        return _dedupe([*values, *alternative])  # ${F:-word}, ${F:=word}: its value, or the word

    def _typed(self, name: str, dialect: str, depth: int, outside: frozenset[tuple[str, int]]) -> list[str]:
        """The values of what the user types or the shell itself gives (``"$@"``, ``$1``, ``$argv``, ``@args``,
        ``$?``): nothing, and the words a file sets them to; [] for any other name."""
        key = _unscoped(name)
        typed = _TYPED.get(dialect, _TYPED_SH)
        if not (_SPECIAL.fullmatch(key) or (key.lower() if dialect == POWERSHELL else key) in typed):
            return []
        key = "@" if _POSITIONAL.fullmatch(key) else key
        if not _SPECIAL.fullmatch(key) or key == "@":
            if key not in self._read:
                self._read[key] = list(self._settings(key))
            if self._read[key]:
                return _dedupe(["", *self._values(key, depth, outside)])
        return [""]

    def _set_values(self, name: str) -> list[str]:
        """The values the files give ``name`` (:meth:`_values`), or none where no file sets it."""
        key = _unscoped(name)
        if key not in self._read:
            self._read[key] = list(self._settings(key))
        return self._values(key, 0, frozenset()) if self._read[key] else []

    def _values(self, name: str, depth: int, outside: frozenset[tuple[str, int]]) -> list[str]:
        """Every value the files give ``name``, its references followed (each setting once on a path, so a
        value that adds to itself ends); :data:`UNKNOWN` for what cannot be known."""
        key = _unscoped(name)
        if not outside and key in self._memo:
            return self._memo[key]
        if self._spent > MAX_EXPANDED_CHARS:
            return [UNKNOWN]
        if key not in self._read:
            self._read[key] = list(self._settings(key))
        settings = self._read[key]
        if not settings:
            known = self._known.get(key.upper())
            return [known] if known is not None else [UNKNOWN]
        if len(settings) > MAX_VALUES or depth >= MAX_DEPTH:
            return [UNKNOWN]
        out: list[str] = []
        for i, (file, held) in enumerate(settings):
            if (key, i) in outside:
                continue
            if held.text is None:
                out.append(UNKNOWN)
                continue
            inner = outside | {(key, i)}
            dialect = _dialect_of(file)
            out += self._texts(held.text, dialect, depth + 1, inner)
            if self._refers_to(held.text, key, dialect) and not self._anchored(settings, i, key):
                out.append(UNKNOWN)  # adds to a value that may have come from the environment
        out = _dedupe(out) if 0 < len(out) <= MAX_VERSIONS else [UNKNOWN]  # none: it only adds to itself
        out = [UNKNOWN if len(v) > MAX_VALUE_CHARS else v for v in out]
        self._spent += sum(map(len, out))
        if not outside:
            self._memo[key] = out
        return out

    def _refers_to(self, text: str, name: str, dialect: str = "sh") -> bool:
        return any(label and _name_of(what) == name for label, what in self._pieces_of(text, dialect))

    def _anchored(self, settings: list[tuple[str, HeldValue]], i: int, name: str) -> bool:
        """Whether a setting that adds to the variable's value comes after one that gives it a value outright
        in every session, earlier in the same file (else what it adds to may be the environment's)."""
        file, held = settings[i]
        return any(
            f == file
            and h.line < held.line
            and h.top
            and h.text is not None
            and not self._refers_to(h.text, name, _dialect_of(f))
            for f, h in settings[:i]
        )

    def _texts(self, text: str, dialect: str, depth: int, outside: frozenset[tuple[str, int]]) -> list[str]:
        """The texts a value (or a default) may become once its own references are put in."""
        pieces = self._pieces_of(text, dialect)
        choices = [
            [("", what)] if not label else [(label, v) for v in self._reference(what, dialect, depth, outside)]
            for label, what in pieces
        ]
        return _dedupe(["".join(t for _n, t in parts) for parts in _bounded(choices)])


def _bounded(choices: list[list[tuple[str, str]]], most: int = MAX_VERSIONS) -> list[tuple[tuple[str, str], ...]]:
    """Every combination of one choice per place; past ``most``, each place with several choices becomes one
    unknown value."""
    count = 1
    for c in choices:
        count *= len(c)
        if count > most:
            choices = [c if len(c) == 1 else [(c[0][0], UNKNOWN)] for c in choices]
            break
    return list(itertools.product(*choices))


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _dialect_of(file: str) -> str:
    from tui.core.shell_variables import dialect_of

    return dialect_of(file)


def _unscoped(name: str) -> str:
    """A name without PowerShell's scope (``$env:F``, ``$script:F``: F)."""
    m = _SCOPE.match(name)
    return name[m.end() :] if m else name


def _name_of(ref: str) -> str:
    """The variable a reference names (``${F:-x}``: F), or "" for one that names none."""
    if not ref.startswith("${"):
        return _unscoped(ref)
    m = _BRACED.match(_unscoped(ref[2:-1]))
    if m:
        return m.group(2)
    named = _NAME.search(ref[2:])
    return named.group() if named else ""


# -- a line cut into its text and its references --------------------------------------------------------------
_START = re.compile(r"\$\(\(|\$\(|\$\{|`|\$(?:(?:global|script|local|private|env):)?[A-Za-z_]\w*|\$[@*#?$!0-9-]", re.I)
_PS_SPLAT = re.compile(r"(?<![\w@])@([A-Za-z_]\w*)")
_FISH_RUN = re.compile(r"(?<![\w$])\(")
# PowerShell's expression in brackets ('--a' + $B, '{0}' -f $F, (Get-Content x)): what it computes; not a
# function's signature (cc(…), param(…)) nor an array (@(…), whose items are words)
_PS_GROUP = re.compile(r"(?<![\w$@`])\(")
_PS_STRINGS = re.compile(r"""\s*(?:'[^']*'|"[^"`$]*")(?:\s*[+,]\s*(?:'[^']*'|"[^"`$]*"))*\s*""")
# xonsh's Python inside a command (@(…), @$(…)) and its captured commands (!(…), $[…], ![…])
_XONSH_RUN = re.compile(r"[@!]\$?\(|[!$]\[")


def _pieces(text: str, dialect: str) -> tuple[tuple[str, str], ...]:
    """``text`` as ``(label, what)`` pieces in order: the line's own text (label "") and its references (label:
    the reference as the audit may name it, ``$F``; ``what``: the name, a whole ``${…}``, ``$((`` or
    :data:`COMMAND_OUTPUT`)."""
    if dialect == CMD:
        return _cmd_pieces(text)
    out: list[tuple[str, str]] = []
    pos = literal = 0
    starts = [_START]
    if dialect == POWERSHELL:
        starts.append(_PS_SPLAT)
    if dialect == FISH:
        starts.append(_FISH_RUN)
    if dialect == POWERSHELL and "(" in text:
        starts.append(_PS_GROUP)
    if dialect == XONSH:
        starts.append(_XONSH_RUN)
    ahead: list[re.Match[str] | None] = [rx.search(text, pos) for rx in starts]  # each one's next match
    while pos < len(text):
        # searched again only where passed (one that matches no more is not searched to the end again)
        ahead = [
            rx.search(text, pos) if a is not None and a.start() < pos else a
            for rx, a in zip(starts, ahead, strict=True)
        ]
        found = [a for a in ahead if a is not None]
        if not found:
            break
        m = min(found, key=lambda f: f.start())
        token = m.group()
        end = m.end()
        if token in ("$(", "`", "(") or token == "$((" or (dialect == XONSH and token[-1] in "(["):
            closing = "`" if token == "`" else "]" if token.endswith("[") else ")"
            end = _closing(text, m.end(), closing, 2 if token == "$((" else 1)
            piece = ("$((", "$((") if token == "$((" else (COMMAND_OUTPUT, COMMAND_OUTPUT)
            if dialect == POWERSHELL and token == "(" and _PS_STRINGS.fullmatch(text, m.end(), end - 1):
                pos = m.start() + 1  # strings alone, joined with "+" ('op' + 'us'): text, read as written
                continue
        elif token == "${":
            end = _closing(text, m.end(), "}", 1)
            inner = text[m.start() : end]
            inner = inner if inner.endswith("}") else inner + "}"
            piece = ("$" + (_name_of(inner) or "{…}"), inner)
        elif token.startswith("@"):
            piece = ("@" + m.group(1), m.group(1))
        else:
            end = _index_end(text, end)  # $F[1] (fish), $A[@] (zsh), $F[0] (PowerShell): the variable's values
            piece = (token, token[1:])
        if m.start() > literal:
            out.append(("", text[literal : m.start()]))
        out.append(piece)
        pos = literal = max(end, m.start() + 1)
    if literal < len(text) or not out:
        out.append(("", text[literal:]))
    return tuple(out)


# cmd.exe: %% (a percent sign), the script's arguments (%1, %*, %~dp0), %NAME%, !NAME! (delayed expansion), and
# what it computes from a value (%NAME:~0,5%, %NAME:a=b%)
_CMD_REFERENCE = re.compile(r"%%|%~[A-Za-z$:]*[0-9*]|%[0-9*]|([%!])([A-Za-z_][^%!\s=:]*)(:[^%!\n]*)?\1")


def _cmd_pieces(text: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    literal = 0
    for m in _CMD_REFERENCE.finditer(text):
        token = m.group()
        if token == "%%":
            continue
        if m.start() > literal:
            out.append(("", text[literal : m.start()]))
        if m.group(2) is None:  # the script's arguments: what the user types (%~dp0: its own folder)
            out.append((token, "*"))
        elif m.group(3):  # a part of the value, or the value changed: computed, unknown (never read as ${F:-…})
            out.append((f"%{m.group(2)}%", "${" + m.group(2) + ":~}"))
        else:
            out.append((f"%{m.group(2)}%", m.group(2)))
        literal = m.end()
    if literal < len(text) or not out:
        out.append(("", text[literal:]))
    return tuple(out)


def _closing(text: str, pos: int, closing: str, count: int) -> int:
    """The end of what opens before ``pos`` and closes with ``count`` ``closing`` characters, nested
    openings counted (the end of the text when it is not closed)."""
    opening = {")": "(", "}": "{"}.get(closing)
    depth = count
    while pos < len(text):
        c = text[pos]
        if c == closing:
            depth -= 1
            if depth == 0:
                return pos + 1
        elif c == opening:
            depth += 1
        pos += 1
    return len(text)


def _index_end(text: str, pos: int) -> int:
    if text[pos : pos + 1] != "[":
        return pos
    close = text.find("]", pos)
    return close + 1 if 0 < close < pos + 64 else pos
