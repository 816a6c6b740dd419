"""The one TOML parser aicheck uses: Python's ``tomllib``, behind one linear pass over the text.

Every TOML file aicheck reads may be hostile: a scanned ``~/.codex/config.toml``, aicheck's own config file,
the records in its data folder, the content pack's files. Their size is capped by the bounded reader, but
``tomllib`` is not built for hostile text under that cap:

- a dotted key costs it time and memory in the square of its parts (``a.a.a…`` of 20,000 parts: 14 s and
  1.5 GB), each table a header or dotted key opens up to a kilobyte of bookkeeping, and each key time in
  the number of tables it is under (250,000 keys under a header 62 tables deep: 6 s);
- each value it builds costs far more than its text (``[],`` is 3 bytes, the list some 60), so a file under
  the cap could take hundreds of MiB;
- arrays and inline tables nested deep enough exhaust the stack (a ``RecursionError``, which says nowhere),
  and an integer of more than 4,300 digits is a ``ValueError`` that tells how to change the interpreter.

So before ``tomllib`` sees a text, :func:`check_toml` reads it once (strings and comments at the regular
expression engine's speed, everything else a token at a time, never going back) and refuses, with the line
and column where the limit is passed:

- nesting deeper than :data:`MAX_NESTING` levels: a table header, a dotted key, an array or an inline table
  each opens one level per part or bracket (no real file nests ten);
- more than :data:`MAX_VALUES` values (arrays and inline tables included), :data:`MAX_TABLES` tables
  (each part of a dotted key but its last, each part of a table header past those it shares with the header
  before, each element of an array of tables) or :data:`MAX_KEY_LEVELS` levels of keys (a key N tables deep
  counts N), which bound what any file under the size caps costs to about 100 MiB and 2 s;
- a decimal integer of more than :data:`MAX_INT_DIGITS` digits.

The pass needs to follow TOML only as far as ``tomllib`` accepts it (it is the more lenient of the two):
where the text stops making sense to it, it stops, and ``tomllib``, which never reads past its first error,
reports the syntax error there. Every failure is a :class:`TomlError` (a
:class:`~tui.core.bounded_read.ParseFailed`) in plain words, with the line and column where there is one.
"""

from __future__ import annotations

import os
import re

from tui.core.bounded_read import ParseFailed, read_bounded_text

# Tables, arrays and inline tables nested deeper than this are refused: a content pack nests 8 levels at
# most, a tool's config fewer, and what walks the parsed data later (a pack's fingerprint, a report's JSON)
# recurses.
MAX_NESTING = 64
# Values (strings, numbers, dates, arrays, inline tables), tables and levels of keys one file may hold. The
# bundled pack's policy.toml holds 1,234 values, 92 tables and 3,611 levels of keys in 59 KB; with the
# 8,000 more tools of the benchmark's large pack, 41,234, 24,093 and 211,611 in 1.4 MB. At these bounds a
# file costs some 100 MiB and 2 s at most, however it is written.
MAX_VALUES = 250_000
MAX_TABLES = 50_000
MAX_KEY_LEVELS = 2_000_000
MAX_INT_DIGITS = 4300  # Python's own limit for reading an integer (sys.get_int_max_str_digits)

