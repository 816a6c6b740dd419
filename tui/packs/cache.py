"""The cache of unpacked packs: one *slot* per source (URL or archive file) under ``<cache>/packs/``.

A slot holds ``state.json`` and the unpacked good copy ``pack-<sha256 prefix>/``. A new archive is
unpacked into ``tmp-*/`` inside the slot, checked (safe names and sizes, ``pack.toml``, no downgrade,
content validation), renamed to ``pack-*/`` and only then made current by atomically replacing
``state.json``. A refused or half-unpacked pack never becomes current and never touches the good copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.bounded_read import RECORD_LIMIT, ReadSkipped, read_bounded
from tui.errors import ContentError, PackError, Problem
from tui.packs.archive import DEFAULT_LIMITS, Limits, extract_archive
from tui.packs.meta import PackMeta, parse_version

if TYPE_CHECKING:
    from tui.core.content import Pack

STATE_FILE = "state.json"
_STALE_TMP_SECONDS = 3600


@dataclass(frozen=True)
class CachedPack:
    path: Path  # the unpacked pack folder
    meta: PackMeta
    sha256: str
    fetched_at: float  # when these bytes were first installed
    checked_at: float  # when the source last confirmed them (download or 304)
    etag: str | None = None
    last_modified: str | None = None
    public_key: str | None = None  # the key that verified it, or None if it was not signature-checked


def slot_dir(cache_root: Path, source: str) -> Path:
    """The slot for a source: a URL as given, or an archive file's resolved path."""
    return Path(cache_root) / "packs" / hashlib.sha256(source.encode("utf-8")).hexdigest()[:24]


def _load_validator() -> Callable[[Path], Pack] | None:
    """``tui.core.content.load_pack`` when it exists; otherwise content is not validated here."""
    try:
        from tui.core.content import load_pack
    except ModuleNotFoundError as exc:
        if exc.name in ("tui.core.content", "tui.core"):
            return None
        raise
    return load_pack


