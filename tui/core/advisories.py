"""OSV advisories shipped in the content pack, matched locally against installed versions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from tui.core.bounded_read import ADVISORY_LIMIT, ReadSkipped
from tui.core.pack_files import PackPath, read_pack_file
from tui.core.safe_json import deep_position, long_number_position
from tui.core.safe_toml import MAX_NESTING
from tui.core.versions import InvalidVersion, OsvRange, Version, try_parse
from tui.errors import Problem

MAX_ADVISORY_BYTES = ADVISORY_LIMIT


@dataclass(frozen=True)
class Affected:
    ecosystem: str
    name: str
    ranges: tuple[OsvRange, ...]
    versions: frozenset[str]

    def affects(self, version: str) -> bool:
        if version in self.versions:
            return True
        v = try_parse(version)
        return v is not None and any(r.affects(v) for r in self.ranges)


@dataclass(frozen=True)
class Advisory:
    id: str
    summary: str
    details: str
    aliases: tuple[str, ...] = ()
    severity: str = ""
    published: str = ""
    modified: str = ""
    references: tuple[str, ...] = ()
    affected: tuple[Affected, ...] = ()
    file: str = ""
    ranges_text: tuple[str, ...] = field(default=())

    def packages(self) -> set[tuple[str, str]]:
        return {(a.ecosystem, a.name) for a in self.affected}

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "summary": self.summary,
            "severity": self.severity or None,
            "aliases": list(self.aliases),
            "affected": list(self.ranges_text),
            "references": list(self.references),
        }


def _describe(events: list[dict]) -> str:
    parts = []
    for ev in events:
        for k, v in ev.items():
            parts.append({"introduced": ">=", "fixed": "<", "last_affected": "<=", "limit": "<"}.get(k, k) + str(v))
    return ", ".join(parts)


def _json_problem(display: str, exc: json.JSONDecodeError) -> Problem:
    return Problem(display, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)


def _too_deep() -> str:
    return f"JSON nesting too deep: more than {MAX_NESTING} levels"


def _deep_json_pos(text: str) -> tuple[int | None, int | None]:
    """Line and column of the bracket that opens a level past the limit (strings skipped)."""
    return deep_position(text, MAX_NESTING + 1)  # the outermost bracket is the document itself


def load_advisory(path: PackPath, display: str, problems: list[Problem]) -> Advisory | None:
    try:
        raw = read_pack_file(path, MAX_ADVISORY_BYTES)
    except ReadSkipped as exc:
        problems.append(Problem(display, f"cannot read: {exc}"))
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        problems.append(Problem(display, "not valid UTF-8"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(_json_problem(display, exc))
        return None
    except RecursionError:  # nested past the stack: said where it passes the limit, as below
        problems.append(Problem(display, _too_deep(), *_deep_json_pos(raw.decode("utf-8"))))
        return None
    except ValueError:  # an integer of more than 4,300 digits (Python's own limit): said where it is
        at = long_number_position(raw.decode("utf-8", "replace"))
        problems.append(Problem(display, "invalid JSON: a number too long to read (more than 4,300 digits)", *at))
        return None
    text = raw.decode("utf-8")
    from tui.core.tomldoc import too_deep

    if too_deep(data, MAX_NESTING) is not None:  # parsed, but too deep for what walks it later
        problems.append(Problem(display, _too_deep(), *_deep_json_pos(text)))
        return None

    def where(needle: str) -> tuple[int | None, int | None]:
        idx = text.find(f'"{needle}"')
        if idx < 0:
            return None, None
        return text.count("\n", 0, idx) + 1, idx - text.rfind("\n", 0, idx)

    def bad(needle: str, message: str) -> None:
        problems.append(Problem(display, message, *where(needle)))

    if not isinstance(data, dict):
        problems.append(Problem(display, "an OSV advisory must be a JSON object", 1, 1))
        return None
    adv_id = data.get("id")
    if not isinstance(adv_id, str) or not adv_id:
        bad("id", "advisory needs a string 'id'")
        return None
    affected_out = []
    ranges_text = []
    affected = data.get("affected")
    if not isinstance(affected, list) or not affected:
        bad("affected", f"{adv_id}: 'affected' must be a non-empty array")
        return None
    for entry in affected:
        pkg = entry.get("package") if isinstance(entry, dict) else None
        if (
            not isinstance(pkg, dict)
            or not isinstance(pkg.get("name"), str)
            or not isinstance(pkg.get("ecosystem"), str)
        ):
            bad("package", f"{adv_id}: each affected entry needs package.ecosystem and package.name")
            continue
        ranges = []
        entry_ranges = entry.get("ranges") or []
        if not isinstance(entry_ranges, list):
            bad("ranges", f"{adv_id}: 'ranges' must be an array")
            entry_ranges = []
        for rng in entry_ranges:
            if not isinstance(rng, dict) or rng.get("type") not in ("SEMVER", "ECOSYSTEM", "GIT"):
                bad("ranges", f"{adv_id}: range type must be SEMVER or ECOSYSTEM")
                continue
            if rng["type"] == "GIT":
                continue  # commits say nothing about installed versions
            events = rng.get("events")
            if not isinstance(events, list):
                bad("events", f"{adv_id}: range needs an 'events' array")
                continue
            try:
                ranges.append(OsvRange.from_events(events))
                ranges_text.append(_describe(events))
            except InvalidVersion as exc:
                bad("events", f"{adv_id}: bad range: {exc}")
        versions = entry.get("versions") or []
        if not isinstance(versions, list) or not all(isinstance(v, str) for v in versions):
            bad("versions", f"{adv_id}: 'versions' must be an array of strings")
            versions = []
        affected_out.append(Affected(pkg["ecosystem"], pkg["name"], tuple(ranges), frozenset(versions)))
    severity = ""
    dbs = data.get("database_specific")
    if isinstance(dbs, dict) and isinstance(dbs.get("severity"), str):
        severity = dbs["severity"].lower()
    for key in ("references", "aliases"):
        if not isinstance(data.get(key) or [], list):
            bad(key, f"{adv_id}: '{key}' must be an array")
            return None
    for key in ("summary", "details", "published", "modified"):
        if data.get(key) is not None and not isinstance(data[key], str):
            bad(key, f"{adv_id}: '{key}' must be a string")
            return None
    refs = tuple(
        r["url"] for r in data.get("references") or [] if isinstance(r, dict) and isinstance(r.get("url"), str)
    )
    aliases = tuple(a for a in data.get("aliases") or [] if isinstance(a, str))

    def s(key: str) -> str:
        v = data.get(key)
        return v if isinstance(v, str) else ""

    return Advisory(
        adv_id,
        s("summary") or adv_id,
        s("details"),
        aliases,
        severity,
        s("published"),
        s("modified"),
        refs,
        tuple(affected_out),
        display,
        tuple(ranges_text),
    )


def matching(
    advisories: list[Advisory], packages: set[tuple[str, str]], tool_id: str, version: str | None
) -> list[Advisory]:
    """Advisories that hit ``version`` of a tool known under ``packages`` (or its aicheck id)."""
    if not version:
        return []
    keys = {(e.lower(), n) for e, n in packages} | {("aicheck", tool_id)}
    hits = []
    for adv in advisories:
        for aff in adv.affected:
            if (aff.ecosystem.lower(), aff.name) in keys and aff.affects(version):
                hits.append(adv)
                break
    return hits


def naming(advisories: list[Advisory], packages: set[tuple[str, str]], tool_id: str) -> list[Advisory]:
    """Advisories about a tool known under ``packages`` (or its aicheck id), whatever version they affect."""
    keys = {(e.lower(), n) for e, n in packages} | {("aicheck", tool_id)}
    return [a for a in advisories if any((aff.ecosystem.lower(), aff.name) in keys for aff in a.affected)]


__all__ = ["Advisory", "Affected", "Version", "load_advisory", "matching", "naming"]
