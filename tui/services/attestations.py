"""Conditions the user confirmed ("I will not paste customer data").

A confirmation belongs to the policy version and to the exact wording of the condition: the key is
(policy version, tool id, condition id, sha256 of the condition's text). Editing a comment in policy.toml
keeps them; a new policy version or a reworded condition asks again.

Kept in ``<data_dir>/attestations.toml``. Records written by older versions of aicheck (keyed by the policy
file's sha256) and entries that do not have every field are ignored, never an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui import paths
from tui.core.bounded_read import RECORD_LIMIT, ReadSkipped, read_toml

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


def _read(data_dir: Path | None) -> dict[Key, dt.datetime | None]:
    try:
        data = read_toml(_path(data_dir), RECORD_LIMIT)
    except ReadSkipped:
        return {}
    return confirmed_in(data)


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


def load(policy: Policy, data_dir: Path | None = None, read: list[str] | None = None) -> set[tuple[str, str]]:
    """(tool id, condition id) pairs confirmed for this policy version and this wording of the condition.
    ``read``: the file, when there is one, is added to it."""
    if read is not None and _path(data_dir).is_file():
        read.append(str(_path(data_dir)))
    return matching(policy, _read(data_dir))


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
        current = _read(data_dir)
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
