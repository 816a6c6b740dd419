"""Reading a content-pack TOML file so that every problem can name its file, line and column.

``tomllib`` reports syntax errors with a position but forgets positions once parsed. :class:`TomlDoc`
keeps a light index from key paths (``("tools", "cursor", "status")``, ``("tool", 3, "npm")``) to the line
where each key or table header was written, and :class:`Table` checks types against it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from tui.core.bounded_read import PACK_FILE_LIMIT, FileMissing, ReadSkipped
from tui.core.pack_files import PackPath, read_pack_file
from tui.core.safe_toml import MAX_NESTING, TomlError, parse_toml_nesting
from tui.errors import Problem

MAX_TOML_BYTES = PACK_FILE_LIMIT
# Tables, arrays and inline tables nested deeper than MAX_NESTING (tui.core.safe_toml) are a problem of the file:
# parse_toml refuses them before parsing, with the line (a table header under an array of tables opens one
# level more, which only the parsed data shows: too_deep, run when the check's bound on the nesting allows
# more than MAX_NESTING), so whatever walks the data later (the policy's fingerprint, a report's JSON) never
# runs out of stack.

_KEY = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+))*)\s*=""")


def _split_key(text: str) -> tuple[str, ...]:
    """``a."b.c".d`` -> ``("a", "b.c", "d")``, in one pass (pack text is untrusted: no backtracking)."""
    if '"' not in text and "'" not in text:  # the common case
        return tuple(part.strip() for part in text.split(".") if part.strip())
    parts: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t.":
            i += 1
        elif c in "\"'":
            end = text.find(c, i + 1)
            if end < 0:
                break
            parts.append(text[i + 1 : end])
            i = end + 1
        else:
            end = i
            while end < n and text[end] not in " \t.\"'":
                end += 1
            parts.append(text[i:end])
            i = end
    return tuple(parts)


def _header(line: str) -> tuple[str, str] | None:
    """``("[[", "tools.x.conditions")`` for a table header line, else None (found with ``find``, not a regex)."""
    text = line.strip()
    opening = "[[" if text.startswith("[[") else "["
    close = text.find("]")
    if close < 0:
        return None
    key = text[len(opening) : close].strip()
    rest = text[close + 1 :]
    if rest.startswith("]"):
        rest = rest[1:]
    rest = rest.strip()
    if not key or (rest and not rest.startswith("#")):
        return None
    return opening, key


_BARE = re.compile(r"^[A-Za-z0-9_-]+$")  # a key written without quotes


