"""Pack archives: a deterministic ``.tar.gz`` of a pack folder, and a safe way to unpack one.

Building is deterministic (sorted members, mtime 0, uid/gid 0, fixed modes, no gzip timestamp) so the
same folder always gives the same bytes and therefore the same signature.

Unpacking treats the archive as hostile. Only regular files and folders are accepted; links, devices,
absolute names, ``..``, backslashes, drive letters, non-UTF-8 names and names that collide on a
case-insensitive disk are refused. Sizes are checked against :class:`Limits` while the stream is
decompressed, so a zip bomb is stopped after at most ``max_total_bytes`` of output. The caller gives a
fresh empty folder; every file is created there with ``O_EXCL`` (and ``O_NOFOLLOW`` where the OS has it),
so nothing can be written outside it. On error the caller deletes that folder.
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Self

from tui.core.bounded_read import ReadSkipped, read_bounded
from tui.errors import PackError
from tui.packs.meta import PACK_FILE, PackMeta, parse_pack_meta, read_pack_meta

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

_MiB = 1024 * 1024
_CHUNK = 64 * 1024
_BAD_CHARS = set("\\:") | {chr(c) for c in range(0x20)} | {"\x7f"}


@dataclass(frozen=True)
class Limits:
    """Bounds for an archive; a real content pack is a few hundred kilobytes."""

    max_archive_bytes: int = 32 * _MiB  # compressed size on disk or on the wire
    max_total_bytes: int = 128 * _MiB  # all members, uncompressed
    max_file_bytes: int = 32 * _MiB  # one member
    max_members: int = 10_000
    max_name_chars: int = 512
    max_depth: int = 16


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class ArchiveInfo:
    meta: PackMeta
    files: int
    total_bytes: int


# --------------------------------------------------------------------------- building


def _pack_files(src: Path) -> list[tuple[str, Path]]:
    """Every regular file under ``src`` as (archive name, path), sorted; dot-files (.git, .DS_Store) skipped."""
    found: list[tuple[str, Path]] = []

    def walk(folder: Path, prefix: str) -> None:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            name = f"{prefix}{entry.name}"
            if entry.is_symlink():
                raise PackError(f"{entry.path}: is a symbolic link; a pack holds only regular files and folders")
            if entry.is_dir(follow_symlinks=False):
                walk(Path(entry.path), name + "/")
            elif entry.is_file(follow_symlinks=False):
                found.append((name, Path(entry.path)))
            else:
                raise PackError(f"{entry.path}: not a regular file or folder")

    walk(src, "")
    return sorted(found)


def build_archive(src: Path, dest: Path, *, limits: Limits = DEFAULT_LIMITS) -> ArchiveInfo:
    """Write a deterministic ``.tar.gz`` of the pack folder ``src`` to ``dest`` (atomically)."""
    src = Path(src)
    dest = Path(dest)
    if not src.is_dir():
        raise PackError(f"{src}: not a folder")
    meta = read_pack_meta(src)
    try:
        dest.resolve().relative_to(src.resolve())
    except ValueError:
        pass
    else:
        raise PackError(f"{dest}: write the archive outside the pack folder it is built from")
    files = _pack_files(src)
    for name, _ in files:
        _check_name(name, limits)
    if len(files) > limits.max_members:
        raise PackError(f"{src}: {len(files)} files, more than the limit of {limits.max_members}")

    buf = io.BytesIO()
    total = 0
    with (
        gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT, encoding="utf-8") as tar,
    ):
        for name, path in files:
            try:  # bounded and regular files only, whatever replaced the file since the walk
                data = read_bounded(path, limits.max_file_bytes, follow=False)
            except ReadSkipped as exc:
                raise PackError(f"{path}: {exc}") from None
            total += len(data)
            if len(data) > limits.max_file_bytes or total > limits.max_total_bytes:
                raise PackError(f"{path}: the pack is larger than the limit for an archive")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    blob = buf.getvalue()
    if len(blob) > limits.max_archive_bytes:
        raise PackError(f"{src}: the archive would be {len(blob)} bytes, more than {limits.max_archive_bytes}")
    from tui.atomic import write_atomic

    write_atomic(dest, blob, mode=0o644)
    return ArchiveInfo(meta=meta, files=len(files), total_bytes=total)


# --------------------------------------------------------------------------- checking names


def _check_name(raw: str, limits: Limits, where: str | None = None) -> tuple[str, ...]:
    """The path parts of an archive member name, or a PackError saying why the name is refused (``where``: the
    archive, named first in the message)."""
    at = f"{where}: " if where else ""
    shown = raw.encode("utf-8", "backslashreplace").decode("utf-8")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        raise PackError(f"{at}archive member {shown!r}: name is not valid UTF-8") from None
    if len(raw) > limits.max_name_chars:
        raise PackError(f"{at}archive member {shown[:80]!r}…: name longer than {limits.max_name_chars} characters")
    if raw.startswith("/") or (len(raw) >= 2 and raw[1] == ":"):
        raise PackError(f"{at}archive member {shown!r}: absolute names are not allowed")
    if any(ch in _BAD_CHARS for ch in raw):
        raise PackError(f"{at}archive member {shown!r}: backslashes, colons and control characters are not allowed")
    parts = tuple(p for p in raw.split("/") if p not in ("", "."))
    if ".." in parts:
        raise PackError(f"{at}archive member {shown!r}: '..' is not allowed in names")
    if len(parts) > limits.max_depth:
        raise PackError(f"{at}archive member {shown!r}: nested deeper than {limits.max_depth} folders")
    return parts


# --------------------------------------------------------------------------- reading


def _damage(exc: BaseException, member: str | None = None) -> str:
    """What a reading error says of the archive, for a message (``member``: the one being read then)."""
    if isinstance(exc, EOFError):
        what = "it is truncated: it ends too early (an incomplete download or copy?)"
    elif isinstance(exc, zlib.error) or (isinstance(exc, gzip.BadGzipFile) and "CRC" in str(exc)):
        what = "its compressed data is damaged"
    elif isinstance(exc, gzip.BadGzipFile):
        what = "it is not gzip-compressed data"
    elif isinstance(exc, tarfile.TarError):
        what = "its tar data is damaged"
    elif isinstance(exc, OSError):
        return f"cannot read it: {exc.strerror or exc}"
    else:
        what = "it cannot be read"
    at = f"at member {member!r}: " if member else ""
    return f"not a readable .tar.gz archive: {what} ({at}{exc})"


class _StrictTarInfo(tarfile.TarInfo):
    """A member header that cannot be read is an error wherever it is. ``tarfile`` takes a damaged, short or
    missing header after the first member for the end of the archive, so an archive cut or damaged there
    would be read as a smaller pack: members missing, and ``pack.toml: missing`` said of a damaged file."""

    @classmethod
    def fromtarfile(cls, tar: tarfile.TarFile) -> Self:
        try:
            return super().fromtarfile(tar)
        except tarfile.HeaderError as exc:
            kind = type(exc).__name__  # its subclasses are not public: told apart by name
            if kind == "EOFHeaderError":  # a block of zeros: the archive's own end
                raise
            if kind == "EmptyHeaderError":
                raise EOFError("the tar data ends without its end-of-archive blocks") from None
            raise tarfile.ReadError(f"a member header is damaged ({exc})") from None


# what reading a truncated, damaged or unreadable archive raises (gzip.BadGzipFile is an OSError)
_READ_ERRORS = (EOFError, zlib.error, tarfile.TarError, OSError)


class _BoundedReader(io.RawIOBase):
    """Reads a decompressing stream and fails once more than ``limit`` bytes come out (zip bombs). Any error of
    the stream (truncated, damaged, unreadable) is a PackError naming ``where`` (the archive as the user named
    it) and ``member``, the member being read when it happened: it may be raised while a caller reads a
    member's bytes, outside the loop over the members."""

    def __init__(self, inner: io.BufferedIOBase, limit: int, where: str):
        self._inner, self._limit, self._count, self._where = inner, limit, 0, where
        self.member: str | None = None

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self._limit - self._count + 1
        try:
            data = self._inner.read(min(size, self._limit - self._count + 1))
        except _READ_ERRORS as exc:
            raise self.error(exc) from None
        self._count += len(data)
        if self._count > self._limit:
            raise PackError(f"{self._where}: archive expands to more than {self._limit} bytes (a zip bomb?)")
        return data

    def readinto(self, b: WriteableBuffer) -> int:  # pragma: no cover - tarfile uses read()
        view = memoryview(b).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)

    def error(self, exc: BaseException) -> PackError:
        return PackError(f"{self._where}: {_damage(exc, self.member)}")

    def drain(self) -> None:
        """Read what is left of the stream (padding, the gzip trailer): a CRC that does not match, or an
        archive cut before its end, is found even when the tar data ended before it."""
        while self.read(_CHUNK):
            pass


