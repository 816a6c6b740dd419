"""A content pack: catalog + policy + advisories + guidance, loaded and cross-checked as one unit."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.advisories import Advisory, load_advisory
from tui.core.catalog import Catalog, load_catalog
from tui.core.channels.registry import catalog_keys
from tui.core.guidance import GuidePage, load_guidance
from tui.core.pack_files import MemoryPath, PackPath, read_pack_file
from tui.core.policy import Policy, load_policy
from tui.core.tomldoc import Table, load_toml
from tui.errors import ContentError, Problem

MAX_ADVISORY_FILES = 5000
EXPIRY_NOTICE_DAYS = 14  # a pack's last days of use are announced (check, the app) before it stops answering


@dataclass
class Pack:
    root: Path
    id: str
    version: str
    catalog: Catalog
    policy: Policy
    advisories: list[Advisory] = field(default_factory=list)
    guidance: dict[str, GuidePage] = field(default_factory=dict)
    expires: dt.date | None = None  # pack.toml's last day of use (signed with the pack); None: no end
    # a signed pack's files as its verified archive holds them (what it was loaded from), else None
    files: Mapping[str, bytes] | None = field(default=None, repr=False)
    # set where the pack is chosen: the scan error of a signed pack older than one of the same id and key used
    # on this machine before (see tui.packs.resolve), like an expired pack's; None: not known to be older
    rollback_error: str | None = None

    def digest(self) -> str:
        """:func:`pack_digest` of what this pack was loaded from."""
        return pack_digest(self.root, self.files)

    @property
    def sha256(self) -> str:
        """The policy's fingerprint (what an acknowledgement or an exception request refers to)."""
        return self.policy.sha256

    def days_left(self, today: dt.date) -> int | None:
        """Days of use left on ``today``: 0 on the ``expires`` day itself, negative once expired; None
        when the pack has no ``expires``."""
        return None if self.expires is None else (self.expires - today).days

    def expiry_notice(self, today: dt.date) -> str | None:
        """What to say in the last :data:`EXPIRY_NOTICE_DAYS` days of use (the ``expires`` day included), or None."""
        left = self.days_left(today)
        if left is None or not 0 <= left <= EXPIRY_NOTICE_DAYS:
            return None
        when = "today is its last day" if left == 0 else f"{left} day{'s' if left != 1 else ''} left"
        return f"Content pack {self.id} {self.version} expires on {self.expires} ({when})"

    def expiry_error(self, today: dt.date) -> str | None:
        """The scan error for a pack used after its last day, or None. A company that signs its packs with
        an ``expires`` date makes an old copy (the cache kept while its server is blocked, an archive
        passed with ``--content``) stop giving verdicts once the company would have sent a newer one."""
        left = self.days_left(today)
        if left is None or left >= 0:
            return None
        return (
            f"the content pack {self.id} {self.version} expired on {self.expires}: its policy may be out of "
            "date; get the company's current pack (`aicheck content fetch`, or the --content your company "
            "names)"
        )


def _display(root: PackPath, path: PackPath) -> str:
    if isinstance(path, MemoryPath):
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# the pack's folders, and what each holds (for the problem when one is not a folder)
_FOLDERS = {
    "advisories": "its advisories are files *.json in the folder advisories/; an advisory that is not read "
    "would leave an affected version a clean bill",
    "guidance": "its pages are files *.md in the folder guidance/",
}


def _not_a_folder(path: PackPath) -> str | None:
    """What is at ``path`` when it is there but is no folder (a file, a FIFO, a device, a socket, a link to one
    of them or to nothing); None for a folder (or a link to one, read as the folder) or nothing at all."""
    import stat

    from tui.core.bounded_read import file_kind

    if isinstance(path, MemoryPath):  # an archive holds files and folders only
        return "a file" if path.is_file() else None
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            try:
                st = os.stat(path)
            except OSError:
                return "a symbolic link to nothing"
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        return None
    kind = "a file" if stat.S_ISREG(mode) else file_kind(mode)
    return f"a symbolic link to {kind}" if os.path.islink(path) else kind


def read_pack(folder: Path, files: Mapping[str, bytes] | None = None) -> tuple[Pack, list[Problem]]:
    """Load everything that can be loaded and return it with every problem found. ``files``: the pack's files
    as the bytes of its signed archive (see :mod:`tui.core.pack_files`), read instead of ``folder``, which
    then only names them."""
    from tui.core.regex_safety import pack_budget

    # the work of checking the pack's regular expressions, all of them together; no cycle collection meanwhile
    with pack_budget(), _cycles_collected_after():
        return _read_pack(folder, files)


