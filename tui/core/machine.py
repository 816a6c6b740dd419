"""The scanned machine, seen through an audited, read-only window.

Every location on the scanned machine is a *machine path*: an absolute POSIX-style string such as
``/home/ada/.claude`` (on Windows the drive is implied: ``C:\\Users\\ada`` becomes ``/Users/ada``).
:class:`Disk` maps machine paths into the real file system under ``root``, and records every file it
opens and every folder it lists. It has no method that writes, executes or connects.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
import sys
import zipfile
from collections import deque
from collections.abc import Callable, Generator, Iterator, KeysView, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tui.core.bounded_read import (
    MANIFEST_LIMIT,
    FileMissing,
    ReadSkipped,
    Unreadable,
    open_sized,
    read_bounded,
    read_fd,
    read_pieces,
)
from tui.core.confine import KERNEL_VIEW, kernel_view
from tui.core.models import Audit, LinkHop, Skip
from tui.core.safe_json import load_json

UNSEARCHABLE = "cannot search folder: permission denied (anything inside it looks absent)"
UNLISTABLE = "cannot list folder: permission denied (anything inside it looks absent)"
MAX_MANIFEST_BYTES = MANIFEST_LIMIT  # no real manifest comes close; anything bigger is skipped
MAX_SYMLINK_HOPS = 40
T = TypeVar("T")


MAX_FOLDERS_ABOVE = 24  # folders looked in above one (each a probe of a name): deeper is no one's project


def folders_above(folder: str, limit: int = MAX_FOLDERS_ABOVE) -> list[str]:
    """The folders above ``folder`` (a machine path without a trailing ``/``), nearest first, up to but not
    the root (``/``, or a drive: ``C:``), at most ``limit``."""
    out: list[str] = []
    parent = folder.rpartition("/")[0]
    while parent and not parent.endswith(":") and len(out) < limit:
        out.append(parent)
        parent = parent.rpartition("/")[0]
    return out


def to_machine_path(text: str) -> str:
    """Normalise a user-supplied path (POSIX or Windows, with or without a drive) to a machine path."""
    text = text.replace("\\", "/")
    if len(text) >= 2 and text[1] == ":" and text[0].isalpha():
        text = text[2:]
    # plain string work (no PurePosixPath): empty names and "." dropped, ".." stops at the root
    parts: list[str] = []
    for part in text.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
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
    env_known: bool = True  # False when ``env`` is not the scanned user's environment (another user's home)
    confine: tuple[str, ...] = ()  # folders a scan may read; empty: anywhere on the root (see tui.core.confine)
    # the folders the user's shell startup files export for a variable that moves a tool's folders
    # (CLAUDE_CONFIG_DIR, XDG_CONFIG_HOME ...), as machine paths: set by the scan (tui.core.startup), so a
    # folder moved in ~/.zshrc is looked in even when this process's environment does not say so
    startup_env: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the folders they put on the search path (export PATH="$HOME/tools/bin:$PATH"), looked in for commands
    # beside ``search_path``: a session's PATH, not only the one aicheck runs with (a script's narrow PATH)
    startup_path: tuple[str, ...] = ()
    # the folders they put on XDG_DATA_DIRS (Flatpak's exports, a program's own share folder): the menu entries
    # of those in the home are the user's (tui.core.desktop_entries)
    startup_data_dirs: tuple[str, ...] = ()

    @classmethod
    def current(
        cls,
        *,
        root: str | None = None,
        home: str | None = None,
        platform: str | None = None,
        search_path: str | None = None,
        env: dict[str, str] | None = None,
    ) -> Machine:
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
            env=dict(env)
            if env is not None
            else ({} if root and Path(root).resolve() != Path("/") else dict(os.environ)),
        )

    def folder_values(self, var: str) -> list[str]:
        """The folders an environment variable that moves a tool's folders names: this process's value (live
        machine only), then those the shell startup files export (``startup_env``), each once."""
        values = [v for v in (self.env.get(var, "").strip(),) if v]
        return list(dict.fromkeys([*values, *self.startup_env.get(var, ())]))

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
    """One child of a listed folder. Its type comes from the listing itself (the ``d_type`` the folder's
    listing returns: no system call) when that says it is no link; a link is followed inside the root (one
    ``stat`` of where it leads) only when a channel asks: most names are never touched again."""

    __slots__ = ("_dirent", "_disk", "_host_parent", "_lst", "_parent", "_real_parent", "_st", "name")

    def __init__(
        self,
        parent: str,
        host_parent: str,
        name: str,
        disk: Disk,
        dirent: os.DirEntry[str] | None = None,
        real_parent: str | None = None,
    ):
        self.name = name
        self._parent = parent
        self._host_parent = host_parent
        self._disk = disk
        self._dirent = dirent
        self._real_parent = real_parent
        self._lst: os.stat_result | bool | None = False
        self._st: os.stat_result | bool | None = False

    def _listed_type(self) -> os.DirEntry[str] | None:
        """The listing's entry when it says this name is no link (its type then needs no call), else None."""
        dirent = self._dirent
        if dirent is None or self._real_parent is None:
            return None
        try:
            if dirent.is_symlink():
                return None
        except OSError:
            return None
        real = _child_of(self._real_parent, self.name)
        if self._disk._refused(self.path, real):  # a confined scan: the folder is allowed, as the walk decides
            return None
        return dirent

    @property
    def path(self) -> str:
        """Machine path of this entry."""
        return self._parent + "/" + self.name

    def _stat(self, follow: bool) -> os.stat_result | None:
        attr = "_st" if follow else "_lst"
        value = getattr(self, attr)
        if value is False:
            if follow:  # links are followed inside the scanned root only
                value = self._disk._stat(self.path)
            else:
                try:
                    value = os.stat(os.path.join(self._host_parent, self.name), follow_symlinks=False)
                except (OSError, ValueError):
                    value = None
            setattr(self, attr, value)
        return value

    @property
    def is_dir(self) -> bool:
        dirent = self._listed_type()
        if dirent is not None:
            try:
                return dirent.is_dir(follow_symlinks=False)
            except OSError:
                return False
        st = self._stat(True)
        return st is not None and stat.S_ISDIR(st.st_mode)

    @property
    def is_file(self) -> bool:
        dirent = self._listed_type()
        if dirent is not None:
            try:
                return dirent.is_file(follow_symlinks=False)
            except OSError:
                return False
        st = self._stat(True)
        return st is not None and stat.S_ISREG(st.st_mode)

    @property
    def is_symlink(self) -> bool:
        if self._dirent is not None:
            try:
                return self._dirent.is_symlink()
            except OSError:
                return False
        st = self._stat(False)
        return st is not None and stat.S_ISLNK(st.st_mode)

    def __repr__(self) -> str:
        return f"Entry({self.path!r})"