def _members(
    archive: Path, limits: Limits, data: bytes | None = None, *, shown: str | None = None
) -> Iterator[tuple[tarfile.TarFile, tarfile.TarInfo, tuple[str, ...]]]:
    """Yield (tar, member, parts) for each member after checking it; PackError on anything unsafe, truncated or
    damaged. ``data``: the archive's bytes, already read (``archive`` then only names it in messages).
    ``shown``: how messages name the archive (the file the user gave, when ``archive`` is aicheck's copy of
    it); ``archive`` by default. The whole stream is read, so a damaged archive never passes as a good one."""
    where = shown if shown is not None else str(archive)
    try:
        size = archive.stat().st_size if data is None else len(data)
    except OSError as exc:
        raise PackError(f"{where}: cannot read: {exc.strerror or exc}") from None
    if size > limits.max_archive_bytes:
        raise PackError(f"{where}: {size} bytes, more than the limit of {limits.max_archive_bytes} for a pack")
    # headers and padding add a little to the members' own sizes
    bound = limits.max_total_bytes + (limits.max_members + 4) * 1536 + 10 * 1024
    files_seen: set[str] = set()
    dirs_seen: set[str] = set()
    files = total = 0
    try:
        raw = archive.open("rb") if data is None else io.BytesIO(data)
    except OSError as exc:
        raise PackError(f"{where}: cannot read: {exc.strerror or exc}") from None
    with raw, gzip.GzipFile(fileobj=raw, mode="rb") as gz:
        stream = _BoundedReader(gz, bound, where)
        try:
            with tarfile.open(
                fileobj=stream, mode="r|", encoding="utf-8", errors="surrogateescape", tarinfo=_StrictTarInfo
            ) as tar:
                for count, member in enumerate(tar, start=1):
                    if count > limits.max_members:
                        raise PackError(f"{where}: more than {limits.max_members} members")
                    parts = _check_name(member.name, limits, where)
                    shown_name = "/".join(parts)
                    if not member.isdir() and not member.isfile():
                        kind = (
                            "a symbolic link"
                            if member.issym()
                            else "a hard link"
                            if member.islnk()
                            else "a device or pipe"
                        )
                        raise PackError(
                            f"{where}: archive member {member.name!r}: is {kind}; only files and folders are allowed"
                        )
                    if member.isfile() and member.issparse():
                        raise PackError(f"{where}: archive member {member.name!r}: sparse files are not allowed")
                    if not parts:
                        if member.isdir():
                            continue  # "./" itself
                        raise PackError(f"{where}: archive member {member.name!r}: empty name")
                    key = shown_name.casefold()  # names equal on a case-insensitive disk collide
                    ancestors = ["/".join(parts[:i]).casefold() for i in range(1, len(parts))]
                    if (
                        any(a in files_seen for a in ancestors)
                        or (key in dirs_seen and not member.isdir())
                        or (key in files_seen and member.isdir())
                    ):
                        raise PackError(
                            f"{where}: archive member {member.name!r}: the name is both a file and a folder"
                        )
                    if key in files_seen:
                        raise PackError(
                            f"{where}: archive member {member.name!r}: appears twice (or differs only in case)"
                        )
                    (dirs_seen if member.isdir() else files_seen).add(key)
                    dirs_seen.update(ancestors)
                    if member.isfile():
                        files += 1
                        total += member.size
                        if member.size < 0 or member.size > limits.max_file_bytes:
                            raise PackError(
                                f"{where}: archive member {shown_name!r}: {member.size} bytes, "
                                f"more than the limit of {limits.max_file_bytes}"
                            )
                        if total > limits.max_total_bytes:
                            raise PackError(f"{where}: members add up to more than {limits.max_total_bytes} bytes")
                    stream.member = shown_name
                    yield tar, member, parts
                    stream.member = None
            stream.drain()
        except _READ_ERRORS as exc:
            raise stream.error(exc) from None


