"""A JSON document too big to hold, read piece by piece with the bulky parts it names left out.

``~/.claude.json`` keeps every project's prompt history (with pasted text), and heavy users' files reach tens or
hundreds of MB; the scan needs only its settings and MCP servers. :func:`load_pruned` reads the document from
an iterator of byte pieces and returns it as :func:`json.loads` would, but without the values at the paths it is
told to leave out (``("projects", "*", "history")``: ``*`` is any key). Memory stays bounded: a window of about
one piece, plus what is kept (at most ``keep_limit`` characters).

What is kept is parsed by :func:`json.loads` itself, so it is exactly what a whole read would give. A left-out
value is only checked for whole strings and matching brackets, and never decoded; a broken file is an error
with its line and column (:class:`PrunedJsonError`), as :func:`json.loads` would report it."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator

JsonPath = tuple[str, ...]
MAX_NESTING = 1000  # brackets open at once in a left-out value (json.loads stops at the recursion limit)

_WS = re.compile(r"[ \t\n\r]*+")
_STRING = r'"[^"\\]*+(?:\\[\s\S][^"\\]*+)*+"'
_FLAT0 = rf'(?:[^"\[\]{{}}]++|{_STRING})*+'  # anything but brackets, and whole strings
_FLAT1 = rf'(?:[^"\[\]{{}}]++|{_STRING}|\{{{_FLAT0}\}}|\[{_FLAT0}\])*+'  # ... and brackets one deep
# a run the window holds whole, with brackets up to two deep: a history entry ({"display": …,
# "pastedContents": {…}}) is passed over in one call of the regular expression engine, not bracket by bracket
_RUN = re.compile(rf'(?:[^"\[\]{{}}]++|{_STRING}|\{{{_FLAT1}\}}|\[{_FLAT1}\])*+')
_STRING_BODY = re.compile(r'[^"\\]*+(?:\\[\s\S][^"\\]*+)*+')  # up to the closing quote (or the window's end)
_SCALAR = re.compile(r'[^\s,:\[\]{}"]*+')
_OPENS = {"]": "[", "}": "{"}
_LEFT_OUT = object()


class PrunedJsonError(ValueError):
    """Not a JSON document (or too big to keep): the message, and where in the file."""

    def __init__(self, msg: str, line: int = 0, column: int = 0) -> None:
        super().__init__(f"{msg} (line {line}, column {column})" if line else msg)
        self.msg, self.line, self.column = msg, line, column


class KeptTooLarge(PrunedJsonError):
    """What would be kept is more than ``keep_limit`` characters."""


def load_pruned(pieces: Iterator[bytes], leave_out: tuple[JsonPath, ...], keep_limit: int) -> object:
    """The UTF-8 JSON document ``pieces`` hold, without the values at the paths in ``leave_out`` (their keys are
    dropped). Raises :class:`PrunedJsonError` (:class:`KeptTooLarge` when the rest is over ``keep_limit``)."""
    reader = _Reader(pieces, leave_out, keep_limit)
    value = reader.value(())
    reader.ws()
    if reader.peek():
        reader.fail("Extra data")
    return None if value is _LEFT_OUT else value


class _Window:
    """The document's text as a window over its pieces: what was read before it is dropped (or, while a value
    is kept, collected), and lines are counted as they go, for an error's line and column."""

    def __init__(self, pieces: Iterator[bytes], keep_limit: int) -> None:
        self._pieces = pieces
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.buf = ""
        self.pos = 0
        self._eof = False
        self._base = 0  # the window's offset in the document, in characters
        self._counted = 0  # the window's characters before this one have had their line breaks counted
        self._lines = 0  # ... that many
        self._line_start = 0  # the document's offset just after the last of them
        self._kept: list[str] | None = None
        self._kept_from = 0
        self._kept_size = 0
        self._keep_limit = keep_limit

    def more(self) -> bool:
        """Move the window past what was read and take in the next piece; False at the document's end."""
        while not self._eof:
            try:
                piece = next(self._pieces, None)
                text = self._decoder.decode(piece or b"", final=piece is None)
            except UnicodeDecodeError:
                self.fail("not valid UTF-8")
            self._eof = piece is None
            if self._kept is not None:
                self._keep(self.buf[self._kept_from : self.pos])
                self._kept_from = 0
            self._count(self.pos)
            self._base += self.pos
            self.buf = self.buf[self.pos :] + text
            if self._base == 0 and self.buf.startswith("\ufeff"):
                self.buf = self.buf[1:]  # a byte order mark, as the whole-file read drops it
            self.pos = self._counted = 0
            if text:
                return True
        return False

    def peek(self) -> str:
        """The next character ("" at the end)."""
        while self.pos >= len(self.buf):
            if not self.more():
                return ""
        return self.buf[self.pos]

    def ws(self) -> None:
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf) or not self.more():
                return

    def _count(self, to: int) -> None:
        """Count the line breaks up to ``to`` in the window (each character once, however often asked)."""
        if to > self._counted:
            breaks = self.buf.count("\n", self._counted, to)
            if breaks:
                self._lines += breaks
                self._line_start = self._base + self.buf.rfind("\n", self._counted, to) + 1
            self._counted = to

    def where(self) -> tuple[int, int]:
        """Line and column (from 1) of the next character."""
        self._count(self.pos)
        return self._lines + 1, self._base + self.pos - self._line_start + 1

    def fail(self, msg: str, at: tuple[int, int] | None = None) -> None:
        line, column = at or self.where()
        raise PrunedJsonError(msg, line, column)

    def begin_keep(self) -> None:
        self._kept, self._kept_from = [], self.pos

    def end_keep(self) -> str:
        assert self._kept is not None
        self._keep(self.buf[self._kept_from : self.pos])
        text, self._kept = "".join(self._kept), None
        return text

    def _keep(self, part: str) -> None:
        assert self._kept is not None
        self._kept_size += len(part)
        if self._kept_size > self._keep_limit:
            raise KeptTooLarge(f"more than {self._keep_limit} characters to keep")
        self._kept.append(part)


