"""The cache of unpacked packs: one *slot* per source (URL or archive file) under ``<cache>/packs/``.

A slot holds ``state.json``, the unpacked good copy ``pack-<sha256 prefix>/`` and, beside it, the archive
it came from and its signature (``pack-<prefix>.tar.gz`` and ``.sig``). A new archive is unpacked into
``tmp-*/`` inside the slot, checked (safe names and sizes, ``pack.toml``, no downgrade, content
validation), renamed to ``pack-*/`` and only then made current by atomically replacing ``state.json``. A
refused or half-unpacked pack never becomes current and never touches the good copy.

The cache is a folder the user can write, so with a pinned key nothing in it is taken on trust: each time
the good copy is used (:meth:`PackCache.checked`) its archive's signature is verified again with the key
the config pins (not the one ``state.json`` names), and the unpacked folder is compared with the archive
file by file. A folder edited by hand is unpacked again from the signed archive; a copy whose archive or
signature is missing or does not verify is no good copy at all.

Beside the slots, ``versions-seen.json`` keeps the highest version of each pack id used with each pinned key
from the configured source (see :func:`tui.packs.resolve.resolve_content`), so that an older pack of the same
id signed with the same key, from any source (an archive passed with ``--content``), is said to be older
(:func:`newer_seen`). It is the user's to delete, like the rest of the cache: it stops a rollback by mistake or
by habit, not one the user sets out to make with their own config (see the README on the managed config).
"""

from __future__ import annotations

import dataclasses
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
from tui.errors import ContentError, PackConflict, PackError, Problem
from tui.packs.archive import DEFAULT_LIMITS, Limits, archive_files, extract_archive, unpacked_difference
from tui.packs.meta import PACK_FILE, PackMeta, parse_pack_meta, parse_version, read_pack_meta

if TYPE_CHECKING:
    from tui.core.content import Pack

STATE_FILE = "state.json"
SEEN_FILE = "versions-seen.json"  # in the packs folder, beside the slots
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


_CLOCK_SLACK = 86400.0  # a state written a day "ahead" (a clock set back since) is still a possible one


def _possible_time(when: float) -> bool:
    """Whether ``when`` (seconds since 1970) can be a time aicheck wrote in a cache state: not before 1970, not
    in the future (a day's slack), not NaN or infinite."""
    return 0.0 <= when <= time.time() + _CLOCK_SLACK


def slot_dir(cache_root: Path, source: str) -> Path:
    """The slot for a source: a URL as given, or an archive file's resolved path."""
    return Path(cache_root) / "packs" / hashlib.sha256(source.encode("utf-8")).hexdigest()[:24]