def _read_member(tar: tarfile.TarFile, member: tarfile.TarInfo, where: str) -> Iterator[bytes]:
    """Yield the member's bytes in chunks, never more than its declared size (``where``: the archive, in
    messages; an error of the stream itself is raised by :class:`_BoundedReader`, naming both)."""
    fobj = tar.extractfile(member)
    if fobj is None:  # only regular files reach here; they always have a file object
        raise PackError(f"{where}: archive member {member.name!r}: not a regular file")
    remaining = member.size
    while remaining > 0:
        try:
            chunk = fobj.read(min(_CHUNK, remaining))
        except tarfile.TarError as exc:  # the tar data ends inside the member ("unexpected end of data")
            raise PackError(f"{where}: {_damage(exc, member.name)}") from None
        if not chunk:
            raise PackError(f"{where}: archive member {member.name!r}: truncated")
        remaining -= len(chunk)
        yield chunk


def archive_files(
    data: bytes, where: Path, *, limits: Limits = DEFAULT_LIMITS, shown: str | None = None
) -> dict[str, bytes]:
    """Every file of the archive ``data`` (bytes already read, and verified by the caller), by its name in the
    pack ("policy.toml", "guidance/x.md"), checked as :func:`extract_archive` checks what it writes. Parsing
    these bytes, not a folder a user may change between the check and the reading, is what makes the pack
    judged the pack signed. ``shown``: how messages name the archive (``where`` by default)."""
    named = shown if shown is not None else str(where)
    return {
        "/".join(parts): b"".join(_read_member(tar, member, named))
        for tar, member, parts in _members(Path(where), limits, data, shown=named)
        if member.isfile()
    }