_BLANK = re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)*+")  # blanks, line breaks and comments (arrays, between statements)
_SPACE = re.compile(r"[ \t]*+")
_BLANK_FIRST = " \t\r\n#"
_LINE_END = re.compile(r"[ \t]*+(?:#[^\n]*+)?(?:\r?\n|\Z)")  # the rest of a statement's line
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]++")
# possessive: a long or unterminated string costs no memory per character to skip
_BASIC = re.compile(r'"(?:[^"\\\n]++|\\.)*+"')
_LITERAL = re.compile(r"'[^'\n]*+'")
_MULTI_BASIC = re.compile(r'"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"""(?:""|")?')
_MULTI_LITERAL = re.compile(r"'''(?:[^']++|'(?!''))*+'''(?:''|')?")
# a bare value: a number, a date or time (a date and time may be separated by a space), true, false, inf, nan
_SCALAR = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})?"
    r"|[^ \t\r\n,\]}#\[{\"'=]++"
)
_DECIMAL = re.compile(r"[+-]?[0-9_]++")
# the commonest statements, read at once: a plain key and a string or a short bare value on their own line
# (or an array of them)
_ONE = r"""(?:"(?:[^"\\\n]++|\\.)*+"|'[^'\n]*+'|[^ \t\r\n,\]}#\[{"'=]{1,64}+)"""
_END = r"[ \t]*+(?:#[^\n]*+)?(?:\r?\n|\Z)"
_SIMPLE_LINE = rf"[ \t]*+[A-Za-z0-9_-]++[ \t]*+=[ \t]*+{_ONE}{_END}"
_SIMPLE = re.compile(_SIMPLE_LINE)
_SIMPLE_LINES = re.compile(f"(?:{_SIMPLE_LINE})++")  # one after the other: one line break each
_FLAT_ARRAY = re.compile(
    rf"[ \t]*+[A-Za-z0-9_-]++[ \t]*+=[ \t]*+\[((?:[ \t]*+{_ONE}[ \t]*+,)*+(?:[ \t]*+{_ONE})?[ \t]*+)\]{_END}"
)
_ELEMENT = re.compile(_ONE)
# the commonest header: bare keys (no quotes, so no dot in a part)
_BARE_HEADER = re.compile(
    r"\[(\[)?[ \t]*+([A-Za-z0-9_-]++(?:[ \t]*+\.[ \t]*+[A-Za-z0-9_-]++)*+)[ \t]*+\](?(1)\])"
    r"[ \t]*+(?:#[^\n]*+)?(?:\r?\n|\Z)"
)
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")

_STATEMENT, _VALUE, _AFTER, _INLINE_KEY = range(4)


class TomlError(ParseFailed):
    """A TOML text that cannot be used. ``kind``: ``syntax error``, ``nesting too deep``, ``number too
    long``, ``too many values``, ``too many tables``, ``too many nested keys``; ``detail``: what, in plain
    words; ``line`` and ``column``: where (None when the text gives no place). ``str()`` is :attr:`message`
    with its place."""

    def __init__(self, kind: str, detail: str, line: int | None = None, column: int | None = None):
        self.kind, self.detail, self.line, self.column = kind, detail, line, column
        super().__init__(self.message + self.place)

    @property
    def message(self) -> str:
        """``TOML nesting too deep: more than 64 levels ...``, without the place."""
        return f"TOML {self.kind}: {self.detail}"

    @property
    def place(self) -> str:
        return f" (at line {self.line}, column {self.column})" if self.line is not None else ""

    @property
    def reason(self) -> str:
        """The reason a scanned config is unchecked: ``invalid TOML: Invalid statement (at line 3, column 1)``."""
        what = self.detail if self.kind == "syntax error" else f"{self.kind}: {self.detail}"
        return f"invalid TOML: {what}{self.place}"


def parse_toml(text: str) -> dict:
    """``text`` parsed by ``tomllib`` once :func:`check_toml` has let it through; every failure is a
    :class:`TomlError`."""
    return parse_toml_nesting(text)[0]


def read_toml(path: str | os.PathLike[str], limit: int) -> dict:
    """A bounded read of a UTF-8 TOML file, parsed; every failure is a :class:`~tui.core.bounded_read.ReadSkipped`
    (:class:`~tui.core.bounded_read.FileMissing` when the file does not exist, :class:`TomlError` when it is
    no TOML)."""
    return parse_toml(read_bounded_text(path, limit))


def parse_toml_nesting(text: str) -> tuple[dict, int | None]:
    """:func:`parse_toml`'s data, and how deep its tables and arrays may nest at most (the root 0, a table
    under it 1, ...; None when not known). The check counts a table under an array of tables one level
    short (``[[a]]`` then ``[a.b]``: b sits in a's latest element), which only the parsed data shows; it
    also counts one more level for each part of the header a value sits under (each could be such an array),
    so data that may nest deeper than :data:`MAX_NESTING` shows itself, and data that cannot need not be
    walked to find out (a pack of thousands of tables)."""
    import tomllib

    complete, nesting = _check(text)
    try:
        return tomllib.loads(text), (nesting if complete else None)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc).splitlines()[0][:200]
        m = _POSITION.search(message)
        if m is None:
            raise TomlError("syntax error", message) from None
        raise TomlError("syntax error", message[: m.start()], int(m.group(1)), int(m.group(2))) from None
    except RecursionError:  # check_toml bounds the nesting: not expected
        raise TomlError("nesting too deep", f"more than {MAX_NESTING} levels of arrays or inline tables") from None
    except ValueError:  # check_toml bounds the integers: not expected
        raise TomlError("number too long", f"more than {MAX_INT_DIGITS:,} digits") from None