class PackCache:
    def __init__(self, slot: Path, source: str):
        self.slot = Path(slot)
        self.source = source

    @classmethod
    def for_source(cls, cache_root: Path, source: str) -> PackCache:
        return cls(slot_dir(cache_root, source), source)

    # ------------------------------------------------------------------ reading

    def current(self) -> CachedPack | None:
        """The good copy, or None if there is none (or its state is unreadable or points nowhere)."""
        try:
            state = json.loads(read_bounded(self.slot / STATE_FILE, RECORD_LIMIT))
            path = self.slot / state["dir"]
            if not state["dir"].startswith("pack-") or "/" in state["dir"] or not path.is_dir():
                return None
            return CachedPack(
                path=path,
                meta=PackMeta(state["id"], state["version"]),
                sha256=state["sha256"],
                fetched_at=float(state["fetched_at"]),
                checked_at=float(state["checked_at"]),
                etag=state.get("etag"),
                last_modified=state.get("last_modified"),
                public_key=state.get("public_key"),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, ReadSkipped):
            return None

    # ------------------------------------------------------------------ writing

    def _write_state(self, pack: CachedPack) -> None:
        state = {
            "source": self.source,
            "dir": pack.path.name,
            "id": pack.meta.id,
            "version": pack.meta.version,
            "sha256": pack.sha256,
            "fetched_at": pack.fetched_at,
            "checked_at": pack.checked_at,
            "etag": pack.etag,
            "last_modified": pack.last_modified,
            "public_key": pack.public_key,
        }
        from tui.atomic import write_atomic

        write_atomic(self.slot / STATE_FILE, json.dumps(state, indent=2), mode=0o644, env="AICHECK_CACHE_DIR")

    def touch(self, pack: CachedPack, *, etag: str | None, last_modified: str | None) -> CachedPack:
        """Record that the source confirmed the good copy is still current (HTTP 304)."""
        updated = CachedPack(
            pack.path,
            pack.meta,
            pack.sha256,
            pack.fetched_at,
            time.time(),
            etag or pack.etag,
            last_modified or pack.last_modified,
            pack.public_key,
        )
        self._write_state(updated)
        return updated

    def install(
        self,
        archive: Path,
        *,
        public_key: str | None,
        etag: str | None = None,
        last_modified: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> CachedPack:
        """Unpack and check ``archive`` (already signature-checked by the caller) and make it current.

        Raises PackError — leaving the good copy current and untouched — if the archive is unsafe, has no
        valid ``pack.toml``, is older than the good copy, or fails content validation.
        """
        self.slot.mkdir(parents=True, exist_ok=True)
        digest = _sha256_file(archive)
        good = self.current()
        now = time.time()
        if good is not None and good.sha256 == digest and good.public_key == public_key:
            updated = CachedPack(
                good.path, good.meta, good.sha256, good.fetched_at, now, etag, last_modified, public_key
            )
            self._write_state(updated)
            return updated
        tmp = Path(tempfile.mkdtemp(prefix="tmp-", dir=self.slot))
        try:
            info = extract_archive(archive, tmp, limits=limits)
            self._check_upgrade(good, info.meta)
            _validate_content(tmp, self.source)
            final = self.slot / f"pack-{digest[:16]}"
            if final.exists():  # same bytes unpacked before (renames are atomic, so it is complete)
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        pack = CachedPack(final, info.meta, digest, now, now, etag, last_modified, public_key)
        self._write_state(pack)
        self._clean(keep={final.name, good.path.name if good else ""})
        return pack

    def _check_upgrade(self, good: CachedPack | None, new: PackMeta) -> None:
        if good is None:
            return
        if good.meta.id != new.id:
            raise PackError(
                f"{self.source}: the pack id changed from {good.meta.id!r} to {new.id!r}, so it is refused; "
                f"if your company really replaced its pack, delete {self.slot} and try again"
            )
        old_v = parse_version(good.meta.version, f"{self.slot / STATE_FILE}")
        new_v = parse_version(new.version, f"{self.source}: pack.toml")
        if new_v < old_v:
            raise PackError(
                f"{self.source}: pack {new.id} version {new.version} is older than the cached version "
                f"{good.meta.version}; a downgrade is refused (the cached pack stays in use)"
            )

    def _clean(self, keep: set[str]) -> None:
        """Remove superseded copies; leave other processes' recent temp folders alone."""
        from tui.atomic import remove_stale_temps

        remove_stale_temps(self.slot, older_than=_STALE_TMP_SECONDS)  # a killed write_atomic's leftovers
        now = time.time()
        for entry in self.slot.iterdir():
            try:
                if entry.name.startswith("pack-") and entry.name not in keep:
                    shutil.rmtree(entry, ignore_errors=True)
                elif entry.name.startswith(("tmp-", "state-")) and now - entry.stat().st_mtime > _STALE_TMP_SECONDS:
                    if entry.is_dir():
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink(missing_ok=True)
            except OSError:
                pass


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _validate_content(unpacked: Path, source: str) -> None:
    load_pack = _load_validator()
    if load_pack is None:
        return
    try:
        load_pack(unpacked)
    except ContentError as exc:
        problems = []
        for p in exc.problems:
            file, where = p.file, Path(p.file)
            try:
                where = where if where.is_absolute() else Path.cwd() / where
                file = where.relative_to(unpacked).as_posix()
            except (ValueError, OSError):
                pass
            problems.append(str(Problem(file, p.message, p.line, p.col)))
        raise PackError(
            f"{source}: the content pack is invalid, so it is refused (the cached pack is kept; if "
            f"the pack needs a newer aicheck, upgrade aicheck):\n  " + "\n  ".join(problems)
        ) from None


def human_age(seconds: float) -> str:
    """'just now', '5 minutes ago', '3 days ago'."""
    seconds = max(0.0, seconds)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"
