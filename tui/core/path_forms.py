"""The forms of a startup file that put folders on PATH beyond an assignment of a value.

- A function that puts what it is given on the search path, then called with each folder: ``pathadd() {
  PATH="$1:$PATH"; }`` then ``pathadd "$HOME/tools/bin"``, Fedora's ``pathmunge /x after``, zsh's ``addp() {
  path=($1 $path) }``, fish's ``function addp; set -gx PATH $argv $PATH; end``. The function's body is read once
  for each call (:data:`MAX_CALLS` in all), its parameters (``$1``, ``${2}``, ``$@``, ``$*``, ``$argv``,
  ``$argv[1]``) the call's words, a local set from them (``local d="$1"``) put in too, a loop over them (``for d
  in "$@"``, ``for d; do``, fish's ``for d in $argv``) once for each; each PATH value it then sets is read as
  the file's own (:class:`~tui.core.path_entries.PathEntries`), named by the call's file and line. A call of more
  words than a loop's bound (:attr:`PathEntries.limit`) makes the scan incomplete, as such a loop does.
- ``printf -v PATH "%s:%s" "$HOME/tools/bin" "$PATH"`` (a format of ``%s`` and text alone) and ``read -r PATH
  <<< "…"``: the value they give.

Whatever else sets PATH to a value that cannot be read (``read -r PATH < file``, ``mapfile``, ``PATH=$1:$PATH``
outside such a function, a call's word that does not close its quote) is named in the audit with its file and
line, as an entry that cannot be worked out is: never dropped silently.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field

from tui.core.leading_names import FUNCTION_HEAD, command_word, function_body
from tui.core.machine import Disk
from tui.core.path_entries import PathEntries
from tui.core.shell_variables import FISH, UNSET, StartupScript, dialect_of
from tui.core.startup_reading import logical_lines, startup_text

# what the caller gives: sh's $1 … $9, ${1}, $@, $*; zsh's and fish's $argv, $argv[1], ${argv[1]}
POSITIONAL = re.compile(r"\$(?:[1-9]|[@*](?!\w)|\{[1-9@*]\}|\{?argv(?:\[(?P<index>\d+)\])?\}?(?![\w]))")
# a body that may set the search path: PATH=, PATH+=, zsh's path=(…), fish's set … PATH, fish_add_path
_SETS_PATH = re.compile(
    r"(?<![\w$])(?:PATH\+?=|path\+?=\(|set\s+(?:-\S+\s+)*(?:PATH|fish_user_paths)\b|fish_add_path\b)"
)
_ALL_WORDS = re.compile(r"\$\{?(?:[@*]|argv)(?![\w\[])")  # every word given ($@, $*, fish's $argv, no index)
_QUOTED_ALL = re.compile(r'"\$(?:@|\{@\})"')  # sh's "$@": each word given, each quoted (not one word)
_LOCAL_REFERENCE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")
MAX_FUNCTIONS = 16  # functions that put what they are given on PATH, followed (past them: the scan is incomplete)
MAX_CALLS = 64  # calls of such functions followed, in all (past them: the scan is incomplete)
MAX_ARGUMENTS = 16  # words of printf -v's and read's line read (a call's: as many as a loop's, PathEntries.limit)
# sh's `for d; do` / `for d do`: a loop over the words the function is given, as `for d in "$@"; do` is
_ARGUMENTS_LOOP = re.compile(r"(?<![\w-])for[ \t]+(\w+)(?=[ \t]*(?:;|\n|do(?![\w-])))")
_PRINTF_V = re.compile(r"(?:^|[;&|{(]\s*|\s)printf\s+-v\s*[\"']?PATH[\"']?\s+(?P<rest>.*)$")
_READ_HERE = re.compile(r"(?:^|[;&|{(]\s*|\s)read\s+(?:-[a-zA-Z]*\s+)*[\"']?PATH[\"']?\s*<<<\s*(?P<rest>.*)$")
ListWords = Callable[[str], list[tuple[int, str]]]  # (line, word) of each PATH list a text writes
_FORMAT = re.compile(r"%(?:[sb%])|%")


@dataclass
class _Function:
    name: str
    path: str  # the file that defines it
    body: str  # its lines as written
    lines: frozenset[int]  # the numbers of its lines in that file
    fish: bool
    last: int = 0  # its last line, and where on it the brace that closes it ends (None: nothing may follow)
    tail: int | None = None


@dataclass
class PathFunctions:
    """The functions of the startup files ``files`` that put what they are given on the search path."""

    disk: Disk
    files: list[str]
    functions: list[_Function] = field(default_factory=list)

    def __post_init__(self) -> None:
        for path in self.files:
            text = startup_text(self.disk, path)
            given = isinstance(text, str) and (POSITIONAL.search(text) or _ARGUMENTS_LOOP.search(text))
            if given and isinstance(text, str) and _SETS_PATH.search(text):
                self._find(path, text)

    def _find(self, path: str, text: str) -> None:
        lines = logical_lines(text)
        for i, (number, line) in enumerate(lines):
            head = FUNCTION_HEAD.match(line)
            if head is None:
                continue
            name = head.group("fname") or head.group("dname") or head.group("ename") or head.group("sname")
            read = function_body(lines, i, line[head.end() :])
            body = _ARGUMENTS_LOOP.sub(r'for \1 in "$@"', "\n".join(read))  # `for d; do`: each word given
            if not (POSITIONAL.search(body) and _SETS_PATH.search(body)):
                continue
            if len(self.functions) >= MAX_FUNCTIONS:  # a tool kept where the rest put PATH would go unseen
                why = f"{self.disk.display(path)} line {number}: more than {MAX_FUNCTIONS} such functions"
                self.disk.unlisted.setdefault("the functions of the startup files that set PATH", why)
                return
            numbers = frozenset(n for n, _l in lines[i : i + len(read)])
            fish = dialect_of(path) == FISH
            tail = None if fish else _after_body(read)
            if tail is not None and len(read) == 1:
                tail += head.end()  # (the head's own line: its body read after the name)
            last = lines[i + len(read) - 1][0]
            self.functions.append(_Function(name.strip("'\""), path, body, numbers, fish, last, tail))

    def inside(self, path: str, line: int) -> bool:
        """Whether line ``line`` of ``path`` is in the body of such a function (read for each call instead)."""
        return any(f.path == path and line in f.lines for f in self.functions)

    def follow(self, entries: PathEntries, path_list_words: ListWords) -> None:
        """Each call's folders into ``entries`` (``path_list_words``: the reader of zsh's and fish's lists)."""
        if not self.functions:
            return
        calls = 0
        for path in self.files:
            text = startup_text(self.disk, path)
            if not isinstance(text, str):
                continue
            fish = dialect_of(path) == FISH
            mine = [f for f in self.functions if f.fish == fish and f.name in text]
            if not mine:
                continue
            for number, line in logical_lines(text):
                for function in mine:
                    start = 0
                    if function.path == path and number in function.lines:
                        if number != function.last or function.tail is None:
                            continue
                        start = function.tail  # `pathadd() { …; }; pathadd ~/a`: a call after its body's brace
                    for m in command_word(function.name).finditer(line, start):
                        calls += 1
                        if calls > MAX_CALLS:  # never a clean bill: a folder a later call adds would go unseen
                            why = f"{self.disk.display(path)} line {number}: more than {MAX_CALLS} calls followed"
                            self.disk.unlisted.setdefault("the functions of the startup files that set PATH", why)
                            return
                        words = _call_words(line[m.end() :], entries.limit + 1)
                        if words is None:
                            entries.note(path, number)
                            continue
                        if len(words) > entries.limit:  # its "$@" would go over words not read: incomplete
                            if _ALL_WORDS.search(function.body):
                                entries.past_words(path, number, "a call of")
                            words = words[: entries.limit]
                        _one_call(function, words, entries, path, number, path_list_words)