def inspect_archive(archive: Path, *, limits: Limits = DEFAULT_LIMITS) -> ArchiveInfo:
    """Check an archive member by member without writing anything, and read its ``pack.toml``."""
    archive = Path(archive)
    meta_bytes: bytes | None = None
    files = total = 0
    for tar, member, parts in _members(archive, limits):
        if member.isfile():
            data = b"".join(_read_member(tar, member, str(archive)))
            files += 1
            total += len(data)
            if parts == (PACK_FILE,):
                meta_bytes = data
    if meta_bytes is None:
        raise PackError(f"{archive}: no pack.toml; a signed or remote pack needs `id` and `version` in pack.toml")
    return ArchiveInfo(meta=parse_pack_meta(meta_bytes, f"{archive}:{PACK_FILE}"), files=files, total_bytes=total)


def unpacked_difference(archive: Path, folder: Path, *, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """None when ``folder`` holds exactly the archive's files, byte for byte (no file more or less, no link);
    else the first difference found, for a message. Reads both, writes nothing."""
    from tui.core.bounded_read import ReadSkipped, read_bounded

    folder = Path(folder)
    files: set[str] = set()
    for tar, member, parts in _members(Path(archive), limits):
        if not member.isfile():
            continue
        name = "/".join(parts)
        files.add(name)
        try:
            if any((folder.joinpath(*parts[:i])).is_symlink() for i in range(1, len(parts))):
                return f"{name}: a folder on its way is a link"
            here = read_bounded(folder.joinpath(*parts), limits.max_file_bytes, follow=False)
        except (OSError, ReadSkipped):
            return f"{name}: missing or unreadable"
        if here != b"".join(_read_member(tar, member, str(archive))):
            return f"{name}: differs from the signed archive"
    for top, dirs, names in os.walk(folder):
        rel = Path(top).relative_to(folder)
        for name in names + [d for d in dirs if (Path(top) / d).is_symlink()]:
            shown = (rel / name).as_posix()
            if shown not in files:
                return f"{shown}: not in the signed archive"
    return None


_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def extract_archive(
    archive: Path, dest: Path, *, limits: Limits = DEFAULT_LIMITS, shown: str | None = None
) -> ArchiveInfo:
    """Unpack ``archive`` into ``dest``, which must be an existing, empty folder the caller owns. ``shown``: how
    messages name the archive (the file or URL the user gave, when ``archive`` is aicheck's copy of it).

    On a PackError ``dest`` may hold part of the pack: the caller removes it (see ``tui.packs.cache``).
    """
    archive, dest = Path(archive), Path(dest)
    where = shown if shown is not None else str(archive)
    if not dest.is_dir() or dest.is_symlink() or any(dest.iterdir()):
        raise PackError(f"{dest}: extraction needs a fresh empty folder")
    files = total = 0
    for tar, member, parts in _members(archive, limits, shown=where):
        try:
            folder = dest
            for part in parts[:-1] if member.isfile() else parts:
                folder = folder / part
                if folder.is_symlink():  # pragma: no cover - nothing here ever creates a link
                    raise PackError(f"{folder}: unexpected link in the unpack folder")
                if not folder.is_dir():
                    os.mkdir(folder, 0o755)  # fails on an existing file
            if member.isfile():
                fd = os.open(folder / parts[-1], _OPEN_FLAGS, 0o644)
                with os.fdopen(fd, "wb") as out:
                    for chunk in _read_member(tar, member, where):
                        out.write(chunk)
                files += 1
                total += member.size
        except OSError as exc:
            raise PackError(f"{where}: archive member {member.name!r}: cannot unpack: {exc.strerror or exc}") from None
    meta = read_pack_meta(dest, shown=where)
    return ArchiveInfo(meta=meta, files=files, total_bytes=total)


def is_archive_name(name: str) -> bool:
    return name.endswith((".tar.gz", ".tgz"))


__all__ = [
    "DEFAULT_LIMITS",
    "ArchiveInfo",
    "Limits",
    "build_archive",
    "extract_archive",
    "inspect_archive",
    "is_archive_name",
    "unpacked_difference",
]
