"""``pack.toml``: the id and version a signed or remote pack must carry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.bounded_read import PACK_FILE_LIMIT, FileMissing, ReadSkipped, read_bounded
from tui.core.safe_toml import parse_toml
from tui.core.versions import pack_version_problem as version_problem
from tui.errors import PackError

if TYPE_CHECKING:
    from packaging.version import Version

PACK_FILE = "pack.toml"
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class PackMeta:
    id: str
    version: str

    def __str__(self) -> str:
        return f"{self.id} {self.version}"


def parse_version(text: str, where: str) -> Version:
    """A ``packaging`` version, or a PackError naming where the bad version came from."""
    from packaging.version import Version

    problem = version_problem(text)
    if problem is not None:
        raise PackError(f"{where}: {problem}")
    return Version(text)


def parse_pack_meta(data: bytes, where: str) -> PackMeta:
    """Parse the bytes of a ``pack.toml``; ``where`` names it in messages."""
    try:
        doc = parse_toml(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise PackError(f"{where}: not UTF-8 text") from None
    except ReadSkipped as exc:
        raise PackError(f"{where}: {exc}") from None
    pack_id, version = doc.get("id"), doc.get("version")
    if not isinstance(pack_id, str) or not _ID_RE.match(pack_id):
        raise PackError(f"{where}: `id` must be a string of a-z, 0-9, '.', '_' or '-' (got {pack_id!r})")
    if not isinstance(version, str):
        raise PackError(f'{where}: `version` must be a string such as "2026.11.1" (got {version!r})')
    parse_version(version, where)
    return PackMeta(pack_id, version)


def read_pack_meta(pack_dir: Path, *, shown: str | None = None) -> PackMeta:
    """Read ``pack.toml`` from a pack folder; signed and remote packs must have one. ``shown``: the archive the
    folder was unpacked from, as the user named it: messages name its member ``pack.toml``, never aicheck's
    temporary folder."""
    path = pack_dir / PACK_FILE
    where = f"{shown}: {PACK_FILE}" if shown is not None else str(path)
    try:
        data = read_bounded(path, PACK_FILE_LIMIT)
    except FileMissing:
        raise PackError(f"{where}: missing; a signed or remote pack needs `id` and `version` in pack.toml") from None
    except ReadSkipped as exc:
        raise PackError(f"{where}: cannot read: {exc}") from None
    return parse_pack_meta(data, where)
