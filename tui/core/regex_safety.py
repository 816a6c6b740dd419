"""Whether a regular expression a content pack supplies can backtrack catastrophically on the text it runs on.

A pack's patterns (the catalog's ``npm_version_marks``, a policy condition's ``none_matching``) run on what is
on the scanned machine, which its user writes. Python's ``re`` backtracks: a repeat whose body can match the
same text in more than one way (``(a+)+``, ``(a*)*``, ``(a|aa)+``, ``(\\w+\\s?)+``) tries every way before it
fails, a number exponential in the length of the text (``'^(a+)+$'`` on 4,000 ``a`` and a ``b`` never ends).
A backreference (``\\1``, ``(?P=name)``) matches what a group matched, which no such analysis bounds. Both are
refused when the pack is validated (see :func:`backtracking_problem`), so a scan never meets them.

The check is exact for what it looks at, not a rule of thumb on nested quantifiers: ``(sudo|env)(\\s+|:)``
repeated, as the bundled policy writes it, is not refused, because each repetition matches in one way only.
The pattern, as Python's own parser reads it, becomes a Glushkov automaton: one state per character it
matches (its *positions*), and edges from one position to the next, each counted with the ways it is taken
(the edge a repeat adds beside the same edge its body adds is a second way, ``(a+)+``; so is an edge across
a part that matches nothing in two ways, ``a|a``, which Python's parser reads as ``a(?:|)``). A pattern has
exponentially many ways to match some text exactly when, in the product of that automaton with itself, a
cycle through a pair of equal states passes through a pair of different ones or takes an edge taken in two
ways (Weber and Seidl, *On the degree of ambiguity of finite automata*, 1991). Character classes are compared
on sample characters: every character the pattern names and the ends of its ranges, with their neighbours
and other case, and one of each kind (letter, digit, space...).

Conservative where Python's engine would not backtrack: possessive repeats and atomic groups count as plain
ones, and a counted repeat too large to unroll counts as unbounded. Lookarounds are checked on their own.
Polynomial backtracking (``\\s*[ :]*`` side by side) is not refused: it stays within what a scan bounds (a
value is matched up to 4,096 characters, an npm mark in a file's first 4 KiB).
"""

from __future__ import annotations

import bisect
import contextlib
import importlib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.tomldoc import TomlDoc
    from tui.errors import Problem

try:  # Python 3.11 and later
    _parser: Any = importlib.import_module("re._parser")
    _constants: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - older Pythons name them sre_parse and sre_constants
    _parser = importlib.import_module("sre_parse")
    _constants = importlib.import_module("sre_constants")

MAXREPEAT = int(_constants.MAXREPEAT)
MAX_PATTERN_CHARS = 2000  # a pack's patterns are a few hundred characters at most
MAX_POSITIONS = 2000  # characters the pattern matches, counted repeats unrolled
MAX_PATTERN_STEPS = 1_000_000  # work on one pattern (about a second at most) before it is called too complex
MAX_PACK_STEPS = 10_000_000  # work on all of a pack's patterns (see pack_budget)
_UNROLL = 200  # a counted repeat is unrolled while it makes at most this many positions
_SAMPLES = "aAzZ09_ \t\n\r-.:/\\*!~\x00\x7fé\u00a0\u2028\u0130\u212a\uffff"  # one of each kind, and case oddities

BACKREFERENCE = (
    "uses a backreference (\\1, (?P=name)): it can take time exponential in the length of the text; write the "
    "pattern without one"
)
CATASTROPHIC = (
    "can backtrack catastrophically: one of its repeats can match the same text in more than one way (like "
    "(a+)+, (a|aa)+ or (\\w+\\s?)+), which takes time exponential in the length of the text; make each repeat "
    "match any text in one way only (e.g. (\\w+\\s)*\\w+ for (\\w+\\s?)+)"
)
TOO_COMPLEX = "is too long or too complex to check that it cannot backtrack catastrophically; write a simpler pattern"


class _Refused(Exception):
    """Why a pattern is refused (one of the messages above)."""


