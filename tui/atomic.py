"""Crash-safe file writes and cross-process locks.

``write_atomic`` writes to a temporary file in the same folder, flushes it to disk and renames it over
the target (``os.replace`` is atomic on POSIX and Windows): a reader sees the old file or the new one,
never half of either, even if the writer is killed mid-write.

``file_lock`` holds an exclusive advisory lock on a lock file (``fcntl.flock`` on POSIX, ``msvcrt.locking``
on Windows). The operating system releases it when the holder dies, so a killed process never leaves a
stale lock behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tui.errors import RecordError


class DiskError(RecordError):
    """A file aicheck keeps could not be written (disk full, read-only, no permission): one line naming
    the path and what to do; the previous version of the file is left as it was."""


_FIXES = {
    errno.ENOSPC: "free some disk space, then try again",
    errno.EDQUOT: "free some space (your disk quota is used up), then try again",
    errno.EFBIG: "the file-size limit was reached; free space or raise the limit, then try again",
    errno.EROFS: "the file system is read-only; set {env} to a writable folder",
    errno.EACCES: "check the folder's permissions, or set {env} to a folder you can write",
    errno.EPERM: "check the folder's permissions, or set {env} to a folder you can write",
    errno.ENOTDIR: "a file is in the way of that folder; move it, or set {env} elsewhere",
    errno.EEXIST: "a file is in the way of that folder; move it, or set {env} elsewhere",
}
# a file the user named (an output option): no variable moves it, another path does
OUTPUT = ""
_OUTPUT_FIXES = _FIXES | {
    errno.EROFS: "the file system is read-only; give a path on a writable one",
    errno.EACCES: "check the folder's permissions, or give a path in a folder you can write",
    errno.EPERM: "check the folder's permissions, or give a path in a folder you can write",
    errno.ENOTDIR: "a file is in the way of that folder; move it, or give another path",
    errno.EEXIST: "a file is in the way of that folder; move it, or give another path",
}


def disk_error(path: Path, exc: OSError, action: str = "write", *, env: str = "AICHECK_DATA_DIR") -> DiskError:
    """The one-line message for an OSError on ``path`` (which file, why, and the fix; ``env`` names the
    variable that moves that folder; :data:`OUTPUT` for a file the user named, which another path moves)."""
    from tui.core.text import clean

    why = exc.strerror or type(exc).__name__
    fixes = _OUTPUT_FIXES if env == OUTPUT else _FIXES
    fix = fixes.get(exc.errno or 0, "check the disk and the folder's permissions, then try again").format(env=env)
    return DiskError(f"cannot {action} {clean(str(path), 500)}: {why}; {fix}")


def write_atomic(path: Path, data: bytes | str, *, mode: int = 0o600, env: str = "AICHECK_DATA_DIR") -> None:
    """Replace ``path`` with ``data`` atomically (temp file + fsync + rename + fsync of the folder).

    Any OSError (disk full, read-only, no permission) becomes a :class:`DiskError`; the old file is intact
    and no temporary file is left behind."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise disk_error(path, exc, env=env) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise disk_error(path, exc, env=env) from None
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # folders cannot be opened for fsync on Windows; NTFS journals the rename
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path, *, older_than: float = 3600.0) -> int:
    """Delete temp files a killed writer left behind (they are never read); returns how many."""
    removed = 0
    cutoff = time.time() - older_than
    for tmp in Path(folder).glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()
                removed += 1
    return removed


class LockBusy(RecordError):
    """Another process holds the lock and the caller asked not to wait."""


@contextlib.contextmanager
def file_lock(path: Path, *, blocking: bool = True, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed) for the ``with`` block.

    ``blocking=False`` raises :class:`LockBusy` at once if another process holds it; otherwise wait up to
    ``timeout`` seconds, then raise :class:`LockBusy`.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise disk_error(path, exc, "create the lock file") from None
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if not blocking or time.monotonic() >= deadline:
                raise LockBusy(f"{path} is locked by another aicheck process")
            time.sleep(0.02)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