class TomlDoc:
    def __init__(self, path: PackPath, display: str, text: str):
        self.path = path
        self.display = display
        self.text = text
        self._index: dict[tuple, tuple[int, int]] = {}
        self._latest: dict[tuple, int] = {}  # array-of-tables path -> index of its latest element
        self._indexed = False  # built on the first problem: a valid pack never pays for it
        self._headers: dict[tuple[str, ...], list[int | None]] = {}  # array of tables -> its headers' lines

    def _build_index(self) -> None:
        counters = self._latest
        current: tuple = ()
        in_multiline = False
        for lineno, line in enumerate(self.text.splitlines(), start=1):
            if in_multiline:
                if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                    in_multiline = False
                continue
            stripped = line.lstrip()
            if not stripped or stripped[0] == "#":
                continue
            header = _header(line) if stripped[0] == "[" else None
            if header:
                opening, key_text = header
                parts = _split_key(key_text)
                if opening == "[[":
                    # array of tables: the index counts per full array path (resolved through parents)
                    base = self._resolve(parts)
                    idx = counters.get(base, -1) + 1
                    counters[base] = idx
                    current = (*base, idx)
                else:
                    current = self._resolve(parts)
                self._index.setdefault(current, (lineno, line.index(key_text[0]) + 1))
                continue
            k = _KEY.match(line)
            if k:
                keypath = current + _split_key(k.group(1))
                self._index.setdefault(keypath, (lineno, len(line) - len(line.lstrip()) + 1))
                rest = line[k.end() :]
                if rest.count('"""') % 2 == 1 or rest.count("'''") % 2 == 1:
                    in_multiline = True

    def _resolve(self, parts: tuple[str, ...]) -> tuple:
        """Header parts → index path: ``[[tools.x.conditions]]`` sits under table ``tools.x``; a header
        under an array of tables refers to its latest element."""
        out: tuple = ()
        for part in parts:
            out = (*out, part)
            latest = self._latest.get(out)  # a dict lookup, not a scan of the index: linear in the file
            if latest is not None and part != parts[-1]:
                out = (*out, latest)
        return out

    def pos(self, keypath: tuple) -> tuple[int | None, int | None]:
        if not self._indexed:
            self._indexed = True
            self._build_index()
        path = tuple(keypath)
        while path:
            if path in self._index:
                return self._index[path]
            path = path[:-1]
        return (None, None)

    def table_line(self, keypath: tuple, count: int) -> int | None:
        """The line of ``keypath`` when it is an element of a top-level array of tables that has ``count``
        elements (``("mcp", "rules", 2)``: the third ``[[mcp.rules]]`` header), found by searching the text for
        its headers, so that a valid file is not indexed whole for it (a pack of thousands of tools). When the
        search is unsure (another number of headers than elements, a header inside a multi-line string), the
        index's answer (:meth:`pos`)."""
        *names, index = keypath
        if isinstance(index, int) and names and all(isinstance(n, str) and _BARE.match(n) for n in names):
            lines = self._header_lines(tuple(names))
            if len(lines) == count and 0 <= index < count and lines[index] is not None:
                return lines[index]
        return self.pos(keypath)[0]

    def _header_lines(self, names: tuple[str, ...]) -> list[int | None]:
        """The line of each ``[[names]]`` header in the text, in order (None for one inside a multi-line
        string), found in one pass per array however many of its elements are asked about."""
        if names not in self._headers:
            # searched from its "[[" (a literal start the regex engine skips to), then checked to stand first on
            # its line: several times faster than from each line's start in a file of thousands of tables
            text = self.text
            dot = r"[ \t]*\.[ \t]*"
            header = r"\[\[[ \t]*" + dot.join(re.escape(n) for n in names) + r"[ \t]*\]\]"
            lines: list[int | None] = []
            line, basic, literal, last = 1, 0, 0, 0
            for m in re.finditer(header, text):
                at = m.start()
                if text[text.rfind("\n", 0, at) + 1 : at].strip(" \t"):
                    continue  # after something else on its line (a value, a comment): no header
                line += text.count("\n", last, at)
                basic += text.count('"""', last, at)
                literal += text.count("'''", last, at)
                last = at
                lines.append(line if basic % 2 == 0 and literal % 2 == 0 else None)
            self._headers[names] = lines
        return self._headers[names]

    def problem(self, keypath: tuple, message: str) -> Problem:
        line, col = self.pos(keypath)
        return Problem(self.display, message, line, col)


def load_toml(path: PackPath, display: str, problems: list[Problem]) -> tuple[TomlDoc | None, dict | None]:
    """Parse a TOML file; on failure append a positioned problem and return (None, None)."""
    try:
        raw = read_pack_file(path, MAX_TOML_BYTES)
    except FileMissing:
        problems.append(Problem(display, "file is missing"))
        return None, None
    except ReadSkipped as exc:
        problems.append(Problem(display, f"cannot read: {exc}"))
        return None, None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(display, "not valid UTF-8", raw[: exc.start].count(b"\n") + 1))
        return None, None
    try:
        data, nesting = parse_toml_nesting(text)
    except TomlError as exc:  # a syntax error, or a file nested too deep or too big to parse safely: where
        problems.append(Problem(display, exc.message, exc.line, exc.column))
        return None, None
    # walked only when the check's bound allows too deep a nesting (not a pack of thousands of shallow tables)
    deep = too_deep(data, MAX_NESTING) if nesting is None or nesting > MAX_NESTING else None
    if deep is not None:
        shown = ".".join(str(k) for k in deep[:4])
        problems.append(
            Problem(
                display,
                f"TOML nesting too deep: more than {MAX_NESTING} levels of tables, arrays or inline tables "
                f"(under {shown}...)",
                _deep_line(text, MAX_NESTING),
            )
        )
        return None, None
    return TomlDoc(path, display, text), data