def _name(op: object) -> str:
    return str(getattr(op, "name", op))


# -- the work a check may take ------------------------------------------------------------------------------

_PACK_WORK: ContextVar[list[int] | None] = ContextVar("_PACK_WORK", default=None)


@contextlib.contextmanager
def pack_budget(steps: int = MAX_PACK_STEPS) -> Iterator[None]:
    """Within the block, the patterns checked share ``steps`` steps of work (a pack of many thousands of
    contrived patterns is refused as too complex, never checked for minutes); each pattern has its own bound
    in any case."""
    token = _PACK_WORK.set([steps])
    try:
        yield
    finally:
        _PACK_WORK.reset(token)


class _Work:
    def __init__(self) -> None:
        self.left = MAX_PATTERN_STEPS
        self.pack = _PACK_WORK.get()

    def spend(self, steps: int) -> None:
        self.left -= steps
        if self.pack is not None:
            self.pack[0] -= steps
            if self.pack[0] < 0:
                raise _Refused(TOO_COMPLEX)
        if self.left < 0:
            raise _Refused(TOO_COMPLEX)


# -- character classes, as the set of sample characters each one matches -----------------------------------


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}
_CASE_FLAGS = re.IGNORECASE | re.DOTALL | re.ASCII  # the flags that change what a character class matches


def _sample_chars(parsed: Any) -> set[str]:
    """The sample characters: each character the pattern names and each end of its ranges, with their
    neighbours (so that a gap between them is sampled too) and their other case, and one of each kind."""
    found = set(_SAMPLES)

    def add(code: int) -> None:
        for c in (code - 1, code, code + 1):
            if 0 <= c <= 0x10FFFF:
                ch = chr(c)
                found.update(x for x in (ch, ch.lower(), ch.upper()) if len(x) == 1)

    def item(op: object, av: Any) -> None:
        name = _name(op)
        if name in ("LITERAL", "NOT_LITERAL"):
            add(av)
        elif name == "RANGE":
            add(av[0])
            add(av[1])
        elif name == "IN":
            for inner_op, inner_av in av:
                item(inner_op, inner_av)
        else:
            walk(av)

    def walk(part: Any) -> None:
        if isinstance(part, _parser.SubPattern):
            for op, av in part:
                item(op, av)
        elif isinstance(part, (list, tuple)):  # a group's (id, flags, flags, pattern), a branch's alternatives
            for inner in part:
                walk(inner)

    walk(parsed)
    return found