def _after_body(read: list[str]) -> int | None:
    """Where, on the last of a function's lines ``read`` (the first: what follows its name), the brace that
    closes its body ends; None when none does there."""
    depth = sum(text.count("{") - text.count("}") for text in read[:-1])
    for k, c in enumerate(read[-1]):
        depth += (c == "{") - (c == "}")
        if c == "}" and depth == 0:
            return k + 1
    return None


def _call_words(rest: str, limit: int = MAX_ARGUMENTS) -> list[str] | None:
    """The words a call gives the function, quotes taken out (up to the command's end; ``limit`` at most), or
    None when they cannot be read (a quote that does not close)."""
    lexer = shlex.shlex(rest, posix=True, punctuation_chars=";&|()<>")
    lexer.whitespace_split = True
    words: list[str] = []
    try:
        for token in lexer:
            if token and all(c in ";&|()<>" for c in token):
                break
            words.append(token)
            if len(words) >= limit:
                break
    except ValueError:
        return None
    return words


def _substituted(text: str, words: list[str]) -> str:
    """``text`` with the function's parameters given the call's ``words`` (double-quoted, as they were passed)."""

    def one(m: re.Match[str]) -> str:
        ref = m.group(0)
        index = m.group("index")
        digit = ref.strip("${}")[:1]
        if index is not None or digit.isdigit():
            n = int(index) if index is not None else int(digit)
            return _quoted(words[n - 1]) if 0 < n <= len(words) else ""
        return " ".join(_quoted(w) for w in words)  # $@, $*, $argv: every word

    return POSITIONAL.sub(one, _QUOTED_ALL.sub("$@", text))