def _refuse(text: str, pos: int, kind: str, detail: str) -> TomlError:
    line = text.count("\n", 0, pos) + 1
    return TomlError(kind, detail, line, pos - text.rfind("\n", 0, pos))


def check_toml(text: str) -> bool:
    """Raise :class:`TomlError` if ``text`` nests deeper than :data:`MAX_NESTING`, holds more than
    :data:`MAX_VALUES` values, :data:`MAX_TABLES` tables or :data:`MAX_KEY_LEVELS` levels of keys, or an
    integer longer than :data:`MAX_INT_DIGITS` digits; in time linear in its length, building nothing.
    True when it read ``text`` to its end; False when it stopped where the text is no TOML (``tomllib``
    says why there)."""
    return _check(text)[0]


def _check(text: str) -> tuple[bool, int]:
    """:func:`check_toml`'s answer, and (when True) the deepest a table or array of the text may nest: the
    levels counted, plus the parts of the header it sits under (see :func:`parse_toml_nesting`)."""
    n = len(text)
    pos = 0
    values = tables = levels = 0
    header_depth = 0  # levels the current [table] or [[array]] header opens
    previous: list[str] = []  # that header's parts, as written
    depth = 0  # the level a value being read sits at, when it is an array or inline table
    opened: list[int] = []  # the level of each open array (positive) or inline table (negative, minus one)
    header_parts = 0  # the current header's parts: levels its arrays of tables may add to what is counted
    deepest = 0  # the deepest a table or array may nest: its levels counted, plus header_parts
    state = _STATEMENT
    while True:
        if state == _STATEMENT:
            if text[pos : pos + 1] in _BLANK_FIRST:  # the end of the text too
                pos = _BLANK.match(text, pos).end()  # type: ignore[union-attr]  # (it matches anywhere)
                if pos >= n:
                    return True, deepest
            if text[pos] == "[":  # a [table] or [[array.of.tables]] header
                m = _BARE_HEADER.match(text, pos)
                # the commonest header, read at once (one nested too deep or past a bound: below, said where)
                if m is not None and text.count(".", m.start(2), m.end(2)) < MAX_NESTING:
                    array = m.group(1) is not None
                    key = m.group(2)
                    names = (
                        key.split(".")
                        if " " not in key and "\t" not in key
                        else [name.strip(" \t") for name in key.split(".")]
                    )
                    parts = len(names)
                    same = 0
                    while same < parts and same < len(previous) and names[same] == previous[same]:
                        same += 1
                    if (
                        parts + array <= MAX_NESTING
                        and tables + parts - same + array <= MAX_TABLES
                        and levels + parts <= MAX_KEY_LEVELS
                    ):
                        header_depth = parts + array
                        header_parts = parts
                        if header_depth + parts > deepest:
                            deepest = header_depth + parts
                        previous = names
                        tables += parts - same + array
                        levels += parts
                        pos = m.end()
                        continue
                start = pos
                pos += 2 if text.startswith("[[", pos) else 1
                array = pos - start == 2
                written: list[tuple[int, str]] = []
                pos, parts, _ = _key(text, pos, 0, tables, written)
                if parts == 0:
                    return False, 0
                header_depth = parts + array  # an array's element: one level more
                if header_depth > MAX_NESTING:
                    raise _refuse(text, start, "nesting too deep", _too_deep())
                header_parts = parts
                deepest = max(deepest, header_depth + parts)
                # the tables this header may open: its parts past those it shares with the header before
                # (those are open already), and an array's new element
                names = [name for _, name in written]
                same = 0
                while same < parts and same < len(previous) and names[same] == previous[same]:
                    same += 1
                previous = names
                tables += parts - same + array
                levels += parts
                if levels > MAX_KEY_LEVELS:
                    raise _too_many(text, start, values)
                if tables > MAX_TABLES:
                    raise _refuse(
                        text, written[same][0] if same < parts else start, "too many tables", _too_many_tables()
                    )
                pos = _past(_SPACE, text, pos)
                close = "]]" if array else "]"
                if not text.startswith(close, pos):
                    return False, 0
                m = _LINE_END.match(text, pos + len(close))
                if m is None:
                    return False, 0
                pos = m.end()
                continue
            m = _SIMPLE_LINES.match(text, pos)
            if m is not None:  # plain keys and values, as many lines as there are: counted at once
                lines = text.count("\n", pos, m.end()) + (m.end() == n and text[-1] != "\n")
                if values + lines <= MAX_VALUES and levels + lines * (header_depth + 1) <= MAX_KEY_LEVELS:
                    values += lines
                    levels += lines * (header_depth + 1)
                    pos = m.end()
                    continue
                # a bound is passed on one of these lines: the first that passes it is said
                fit = min(MAX_VALUES - values, (MAX_KEY_LEVELS - levels) // (header_depth + 1))
                for _ in range(fit):
                    pos = text.index("\n", pos) + 1
                raise _too_many(text, _past(_SPACE, text, pos), values + fit + 1)
            m = _FLAT_ARRAY.match(text, pos)
            if m is not None and header_depth < MAX_NESTING:
                elements = len(_ELEMENT.findall(text, m.start(1), m.end(1)))
                if values + 1 + elements <= MAX_VALUES and levels + header_depth + 1 <= MAX_KEY_LEVELS:
                    values += 1 + elements
                    levels += header_depth + 1
                    if header_depth + 1 + header_parts > deepest:
                        deepest = header_depth + 1 + header_parts
                    pos = m.end()
                    continue
            pos, depth, tables, levels = _key_value(text, pos, header_depth, tables, levels, values)
            if pos < 0:
                return False, 0
            deepest = max(deepest, depth + header_parts)
            state = _VALUE
        elif state == _VALUE:
            c = text[pos : pos + 1]
            if c in _BLANK_FIRST:  # the end of the text too ("" is in every string)
                pos = _past((_BLANK if opened else _SPACE), text, pos)
                if pos >= n:
                    return False, 0
                c = text[pos]
            if c == "]" and opened and opened[-1] >= 0:  # an empty array, or one ending with a comma
                pos += 1
                opened.pop()
                state = _AFTER
                continue
            values += 1
            if values > MAX_VALUES:
                raise _too_many(text, pos, values)
            if c == "[" or c == "{":
                if depth > MAX_NESTING:
                    raise _refuse(text, pos, "nesting too deep", _too_deep())
                if depth + header_parts > deepest:
                    deepest = depth + header_parts
                pos += 1
                if text.startswith("]}"[c == "{"], pos):  # [] or {}: opened and closed at once
                    pos += 1
                    state = _AFTER
                elif c == "[":
                    opened.append(depth)
                    depth += 1  # where an element that is an array or inline table sits
                else:
                    opened.append(-depth - 1)
                    state = _INLINE_KEY
                continue
            if c == '"':
                m = (_MULTI_BASIC if text.startswith('"""', pos) else _BASIC).match(text, pos)
            elif c == "'":
                m = (_MULTI_LITERAL if text.startswith("'''", pos) else _LITERAL).match(text, pos)
            else:
                m = _SCALAR.match(text, pos)
                if m is not None and m.end() - pos > MAX_INT_DIGITS and _DECIMAL.fullmatch(text, pos, m.end()):
                    token = text[pos : m.end()]
                    digits = len(token) - token.count("_") - (token[0] in "+-")
                    if digits > MAX_INT_DIGITS:
                        raise _refuse(
                            text,
                            pos,
                            "number too long",
                            f"an integer of {digits:,} digits (at most {MAX_INT_DIGITS:,})",
                        )
            if m is None:
                return False, 0
            pos = m.end()
            state = _AFTER
        elif state == _AFTER:
            if not opened:  # a statement's value: the line ends here
                m = _LINE_END.match(text, pos)
                if m is None:
                    return False, 0
                pos = m.end()
                state = _STATEMENT
                continue
            c = text[pos : pos + 1]
            if c in _BLANK_FIRST:
                pos = _past(_BLANK, text, pos)
                if pos >= n:
                    return False, 0
                c = text[pos]
            level = opened[-1]
            if c == ",":
                pos += 1
                if level >= 0:
                    depth = level + 1
                    state = _VALUE
                else:
                    state = _INLINE_KEY
            elif (c == "]" and level >= 0) or (c == "}" and level < 0):
                pos += 1
                opened.pop()
            else:
                return False, 0
        else:  # _INLINE_KEY: a key in an inline table, or its end
            pos = _past(_BLANK, text, pos)
            if pos >= n:
                return False, 0
            if text[pos] == "}":
                pos += 1
                opened.pop()
                state = _AFTER
                continue
            pos, depth, tables, levels = _key_value(text, pos, -opened[-1] - 1, tables, levels, values)
            if pos < 0:
                return False, 0
            deepest = max(deepest, depth + header_parts)
            state = _VALUE


def _key_value(text: str, pos: int, level: int, tables: int, levels: int, values: int) -> tuple[int, int, int, int]:
    """Read the key at ``pos`` and the ``=`` after it, in a table ``level`` levels deep (a statement's, or an
    inline table's): (where its value starts, the level of that value, the tables and levels of keys counted
    so far); where it starts -1 when there is no key and ``=`` there. Past a bound is refused (:func:`_key`)."""
    start = pos
    pos, parts, tables = _key(text, pos, level, tables)
    if parts == 0:
        return -1, 0, tables, levels
    levels += level + parts
    if levels > MAX_KEY_LEVELS:
        raise _too_many(text, start, values)
    pos = _past(_SPACE, text, pos)
    if not text.startswith("=", pos):
        return -1, 0, tables, levels
    return pos + 1, level + parts, tables, levels


def _key(
    text: str, pos: int, level: int, tables: int, header: list[tuple[int, str]] | None = None
) -> tuple[int, int, int]:
    """Read the key at ``pos`` (``a."b.c".'d'``): (where it ends, its parts (0: no key there), the tables
    counted so far). Each part of a dotted key but its last is a table one level deeper than the one before
    (from ``level``), counted; past :data:`MAX_NESTING` or :data:`MAX_TABLES` is refused. A table header's
    parts are all tables: ``header`` gets where each starts and how it is written (the caller counts them)."""
    parts = 0
    while True:
        pos = _past(_SPACE, text, pos)
        c = text[pos : pos + 1]
        m = (_BASIC if c == '"' else _LITERAL if c == "'" else _BARE_KEY).match(text, pos)
        if m is None:
            return pos, 0, tables
        start = pos
        pos = _past(_SPACE, text, m.end())
        parts += 1
        dotted = text.startswith(".", pos)
        if header is not None or dotted:  # a table
            if level + parts > MAX_NESTING:
                raise _refuse(text, start, "nesting too deep", _too_deep())
            if header is not None:
                header.append((start, m.group()))
            else:
                tables += 1
                if tables > MAX_TABLES:
                    raise _refuse(text, start, "too many tables", _too_many_tables())
        if not dotted:
            return pos, parts, tables
        pos += 1


def _past(blank: re.Pattern[str], text: str, pos: int) -> int:
    """Where the blanks (a pattern that matches anywhere, maybe nothing) from ``pos`` end."""
    m = blank.match(text, pos)
    return pos if m is None else m.end()


def _too_many_tables() -> str:
    return f"more than {MAX_TABLES:,} in one file (each table a header or a dotted key opens)"


def _too_many(text: str, pos: int, values: int) -> TomlError:
    """Past :data:`MAX_VALUES` or :data:`MAX_KEY_LEVELS`, at ``pos``."""
    if values > MAX_VALUES:
        return _refuse(text, pos, "too many values", f"more than {MAX_VALUES:,} in one file")
    detail = f"more than {MAX_KEY_LEVELS:,} levels of keys in one file (a key N tables deep counts N)"
    return _refuse(text, pos, "too many nested keys", detail)


def _too_deep() -> str:
    return f"more than {MAX_NESTING} levels of tables, arrays or inline tables"