class Children:
    """The names in one listed folder; :class:`Entry` objects are made only for the names asked for."""

    __slots__ = ("_disk", "_host", "_names", "_parent", "_real_dir")

    def __init__(
        self,
        parent: str,
        host: str,
        names: Mapping[str, os.DirEntry[str] | None],
        disk: Disk,
        real: str | None = None,
    ):
        self._parent = parent
        self._host = host
        self._names = names  # name -> the listing's entry (which knows the name's type without a call) or None
        self._disk = disk
        self._real_dir = real  # the folder's real machine path (None for an empty stand-in)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    @property
    def listed(self) -> bool:
        """Whether the folder was listed (an empty stand-in: not there, or it could not be listed)."""
        return self._real_dir is not None

    def names(self) -> KeysView[str]:
        """The names as a set view: ``children.names() & wanted`` matches a whole catalog index in one step."""
        return self._names.keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __bool__(self) -> bool:
        return bool(self._names)

    def __getitem__(self, name: str) -> Entry:
        return Entry(self._parent, self._host, name, self._disk, self._names[name], self._real_dir)

    def get(self, name: str) -> Entry | None:
        if name not in self._names:
            return None
        return Entry(self._parent, self._host, name, self._disk, self._names[name], self._real_dir)


def _normal(path: str) -> str:
    """``path`` as a machine path; the common already-normal case without building a PurePosixPath (a path
    with no ``/.`` in it can hold no ``.`` or ``..`` name: most paths are checked with four scans)."""
    if path[:1] == "/" and "//" not in path and "\\" not in path and path[1:2] != ":":
        if "/." not in path:
            if path[-1] != "/" or path == "/":
                return path
        elif (
            "/./" not in path
            and "/../" not in path
            and not path.endswith(("/.", "/.."))
            and (path[-1] != "/" or path == "/")
        ):
            return path
    return to_machine_path(path)


def _parent_of(path: str) -> str:
    return path.rpartition("/")[0] or "/"


def _child_of(parent: str, name: str) -> str:
    return ("" if parent == "/" else parent) + "/" + name


def _is_absolute_target(target: str) -> bool:
    return target.startswith("/") or (len(target) > 1 and target[1] == ":" and target[0].isalpha())


def _no_link(dirent: os.DirEntry[str]) -> bool:
    """Whether a listing's entry says its name is no link (from the listing's d_type; an ``lstat`` only on a
    file system that does not give it)."""
    try:
        return not dirent.is_symlink()
    except OSError:
        return False


PASSWD = "/etc/passwd"
PASSWD_LIMIT = 16 * 1024 * 1024


def account_home(read: list[str] | None = None) -> Path | None:
    """The home the password database gives the account running aicheck (POSIX), or None where there is none
    to ask (Windows, an account without an entry). Read from ``/etc/passwd`` itself, added to ``read`` (the
    audit lists it): the C library's lookup would also read its own settings and may ask a daemon (nscd,
    sssd) over a local socket. Only an account the file does not hold (a directory service's) is asked of
    the C library."""
    home, file = _account_home()
    if file is not None and read is not None:
        read.append(file)
    return home


