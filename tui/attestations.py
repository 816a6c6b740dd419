"""Conditions the user confirmed ("I will not paste customer data"), kept per policy fingerprint:
a new policy asks again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tui import paths

FILE = "attestations.toml"


def _path(data_dir: Path | None) -> Path:
    return (data_dir or paths.data_dir()) / FILE


def load(policy_sha256: str, data_dir: Path | None = None) -> set[tuple[str, str]]:
    """(tool id, condition id) pairs confirmed under this exact policy."""
    path = _path(data_dir)
    from tui.atomic import read_toml
    from tui.errors import RecordError

    try:
        data = read_toml(path)
    except (OSError, RecordError):  # damaged or missing: nothing confirmed (the user is asked again)
        return set()
    if data.get("policy_sha256") != policy_sha256 or not isinstance(data.get("confirmed", []), list):
        return set()
    out = set()
    for item in data.get("confirmed", []):
        if isinstance(item, dict) and isinstance(item.get("tool"), str) and isinstance(item.get("condition"), str):
            out.add((item["tool"], item["condition"]))
    return out


def record(policy_sha256: str, tool_id: str, condition_id: str, *, confirmed: bool = True,
           data_dir: Path | None = None) -> None:
    import tomli_w

    from tui.atomic import file_lock, write_atomic

    path = _path(data_dir)
    with file_lock(path.with_suffix(".lock")):
        current = load(policy_sha256, data_dir)
        if confirmed:
            current.add((tool_id, condition_id))
        else:
            current.discard((tool_id, condition_id))
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        doc = {"policy_sha256": policy_sha256, "updated": now,
               "confirmed": [{"tool": t, "condition": c} for t, c in sorted(current)]}
        write_atomic(path, tomli_w.dumps(doc))