class _Alphabet:
    """The sample characters, and the ones each character class of the pattern matches, as the bits of an int."""

    def __init__(self, parsed: Any, work: _Work):
        self.chars = sorted(_sample_chars(parsed))
        self.codes = [ord(c) for c in self.chars]
        self.all = (1 << len(self.chars)) - 1
        self.work = work
        self._lower: dict[str, int] = {}
        self._upper: dict[str, int] = {}
        for i, ch in enumerate(self.chars):
            self._lower[ch.lower()] = self._lower.get(ch.lower(), 0) | 1 << i
            self._upper[ch.upper()] = self._upper.get(ch.upper(), 0) | 1 << i
        self._cache: dict[tuple[str, str, int], int] = {}
        work.spend(len(self.chars))

    def literal(self, code: int, ignore_case: bool) -> int:
        ch = chr(code)
        i = bisect.bisect_left(self.codes, code)
        bits = 1 << i if i < len(self.codes) and self.codes[i] == code else 0
        if ignore_case:
            bits |= self._lower.get(ch.lower(), 0) | self._upper.get(ch.upper(), 0)
        return bits

    def range(self, low: int, high: int, ignore_case: bool) -> int:
        i, j = bisect.bisect_left(self.codes, low), bisect.bisect_right(self.codes, high)
        bits = ((1 << j) - 1) ^ ((1 << i) - 1)
        if ignore_case:  # a character whose other case is in the range
            self.work.spend(len(self.chars))
            for k, ch in enumerate(self.chars):
                if any(len(c) == 1 and low <= ord(c) <= high for c in (ch.lower(), ch.upper())):
                    bits |= 1 << k
        return bits

    def category(self, name: str, flags: int) -> int:
        regex = _CATEGORIES.get(name)
        if regex is None:
            return self.all  # an unknown kind of character: taken to match everything (the safe side)
        key = ("CATEGORY", name, flags & re.ASCII)
        if key not in self._cache:
            self.work.spend(len(self.chars))
            compiled = re.compile(regex, re.ASCII if flags & re.ASCII else 0)
            self._cache[key] = sum(1 << i for i, ch in enumerate(self.chars) if compiled.fullmatch(ch))
        return self._cache[key]

    def mask(self, op: str, av: Any, flags: int) -> int:
        """The sample characters the one-character item ``(op, av)`` matches."""
        key = (op, repr(av), flags & _CASE_FLAGS)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        ignore_case = bool(flags & re.IGNORECASE)
        if op == "LITERAL":
            bits = self.literal(av, ignore_case)
        elif op == "NOT_LITERAL":
            bits = self.all ^ self.literal(av, ignore_case)
        elif op == "ANY":
            bits = self.all if flags & re.DOTALL else self.all ^ self.literal(ord("\n"), False)
        elif op == "IN":
            self.work.spend(len(av))
            bits, negate = 0, False
            for item_op, item_av in av:
                name = _name(item_op)
                if name == "NEGATE":
                    negate = True
                elif name == "LITERAL":
                    bits |= self.literal(item_av, ignore_case)
                elif name == "RANGE":
                    bits |= self.range(item_av[0], item_av[1], ignore_case)
                elif name == "CATEGORY":
                    bits |= self.category(_name(item_av), flags)
                else:
                    bits = self.all
            bits = self.all ^ bits if negate else bits
        else:
            bits = self.all
        self._cache[key] = bits
        return bits


# -- the pattern as a tree of sets, sequences, alternatives and repeats -------------------------------------


@dataclass
class _Node:
    kind: str  # "set" (one character), "seq", "alt", "star" (zero or more), "empty"
    mask: int = 0  # "set": the sample characters it matches, as bits
    children: list[_Node] = field(default_factory=list)

    def positions(self) -> int:
        return 1 if self.kind == "set" else sum(c.positions() for c in self.children)

    def loops(self) -> bool:
        return self.kind == "star" or any(c.loops() for c in self.children)