@functools.cache  # worked out once a process: the account does not change
def _account_home() -> tuple[Path | None, str | None]:
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: no password database
        return None, None
    uid = str(getuid())
    try:
        data = read_bounded(PASSWD, PASSWD_LIMIT)
    except (ReadSkipped, OSError):
        data = b""
    for line in data.decode("utf-8", "replace").splitlines():
        fields = line.split(":")
        if len(fields) >= 7 and fields[2] == uid and not line.startswith(("+", "-")):
            return Path(fields[5]), PASSWD
    read = PASSWD if data else None
    try:
        import pwd

        return Path(pwd.getpwuid(getuid()).pw_dir), read
    except (ImportError, KeyError, OSError):
        return None, read


def _text(data: bytes, errors: str = "strict") -> str:
    if b"\x00" in data[:8192]:
        if errors != "replace":
            raise ReadSkipped("binary file")
        data = data.replace(b"\x00", b"")  # as a shell reads it: bash drops NUL bytes and runs the rest
    try:
        # the BOM dropped by hand: ``decode("utf-8-sig")`` goes through the codec registry, "utf-8" does not
        return (data[3:] if data[:3] == b"\xef\xbb\xbf" else data).decode("utf-8", errors)
    except UnicodeDecodeError:
        raise ReadSkipped("not UTF-8 text") from None


def _json(text: str) -> Any:
    """``text`` parsed; a failure is a ReadSkipped saying what and where, in plain words."""
    return load_json(text)


# _real_file's stand-in stat for a file whose folder was found missing: never looked into, only compared
_GONE = os.stat_result((0,) * 10)


class _TooMany(Exception):
    """A folder holds more names than a bounded listing reads (:meth:`Disk.small_children`)."""


class _LinkLoop(Exception):
    pass


