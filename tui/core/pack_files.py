"""Where a content pack's files are read from: a folder, or the files of a signed archive held in memory.

A pack the company signed is judged from the bytes whose signature was verified (see
:func:`tui.packs.archive.archive_files`), never from the unpacked folder in the cache, which the user can write
between the check and the reading. The loaders (pack.toml, catalog, policy, advisories, guidance) take either
a :class:`~pathlib.Path` or a :class:`MemoryPath` and read through :func:`read_pack_file`, the one place that
tells them apart.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from tui.core.bounded_read import FileMissing, TooLarge, read_bounded


class MemoryPath:
    """A file or folder of a pack held in memory, answering what the loaders ask of a path. Shown (in
    messages) as where the pack is unpacked, which holds the same files."""

    __slots__ = ("_files", "_rel", "_shown")

    def __init__(self, files: Mapping[str, bytes], shown: Path, rel: str = "") -> None:
        self._files = files
        self._shown = Path(shown)
        self._rel = rel

    def __truediv__(self, name: str) -> MemoryPath:
        return MemoryPath(self._files, self._shown, f"{self._rel}/{name}" if self._rel else name)

    def __str__(self) -> str:
        return str(self._shown / self._rel) if self._rel else str(self._shown)

    def __repr__(self) -> str:
        return f"MemoryPath({str(self)!r})"

    @property
    def name(self) -> str:
        return PurePosixPath(self._rel).name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self._rel).suffix

    @property
    def stem(self) -> str:
        return PurePosixPath(self._rel).stem

    def is_file(self) -> bool:
        return self._rel in self._files

    def is_dir(self) -> bool:
        prefix = f"{self._rel}/" if self._rel else ""
        return any(name.startswith(prefix) for name in self._files)

    def exists(self) -> bool:
        return self.is_file() or self.is_dir()

    def is_symlink(self) -> bool:
        return False  # an archive's links are refused when it is read

    def iterdir(self) -> Iterator[MemoryPath]:
        prefix = f"{self._rel}/" if self._rel else ""
        names = {name[len(prefix) :].split("/", 1)[0] for name in self._files if name.startswith(prefix)}
        return (self / name for name in sorted(names))

    def read_bytes(self) -> bytes:
        try:
            return self._files[self._rel]
        except KeyError:
            raise FileMissing("missing") from None


PackPath = Path | MemoryPath


def read_pack_file(path: PackPath, limit: int, *, follow: bool = True) -> bytes:
    """The bytes of a pack file of at most ``limit`` bytes; raises ReadSkipped (FileMissing when absent) as
    :func:`tui.core.bounded_read.read_bounded` does."""
    if isinstance(path, MemoryPath):
        data = path.read_bytes()
        if len(data) > limit:
            raise TooLarge(f"file too large ({len(data)} bytes, limit {limit})")
        return data
    return read_bounded(path, limit, follow=follow)