def too_deep(data: object, limit: int) -> tuple | None:
    """The path to the first value nested more than ``limit`` tables or arrays deep in ``data`` (parsed TOML or
    JSON), or None; walked without recursion, so any depth is measured."""
    stack: list[tuple[object, tuple]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > limit:
            return path
        if isinstance(value, dict):
            stack.extend((v, (*path, k)) for k, v in value.items() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(value) if isinstance(v, (dict, list)))
    return None


def _deep_line(text: str, limit: int) -> int | None:
    """The line where the nesting goes past ``limit``: a table header's keys, a dotted key under the latest
    header, or brackets opened on one line (an estimate; None when the depth builds up over several lines)."""
    base = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        if not stripped or stripped[0] == "#":
            continue
        header = _header(line) if stripped[0] == "[" else None
        if header:
            base = len(_split_key(header[1])) + (header[0] == "[[")
            depth = base
        else:
            k = _KEY.match(line)
            rest = line[k.end() :] if k else line
            depth, opened = base + (len(_split_key(k.group(1))) if k else 0), 0
            deepest = 0
            for c in rest:
                if c in "[{":
                    opened += 1
                    deepest = max(deepest, opened)
                elif c in "]}":
                    opened -= 1
            depth += deepest
        if depth > limit:
            return lineno
    return None


_ABSENT = object()  # a key a table does not hold
_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "an array", dict: "a table"}


@dataclass
class Table:
    """Typed access to one TOML table that records a problem for each wrong or unknown key."""

    doc: TomlDoc
    keypath: tuple
    data: dict
    problems: list[Problem]
    seen: set[str] = field(default_factory=set)

    def _bad(self, key: str, message: str) -> None:
        self.problems.append(self.doc.problem((*self.keypath, key), message))

    # A key the table does not hold costs a dict lookup and nothing more (a condition is asked for twenty keys
    # and holds four; a pack of thousands of tools asks hundreds of thousands of times): ``seen`` holds the keys
    # read that the table holds, all that check_unknown compares.
    def get(self, key: str, kind: type, *, required: bool = False, default: Any = None) -> Any:
        data = self.data
        if key not in data:
            if required:
                self.problems.append(self.doc.problem(self.keypath, f"missing required key '{key}'"))
            return default
        self.seen.add(key)
        value = data[key]
        if type(value) is kind or (isinstance(value, kind) and not (kind is int and isinstance(value, bool))):
            return value
        self._bad(key, f"'{key}' must be {_TYPE_NAMES.get(kind, kind.__name__)}, not {type(value).__name__}")
        return default

    def text(self, key: str, *, required: bool = False, default: str | None = None) -> str | None:
        value = self.data.get(key, _ABSENT)
        if type(value) is str:  # the common case, without get's call
            self.seen.add(key)
        elif value is _ABSENT and not required:
            return default
        else:  # missing but required, or not a string: get says so
            value = self.get(key, str, required=required, default=default)
        if value is not None and required and not value.strip():
            self._bad(key, f"'{key}' must not be empty")
        return value

    def date(self, key: str, meaning: str) -> dt.date | None:
        """A TOML date (a datetime gives its day); anything else is a problem that says what the date is for."""
        value = self.get(key, object)
        if isinstance(value, dt.datetime):
            return value.date()
        if value is None or isinstance(value, dt.date):
            return value
        self._bad(key, f"'{key}' must be a TOML date like 2026-12-15 (no quotes): {meaning}")
        return None

    def str_list(self, key: str) -> tuple[str, ...]:
        if key not in self.data:
            return ()
        value = self.get(key, list, default=[])
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self._bad(key, f"'{key}[{i}]' must be a string, not {type(item).__name__}")
            else:
                out.append(item)
        return tuple(out)

    def table_list(self, key: str) -> list[tuple[int, dict]]:
        if key not in self.data:
            return []
        value = self.get(key, list, default=[])
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self._bad(key, f"'{key}[{i}]' must be a table, not {type(item).__name__}")
            else:
                out.append((i, item))
        return out

    def sub(self, key: str, data: dict, index: int | None = None) -> Table:
        path = self.keypath + (key,) + ((index,) if index is not None else ())
        return Table(self.doc, path, data, self.problems)

    def check_unknown(self, allowed: set[str] | None = None) -> None:
        allowed = allowed if allowed is not None else self.seen
        for key in self.data:
            if key not in allowed:
                self._bad(key, f"unknown key '{key}'")