def load_validator() -> Callable[[Path], Pack] | None:
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
            fetched_at, checked_at = float(state["fetched_at"]), float(state["checked_at"])
            if not (_possible_time(fetched_at) and _possible_time(checked_at)):
                return None  # a damaged state (written by hand?): never "the cached pack from 10^295 days ago"
            return CachedPack(
                path=path,
                meta=PackMeta(state["id"], state["version"]),
                sha256=state["sha256"],
                fetched_at=fetched_at,
                checked_at=checked_at,
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

    def checked(self, good: CachedPack | None, public_key: str | None) -> CachedPack | None:
        """``good`` when it may be used with ``public_key`` pinned (see the module's docstring), its folder
        unpacked again from the signed archive when it was changed; None when it may not be used. Without a
        pinned key, ``good`` as it is when the archive it is loaded from is there (such a pack is never called
        signature-checked); None when it is not (downloaded again, not revalidated)."""
        if good is None:
            return None
        if not public_key:
            try:
                verified_files(good.path, None)
            except (OSError, ReadSkipped, PackError):
                return None
            return good
        try:
            files = verified_files(good.path, public_key)
            archive = self.slot / f"{good.path.name}.tar.gz"
            if unpacked_difference(archive, good.path) is not None:
                self._put_in_place(self._unpack(archive), good.path)
            where = f"{archive}:{PACK_FILE}"
            meta = parse_pack_meta(files[PACK_FILE], where) if PACK_FILE in files else None
        except (OSError, ReadSkipped, PackError):
            return None
        # the id and version the signed archive states, never state.json's (the user's to write)
        return dataclasses.replace(good, meta=meta) if meta is not None else None

    def install(
        self,
        archive: Path,
        *,
        public_key: str | None,
        signature: bytes | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
        shown: str | None = None,
    ) -> CachedPack:
        """Unpack and check ``archive`` (already signature-checked by the caller; ``signature``: its .sig) and
        make it current; the archive and its signature are kept beside the unpacked copy. ``shown``: how
        messages name the archive (the file or URL the user gave; ``archive`` is aicheck's temporary copy of
        it); the source by default.

        Raises PackError — leaving the good copy current and untouched — if the archive is unsafe, has no
        valid ``pack.toml``, is older than the good copy, or fails content validation.
        """
        self.slot.mkdir(parents=True, exist_ok=True)
        digest = _sha256_file(archive)
        good = self.current()
        if public_key:  # compared with what the cached archive states, never with state.json's claims
            good = self.checked(good, public_key)
        now = time.time()
        final = self.slot / f"pack-{digest[:16]}"
        if good is not None and good.path == final and unpacked_difference(archive, final, limits=limits) is None:
            self._keep_archive(archive, signature, final)  # the same bytes, already unpacked and unchanged
            same = CachedPack(final, good.meta, digest, good.fetched_at, now, etag, last_modified, public_key)
            self._write_state(same)
            return same
        where = shown if shown is not None else self.source
        tmp = self._unpack(archive, limits, shown=where)
        try:
            meta = read_pack_meta(tmp, shown=where)
            self._check_upgrade(good, meta, where)
            _validate_content(tmp, where)
            self._keep_archive(archive, signature, final)
            if not final.exists():
                try:
                    os.rename(tmp, final)
                except OSError:  # another aicheck unpacked the same archive there first: its copy is as good
                    if not final.is_dir() or unpacked_difference(archive, final, limits=limits) is not None:
                        raise
            elif unpacked_difference(archive, final, limits=limits) is not None:
                self._put_in_place(tmp, final)  # the copy unpacked before was changed since: replaced
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        fetched = good.fetched_at if good is not None and good.sha256 == digest else now
        pack = CachedPack(final, meta, digest, fetched, now, etag, last_modified, public_key)
        self._write_state(pack)
        self._clean(keep={final.name, good.path.name if good else ""})
        return pack

    def _unpack(self, archive: Path, limits: Limits = DEFAULT_LIMITS, *, shown: str | None = None) -> Path:
        """``archive`` unpacked into a new ``tmp-*`` folder of the slot (removed again on error); ``shown``: how
        messages name it."""
        tmp = Path(tempfile.mkdtemp(prefix="tmp-", dir=self.slot))
        try:
            extract_archive(archive, tmp, limits=limits, shown=shown)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return tmp

    def _put_in_place(self, fresh: Path, final: Path) -> None:
        """Replace the folder ``final`` with ``fresh``: the old one is renamed away first, then removed."""
        old = Path(tempfile.mkdtemp(prefix="tmp-old-", dir=self.slot))
        try:
            os.rename(final, old / "pack")
            try:
                os.rename(fresh, final)
            except OSError:
                os.rename(old / "pack", final)  # the old copy back where it was: never no copy at all
                raise
        finally:
            shutil.rmtree(old, ignore_errors=True)
            shutil.rmtree(fresh, ignore_errors=True)

    def _keep_archive(self, archive: Path, signature: bytes | None, final: Path) -> None:
        """The archive (and its signature) the unpacked copy ``final`` is checked against from now on."""
        from tui.atomic import write_atomic

        kept = final.with_name(final.name + ".tar.gz")
        if archive != kept:
            write_atomic(kept, archive.read_bytes(), mode=0o644, env="AICHECK_CACHE_DIR")
        sig = kept.with_name(kept.name + ".sig")
        if signature is not None:
            write_atomic(sig, signature, mode=0o644, env="AICHECK_CACHE_DIR")
        else:
            sig.unlink(missing_ok=True)

    def _check_upgrade(self, good: CachedPack | None, new: PackMeta, shown: str | None = None) -> None:
        """Raise PackConflict when ``new`` has another id than the good copy, or a lower version (``shown``: how
        messages name the source, a URL without what may be a credential; the source by default)."""
        if good is None:
            return
        source = shown if shown is not None else self.source
        signed = " (both signed with the pinned key)" if good.public_key else ""
        if good.meta.id != new.id:
            raise PackConflict(
                f"{source}: this is pack {new}, but the copy in aicheck's cache is pack {good.meta}{signed}: "
                f"the pack id changed, so it is refused, and the cached copy is not used either. "
                + conflict_advice(self.slot.parent)
            )
        old_v = parse_version(good.meta.version, f"{self.slot / STATE_FILE}")
        new_v = parse_version(new.version, f"{source}: pack.toml")
        if new_v < old_v:
            raise PackConflict(
                f"{source}: pack {new.id} version {new.version} is older than the version in aicheck's cache, "
                f"{good.meta.version}{signed}: a downgrade is refused, and the cached copy is not used either. "
                + conflict_advice(self.slot.parent)
            )

    def _clean(self, keep: set[str]) -> None:
        """Remove superseded copies; leave other processes' recent temp folders alone."""
        from tui.atomic import remove_stale_temps

        remove_stale_temps(self.slot, older_than=_STALE_TMP_SECONDS)  # a killed write_atomic's leftovers
        now = time.time()
        for entry in self.slot.iterdir():
            try:
                if entry.name.startswith("pack-") and entry.name.split(".", 1)[0] not in keep:
                    if entry.is_dir() and not entry.is_symlink():  # an old copy, or its archive and signature
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink(missing_ok=True)
                elif entry.name.startswith(("tmp-", "state-")) and now - entry.stat().st_mtime > _STALE_TMP_SECONDS:
                    if entry.is_dir():
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink(missing_ok=True)
            except OSError:
                pass


def _read_seen(packs_dir: Path) -> dict[str, dict[str, str]]:
    """``versions-seen.json``: {key fingerprint: {pack id: highest version}}; empty when missing or unreadable
    (the user's to delete in any case)."""
    try:
        data = json.loads(read_bounded(packs_dir / SEEN_FILE, RECORD_LIMIT))
    except (OSError, ValueError, RecursionError, ReadSkipped):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        k: {i: v for i, v in ids.items() if isinstance(v, str)}
        for k, ids in data.items()
        if isinstance(k, str) and isinstance(ids, dict)
    }