def _quoted(word: str) -> str:
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _one_call(
    function: _Function, words: list[str], entries: PathEntries, path: str, number: int, path_list_words: ListWords
) -> None:
    """The PATH values the function's body sets for one call (``words``), read as line ``number`` of ``path``."""
    body = _substituted(function.body, words)
    script = StartupScript(body, FISH if function.fish else "sh")
    for line in script.variable_lines("PATH"):
        if line.how == UNSET:
            continue
        if line.value is not None:  # (a loop of the body's: `for d in "$@"; do PATH="$d:$PATH"; done`)
            for each in entries.in_loops(line.value, path, number, script, line.line):
                entries.add_value(_locals(script, each), path, number)
        elif not function.fish:  # (fish's lists are read as words below)
            entries.note(path, number)
    # zsh's path=(…), fish's set … PATH and fish_add_path, each at a line's start (the body's brace taken off)
    for n, word in path_list_words(re.sub(r"^\s*\{", " ", body)):
        for each in entries.in_loops(word, path, number, script, n):
            entries.add_word(_locals(script, each), path, number)


def _locals(script: StartupScript, value: str) -> str:
    """``value`` with each variable the body itself sets once (``local d="$1"``) put in (one the body sets to
    what cannot be known, as unknown)."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in ("PATH", "path", "HOME", "fish_user_paths"):
            return m.group(0)
        held = script.held_values(name)
        if any(h.text is None for h in held):  # a command's output, what it takes in: unknown, never nothing
            return "$(…)"
        return held[0].text if len(held) == 1 and held[0].text is not None else m.group(0)

    return _LOCAL_REFERENCE.sub(one, value) if "$" in value else value


def read_in_value(text: str, line: int) -> str | None:
    """The value ``printf -v PATH FORMAT WORD…`` (a format of ``%s``, ``%b`` and text) or ``read PATH <<< WORD``
    on line ``line`` of ``text`` gives PATH, as a shell value; None when it cannot be read."""
    logical = next((t for n, t in logical_lines(text) if n == line), None)
    if logical is None:
        return None
    m = _PRINTF_V.search(logical)
    if m is not None:
        words = _call_words(m.group("rest"))
        if not words:
            return None
        return _printf(words[0], words[1:])
    m = _READ_HERE.search(logical)
    if m is not None:
        words = _call_words(m.group("rest"))
        return _quoted(words[0]) if words else None
    return None


def _printf(form: str, words: list[str]) -> str | None:
    """What ``printf FORMAT WORD…`` writes, for a format of ``%s``, ``%b`` and text alone (the format is used
    again while words are left, as the shell's printf does); None for any other format."""
    pieces = _FORMAT.split(form)
    codes = _FORMAT.findall(form)
    if any(c not in ("%s", "%b", "%%") for c in codes) or "\\" in form:
        return None
    taking = sum(c != "%%" for c in codes)
    out: list[str] = []
    rest = list(words)
    while True:
        for i, piece in enumerate(pieces):
            out.append(piece)
            if i < len(codes):
                out.append("%" if codes[i] == "%%" else _quoted(rest.pop(0)) if rest else "")
        if not rest or taking == 0:
            break
    return "".join(out)
