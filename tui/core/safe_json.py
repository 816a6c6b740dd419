"""JSON as aicheck reads it, hostile text included: Python's ``json`` with every failure in plain words and its
place, and JSONC (comments, trailing commas) turned into JSON in one linear pass.

``json.loads`` gives a line and column for a syntax error only. Two failures come without a place and in the
interpreter's words: nesting deeper than its stack (a ``RecursionError``) and an integer of more than 4,300
digits (a ``ValueError`` that says how to change the interpreter's limit). :func:`load_json` finds their
place in the text (only then, in one pass) and says what is wrong in plain words.

Most clients read their JSON config leniently (VS Code's settings.json, Cursor's mcp.json, ~/.claude.json):
``//`` and ``/* */`` comments and trailing commas are allowed. :func:`strip_jsonc` blanks them in one pass
over the text, strings skipped, their positions kept (an error's line and column stay the file's); a ``/*``
never closed comments out the rest of the file, as JSONC parsers read it.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from tui.core.bounded_read import ParseFailed

MAX_INT_DIGITS = 4300  # Python's own limit for reading an integer (sys.get_int_max_str_digits)

# a string, to its closing quote or where its line ends (possessive: no memory per character, no going back)
_STRING = r'"(?:[^"\\\n]++|\\.)*+"?'
_COMMENT = r"//[^\n]*+|/\*(?:[^*]++|\*(?!/))*+(?:\*/)?"  # a /* never closed runs to the end
# what comes before the next comments (strings skipped whole), then those comments and the blanks between
# them; the last of them is group 2. Matched at the end of the last match: where none follows, the one
# failed match has read the rest once (a search would start again at every position)
_UP_TO_COMMENTS = re.compile(rf'(?:[^"/]++|{_STRING}|/(?![/*]))*+((?:({_COMMENT})[ \t\r\n]*+)++)')
_UP_TO_TRAILING_COMMA = re.compile(rf'(?:[^",]++|{_STRING}|,(?![ \t\r\n]*+[\]}}]))*+,')
_NOT_LINE_BREAK = re.compile(r"[^\n]")
_BRACKET = re.compile(_STRING + r"|[\[{]|[\]}]")
_NUMBER = re.compile(_STRING + r"|-?[0-9]++(\.[0-9]++)?+([eE][+-]?+[0-9]++)?+")


class JsonError(ParseFailed):
    """JSON that cannot be used; ``str()``: ``invalid JSON: <what> (line L, column C)``."""

    def __init__(self, detail: str, line: int | None = None, column: int | None = None):
        self.detail, self.line, self.column = detail, line, column
        place = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(f"invalid JSON: {detail}{place}")


def load_json(text: str) -> Any:
    """``json.loads(text)``; every failure is a :class:`JsonError` naming the line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonError(exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:
        raise _too_deep(text) from None
    except ValueError:
        raise _too_long(text) from None


def load_jsonc(text: str) -> Any:
    """:func:`load_json`, or when that fails, the same text with its comments and trailing commas blanked
    (:func:`strip_jsonc`): JSON as the clients that allow comments read it. A ``/*`` never closed is said."""
    try:
        return json.loads(text)
    except RecursionError:
        raise _too_deep(text) from None
    except ValueError:
        pass
    stripped, unclosed = _strip(text)
    try:
        return json.loads(stripped)
    except json.JSONDecodeError as exc:
        if unclosed is not None and exc.pos >= unclosed:  # the rest of the file was the comment
            line, column = _position(text, unclosed)
            raise JsonError("a comment opened with /* is never closed", line, column) from None
        raise JsonError(exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:
        raise _too_deep(stripped) from None
    except ValueError:
        raise _too_long(stripped) from None


def strip_jsonc(text: str) -> str:
    """JSON with comments and trailing commas → JSON (strings are kept as written, positions too)."""
    return _strip(text)[0]


def _strip(text: str) -> tuple[str, int | None]:
    """:func:`strip_jsonc`'s text, and where a ``/*`` that is never closed starts (None when none is)."""
    unclosed: int | None = None
    pieces: list[str] = []
    kept = 0  # the end of what is in pieces
    m = _UP_TO_COMMENTS.match(text)
    while m is not None:
        pieces += (text[kept : m.start(1)], _NOT_LINE_BREAK.sub(" ", m.group(1)))  # line breaks kept
        kept = m.end()
        last = m.group(2)
        if last.startswith("/*") and (len(last) < 4 or not last.endswith("*/")):
            unclosed = m.start(2)
        m = _UP_TO_COMMENTS.match(text, kept)
    if kept:
        text = "".join([*pieces, text[kept:]])
    pieces, kept = [], 0
    m = _UP_TO_TRAILING_COMMA.match(text)
    while m is not None:
        pieces += (text[kept : m.end() - 1], " ")
        kept = m.end()
        m = _UP_TO_TRAILING_COMMA.match(text, kept)
    if kept:
        text = "".join([*pieces, text[kept:]])
    return text, unclosed


def _position(text: str, pos: int) -> tuple[int, int]:
    """(line, column) of ``pos``, counted as ``json`` counts them."""
    return text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)


def deep_position(text: str, levels: int) -> tuple[int | None, int | None]:
    """(line, column) of the bracket that opens the first array or object nested more than ``levels`` deep
    (the document's own outermost bracket is level 1), strings skipped; (None, None) when there is none."""
    depth = 0
    for m in _BRACKET.finditer(text):
        c = text[m.start()]
        if c == "[" or c == "{":
            depth += 1
            if depth > levels:
                return _position(text, m.start())
        elif c != '"':
            depth -= 1
    return None, None


def long_number_position(text: str) -> tuple[int | None, int | None]:
    """(line, column) of the first integer of more than :data:`MAX_INT_DIGITS` digits outside strings (a
    number with a fraction or an exponent is read as a float, at any length), or (None, None)."""
    for m in _NUMBER.finditer(text):
        start = m.start()
        integer = text[start] != '"' and m.group(1) is None and m.group(2) is None
        if integer and m.end() - start - (text[start] == "-") > MAX_INT_DIGITS:
            return _position(text, start)
    return None, None


def _too_deep(text: str) -> JsonError:
    """The stack ran out: the place where the nesting passes half of what the interpreter allows (the parser
    gave up past that, deeper than any real file nests)."""
    levels = sys.getrecursionlimit() // 2
    return JsonError(f"nested too deep to read (more than {levels} levels)", *deep_position(text, levels))


def _too_long(text: str) -> JsonError:
    return JsonError(f"a number too long to read (more than {MAX_INT_DIGITS:,} digits)", *long_number_position(text))


# a string (skipped whole), or one of the words Python's json reads that JSON has not (JavaScript's JSON.parse
# refuses them)
_CONSTANT = re.compile(rf"{_STRING}|(?<![\w.])(-?Infinity|NaN)(?!\w)")
_AFTER_COMMA = re.compile(r",[ \t\r\n]*+$")


class _Constant(ValueError):
    pass


def _refuse(name: str) -> Any:
    raise _Constant(name)


def strict_json_problem(text: str, bom: bool = False) -> tuple[str, int] | None:
    """What keeps ``text`` from being strict JSON (RFC 8259, as JavaScript's ``JSON.parse`` reads it), with the
    line it is on; None when it is. A client that reads its settings so (Claude Code) skips such a file whole:
    a comment, a trailing comma, ``NaN`` or ``Infinity`` (which Python's ``json`` takes), a byte order mark
    (``bom``: the reader dropped it from ``text``)."""
    if bom:
        return "a byte order mark before the JSON", 1
    try:
        json.loads(text, parse_constant=_refuse)
    except _Constant:
        m = next((m for m in _CONSTANT.finditer(text) if m.group(1)), None)
        at = m.start() if m else 0
        return f"{m.group(1) if m else 'NaN or Infinity'}, which JSON has not", text.count("\n", 0, at) + 1
    except json.JSONDecodeError as exc:
        if text.startswith(("//", "/*"), exc.pos):
            return "a comment", exc.lineno
        before = text[: exc.pos]
        if text[exc.pos : exc.pos + 1] in ("}", "]") and _AFTER_COMMA.search(before):
            comma = before.rstrip().rfind(",")
            return "a trailing comma", text.count("\n", 0, comma) + 1
        return exc.msg, exc.lineno
    except (RecursionError, ValueError):
        return "too deeply nested, or a number too long", 1
    return None