@contextmanager
def _cycles_collected_after() -> Iterator[None]:
    """Python's collector of reference cycles held off while a pack loads, as it was again after. Parsing a pack
    builds a table, a list or a string for each thing it says and keeps almost all of them; the collector,
    started every 700 new ones, went through them again and again, each pass finding nothing: some 100 ms of
    a pack of 8,000 tools (a tenth), more in a process holding more (the app). Loading makes next to no
    cycles (what it drops is freed by its reference count at once, as always), what it holds is bounded by the
    size of the pack's files, and the collector runs again as soon as it is done, also after an error. Left
    alone when it was off already (another loading at the same time, in another thread)."""
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _read_pack(folder: Path, files: Mapping[str, bytes] | None) -> tuple[Pack, list[Problem]]:
    problems: list[Problem] = []
    folder = Path(folder)
    root: PackPath = folder if files is None else MemoryPath(files, folder)
    if not root.is_dir():
        problems.append(Problem(str(root), "content pack folder not found"))
        return Pack(folder, "", "", Catalog(), Policy()), problems
    disp = lambda p: _display(root, p)  # noqa: E731

    pack_id, pack_version, expires = folder.name, "", None
    meta_path = root / "pack.toml"
    if meta_path.exists():
        doc, data = load_toml(meta_path, disp(meta_path), problems)
        if doc is not None and data is not None:
            t = Table(doc, (), data, problems)
            pack_id = t.text("id", required=True) or pack_id
            pack_version = t.text("version", required=True) or ""
            if pack_version:  # the one a signed pack's archive is held to (see tui.packs.meta)
                from tui.core.versions import pack_version_problem

                bad_version = pack_version_problem(pack_version)
                if bad_version is not None:
                    t._bad("version", bad_version)
                    pack_version = pack_version[:40]
            t.text("description")
            expires = t.date("expires", "the pack's last day of use (it must be replaced by a newer one by then)")
            t.check_unknown()

    for name, holds in _FOLDERS.items():  # never read as "no advisories" (or no pages): a broken pack
        what = _not_a_folder(root / name)
        if what is not None:
            problems.append(Problem(disp(root / name), f"not a folder ({what}): {holds}"))

    catalog = load_catalog(root / "catalog.toml", disp(root / "catalog.toml"), problems, catalog_keys())
    policy = load_policy(root / "policy.toml", disp(root / "policy.toml"), problems, catalog)

    advisories: list[Advisory] = []
    adv_dir = root / "advisories"
    if adv_dir.is_dir():
        found: list[PackPath] = []
        entries: list[PackPath] = list(adv_dir.iterdir())
        for entry in sorted(entries, key=lambda p: p.name):
            if entry.name.startswith("."):  # .DS_Store and the like: `content pack` leaves them out too
                continue
            if entry.suffix == ".json":
                found.append(entry)
            else:  # never read, so never silently passed over
                what = "a folder" if entry.is_dir() and not entry.is_symlink() else "a file"
                problems.append(
                    Problem(
                        disp(entry),
                        f"{what} in advisories/ that is not read: advisories are files named *.json (lower-case) "
                        "directly in advisories/; rename or move it, or remove it",
                    )
                )
        if len(found) > MAX_ADVISORY_FILES:
            problems.append(Problem(disp(adv_dir), f"too many advisory files ({len(found)})"))
            found = found[:MAX_ADVISORY_FILES]
        seen: dict[str, str] = {}
        for path in found:
            if path.is_symlink() or not path.is_file():
                problems.append(Problem(disp(path), "advisories must be regular files"))
                continue
            adv = load_advisory(path, disp(path), problems)
            if adv is None:
                continue
            if adv.id in seen:
                problems.append(Problem(disp(path), f"duplicate advisory id '{adv.id}' (also in {seen[adv.id]})", 1, 1))
                continue
            seen[adv.id] = disp(path)
            advisories.append(adv)

    guidance = load_guidance(root / "guidance", disp(root / "guidance"), problems)
    missing = [rule for rule in policy.rules.values() if rule.guide and rule.guide not in guidance]
    if missing:  # said at the line that names the page (the file is read again for that, on this path alone)
        from tui.core.bounded_read import PACK_FILE_LIMIT, ReadSkipped
        from tui.core.tomldoc import TomlDoc

        policy_file = root / "policy.toml"
        try:
            text = read_pack_file(policy_file, PACK_FILE_LIMIT).decode("utf-8")
        except (ReadSkipped, UnicodeDecodeError):
            text = ""  # changed since it was read: the problem is said without its line
        doc = TomlDoc(policy_file, disp(policy_file), text)
        for rule in missing:
            message = f"tools.{rule.tool_id}.guide names page '{rule.guide}' which does not exist"
            problems.append(doc.problem(("tools", rule.tool_id, "guide"), message))
    return Pack(folder, pack_id, pack_version, catalog, policy, advisories, guidance, expires), problems


def load_pack(root: Path, files: Mapping[str, bytes] | None = None) -> Pack:
    """Load a pack, or raise :class:`ContentError` listing every problem in it (``files``: see :func:`read_pack`)."""
    pack, problems = read_pack(root, files)
    pack.files = files
    if problems:
        raise ContentError(problems)
    return pack


def pack_digest(root: Path, files: Mapping[str, bytes] | None = None) -> str:
    """A digest over every file of the pack (used to tell one pack build from another): of ``files``, a signed
    pack's verified bytes (see :mod:`tui.core.pack_files`), when given; else of the folder, links not followed
    and each file read within a bound (one past it counts by its name alone). The same files give the same
    digest either way."""
    h = hashlib.sha256()
    if files is not None:
        for name in sorted(files, key=lambda n: n.split("/")):
            h.update(name.encode() + b"\0" + files[name] + b"\0")
        return h.hexdigest()
    from tui.core.bounded_read import PACK_FILE_LIMIT, ReadSkipped, read_bounded

    found: list[tuple[list[str], str]] = []
    for top, dirs, names in os.walk(root):  # links to folders are not followed
        rel = Path(top).relative_to(root).parts
        found += [([*rel, n], os.path.join(top, n)) for n in names if not os.path.islink(os.path.join(top, n))]
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(top, d))]
    for parts, path in sorted(found):
        try:
            data = read_bounded(path, PACK_FILE_LIMIT, follow=False)
        except ReadSkipped:
            data = b"\0unread"
        h.update("/".join(parts).encode() + b"\0" + data + b"\0")
    return h.hexdigest()
