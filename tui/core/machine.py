"""The scanned machine, seen through an audited, read-only window.

Every location on the scanned machine is a *machine path*: an absolute POSIX-style string such as
``/home/ada/.claude`` (on Windows the drive is implied: ``C:\\Users\\ada`` becomes ``/Users/ada``).
:class:`Disk` maps machine paths into the real file system under ``root``, and records every file it
opens and every folder it lists. It has no method that writes, executes or connects.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tui.core.models import Audit, Skip

MAX_MANIFEST_BYTES = 4 * 1024 * 1024  # no real manifest comes close; anything bigger is skipped
MAX_SYMLINK_HOPS = 40


class ReadSkipped(Exception):
    """A file exists but was not used (too big, not a regular file, unreadable, malformed)."""


def to_machine_path(text: str) -> str:
    """Normalise a user-supplied path (POSIX or Windows, with or without a drive) to a machine path."""
    text = text.replace("\\", "/")
    if len(text) >= 2 and text[1] == ":" and text[0].isalpha():
        text = text[2:]
    if not text.startswith("/"):
        text = "/" + text
    norm = PurePosixPath(text)
    parts: list[str] = []
    for part in norm.parts[1:]:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/" + "/".join(parts)


def join(base: str, *parts: str) -> str:
    return to_machine_path("/".join((base, *parts)))


@dataclass
class Machine:
    """What is being scanned: where its disk is, whose home, which platform's conventions."""

    root: Path = Path("/")
    home: str = "/"
    platform: str = "linux"
    search_path: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def current(cls, *, root: str | None = None, home: str | None = None, platform: str | None = None,
                search_path: str | None = None, env: dict[str, str] | None = None) -> "Machine":
        """The machine described by the scan options, with this machine's values as defaults."""
        plat = platform or current_platform()
        sep = ";" if plat == "windows" else ":"
        if search_path is None:
            search_path = os.environ.get("PATH", "")
            sep = os.pathsep
        entries = [to_machine_path(p) for p in search_path.split(sep) if p.strip()]
        return cls(
            root=Path(root or "/").resolve(),
            home=to_machine_path(home or str(Path.home())),
            platform=plat,
            search_path=entries,
            # another machine's disk says nothing about its environment
            env=dict(env) if env is not None else ({} if root and Path(root).resolve() != Path("/") else dict(os.environ)),
        )

    def display(self, path: str) -> str:
        """How the scanned machine itself would name ``path``."""
        if self.platform == "windows":
            return "C:" + path.replace("/", "\\")
        return path


def current_platform() -> str:
    if sys.platform == "darwin":
        return "macos"
    if sys.platform.startswith("win"):
        return "windows"
    return "linux"


class Entry:
    """One child of a listed folder. Its type is looked up (one ``stat``) only when a channel asks:
    most names in a listing are compared against the catalog and never touched again."""

    __slots__ = ("name", "_parent", "_host_parent", "_lst", "_st")

    def __init__(self, parent: str, host_parent: str, name: str):
        self.name = name
        self._parent = parent
        self._host_parent = host_parent
        self._lst: os.stat_result | None | bool = False
        self._st: os.stat_result | None | bool = False

    @property
    def path(self) -> str:
        """Machine path of this entry."""
        return self._parent + "/" + self.name

    def _stat(self, follow: bool) -> os.stat_result | None:
        attr = "_st" if follow else "_lst"
        value = getattr(self, attr)
        if value is False:
            try:
                value = os.stat(os.path.join(self._host_parent, self.name), follow_symlinks=follow)
            except (OSError, ValueError):
                value = None
            setattr(self, attr, value)
        return value  # type: ignore[return-value]

    @property
    def is_dir(self) -> bool:
        st = self._stat(True)
        return st is not None and stat.S_ISDIR(st.st_mode)

    @property
    def is_file(self) -> bool:
        st = self._stat(True)
        return st is not None and stat.S_ISREG(st.st_mode)

    @property
    def is_symlink(self) -> bool:
        st = self._stat(False)
        return st is not None and stat.S_ISLNK(st.st_mode)

    def __repr__(self) -> str:
        return f"Entry({self.path!r})"


