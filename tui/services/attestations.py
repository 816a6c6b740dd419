"""Conditions the user confirmed ("I will not paste customer data").

A confirmation belongs to the policy version and to the exact wording of the condition: the key is
(policy version, tool id, condition id, sha256 of the condition's text). Editing a comment in policy.toml
keeps them; a new policy version or a reworded condition asks again.

Kept in ``<data_dir>/attestations.toml``. A file written by an older aicheck (keyed by the policy file's
sha256, without ``format``) is ignored: its confirmations are asked again, and the next one replaces it.
A file that cannot be read (broken TOML, wrong types, a ``format`` this aicheck does not know, a FIFO or a
folder in its place) counts for nothing either, but never in silence: the scan lists it among its errors
(with the file and line), ``aicheck attest`` names it, and nothing overwrites it, since it may hold the
user's other confirmations (:func:`record` refuses, saying which file to repair or move away). Counting
for nothing can only leave a condition unconfirmed, never make a tool compliant.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui import paths
from tui.core.bounded_read import RECORD_LIMIT, FileMissing, ReadSkipped, read_bounded_text
from tui.core.safe_toml import parse_toml
from tui.errors import RecordError

if TYPE_CHECKING:
    from tui.core.policy import Policy

FILE = "attestations.toml"
FORMAT = 2


@dataclass(frozen=True)
class Key:
    policy_version: str
    tool: str
    condition: str
    text_sha256: str


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key_for(policy: Policy, tool_id: str, condition_id: str) -> Key | None:
    """The key of one attested condition of ``policy`` (``None`` if the policy has no such condition)."""
    rule = policy.rule(tool_id)
    cond = next((c for c in (rule.conditions if rule else ()) if c.id == condition_id), None)
    if cond is None:
        return None
    return Key(policy.version, tool_id, condition_id, text_sha256(cond.text))


def _path(data_dir: Path | None) -> Path:
    return (data_dir or paths.data_dir()) / FILE


def _read(data_dir: Path | None) -> tuple[dict[Key, dt.datetime | None], str | None]:
    """The confirmations in the file, and what is wrong with it (``None``: nothing; no file is no problem).
    A file with a problem counts for nothing."""
    path = _path(data_dir)
    try:
        text = read_bounded_text(path, RECORD_LIMIT)  # a FIFO or a device is refused, never waited on
        data = parse_toml(text)
    except FileMissing:
        return {}, None
    except ReadSkipped as exc:
        from tui.core.text import clean

        return {}, f"{path}: unreadable: {clean(str(exc), 600)}"
    problem = damage(data, path, text)
    return ({}, problem) if problem else (confirmed_in(data), None)


def damage(data: dict, path: str | Path, text: str) -> str | None:
    """What is wrong with a decoded ``attestations.toml`` (``path:line: what``), or None. An older aicheck's
    file (no ``format``, keyed by ``policy_sha256``) and an empty one are not damaged: they confirm nothing."""
    from tui.requests.fields import wrong

    def at(keypath: tuple, message: str) -> str:
        from tui.core.tomldoc import TomlDoc
        from tui.errors import Problem

        return str(Problem(str(path), message, TomlDoc(Path(path), str(path), text).pos(keypath)[0]))

    fmt = data.get("format")
    if fmt is None:
        if not data or "policy_sha256" in data:
            return None
        return at((), f"no format: not an attestations file aicheck wrote (it writes format = {FORMAT})")
    if isinstance(fmt, bool) or not isinstance(fmt, int):
        return at(("format",), str(wrong("format", "a whole number", fmt)))
    if fmt != FORMAT:
        newer = "; a newer aicheck wrote it? update aicheck" if fmt > FORMAT else ""
        return at(("format",), f"format = {fmt}: this aicheck reads format {FORMAT}{newer}")
    if "updated" in data and not isinstance(data["updated"], dt.datetime):
        return at(("updated",), str(wrong("updated", "a date and time", data["updated"])))
    items = data.get("confirmed", [])
    if not isinstance(items, list):
        return at(("confirmed",), str(wrong("confirmed", "a list of [[confirmed]] tables", items)))
    for i, item in enumerate(items):
        bad = _entry_damage(item, i)
        if bad:
            return at(*bad)
    return None


def _entry_damage(item: object, i: int) -> tuple[tuple, str] | None:
    """(key path, what is wrong) of the ``i``-th ``[[confirmed]]`` entry, or None."""
    from tui.requests.fields import wrong

    where = f"confirmed[{i}]"
    if not isinstance(item, dict):
        return ("confirmed", i), str(wrong(where, "a table", item))
    for key in ("policy_version", "tool", "condition", "text_sha256"):
        value = item.get(key)
        if value is None:
            return ("confirmed", i), f"{where}.{key} is missing"
        if not isinstance(value, str) or not value:
            return ("confirmed", i, key), str(wrong(f"{where}.{key}", "a string that is not empty", value))
    if "at" in item and not isinstance(item["at"], dt.datetime):
        return ("confirmed", i, "at"), str(wrong(f"{where}.at", "a date and time", item["at"]))
    return None


def confirmed_in(data: dict) -> dict[Key, dt.datetime | None]:
    """The confirmations in the decoded ``attestations.toml``."""
    items = data.get("confirmed")
    out: dict[Key, dt.datetime | None] = {}
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue
        fields = [
            v for k in ("policy_version", "tool", "condition", "text_sha256") if isinstance(v := item.get(k), str) and v
        ]
        if len(fields) == 4:  # an old record has no version/text: ignored
            at = item.get("at")
            out[Key(*fields)] = at if isinstance(at, dt.datetime) else None
    return out


def load(
    policy: Policy, data_dir: Path | None = None, read: list[str] | None = None, problems: list[str] | None = None
) -> set[tuple[str, str]]:
    """(tool id, condition id) pairs confirmed for this policy version and this wording of the condition.
    ``read``: the file, when there is one, is added to it; ``problems``: what is wrong with it, when anything
    is (then it confirms nothing)."""
    if read is not None and _path(data_dir).is_file():
        read.append(str(_path(data_dir)))
    confirmed, problem = _read(data_dir)
    if problem and problems is not None:
        problems.append(problem)
    return matching(policy, confirmed)


def refusal(problem: str) -> RecordError:
    """Why :func:`record` changes nothing in a file with ``problem``: rewritten from what could be read, it
    would lose every other confirmation the user made."""
    return RecordError(
        f"{problem}; not changed: aicheck does not overwrite a file it cannot read (it may hold your other "
        "attestations): repair it, or move it away and attest again"
    )


def matching(policy: Policy, confirmed: dict[Key, dt.datetime | None]) -> set[tuple[str, str]]:
    """The (tool id, condition id) pairs of ``confirmed`` that still hold for this policy and wording."""
    out: set[tuple[str, str]] = set()
    for key in confirmed:
        if key.policy_version == policy.version and key_for(policy, key.tool, key.condition) == key:
            out.add((key.tool, key.condition))
    return out


def record(
    policy: Policy, tool_id: str, condition_id: str, *, confirmed: bool = True, data_dir: Path | None = None
) -> None:
    import tomli_w

    from tui.atomic import file_lock, write_atomic

    key = key_for(policy, tool_id, condition_id)
    if key is None:
        raise ValueError(f"the policy has no condition {condition_id!r} for {tool_id!r}")
    path = _path(data_dir)
    with file_lock(path.with_suffix(".lock")):
        current, problem = _read(data_dir)
        if problem:
            raise refusal(problem)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        if confirmed:
            current[key] = now
        else:
            current.pop(key, None)
        entries = []
        for k in sorted(current, key=lambda k: (k.policy_version, k.tool, k.condition, k.text_sha256)):
            entry: dict[str, str | dt.datetime] = {
                "policy_version": k.policy_version,
                "tool": k.tool,
                "condition": k.condition,
                "text_sha256": k.text_sha256,
            }
            at = current[k]
            if at is not None:
                entry["at"] = at
            entries.append(entry)
        write_atomic(path, tomli_w.dumps({"format": FORMAT, "updated": now, "confirmed": entries}))