_EMPTY = _Node("empty")
_ZERO_WIDTH = {"AT"}  # anchors, \b: match no character
_LOOKAROUND = {"ASSERT", "ASSERT_NOT"}
_ONE_CHARACTER = {"LITERAL", "NOT_LITERAL", "ANY", "IN"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


class _Builder:
    def __init__(self, alphabet: _Alphabet, lookarounds: list[Any]):
        self.alphabet = alphabet
        self.lookarounds = lookarounds  # (flags, sub-pattern) of each lookaround, checked on their own

    def seq(self, items: Any, flags: int) -> _Node:
        self.alphabet.work.spend(len(items))
        return _Node("seq", children=[self.item(_name(op), av, flags) for op, av in items])

    def item(self, op: str, av: Any, flags: int) -> _Node:
        if op in _ONE_CHARACTER:
            return _Node("set", mask=self.alphabet.mask(op, av, flags))
        if op == "SUBPATTERN":
            _group, add, remove, sub = av
            return self.seq(sub, (flags | add) & ~remove)
        if op == "ATOMIC_GROUP":  # counted as a plain group (the safe side)
            return self.seq(av, flags)
        if op == "BRANCH":
            return _Node("alt", children=[self.seq(branch, flags) for branch in av[1]])
        if op in _REPEATS:
            low, high, sub = av
            return self.repeat(int(low), int(high), self.seq(sub, flags), lambda: self.seq(sub, flags))
        if op in _ZERO_WIDTH:
            return _EMPTY
        if op in _LOOKAROUND:
            self.lookarounds.append((flags, av[1]))
            return _EMPTY
        if op in ("GROUPREF", "GROUPREF_IGNORE", "GROUPREF_LOC_IGNORE", "GROUPREF_UNI_IGNORE"):
            raise _Refused(BACKREFERENCE)
        if op == "GROUPREF_EXISTS":  # (?(1)yes|no): either branch
            _group, yes, no = av
            return _Node("alt", children=[self.seq(yes, flags), self.seq(no, flags) if no else _EMPTY])
        if op == "FAILURE":
            return _Node("set", mask=0)
        return _Node("set", mask=self.alphabet.all)  # unknown: one character of any kind

    def repeat(self, low: int, high: int, body: _Node, fresh: Any) -> _Node:
        """``body{low,high}``: unrolled when small and the body has no repeat of its own (``fresh()`` gives
        another copy of the body, with positions of its own); otherwise at most one copy then ``body*``."""
        if high == 1:
            return body if low >= 1 else _Node("alt", children=[body, _EMPTY])
        size = body.positions()
        # a body that repeats itself counts as unbounded: its copies side by side can share text in ways that
        # multiply with every copy ((a+){1,10} is as slow as (a+)+ on the texts a scan reads)
        bounded = high != MAXREPEAT and (size == 0 or high * size <= _UNROLL) and not body.loops()
        if bounded:
            copies = [body] + [fresh() for _ in range(high - 1)]
            tail: _Node = _EMPTY
            for copy in reversed(copies[low:]):  # the optional ones nest: (x(x(x)?)?)?, as the engine counts
                tail = _Node("alt", children=[_Node("seq", children=[copy, tail]), _EMPTY])
            return _Node("seq", children=[*copies[:low], tail])
        star = _Node("star", children=[fresh() if low >= 1 else body])
        return _Node("seq", children=[body, star]) if low >= 1 else star


# -- the Glushkov automaton, and its ambiguity ---------------------------------------------------------------


def _add(into: dict[int, int], key: int, ways: int) -> None:
    into[key] = min(2, into.get(key, 0) + ways)  # one way, or more than one: all that counts here


class _Automaton:
    """The Glushkov automaton of a pattern, with how many ways (one, or more than one) each edge is taken: a
    repeat adds its own edge beside the same one its body adds (``(a+)+``), and an edge that passes where the
    pattern matches nothing in two ways (``a|a``, which Python's parser reads as ``a(?:|)``) counts twice."""

    def __init__(self, work: _Work) -> None:
        self.work = work
        self.masks: list[int] = []
        self.edges: list[dict[int, int]] = []  # per position: next position -> ways

    def _link(self, last: dict[int, int], first: dict[int, int], ways: int = 1) -> None:
        self.work.spend(len(last) * len(first))
        for p, wp in last.items():
            for q, wq in first.items():
                _add(self.edges[p], q, wp * wq * ways)

    def build(self, node: _Node) -> tuple[int, dict[int, int], dict[int, int]]:
        """(ways to match nothing, first positions, last positions) of ``node``, the positions with the ways to
        reach them from its start or to end from them; its positions and edges are added."""
        if node.kind == "set":
            pos = len(self.masks)
            if pos >= MAX_POSITIONS:
                raise _Refused(TOO_COMPLEX)
            self.masks.append(node.mask)
            self.edges.append({})
            return 0, {pos: 1}, {pos: 1}
        if node.kind == "empty":
            return 1, {}, {}
        if node.kind == "alt":
            empty, first, last = 0, dict[int, int](), dict[int, int]()
            for child in node.children:
                e, f, la = self.build(child)
                empty = min(2, empty + e)
                first.update(f)  # each position belongs to one alternative
                last.update(la)
            return empty, first, last
        if node.kind == "star":  # an iteration that matched nothing ends the loop: it adds no way of its own
            _e, first, last = self.build(node.children[0])
            self._link(last, first)
            return 1, first, last
        # a sequence: each child's last positions lead to the first ones of the next that is not skipped
        empty, first, open_last = 1, dict[int, int](), dict[int, int]()
        for child in node.children:
            e, f, la = self.build(child)
            self._link(open_last, f)
            if empty:
                for q, w in f.items():
                    _add(first, q, empty * w)
            open_last = {p: min(2, w * e) for p, w in open_last.items()} if e else {}
            for p, w in la.items():
                _add(open_last, p, w)
            empty = min(2, empty * e)
        return empty, first, open_last

    def exponential(self) -> bool:
        """Whether some text has exponentially many paths through the automaton (see the module's docstring)."""
        for component in _components(range(len(self.masks)), lambda p: iter(self.edges[p])):
            inside = set(component)
            local = {p: [(q, w) for q, w in self.edges[p].items() if q in inside] for p in component}
            if not any(local[p] for p in component):
                continue  # a position on no loop

            def successors(pair: tuple[int, int], local: dict[int, list[tuple[int, int]]] = local) -> Any:
                p, q = pair
                self.work.spend(len(local[p]) * len(local[q]) + 1)
                for p2, _ in local[p]:
                    for q2, _ in local[q]:
                        if self.masks[p2] & self.masks[q2]:  # a character both can read
                            yield (p2, q2)

            nodes = [(p, p) for p in component]
            for scc in _components(nodes, successors):
                if any(p == q for p, q in scc) and (any(p != q for p, q in scc) or _diverges_inside(scc, local)):
                    return True
        return False


def _diverges_inside(scc: list[tuple[int, int]], local: dict[int, list[tuple[int, int]]]) -> bool:
    """Whether an edge taken in more than one way leads from a position of ``scc``'s diagonal to another."""
    diagonal = {p for p, q in scc if p == q}
    return any(q in diagonal and ways > 1 for p in diagonal for q, ways in local[p])


def _components(nodes: Any, successors: Any) -> list[list[Any]]:
    """The strongly connected components reachable from ``nodes`` (Tarjan's algorithm, without recursion)."""
    index: dict[Any, int] = {}
    low: dict[Any, int] = {}
    on_stack: set[Any] = set()
    stack: list[Any] = []
    found: list[list[Any]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(successors(root)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(successors(nxt))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found


def backtracking_problem(pattern: str, flags: int = 0) -> str | None:
    """None when ``pattern`` (one that compiles) cannot backtrack catastrophically on any text; otherwise why
    it is refused, to follow the pattern in a message (``"pattern X " + why``)."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return TOO_COMPLEX
    try:
        work = _Work()
        parsed = _parser.parse(pattern, flags)
        state = getattr(parsed, "state", None) or getattr(parsed, "pattern", None)
        flags = int(getattr(state, "flags", flags))
        alphabet = _Alphabet(parsed, work)
        todo: list[Any] = [(flags, parsed)]
        while todo:
            sub_flags, sub = todo.pop()
            lookarounds: list[Any] = []
            tree = _Builder(alphabet, lookarounds).seq(sub, sub_flags)
            automaton = _Automaton(work)
            automaton.build(tree)
            if automaton.exponential():
                return CATASTROPHIC
            todo += lookarounds
    except _Refused as refused:
        return str(refused)
    except RecursionError:
        return TOO_COMPLEX
    except (re.error, ValueError, TypeError, AttributeError, IndexError):  # a parser of another Python version
        return None
    return None


def pattern_problem(doc: TomlDoc, keypath: tuple, pattern: str, message: str) -> Problem:
    """The problem ``message`` about ``pattern``, a string the TOML value at ``keypath`` holds: at the line and
    column where the pattern is written when it is found there (in a list written over many lines, its own
    line), else at the key."""
    from tui.errors import Problem

    at_key = doc.problem(keypath, message)
    if at_key.line is None or not pattern:
        return at_key
    written = (pattern, pattern.replace("\\", "\\\\").replace('"', '\\"'))  # in '...', and in "..."
    lines = doc.text.splitlines()
    for n in range(at_key.line - 1, min(len(lines), at_key.line + 1000)):
        for form in written:
            col = lines[n].find(form)
            if col >= 0:
                return Problem(at_key.file, message, n + 1, col + 1)
    return at_key


__all__ = [
    "BACKREFERENCE",
    "CATASTROPHIC",
    "TOO_COMPLEX",
    "backtracking_problem",
    "pack_budget",
    "pattern_problem",
]
