"""Version ordering and ranges, for policy constraints and OSV advisories.

Tool versions come from npm (SemVer), PyPI (PEP 440), app bundles and folder names. We order them
with SemVer rules (numeric parts, then pre-release below release) which also order plain dotted
versions correctly; PEP 440 strings that SemVer cannot read fall back to ``packaging``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

_SEMVERISH = re.compile(r"^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.\-]+))?(?:\+[0-9A-Za-z.\-]+)?$")


MAX_VERSION_CHARS = 128
MAX_COMPONENT_DIGITS = 20  # a 64-bit number; a longer one is an error, not a 4,300-digit integer


class InvalidVersion(ValueError):
    pass


def _component(text: str, whole: str) -> int:
    if len(text) > MAX_COMPONENT_DIGITS:
        raise InvalidVersion(f"version {whole[:40]!r}: component of {len(text)} digits is too large")
    return int(text)


@total_ordering
@dataclass(frozen=True)
class Version:
    release: tuple[int, ...]
    pre: tuple[tuple[int, int | str], ...] | None  # None = a release, which sorts above any pre-release
    text: str

    @classmethod
    def parse(cls, text: str) -> Version:
        if not isinstance(text, str):
            raise InvalidVersion(repr(text)[:60])
        if len(text) > MAX_VERSION_CHARS:
            raise InvalidVersion(f"version {text[:40]!r}... is too long ({len(text)} characters)")
        m = _SEMVERISH.match(text.strip())
        if m:
            release = tuple(_component(p, text) for p in m.group(1).split("."))
            pre = None
            if m.group(2):
                pre = tuple((0, _component(p, text)) if p.isdigit() else (1, p) for p in m.group(2).split("."))
            return cls(release, pre, text)
        not_one = InvalidVersion(f"{text[:40]!r} is not a version (numbers and dots, like 1.7.2)")
        try:
            from packaging.version import InvalidVersion as _PI
            from packaging.version import Version as _PV
        except ImportError:  # pragma: no cover - packaging is a dependency
            raise not_one from None
        try:
            pv = _PV(text)
        except (_PI, ValueError):
            raise not_one from None
        pre = None
        if pv.pre is not None or pv.dev is not None:
            parts: list[tuple[int, int | str]] = []
            if pv.dev is not None:
                parts.append((1, "dev"))
                parts.append((0, pv.dev))
            if pv.pre is not None:
                parts.append((1, pv.pre[0]))
                parts.append((0, pv.pre[1]))
            pre = tuple(parts)
        return cls(tuple(pv.release), pre, text)

    def _key(self) -> tuple[tuple[int, ...], int, tuple[tuple[int, int | str], ...]]:
        rel = self.release
        while len(rel) > 1 and rel[-1] == 0:
            rel = rel[:-1]
        return (rel, 1 if self.pre is None else 0, self.pre or ())

    def __lt__(self, other: Version) -> bool:
        return self._key() < other._key()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __str__(self) -> str:
        return self.text


def try_parse(text: str | None) -> Version | None:
    if not text:
        return None
    try:
        return Version.parse(text)
    except InvalidVersion:
        return None


_OPS = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "=": lambda a, b: a == b,
}
_CLAUSE = re.compile(r"^\s*(>=|<=|==|!=|>|<|=)?\s*([^\s,]+)\s*$")


@dataclass(frozen=True)
class Constraint:
    """A policy version constraint such as ``>=2.1.198`` or ``>=1.2, <2``; every clause must hold."""

    clauses: tuple[tuple[str, Version], ...]
    text: str

    @classmethod
    def parse(cls, text: str) -> Constraint:
        if not isinstance(text, str) or not text.strip():
            raise InvalidVersion("empty version constraint")
        clauses = []
        for raw in text.split(","):
            m = _CLAUSE.match(raw)
            if not m:
                raise InvalidVersion(f"cannot read version constraint {raw.strip()!r}")
            if "*" in m.group(2):  # `2.*`, as npm and pip write a series: a range here
                raise InvalidVersion(f"{raw.strip()!r}: no wildcards; write the range, like '>=2,<3'")
            clauses.append((m.group(1) or "==", Version.parse(m.group(2))))
        return cls(tuple(clauses), text.strip())

    def allows(self, version: Version) -> bool:
        """Whether ``version`` meets every clause. ``<V`` (V a release) excludes V's own pre-releases, as npm's
        ranges and PEP 440 do: ``<2`` means "before 2", not "up to 2.0.0-rc.9" (a red team had a grant for
        ``>=0.9,<1`` cover 1.0.0-rc.2, and a rule's allowed range would pass one the same way)."""
        return all(_OPS[op](version, v) and not (op == "<" and _pre_of(version, v)) for op, v in self.clauses)


def _pre_of(version: Version, bound: Version) -> bool:
    """Whether ``version`` is a pre-release (or dev release) of the release ``bound``."""
    if version.pre is None or bound.pre is not None:
        return False
    return version._key()[0] == bound._key()[0]


@dataclass(frozen=True)
class OsvRange:
    """One OSV ``ranges[]`` entry, evaluated with the OSV algorithm over sorted events."""

    events: tuple[tuple[str, Version | None], ...]  # ("introduced", v) with None meaning "0"

    @classmethod
    def from_events(cls, events: list[dict]) -> OsvRange:
        parsed: list[tuple[str, Version | None]] = []
        for ev in events:
            if not isinstance(ev, dict) or len(ev) != 1:
                raise InvalidVersion("each event must have exactly one of introduced/fixed/last_affected/limit")
            ((kind, value),) = ev.items()
            if kind not in ("introduced", "fixed", "last_affected", "limit"):
                raise InvalidVersion(f"unknown event {kind!r}")
            if not isinstance(value, str):
                raise InvalidVersion(f"{kind} must be a string")
            if kind == "introduced" and value == "0":
                parsed.append((kind, None))
            else:
                parsed.append((kind, Version.parse(value)))
        if not any(k == "introduced" for k, _ in parsed):
            raise InvalidVersion("a range needs an 'introduced' event")
        return cls(tuple(parsed))

    def affects(self, version: Version) -> bool:
        zero = Version((0,), ((0, -1),), "0")  # below everything

        def key(ev: tuple[str, Version | None]) -> Version:
            _kind, v = ev
            return v if v is not None else zero

        affected = False
        limit_hit = False
        for kind, v in sorted((e for e in self.events if e[0] != "limit"), key=key):
            point = v if v is not None else zero
            if kind == "introduced":
                if version >= point:
                    affected = True
            elif kind == "fixed":
                if version >= point:
                    affected = False
            elif kind == "last_affected" and version > point:
                affected = False
        for kind, v in self.events:
            if kind == "limit" and v is not None and version >= v:
                limit_hit = True
        return affected and not limit_hit


_LONG_COMPONENT = re.compile(rf"\d{{{MAX_COMPONENT_DIGITS + 1}}}")


def pack_version_problem(text: str) -> str | None:
    """Why ``text`` is no content-pack version (None when it is one): too long, a number of more than 20 digits,
    or not a version at all (``packaging``'s rules, PEP 440). The one rule for a pack folder's ``pack.toml``
    (:mod:`tui.core.content`) and a signed archive's (:mod:`tui.packs.meta`)."""
    from packaging.version import InvalidVersion, Version

    if len(text) > MAX_VERSION_CHARS:
        return f"version {text[:40]!r}... is too long ({len(text)} characters)"
    if _LONG_COMPONENT.search(text):
        return f"version {text!r} has a number of more than {MAX_COMPONENT_DIGITS} digits"
    try:
        Version(text)
    except (InvalidVersion, ValueError):
        return f'version {text!r} is not a version number (use e.g. "2026.11.1")'
    return None
