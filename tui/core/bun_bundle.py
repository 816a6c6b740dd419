"""The first bytes of the program a Bun single-file executable runs, read without reading the executable.

Claude Code from 2.1.120 on is such an executable (``bin/claude.exe`` of its npm package, its platform builds'
``claude``, the native installer's ``versions/<version>``): some 240 MB, its JavaScript bundle stored inside,
whose header states the version (``// Version: 2.1.150``, at about 700 bytes into the bundle's source). The
bundle sits about 17 MB before the end of a Linux build, 220 MB into the file: a search from either end would
read hundreds of MB. Bun's own index finds it in four small reads instead:

- the end of Bun's data, a trailer ``\\n---- Bun! ----\\n`` near the end of the file (after it come only the
  ELF section tables, or a Mach-O code signature), looked for backwards in pieces of :data:`TAIL_PIECE`, at
  most :data:`MAX_TAIL_BYTES`;
- before the trailer, Bun's offsets: the data's length, where its table of modules is, which module is the
  entry point (32 bytes in current Bun, 24 in older);
- the table of modules, each starting with its name's and its source's place in the data;
- the first bytes of the entry point's source.

Anything that does not fit (no trailer, places out of bounds, a name that is not one of Bun's) gives None: the
file is then no Bun executable aicheck knows, and states nothing. Measured on Claude Code 2.1.150's 238 MB
Linux build: the trailer 50 KB before the end, five reads of 260 KiB in all, 0.1 ms from the page cache.
"""

from __future__ import annotations

import struct

from tui.core.machine import Disk

TRAILER = b"\n---- Bun! ----\n"
TAIL_PIECE = 256 * 1024  # read backwards from the end in pieces of this size
MAX_TAIL_BYTES = 8 * 1024 * 1024  # the trailer is looked for this far from the end, no further
MAX_MODULE_TABLE = 64 * 1024  # bytes of Bun's table of modules (a few dozen bytes a module)
_OFFSETS_SIZES = (32, 24)  # Bun's Offsets struct: with compile_exec_argv and flags (Bun 1.2+), and before
_RECORD_SIZES = (52, 60, 44, 36)  # one module's record (name, contents, sourcemap, bytecode ... and 4 bytes)
_NAME_PREFIXES = (b"/$bunfs/", b"B:/~BUN/", b"B:\\~BUN\\")  # a module's name inside the executable


def entry_head(disk: Disk, path: str, size: int) -> bytes | None:
    """The first ``size`` bytes of the entry point's source in the Bun executable at ``path``, or None (no
    file, not a Bun executable, a layout aicheck does not know). Raises
    :class:`~tui.core.machine.ReadSkipped` when the file cannot be read."""
    found = entry_point(disk, path, size)
    return found[1] if found is not None else None


def entry_point(disk: Disk, path: str, size: int) -> tuple[str, bytes] | None:
    """(the entry point's name inside the executable, the first ``size`` bytes of its source): :func:`entry_head`
    with the name inside the executable (Claude Code's ends in ``src/entrypoints/cli.js``), which scripts/record_layouts.py keeps."""
    st = disk.regular_stat(path)
    if st is None:
        return None
    total = st.st_size
    found = _trailer(disk, path, total)
    if found is None:
        return None
    for offsets_size in _OFFSETS_SIZES:
        start = found - offsets_size
        if start < 0:
            continue
        offsets = disk.read_at(path, start, offsets_size) or b""
        if len(offsets) < 20:
            continue
        byte_count, table_at, table_len, entry = struct.unpack_from("<QIII", offsets)
        data = start - byte_count  # where Bun's data begins in the file
        if data < 0 or not 0 < table_len <= MAX_MODULE_TABLE or table_at + table_len > byte_count:
            continue
        table = disk.read_at(path, data + table_at, table_len) or b""
        head = _entry_source(disk, path, data, byte_count, table, entry, size)
        if head is not None:
            return head
    return None


def _trailer(disk: Disk, path: str, total: int) -> int | None:
    """Where Bun's trailer starts in the file (the last one), looked for backwards from the end."""
    end = total
    carry = b""
    while end > 0 and total - end < MAX_TAIL_BYTES:
        start = max(0, end - TAIL_PIECE)
        piece = (disk.read_at(path, start, end - start) or b"") + carry
        at = piece.rfind(TRAILER)
        if at >= 0:
            return start + at
        carry = piece[: len(TRAILER) - 1]  # a trailer cut between two pieces
        end = start
    return None


def _entry_source(
    disk: Disk, path: str, data: int, byte_count: int, table: bytes, entry: int, size: int
) -> tuple[str, bytes] | None:
    for record in _RECORD_SIZES:
        if len(table) % record or entry >= len(table) // record:
            continue
        name_at, name_len, source_at, source_len = struct.unpack_from("<IIII", table, entry * record)
        if not (0 < name_len <= 4096 and name_at + name_len <= byte_count and source_at + source_len <= byte_count):
            continue
        name = disk.read_at(path, data + name_at, name_len) or b""
        if not name.startswith(_NAME_PREFIXES):
            continue
        head = disk.read_at(path, data + source_at, min(size, source_len))
        return (name.decode("utf-8", "replace"), head) if head is not None else None
    return None