class Children:
    """The names in one listed folder; :class:`Entry` objects are made only for the names asked for."""

    __slots__ = ("_parent", "_host", "_names")

    def __init__(self, parent: str, host: str, names: set[str]):
        self._parent = parent
        self._host = host
        self._names = names

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __bool__(self) -> bool:
        return bool(self._names)

    def __getitem__(self, name: str) -> Entry:
        if name not in self._names:
            raise KeyError(name)
        return Entry(self._parent, self._host, name)

    def get(self, name: str) -> Entry | None:
        return Entry(self._parent, self._host, name) if name in self._names else None


class Disk:
    """Read-only, audited access to the scanned machine's files."""

    def __init__(self, machine: Machine, audit: Audit | None = None):
        self.machine = machine
        self.audit = audit if audit is not None else Audit()
        self._root = str(machine.root).rstrip(os.sep) if str(machine.root) != os.sep else ""
        self._read: set[str] = set()
        self._listed: set[str] = set()
        self._list_cache: dict[str, Children] = {}

    # -- mapping -------------------------------------------------------------------------------
    def host(self, path: str) -> str:
        """The real path of a machine path on this computer."""
        return self._root + path if self._root else path

    def display(self, path: str) -> str:
        return self.machine.display(path)

    def skip(self, path: str, reason: str) -> None:
        self.audit.skipped.append(Skip(self.display(path), reason))

    # -- metadata (no content is read) -------------------------------------------------------
    def _stat(self, path: str, follow: bool = True) -> os.stat_result | None:
        try:
            return os.stat(self.host(path), follow_symlinks=follow)
        except (OSError, ValueError):
            return None

    def is_dir(self, path: str) -> bool:
        st = self._stat(path)
        return st is not None and stat.S_ISDIR(st.st_mode)

    def is_file(self, path: str) -> bool:
        st = self._stat(path)
        return st is not None and stat.S_ISREG(st.st_mode)

    def exists(self, path: str) -> bool:
        return self._stat(path, follow=False) is not None

    def readlink(self, path: str) -> str | None:
        try:
            return os.readlink(self.host(path))
        except (OSError, ValueError):
            return None

    def resolve(self, path: str) -> str | None:
        """Resolve symlinks inside the scanned machine: absolute targets stay inside ``root``.
        Returns None on a symlink loop or a dangling link (and notes it)."""
        parts = [p for p in path.split("/") if p]
        resolved: list[str] = []
        hops = 0
        while parts:
            part = parts.pop(0)
            if part in ("", "."):
                continue
            if part == "..":
                if resolved:
                    resolved.pop()
                continue
            candidate = "/" + "/".join(resolved + [part])
            target = self.readlink(candidate)
            if target is None:
                resolved.append(part)
                continue
            hops += 1
            if hops > MAX_SYMLINK_HOPS:
                self.skip(path, "symlink loop")
                return None
            target = target.replace("\\", "/")
            if target.startswith("/") or (len(target) > 1 and target[1] == ":"):
                resolved = []
                parts = [p for p in to_machine_path(target).split("/") if p] + parts
            else:
                parts = [p for p in target.split("/") if p] + parts
        final = "/" + "/".join(resolved)
        if not self.exists(final):
            self.skip(path, "dangling symlink")
            return None
        return final

    # -- listing ---------------------------------------------------------------------------------
    def children(self, path: str) -> "Children":
        """Children of a folder by name (empty when it does not exist). Records the folder as listed."""
        cached = self._list_cache.get(path)
        if cached is not None:
            return cached
        host = self.host(path)
        parent = path.rstrip("/")
        try:
            names = set(os.listdir(host))
        except (FileNotFoundError, NotADirectoryError):
            return Children(parent, host, set())
        except (OSError, ValueError) as exc:
            self.skip(path, f"cannot list folder: {exc.__class__.__name__}")
            return Children(parent, host, set())
        if host not in self._listed:
            self._listed.add(host)
            self.audit.dirs_listed.append(host)
        children = Children(parent, host, names)
        self._list_cache[path] = children
        return children

    def listdir(self, path: str) -> list[Entry]:
        """Children of a folder, sorted by name (see :meth:`children`)."""
        children = self.children(path)
        return [children[name] for name in sorted(children)]

    def glob_dirs(self, pattern: str) -> list[str]:
        """Expand ``*`` in folder components (one level each, no recursion): ``/a/*/b`` lists ``/a`` only."""
        results = ["/"]
        for part in [p for p in pattern.split("/") if p]:
            nxt: list[str] = []
            for base in results:
                if "*" in part:
                    prefix, _, suffix = part.partition("*")
                    for e in self.listdir(base):
                        if e.is_dir and e.name.startswith(prefix) and e.name.endswith(suffix) \
                                and len(e.name) >= len(prefix) + len(suffix):
                            nxt.append(e.path)
                else:
                    nxt.append(base.rstrip("/") + "/" + part)
            results = nxt
            if not results:
                break
        return [r for r in results if self.is_dir(r)]

    # -- reading ---------------------------------------------------------------------------------
    def _record_read(self, host: str) -> None:
        if host not in self._read:
            self._read.add(host)
            self.audit.paths_read.append(host)

    def read_bytes(self, path: str, limit: int = MAX_MANIFEST_BYTES) -> bytes:
        """Whole content of a regular file no bigger than ``limit``; raises :class:`ReadSkipped`."""
        host = self.host(path)
        st = self._stat(path)
        if st is None:
            raise ReadSkipped("missing")
        if not stat.S_ISREG(st.st_mode):
            raise ReadSkipped("not a regular file")
        if st.st_size > limit:
            raise ReadSkipped(f"too large ({st.st_size} bytes)")
        try:
            fd = os.open(host, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            raise ReadSkipped(f"unreadable: {exc.strerror or exc.__class__.__name__}") from None
        self._record_read(host)
        try:
            with os.fdopen(fd, "rb") as fh:
                # read what stat announced (a limit-sized read allocates the whole limit), then any growth
                data = fh.read(min(st.st_size, limit) + 1)
                if len(data) > st.st_size:
                    data += fh.read(limit + 1 - len(data))
        except OSError as exc:
            raise ReadSkipped(f"unreadable: {exc.strerror or exc.__class__.__name__}") from None
        if len(data) > limit:
            raise ReadSkipped("too large")
        return data

    def read_text(self, path: str, limit: int = MAX_MANIFEST_BYTES) -> str:
        data = self.read_bytes(path, limit)
        if b"\x00" in data[:8192]:
            raise ReadSkipped("binary file")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ReadSkipped("not UTF-8 text") from None

    def read_json(self, path: str, limit: int = MAX_MANIFEST_BYTES):
        text = self.read_text(path, limit)
        try:
            return json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise ReadSkipped(f"invalid JSON: {exc}") from None

    def try_json(self, path: str, limit: int = MAX_MANIFEST_BYTES):
        """JSON content, or None when missing; a broken file is noted and gives None."""
        if not self.exists(path):
            return None
        try:
            return self.read_json(path, limit)
        except ReadSkipped as exc:
            self.skip(path, str(exc))
            return None

    def try_text(self, path: str, limit: int = MAX_MANIFEST_BYTES) -> str | None:
        if not self.exists(path):
            return None
        try:
            return self.read_text(path, limit)
        except ReadSkipped as exc:
            self.skip(path, str(exc))
            return None

    def read_zip_member(self, path: str, member: str, *, limit: int = 1024 * 1024,
                        archive_limit: int = 512 * 1024 * 1024) -> bytes | None:
        """One member of a zip/jar archive, refusing members that claim (or inflate to) more than ``limit``."""
        host = self.host(path)
        st = self._stat(path)
        if st is None or not stat.S_ISREG(st.st_mode):
            return None
        if st.st_size > archive_limit:
            self.skip(path, "archive too large")
            return None
        try:
            with open(host, "rb") as fh:
                self._record_read(host)
                with zipfile.ZipFile(fh) as zf:
                    try:
                        info = zf.getinfo(member)
                    except KeyError:
                        return None
                    if info.file_size > limit:
                        self.skip(path, f"{member} too large inside archive")
                        return None
                    with zf.open(info) as m:
                        data = m.read(limit + 1)
                    if len(data) > limit:
                        self.skip(path, f"{member} inflates past its declared size")
                        return None
                    return data
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
                RuntimeError) as exc:
            self.skip(path, f"unreadable archive: {exc.__class__.__name__}")
            return None
