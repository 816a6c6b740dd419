"""The one way aicheck reads a whole file: regular files only, never more than a cap.

Every file aicheck reads (the scanned disk's manifests, the content pack, the user's config, the records in the
data dir) may be hostile: a FIFO that never delivers, a link to ``/dev/zero``, a socket, a 2 GB file. Its type
and size are checked with ``stat`` (a device or FIFO is not even opened), then it is opened without blocking
(``O_NONBLOCK``, and ``O_NOFOLLOW`` when the caller has already resolved links), checked again on the open
descriptor (``fstat``: nothing swapped in between), and at most ``limit + 1`` bytes are read. Failures raise
:class:`ReadSkipped` with a short reason a user can act on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Generator

# caps per kind of file (bytes); no honest file of the kind comes close
MANIFEST_LIMIT = 4 * 1024 * 1024
PACK_FILE_LIMIT = 8 * 1024 * 1024
ADVISORY_LIMIT = 1024 * 1024
GUIDE_PAGE_LIMIT = 512 * 1024
CONFIG_LIMIT = 1024 * 1024
RECORD_LIMIT = 1024 * 1024

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class ReadSkipped(Exception):
    """A file exists but was not used (too big, not a regular file, unreadable, malformed)."""


class FileMissing(ReadSkipped):
    """The file does not exist."""


class Unreadable(ReadSkipped):
    """The file is there, but the scan may not read it: no permission, an I/O error, or a link a confined scan
    may not follow out of the user's home. Unlike a folder or a binary file where a text should be, whoever
    the file is for may well read it."""


class TooLarge(ReadSkipped):
    """The file is bigger than the cap it was read with."""


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, by its ``stat`` mode, as a message names it."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _refusal(mode: int) -> str:
    kind = file_kind(mode)
    return kind if kind == "not a regular file" else f"not a regular file ({kind})"


def open_regular(path: str | os.PathLike[str], limit: int, *, follow: bool = True) -> int:
    """An open descriptor on a regular file of at most ``limit`` bytes; raises :class:`ReadSkipped`.
    With ``follow=False`` a symbolic link in the last component is refused by the kernel (``O_NOFOLLOW``)."""
    return open_sized(path, limit, follow=follow)[0]


def open_sized(
    path: str | os.PathLike[str], limit: int, *, follow: bool = True, before: os.stat_result | None = None
) -> tuple[int, int]:
    """:func:`open_regular`, with the size its ``fstat`` saw (for :func:`read_fd`, so it is not asked twice).
    ``before``: the caller's own ``stat`` of ``path`` (as ``follow`` asks), so that is not made twice either."""
    flags = _OPEN_FLAGS | (0 if follow else _NOFOLLOW)
    if before is None:
        try:  # a device is not even opened (opening some has effects); the descriptor is checked again below
            before = os.stat(path, follow_symlinks=follow)
        except FileNotFoundError:
            raise FileMissing("missing") from None
        except NotADirectoryError:  # a file where a folder of the path should be: nothing can be under it
            raise FileMissing("missing") from None
        except (OSError, ValueError):
            before = None
    if before is not None and not follow and stat.S_ISLNK(before.st_mode):
        raise ReadSkipped("symbolic link not followed")
    if before is not None and not stat.S_ISREG(before.st_mode):
        raise ReadSkipped(_refusal(before.st_mode))
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileMissing("missing") from None
    except NotADirectoryError:
        raise FileMissing("missing") from None
    except OSError as exc:
        if not follow and os.path.islink(path):
            raise ReadSkipped("symbolic link not followed") from None
        raise Unreadable(f"unreadable: {exc.strerror or exc.__class__.__name__}") from None
    except ValueError:
        raise Unreadable("unreadable: invalid path") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadSkipped(_refusal(st.st_mode))
        if st.st_size > limit:
            raise TooLarge(f"file too large ({st.st_size} bytes, limit {limit})")
    except BaseException:
        os.close(fd)
        raise
    return fd, st.st_size


def read_fd(fd: int, limit: int, size: int | None = None) -> bytes:
    """At most ``limit`` bytes from ``fd`` (which is closed); more than that raises :class:`ReadSkipped`.

    Plain ``os.read`` calls, no file object (building one costs more than reading a small file): first the
    size ``fstat`` reports plus one byte (a buffer of ``limit`` bytes per read costs more than the read
    itself), then more until end of file or ``limit + 1`` bytes (a short read, or a file that grew). ``size``:
    what the caller's ``fstat`` of ``fd`` just said."""
    try:
        if size is None:
            size = os.fstat(fd).st_size
        chunks = [os.read(fd, min(size, limit) + 1)]
        total = len(chunks[0])
        while chunks[-1] and total <= limit:
            chunks.append(os.read(fd, min(max(size - total, 64 * 1024), limit + 1 - total)))
            total += len(chunks[-1])
    except BlockingIOError:  # a non-blocking read with nothing to give: never a regular file
        raise ReadSkipped("not a regular file") from None
    except OSError as exc:
        raise Unreadable(f"unreadable: {exc.strerror or exc.__class__.__name__}") from None
    finally:
        os.close(fd)
    if total > limit:
        raise TooLarge(f"file too large (more than {limit} bytes)")
    return chunks[0] if len(chunks) == 2 else b"".join(chunks)


def read_pieces(fd: int, limit: int, piece: int = 1024 * 1024) -> Generator[bytes, None, None]:
    """The content of ``fd`` (which is closed when the pieces run out or are no longer wanted) in pieces of at
    most ``piece`` bytes, for a file too big to hold at once; more than ``limit`` bytes in all raises
    :class:`TooLarge`, a failed read :class:`ReadSkipped`."""
    try:
        total = 0
        while True:
            try:
                data = os.read(fd, piece)
            except BlockingIOError:
                raise ReadSkipped("not a regular file") from None
            except OSError as exc:
                raise Unreadable(f"unreadable: {exc.strerror or exc.__class__.__name__}") from None
            if not data:
                return
            total += len(data)
            if total > limit:
                raise TooLarge(f"file too large (more than {limit} bytes)")
            yield data
    finally:
        os.close(fd)


def read_bounded(path: str | os.PathLike[str], limit: int, *, follow: bool = True) -> bytes:
    """The whole content of a regular file of at most ``limit`` bytes; raises :class:`ReadSkipped`."""
    return read_fd(open_regular(path, limit, follow=follow), limit)


def read_bounded_text(path: str | os.PathLike[str], limit: int) -> str:
    """UTF-8 text of a regular file of at most ``limit`` bytes; raises :class:`ReadSkipped` (also for bad UTF-8)."""
    data = read_bounded(path, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReadSkipped(f"not valid UTF-8 (line {line})") from None


class ParseFailed(ReadSkipped):
    """The file was read but its content cannot be parsed."""