class _Reader(_Window):
    def __init__(self, pieces: Iterator[bytes], leave_out: tuple[JsonPath, ...], keep_limit: int) -> None:
        super().__init__(pieces, keep_limit)
        self._leave_out = leave_out

    def value(self, path: JsonPath) -> object:
        self.ws()
        c = self.peek()
        if not c:
            self.fail("Expecting value")
        if any(_matches(p, path) for p in self._leave_out):
            self.skip()
            return _LEFT_OUT
        if c == "{" and any(len(p) > len(path) and _matches(p[: len(path)], path) for p in self._leave_out):
            return self.members(path)
        return self.kept()

    def members(self, path: JsonPath) -> dict[str, object]:
        self.pos += 1
        out: dict[str, object] = {}
        self.ws()
        if self.peek() == "}":
            self.pos += 1
            return out
        while True:
            self.ws()
            if self.peek() != '"':
                self.fail("Expecting property name enclosed in double quotes")
            key = self.kept()
            assert isinstance(key, str)
            self.ws()
            if self.peek() != ":":
                self.fail("Expecting ':' delimiter")
            self.pos += 1
            item = self.value((*path, key))
            if item is not _LEFT_OUT:
                out[key] = item
            self.ws()
            c = self.peek()
            self.pos += 1
            if c == "}":
                return out
            if c != ",":
                self.pos -= 1
                self.fail("Expecting ',' delimiter")

    def kept(self) -> object:
        """The next value, parsed by :func:`json.loads` (its errors placed in the file)."""
        start = self.where()
        self.begin_keep()
        self.skip()
        text = self.end_keep()
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            line = start[0] + exc.lineno - 1
            self.fail(exc.msg, (line, exc.colno if exc.lineno > 1 else start[1] + exc.colno - 1))
        except RecursionError:
            self.fail("nested too deeply", start)
        raise AssertionError  # fail() raised

    def skip(self) -> None:
        """Past the next value: strings whole, brackets matched; nothing else is looked at."""
        self.ws()
        c = self.peek()
        if c == '"':
            self.string()
        elif c in "[{":
            self.brackets()
        else:
            moved = False
            while True:
                end = _SCALAR.match(self.buf, self.pos).end()  # type: ignore[union-attr]
                moved, self.pos = moved or end > self.pos, end
                if end < len(self.buf) or not self.more():
                    break
            if not moved:
                self.fail("Expecting value")

    def string(self) -> None:
        self.pos += 1  # the opening quote
        while True:
            self.pos = _STRING_BODY.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf) and self.buf[self.pos] == '"':
                self.pos += 1
                return
            # the window's end, or a backslash whose escaped character is in the next piece
            if not self.more():
                self.fail("Unterminated string")

    def brackets(self) -> None:
        opened = [self.buf[self.pos]]  # taken by hand: a run would pass over the whole value, and what follows
        self.pos += 1
        while True:
            self.pos = _RUN.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos >= len(self.buf):
                if not self.more():
                    self.fail("Expecting ',' delimiter")
                continue
            c = self.buf[self.pos]
            if c == '"':  # a string the window cuts
                self.string()
                continue
            if c in "[{":
                opened.append(c)
                if len(opened) > MAX_NESTING:
                    self.fail("nested too deeply")
            elif not opened or opened.pop() != _OPENS[c]:
                self.fail("mismatched bracket")
            self.pos += 1
            if not opened:
                return


def _matches(pattern: JsonPath, path: JsonPath) -> bool:
    return len(pattern) == len(path) and all(p in ("*", k) for p, k in zip(pattern, path, strict=True))