def newer_seen(packs_dir: Path, public_key: str, meta: PackMeta) -> str | None:
    """The version of pack ``meta.id``, signed with ``public_key``, recorded as used on this machine when it is
    higher than ``meta``'s (an older signed pack passed with ``--content`` or AICHECK_CONTENT brings back what
    the company changed since: tools it banned, grants it revoked); else None."""
    from tui.core.signing import fingerprint

    seen = _read_seen(packs_dir).get(fingerprint(public_key), {}).get(meta.id)
    if seen is None:
        return None
    try:
        higher = parse_version(seen, SEEN_FILE) > parse_version(meta.version, PACK_FILE)
    except PackError:
        return None  # a version the record cannot hold (written by hand): no record
    return seen if higher else None


def record_seen(packs_dir: Path, public_key: str, meta: PackMeta) -> None:
    """Remember ``meta`` as the highest version of its pack used with ``public_key`` (see :func:`check_seen`).
    Best effort: a cache that cannot be written loses the record, never the check."""
    from tui.core.signing import fingerprint

    key = fingerprint(public_key)
    seen = _read_seen(packs_dir)
    known = seen.get(key, {}).get(meta.id)
    try:
        if known is not None and parse_version(known, SEEN_FILE) >= parse_version(meta.version, PACK_FILE):
            return
    except PackError:
        pass  # a version written by hand: replaced
    seen.setdefault(key, {})[meta.id] = meta.version
    from tui.atomic import write_atomic
    from tui.errors import AicheckError

    try:
        write_atomic(packs_dir / SEEN_FILE, json.dumps(seen, indent=2), mode=0o644, env="AICHECK_CACHE_DIR")
    except AicheckError:
        pass


def conflict_advice(packs_dir: Path) -> str:
    """How to settle a :class:`~tui.errors.PackConflict`: which pack is current is the company's to say."""
    from tui.paths import shown

    return (
        "Which one is your company's current pack cannot be told on this machine. If you (or a tool) put "
        f"another pack in aicheck's cache, or the company replaced its pack or went back to an earlier one, "
        f"delete the folder {shown(packs_dir)} and run `aicheck content fetch`; otherwise ask your IT or "
        "compliance team"
    )


def verified_files(folder: Path, public_key: str | None) -> dict[str, bytes]:
    """The files of the cached pack ``folder``, from its archive's bytes read once (and, with ``public_key``,
    verified with it): what a cached pack is judged from (see :mod:`tui.core.pack_files`), never the folder,
    which the user can change between a check and the reading. Without a key nothing is verified (such a pack
    is never called signature-checked), but an edit of the unpacked folder still counts for nothing. Raises
    PackError (or ReadSkipped, OSError) when the archive is missing, is not the one the folder was unpacked
    from, or does not verify."""
    archive = folder.with_name(f"{folder.name}.tar.gz")
    data = read_bounded(archive, DEFAULT_LIMITS.max_archive_bytes)
    if public_key:
        from tui.core.signing import read_signature, verify_bytes

        sig_file = archive.with_name(archive.name + ".sig")
        verify_bytes(data, read_signature(sig_file), public_key, what=str(archive), sig_where=str(sig_file))
    if folder.name != f"pack-{hashlib.sha256(data).hexdigest()[:16]}":
        raise PackError(f"{archive}: not the archive {folder.name} was unpacked from")
    return archive_files(data, archive)


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _validate_content(unpacked: Path, source: str) -> None:
    load_pack = load_validator()
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