class Disk:
    """Read-only, audited access to the scanned machine's files.

    Containment: every path is resolved inside ``root`` one component at a time; a symbolic link is read
    (``readlink``) and followed by this class, never by the operating system, so an absolute target such as
    ``/etc/passwd`` means ``<root>/etc/passwd`` and ``../..`` stops at the root. Files are then opened with
    ``O_NOFOLLOW`` on the resolved path. Each link followed is in the audit with where it led."""

    def __init__(self, machine: Machine, audit: Audit | None = None):
        self.machine = machine
        self.audit = audit if audit is not None else Audit()
        self._root = str(machine.root).rstrip(os.sep) if str(machine.root) != os.sep else ""
        self._read: set[str] = set()
        self._listed: set[str] = set()
        # a listed folder's (parent, host, names, real), not its Children: a Children holds this Disk, and a
        # Disk holding its Children would be a cycle that only the garbage collector frees (every listing of
        # a scan kept alive until its next pass, and that pass made to walk them)
        # (a folder found missing keeps an empty listing, real None: asked again, it is known not there)
        self._list_cache: dict[str, tuple[str, str, Mapping[str, os.DirEntry[str] | None], str | None]] = {}
        self._real_cache: dict[str, str] = {"/": "/"}
        # folders listed, by real machine path: the entries say which names are no links (no readlink needed)
        self._listings: dict[str, dict[str, os.DirEntry[str]]] = {}
        self._hops_seen: set[tuple[str, str]] = set()
        self._skips_seen: set[tuple[str, str]] = set()  # (path as shown, reason) of audit.skipped, for skip_once
        self._skips_indexed = 0  # how many of audit.skipped are in _skips_seen (readers may append to it)
        self._loops: set[str] = set()
        self._absent: set[str] = set()  # real paths found missing (the disk is read as it was at the start)
        # normal path -> what :meth:`_walk_normal` gave for it when something on its way was missing: many
        # readers look for the same absent files and folders (a tool's config in each client's folder), and
        # the walk up to the longest resolved folder and back is the same each time; kept for this scan only,
        # as ``_absent`` is (a path whose walk met a link loop raises, and is never kept)
        self._gone: dict[str, str] = {}
        self._too_long = False  # whether a name too long for the OS was met (its listing fails otherwise)
        self._not_dir = False  # whether a file was met where a folder was expected (ENOTDIR, not ENOENT)
        self._refused_paths: set[str] = set()
        # folders that could not be listed for want of permission (EACCES, not a sandbox's EPERM) although they
        # can be searched: the programs in them still run, yet look absent, so the scan is incomplete (scanner)
        self.denied: dict[str, None] = {}
        # folders a confined scan did not list because the user's link leads out of what it may read
        self.refused_listings: dict[str, None] = {}
        # folders a channel had to look through whole and could not (too many names): folder -> why
        self.unlisted: dict[str, str] = {}
        self._memory: dict[object, Any] = {}
        self._too_many: set[str] = set()  # folders small_children found holding more names than it reads

    def remembered(self, key: object, make: Callable[[], T]) -> T:
        """What this scan works out once however many readers ask (the startup files' texts, the project
        folders a client lists, the files found unusable), under a key of the asking module's choosing: one
        Disk is one scan, so what it remembers is dropped with it."""
        memory = self._memory
        if key not in memory:
            memory[key] = make()
        return memory[key]

    def _refused(self, path: str, real: str, listing: bool = False, note: bool = True) -> bool:
        """A confined scan (one user's home, see :mod:`tui.core.confine`) refuses a path whose links led
        outside its allowed folders; any scan of this computer refuses one that led into the kernel's views of
        processes and devices (:func:`tui.core.confine.kernel_view`)."""
        if not self._root and kernel_view(real):
            if note and path not in self._refused_paths:
                self._refused_paths.add(path)
                self.skip(path, KERNEL_VIEW)
            return True
        if not self.machine.confine:
            return False
        from tui.core.confine import REFUSED, allowed

        if allowed(real, self.machine.confine, listing):
            return False
        if note and path not in self._refused_paths:
            self._refused_paths.add(path)
            self.skip(path, REFUSED)
            if os.path.isdir(self._host_of(real)):  # a folder there, unread: what is in it may run unseen
                self.refused_listings.setdefault(self.display(path))
        return True

    # -- mapping -------------------------------------------------------------------------------
    def _host_of(self, real: str) -> str:
        return self._root + real if self._root else real

    def host(self, path: str) -> str:
        """The real path of a machine path on this computer, every link resolved inside the root. For a link
        loop, the path as written: for display only, never to be opened."""
        real = self._real_or_none(path)
        return self._host_of(real if real is not None else _normal(path))

    def display(self, path: str) -> str:
        return self.machine.display(path)

    def skip(self, path: str, reason: str) -> None:
        self.audit.skipped.append(Skip(self.display(path), reason))

    def _note_hop(self, link: str, target: str) -> None:
        key = (link, target)
        if key not in self._hops_seen:
            self._hops_seen.add(key)
            self.audit.links_followed.append(LinkHop(self._host_of(link), self._host_of(target)))

    def _real(self, path: str) -> str:
        """The machine path ``path`` really names: every link followed inside the root. A missing component
        ends the walk (the rest is kept as written). Raises :class:`_LinkLoop` after too many links."""
        return self._walk(path)[0]

    def _walk(self, path: str) -> tuple[str, bool]:
        """(real path, whether something on the way is missing); see :meth:`_real`."""
        hit = self._real_cache.get(path)  # the cache's keys are normal paths: a hit needs no normalising
        if hit is not None:
            return hit, False
        return self._walk_normal(_normal(path))

    def _walk_normal(self, path: str) -> tuple[str, bool]:
        """:meth:`_walk` of a path already normal. The common steps are taken here, without a call: a name
        already resolved, or one its folder's listing says is no link; :meth:`_step` takes the rest."""
        cache = self._real_cache
        hit = cache.get(path)
        if hit is not None:
            return hit, False
        gone = self._gone.get(path)
        if gone is not None:
            return gone, True
        names: list[str] = []  # the names after the longest folder already resolved, last first
        prefix = path
        while True:
            prefix, _, name = prefix.rpartition("/")
            names.append(name)
            cur = cache.get(prefix or "/")
            if cur is not None:
                break
        done = prefix  # the path as written so far ("" for the root)
        hops = [0]
        absent, listings = self._absent, self._listings
        while names:
            part = names.pop()  # a normal path's names: never empty, "." or ".."
            candidate = ("" if cur == "/" else cur) + "/" + part
            nxt = cache.get(candidate)
            if nxt is None:
                if candidate in absent:  # found missing earlier in this scan (the disk as it was at the start)
                    gone = self._gone[path] = _normal("/".join([candidate, *reversed(names)]))
                    return gone, True
                listing = listings.get(cur)
                dirent = listing.get(part) if listing is not None else None
                if dirent is not None and _no_link(dirent):  # the folder's listing already said: no link
                    cache[candidate] = nxt = candidate
                else:
                    nxt, missing = self._step(cur, part, hops, True)
                    if missing is not None:
                        gone = self._gone[path] = _normal("/".join([nxt, *missing, *reversed(names)]))
                        return gone, True
            cur = nxt
            done = done + "/" + part
            cache[done] = cur
        return cur, False

    def _step(self, cur: str, name: str, hops: list[int], checked: bool = False) -> tuple[str, list[str] | None]:
        """Resolve one name under the real folder ``cur``; returns (real path, None) or, when something on
        the way does not exist, (the missing path, the names still to go). Written for speed: most names are
        no link, and take one ``readlink`` (or none, when the folder's listing said so) and no queue.
        ``checked``: the caller found ``name`` neither resolved, nor missing, nor in its folder's listing."""
        pending: deque[str] | None = None  # made at the first link
        real_cache, listings = self._real_cache, self._listings
        part = name
        while True:
            if part == "..":
                cur = _parent_of(cur)
            elif part and part != ".":
                candidate = ("" if cur == "/" else cur) + "/" + part
                if checked:
                    checked = False
                    dirent = None
                else:
                    cached = real_cache.get(candidate)
                    if cached is not None:
                        cur = cached
                        if not pending:
                            return cur, None
                        part = pending.popleft()
                        continue
                    if candidate in self._absent:
                        return candidate, list(pending or ())
                    listing = listings.get(cur)
                    dirent = listing.get(part) if listing is not None else None
                if dirent is not None and _no_link(dirent):  # the folder's listing already said: no link
                    real_cache[candidate] = candidate
                    cur = candidate
                else:
                    try:
                        target = os.readlink(self._root + candidate if self._root else candidate)
                    except OSError as exc:
                        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG):
                            self._absent.add(candidate)
                            if exc.errno == errno.ENAMETOOLONG:
                                self._too_long = True  # listing under it fails otherwise: let it say so
                            elif exc.errno == errno.ENOTDIR:
                                self._not_dir = True  # what is under it is asked of the OS, which says so
                            return candidate, list(pending or ())
                        # EINVAL: not a link. Anything else (EACCES): the OS cannot follow it either.
                        real_cache[candidate] = candidate
                        cur = candidate
                    except ValueError:  # a NUL byte in a name
                        return candidate, list(pending or ())
                    else:
                        if pending is None:
                            pending = deque()
                        hops[0] += 1
                        if hops[0] > MAX_SYMLINK_HOPS:
                            raise _LinkLoop(candidate)
                        target = target.replace("\\", "/")
                        if _is_absolute_target(target):
                            mapped = to_machine_path(target)
                            cur = "/"
                            pending.extendleft(reversed([p for p in mapped.split("/") if p]))
                        else:
                            mapped = to_machine_path(cur + "/" + target)
                            pending.extendleft(reversed([p for p in target.split("/") if p]))
                        self._note_hop(candidate, mapped)
            if not pending:
                return cur, None
            part = pending.popleft()

    def _real_or_none(self, path: str) -> str | None:
        try:
            return self._real(path)
        except _LinkLoop:
            if path not in self._loops:
                self._loops.add(path)
                self.skip(path, "symlink loop")
            return None

    def _real_parent(self, path: str) -> str | None:
        """The real path of ``path``'s folder joined with its last name (the last name itself is not followed);
        None when the folder cannot be resolved (a loop): the operating system is never left to try."""
        return self._real_parent_walk(path)[0]

    def _real_parent_walk(self, path: str) -> tuple[str | None, bool]:
        """:meth:`_real_parent`, and whether its folder was found missing on the way."""
        norm = _normal(path)
        if norm == "/":
            return "/", False
        folder = _parent_of(norm)
        try:
            parent, missing = self._walk_normal(folder)
        except _LinkLoop:
            return self._real_or_none(folder), False  # notes the loop once; None
        return _child_of(parent, norm.rpartition("/")[2]), missing

    def _only_enoent(self) -> bool:
        """Whether every name found missing so far was missing outright (ENOENT): then anything under one is
        missing too, which is what a ``stat`` or an ``open`` of it would say (no call needed)."""
        return not (self._too_long or self._not_dir)

    # -- metadata (no content is read) -------------------------------------------------------
    def _stat(self, path: str, follow: bool = True) -> os.stat_result | None:
        if not follow:
            seen = self._lstat(path)
            return seen[1] if seen is not None else None
        try:
            real, missing = self._walk(path)
        except _LinkLoop:
            self._real_or_none(path)  # notes the loop once
            return None
        if missing:  # known not to exist: no system call needed
            return None
        if self._refused(path, real):
            return None
        try:
            return os.stat(self._host_of(real), follow_symlinks=False)
        except PermissionError:
            self._note_unsearchable(path)
            return None
        except (OSError, ValueError):
            return None

    def _lstat(self, path: str) -> tuple[str, os.stat_result] | None:
        """What :meth:`exists` looks at: the real path of ``path`` (its folder resolved, its last name not
        followed) and that name's ``lstat``; None when there is nothing there (or it may not be looked at)."""
        real, folder_missing = self._real_parent_walk(path)
        if real is None or (folder_missing and self._only_enoent()) or self._refused(path, real, note=False):
            return None
        if real in self._absent and self._only_enoent():  # found missing earlier in this scan: no call needed
            return None
        try:
            return real, os.stat(self._host_of(real), follow_symlinks=False)
        except PermissionError:
            self._note_unsearchable(path)
            return None
        except FileNotFoundError:
            self._absent.add(real)  # asked again (exists, then read), it costs nothing
            return None
        except (OSError, ValueError):
            return None

    def outside(self, path: str) -> bool:
        """Whether something is at ``path`` that a confined scan may not look at (outside the user's home and
        the system folders, or led there by a link): :meth:`exists` says no, yet a program or a file there
        is real for the user's sessions. Noted as refused. Always False on an unconfined scan."""
        if not self.machine.confine:
            return False
        try:
            real, _missing = self._real_parent_walk(path)
        except _LinkLoop:
            return False
        if real is None or not self._refused(path, real):
            return False
        return os.path.lexists(self._host_of(real))

    def _note_unsearchable(self, path: str) -> None:
        """A folder on the way to ``path`` cannot be searched: note it once (its files would look absent)."""
        parent = path.rstrip("/")
        while "/" in parent:
            parent = parent.rsplit("/", 1)[0]
            try:
                os.stat(self.host(parent or "/"))
            except OSError:
                continue
            break
        self.skip_once(parent or "/", UNSEARCHABLE)

    def skip_once(self, path: str, reason: str) -> None:
        """:meth:`skip`, unless the audit already has that path with that reason (a set, not a search of the
        list: a startup file of thousands of lines past a bound notes each of them)."""
        skipped, seen = self.audit.skipped, self._skips_seen
        if self._skips_indexed < len(skipped):
            seen.update((s.path, s.reason) for s in skipped[self._skips_indexed :])
            self._skips_indexed = len(skipped)
        shown = self.display(path)
        if (shown, reason) not in seen:
            self.skip(path, reason)

    def is_dir(self, path: str) -> bool:
        st = self._stat(path)
        return st is not None and stat.S_ISDIR(st.st_mode)

    def is_file(self, path: str) -> bool:
        st = self._stat(path)
        return st is not None and stat.S_ISREG(st.st_mode)

    def size(self, path: str) -> int | None:
        """Size of a regular file (symlinks followed), or None."""
        st = self._stat(path)
        return st.st_size if st is not None and stat.S_ISREG(st.st_mode) else None

    def exists(self, path: str) -> bool:
        return self._stat(path, follow=False) is not None

    def regular_stat(self, path: str) -> os.stat_result | None:
        """The ``stat`` of a regular file (links followed inside the root: its size and mode), or None."""
        st = self._stat(path)
        return st if st is not None and stat.S_ISREG(st.st_mode) else None

    def readlink(self, path: str) -> str | None:
        try:
            real = self._real_parent(path)
            return os.readlink(self._host_of(real)) if real is not None else None
        except (OSError, ValueError):
            return None

    def resolve(self, path: str) -> str | None:
        """Resolve symlinks inside the scanned machine: absolute targets stay inside ``root``.
        Returns None on a symlink loop or a dangling link (and notes it). A link a confined scan may not
        follow gives its target all the same (noted; nothing there is read): a command there may run, and its
        caller must not take it for one that is not there."""
        final = self._real_or_none(path)
        if final is None:
            return None
        if self._refused(path, final):
            return final
        if not self.exists(final):
            self.skip(path, "dangling symlink")
            return None
        return final

    # -- listing ---------------------------------------------------------------------------------
    def small_children(self, path: str, limit: int) -> Children | None:
        """:meth:`children` of a folder that holds at most ``limit`` names, or None for a bigger one, which is
        read no further (a folder the user opened in an editor may hold a million files: its listing is
        never held whole). Recorded as listed either way."""
        if path in self._too_many:
            return None
        try:
            return self.children(path, limit=limit)
        except _TooMany:
            self._too_many.add(path)
            return None

    def children(self, path: str, *, types: bool = True, limit: int | None = None) -> Children:
        """Children of a folder by name (empty when it does not exist). Records the folder as listed.

        ``types=False`` for a big folder of which only a few names will be looked at (a search path folder of
        thousands of commands): the names alone (``listdir``) cost less than entries with their types, and the
        few names used are looked at one by one as before. ``limit``: see :meth:`small_children`."""
        cached = self._list_cache.get(path)
        if cached is not None:
            return Children(cached[0], cached[1], cached[2], self, cached[3])
        parent = path.rstrip("/")
        try:
            real: str | None
            real, missing = self._walk(path)
        except _LinkLoop:
            real, missing = self._real_or_none(path), False  # notes the loop once
        if real is None:
            return Children(parent, self.host(path), {}, self)
        if self._refused(path, real, listing=True):
            return Children(parent, self.host(path), {}, self)
        host = self._host_of(real)
        if missing and not self._too_long:
            # the walk met a name that is not there (or is a file): listing would fail as not found / not a folder
            self._list_cache[path] = (parent, host, {}, None)
            return Children(parent, host, {}, self)
        try:
            # scandir, not listdir: each entry's type (d_type) comes with its name, so a name that is no link
            # needs no readlink or lstat later; the entries are read in full before anything else happens
            entries: dict[str, os.DirEntry[str]] | None = None
            names: Mapping[str, os.DirEntry[str] | None]
            if types and limit is None:
                with os.scandir(host) as listing:
                    names = entries = {dirent.name: dirent for dirent in listing}
            elif types and limit is not None:
                names = entries = {}
                with os.scandir(host) as listing:
                    for dirent in listing:
                        if len(entries) >= limit:
                            self._note_listed(host)
                            raise _TooMany(path)
                        entries[dirent.name] = dirent
            else:
                names = dict.fromkeys(os.listdir(host))
        except (FileNotFoundError, NotADirectoryError):
            return Children(parent, host, {}, self)
        except PermissionError as exc:
            self.skip_once(path, UNLISTABLE)
            # searchable: what is in it can run (a bounded listing's caller looks for each file by itself instead)
            if limit is None and exc.errno == errno.EACCES and os.access(host, os.X_OK):
                self.denied.setdefault(self.display(path))
            return Children(parent, host, {}, self)
        except (OSError, ValueError) as exc:
            self.skip(path, f"cannot list folder: {exc.__class__.__name__}")
            return Children(parent, host, {}, self)
        self._note_listed(host)
        if entries is not None:
            self._listings.setdefault(real, entries)
        self._list_cache[path] = (parent, host, names, real)
        return Children(parent, host, names, self, real)

    def _note_listed(self, host: str) -> None:
        if host not in self._listed:
            self._listed.add(host)
            self.audit.dirs_listed.append(host)

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
                        if (
                            e.is_dir
                            and e.name.startswith(prefix)
                            and e.name.endswith(suffix)
                            and len(e.name) >= len(prefix) + len(suffix)
                        ):
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

    def _open(self, path: str, limit: int) -> tuple[int, str, int]:
        """An open descriptor on the regular file ``path`` (links resolved inside the root), its real host
        path and its size; raises :class:`ReadSkipped`. Nothing is read here."""
        try:
            real, before = self._real_file(path)
        except _LinkLoop:
            raise ReadSkipped("symlink loop") from None  # the caller notes it, with what it was reading for
        if self._refused(path, real, note=False):
            from tui.core.confine import REFUSED

            raise Unreadable(KERNEL_VIEW if not self._root and kernel_view(real) else REFUSED)  # the caller notes it
        host = self._host_of(real)
        try:
            if before is _GONE:  # its folder was found missing (ENOENT): what open_sized's own stat would say
                raise FileMissing("missing")
            fd, size = open_sized(host, limit, follow=False, before=before)
            return fd, host, size
        except FileMissing as exc:
            raise self._why_missing(path, real, exc) from None

    def _real_file(self, path: str) -> tuple[str, os.stat_result | None]:
        """:meth:`_real` for a file about to be opened, with its ``lstat`` when that was made. The folder is
        resolved as usual; the last name gets one ``lstat`` (which :func:`open_regular` needs anyway) instead of
        a ``readlink`` and then a ``stat``: when it is not a link, it is its own real path. A link, or a name
        that cannot be looked at, takes the usual walk (hops noted, missing names remembered)."""
        norm = _normal(path)
        hit = self._real_cache.get(norm)
        if hit is not None or norm == "/":
            return (hit or norm), None
        folder, _, name = norm.rpartition("/")
        if name in ("", ".", ".."):
            return self._real(path), None
        parent, missing = self._walk_normal(folder or "/")
        if missing and self._only_enoent():
            return self._real(path), _GONE
        if not missing:
            candidate = _child_of(parent, name)
            if candidate in self._absent:  # found missing earlier in this scan: no call needed
                if self._only_enoent():
                    return candidate, _GONE
            else:
                try:
                    st = os.stat(self._host_of(candidate), follow_symlinks=False)
                except FileNotFoundError:
                    # plainly not there, in a folder that is (most config files a scan looks for): a readlink
                    # and the open's own stat would only say it again
                    self._absent.add(candidate)
                    return candidate, _GONE
                except (OSError, ValueError):
                    st = None
                if st is not None and not stat.S_ISLNK(st.st_mode):
                    return candidate, st
        return self._real(path), None

    def read_bytes(self, path: str, limit: int = MAX_MANIFEST_BYTES) -> bytes:
        """Whole content of a regular file no bigger than ``limit``; raises :class:`ReadSkipped`."""
        fd, host, size = self._open(path, limit)
        self._record_read(host)
        return read_fd(fd, limit, size)

    def _open_present(self, path: str, limit: int) -> tuple[int, str, int] | None:
        """:meth:`_open` when :meth:`exists` says ``path`` is there, else None: exists-then-read with one walk
        and one ``lstat`` (the ``lstat`` the safe open needs anyway) instead of two of each."""
        seen = self._lstat(path)
        if seen is None:
            if self.machine.confine and self.outside(path):  # there, but not this scan's to read: said so
                from tui.core.confine import REFUSED

                raise Unreadable(REFUSED)
            return None
        real, before = seen
        if stat.S_ISLNK(before.st_mode):
            return self._open(path, limit)  # a link: the walk follows it inside the root
        host = self._host_of(real)
        try:
            fd, size = open_sized(host, limit, follow=False, before=before)
        except FileMissing as exc:
            raise self._why_missing(path, real, exc) from None
        return fd, host, size

    def _why_missing(self, path: str, real: str, exc: FileMissing) -> FileMissing:
        """A file that is not there: a dangling link when a link on the way to it (its own name included) leads
        to a place that is not there, whose content cannot be known (on a disk image, a target outside it).
        Plainly missing when every link on the way leads somewhere and the file is just not in it: ~/.config
        linked into a dotfiles folder, where most tools' files do not exist, hides nothing."""
        if real == _normal(path) or not self._dangling_on_the_way(path):
            return exc
        return FileMissing("dangling symlink (its target is not in the scanned image)")

    def _dangling_on_the_way(self, path: str) -> bool:
        prefix = ""
        for part in _normal(path).strip("/").split("/"):
            prefix = f"{prefix}/{part}"
            seen = self._lstat(prefix)  # its folder resolved, this name not followed
            if seen is None:
                return False  # this name is plainly not there: no link led here
            if stat.S_ISLNK(seen[1].st_mode):
                try:
                    missing = self._walk(prefix)[1]
                except _LinkLoop:
                    return True
                if missing:
                    return True
        return False

    def read_text_if_present(self, path: str, limit: int = MAX_MANIFEST_BYTES, errors: str = "strict") -> str | None:
        """:meth:`read_text`, or None when :meth:`exists` would say there is nothing at ``path``. ``errors``: as
        ``bytes.decode``'s (``"replace"`` for a file a program reads whatever its encoding, a shell's own: NUL
        bytes are then dropped as bash drops them, never a reason to leave the rest unread)."""
        opened = self._open_present(path, limit)
        if opened is None:
            return None
        fd, host, size = opened
        self._record_read(host)
        return _text(read_fd(fd, limit, size), errors)

    def read_text(self, path: str, limit: int = MAX_MANIFEST_BYTES) -> str:
        return _text(self.read_bytes(path, limit))

    def read_pieces(self, path: str, limit: int) -> Generator[bytes, None, None]:
        """A regular file of at most ``limit`` bytes in pieces (:func:`~tui.core.bounded_read.read_pieces`), for
        one too big to hold whole; raises :class:`ReadSkipped` on opening and while read. Listed in the audit
        as read. Close the iterator when done with it early (its descriptor is closed then)."""
        fd, host, _size = self._open(path, limit)
        self._record_read(host)
        return read_pieces(fd, limit)

    def read_head(self, path: str, size: int) -> bytes | None:
        """The first ``size`` bytes of a regular file however big it is (a bundle's header), None when there is
        nothing at ``path``; raises :class:`ReadSkipped`. Listed in the audit as read."""
        return self.read_at(path, 0, size)

    def read_at(self, path: str, offset: int, size: int) -> bytes | None:
        """At most ``size`` bytes of a regular file from ``offset`` on, however big it is (a window of a
        program of hundreds of MiB), None when there is nothing at ``path``; raises :class:`ReadSkipped`.
        Listed in the audit as read."""
        opened = self._open_present(path, sys.maxsize)
        if opened is None:
            return None
        fd, host, _size = opened
        self._record_read(host)
        try:
            if offset:
                os.lseek(fd, offset, os.SEEK_SET)  # (no pread on Windows)
            pieces: list[bytes] = []
            left = size
            while left > 0:
                piece = os.read(fd, left)
                if not piece:
                    break
                pieces.append(piece)
                left -= len(piece)
            return b"".join(pieces)
        except OSError as exc:  # a non-blocking read of something that is no regular file, or an I/O error
            raise Unreadable(f"unreadable: {exc.strerror or exc.__class__.__name__}") from None
        finally:
            os.close(fd)

    def read_json(self, path: str, limit: int = MAX_MANIFEST_BYTES) -> Any:
        return _json(self.read_text(path, limit))

    def try_json(self, path: str, limit: int = MAX_MANIFEST_BYTES) -> Any:
        """JSON content, or None when missing; a broken file is noted and gives None."""
        try:
            text = self.read_text_if_present(path, limit)
            return _json(text) if text is not None else None
        except ReadSkipped as exc:
            self.skip(path, str(exc))
            return None

    def try_text(self, path: str, limit: int = MAX_MANIFEST_BYTES) -> str | None:
        try:
            return self.read_text_if_present(path, limit)
        except ReadSkipped as exc:
            self.skip(path, str(exc))
            return None

    def read_zip_member(
        self, path: str, member: str, *, limit: int = 1024 * 1024, archive_limit: int = 512 * 1024 * 1024
    ) -> bytes | None:
        """One member of a zip/jar archive, refusing members that claim (or inflate to) more than ``limit``."""
        try:
            fd, host, _size = self._open(path, archive_limit)
        except FileMissing:
            return None
        except ReadSkipped as exc:
            if not str(exc).startswith("not a regular file"):
                self.skip(path, f"archive {exc}")
            return None
        try:
            with os.fdopen(fd, "rb") as fh:
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
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            OSError,
            EOFError,
            ValueError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            self.skip(path, f"unreadable archive: {exc.__class__.__name__}")
            return None
