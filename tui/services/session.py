"""Everything a command or the app needs before scanning: the pack, the machine, the user's own state.

Shared by ``scan``, ``check``, ``request`` and the Textual app, so they always agree."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.content import Pack
from tui.core.machine import Disk, Machine

if TYPE_CHECKING:
    from tui.core.grants import CheckedGrant
    from tui.core.scanner import Progress, ScanReport


@dataclass
class Session:
    pack: Pack
    machine: Machine
    content_notice: str | None = None
    content_source: str = "bundled"
    content_kind: str = "bundled"  # bundled | path | url
    content_verified: bool = False
    content_spec: str | None = None  # the folder, archive or URL it came from (None: bundled)
    content_configured: bool | None = None  # the pack the config names (False: another; None: it names none)
    # the requests made to fetch the pack before any scan (a URL's pack), for each scan's audit
    content_network: tuple[dict[str, object], ...] = ()
    content_key: str | None = None  # the fingerprint of the pinned key the pack's signature was verified with
    home_given: bool = False  # --home named the home to scan (see home_source)
    search_path_given: bool = False  # --search-path named the folders (see tui.services.search_path)
    # another user's own grants and attestations (scan --all-users, see tui.fleet.user_state); None: this user's
    grants_from: Callable[[], list[CheckedGrant]] | None = field(default=None, repr=False)
    attested_from: Callable[[], set[tuple[str, str]]] | None = field(default=None, repr=False)

    def attested(self, read: list[str] | None = None, problems: list[str] | None = None) -> set[tuple[str, str]]:
        """The conditions the user confirmed. ``problems``: what is wrong with the attestations file, when
        anything is (it then confirms nothing: a condition left unconfirmed, never a tool made compliant)."""
        if self.attested_from is not None:
            return self.attested_from()
        from tui.services import attestations

        return attestations.load(self.pack.policy, read=read, problems=problems)

    def grants(self, read: list[str] | None = None, problems: list[str] | None = None) -> list[CheckedGrant]:
        """Every stored signed grant, verified again against this pack and this user (see
        :mod:`tui.core.grants`), and a note per request the intake approved without a grant yet. ``read``:
        each file looked at for them is added to it (git's config among them, for the user's email);
        ``problems``: a line per grant file that cannot be read (it grants nothing)."""
        if self.grants_from is not None:
            return self.grants_from()
        from tui.config import load_config
        from tui.core.grants import GrantPolicy, this_host
        from tui.grants.store import approvals_waiting, checked_grants, current_user_email

        config = load_config()
        if read is not None and config.path is not None and config.path.is_file():
            read.append(str(config.path))
        policy = GrantPolicy.from_pack(self.pack, current_user_email(config, read), this_host(self.machine.root, read))
        return checked_grants(policy, read=read, problems=problems) + approvals_waiting(read=read)

    def scan(self, progress: Progress | None = None, today: dt.date | None = None) -> ScanReport:
        # the scanner loads with the first scan, not with the pack: `aicheck` opens the pack before the
        # app's first frame (to stop on a broken one in one line), the app scans after it
        from tui.core.scanner import scan

        own: list[str] = []  # aicheck's own files and git's the verdict depends on: listed with the machine's
        damaged: list[str] = []  # the user's own records that could not be read: scan errors, never silence
        unread_grants: list[str] = []
        attested, grants = self.attested(own, damaged), self.grants(own, unread_grants)
        if str(self.machine.root) == "/" and self.machine.env_known:
            from tui.core.machine import account_home

            account_home(own)  # the password database, for whether the home scanned is the account's
        report = scan(self.machine, self.pack, progress=progress, attested=attested, grants=grants, today=today)
        report.errors.extend(f"{problem}; its attestations are not counted" for problem in damaged)
        report.errors.extend(unread_grants)
        report.audit.own_files_read = list(dict.fromkeys(own))
        report.audit.network = [dict(entry) for entry in self.content_network]  # the pack's fetch, before the scan
        report.pack_origin = {
            "source": self.content_kind,
            "from": self.content_source,
            "signature_verified": self.content_verified,
            "key": self.content_key if self.content_verified else None,
            "location": _shown_location(self.content_spec),
            "configured": self.content_configured,
        }
        report.home_source = home_source(self.machine, self.home_given)
        from tui.services.search_path import search_path_source

        report.search_path_source, report.search_path_missing = search_path_source(self.machine, self.search_path_given)
        report.scanned_as = scanned_as(self.machine)
        return report


def home_source(machine: Machine, home_given: bool) -> str:
    """How the home scanned was chosen, for the report (``host.home_source``): ``--root`` (a disk image),
    ``all-users`` (one user's home in a scan of every user: the extension, ``--all-users``), ``account`` (this
    machine, the home the password database names for the account that ran the scan), else ``--home`` (given
    on purpose) or ``environment`` (``HOME`` / ``USERPROFILE``, not the account's, or not checkable: Windows)."""
    if str(machine.root) != "/":
        return "--root"
    if not machine.env_known:
        return "all-users"
    if _accounts_own(machine):
        return "account"
    return "--home" if home_given else "environment"


def _accounts_own(machine: Machine) -> bool:
    """Whether the home scanned is the one the password database names for the account running the scan (on
    this machine; a disk image's homes are never this account's)."""
    if str(machine.root) != "/":
        return False
    from tui.core.machine import account_home

    account = account_home()
    if account is None:
        return False
    try:
        return Path(machine.home).resolve() == account.resolve()
    except (OSError, RuntimeError):
        return False


def scanned_as(machine: Machine) -> dict[str, object]:
    """The account that ran the scan, for the report (``host.scanned_as``): its uid (None on Windows), whether
    it is root (uid 0; on Windows an elevated Administrator; None when that cannot be told) and whether the home
    scanned is its own. A scan of every user made by another account than root read only what that account
    may: files it cannot read in another's home look absent (see ``report summarize``)."""
    import os

    geteuid = getattr(os, "geteuid", None)
    uid = geteuid() if geteuid is not None else None
    root: bool | None = uid == 0 if uid is not None else _windows_administrator()
    return {"uid": uid, "root": root, "own_home": _accounts_own(machine)}


def _windows_administrator() -> bool | None:
    try:
        import ctypes

        return bool(ctypes.windll.shell32.IsUserAnAdmin())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ImportError):
        return None


def _shown_location(spec: str | None) -> str | None:
    """Where the pack came from, as reports may show it: a URL as every message shows a pack's URL
    (:func:`tui.core.urls.shown_url`: no credentials, query values or credential-shaped path segments)."""
    from tui.core.urls import shown_url
    from tui.packs.resolve import is_url

    return shown_url(spec) if spec and is_url(spec) else spec


def machine_from_args(args: argparse.Namespace) -> Machine:
    """The machine the options describe, checked so that a wrong option is a usage error that proposes the
    fix, never an empty scan that reads as "no AI tools found" (see :func:`check_machine`)."""
    from tui.errors import UsageError

    root = getattr(args, "root", None)
    for option, value in (("--root", root), ("--home", getattr(args, "home", None))):
        if value is not None and not value.strip():  # `--home "$UNSET"`: never the current folder, never a clean bill
            raise UsageError(f"{option} is empty: give the folder (an unset variable in a script?)")
    search_path = getattr(args, "search_path", None)
    if search_path is not None and root is None and not "".join(search_path.split()).strip(":;"):
        # `--search-path "$UNSET"` searched nowhere: every tool on PATH unseen, and the gate green. On a disk
        # image (--root) an empty one says "this PATH is not known": the image's startup files still give theirs
        raise UsageError("--search-path is empty: give the folders to search (an unset variable in a script?)")
    if root is not None and not Path(root).is_dir():
        raise UsageError(
            f"--root {root}: no such folder"
            if not Path(root).exists()
            else f"--root {root}: not a folder (give the folder where the disk is mounted)"
        )
    home = getattr(args, "home", None)
    if home is not None and root is not None:
        home = _home_inside_root(home, root)
    elif home is not None and not Path(home).expanduser().is_absolute():  # `--home ./x`: from here, as a shell would
        home = str(Path.cwd() / Path(home).expanduser())
    machine = Machine.current(
        root=root, home=home, platform=getattr(args, "platform", None), search_path=getattr(args, "search_path", None)
    )
    check_machine(machine, home_given=home is not None, search_path_given=getattr(args, "search_path", None))
    if root is None:  # --home, or a HOME not root's own (`sudo -E aicheck scan`)
        machine = confined_for_root(machine, getattr(os, "geteuid", lambda: -1)(), search_path is not None)
    return machine


def confined_for_root(machine: Machine, euid: int, search_path_given: bool) -> Machine:
    """``machine`` as its home's owner sees it when root (``euid`` 0) scans this computer for a home that
    is not root's own (``sudo aicheck check --home /home/bob``, or ``sudo -E aicheck scan`` with bob's
    ``HOME``), as each home of ``--all-users`` is
    (:func:`tui.core.system_folders.one_home`): confined to that home and the system folders, so that a
    link bob made (``~/.codex/config.toml`` a link to root's own SSH key) never has root read a file bob
    could not; root's PATH is not bob's, so the standard folders of bob's home and the system are searched
    (a ``--search-path`` given is kept; the report says ``standard``). A link out of the home is refused
    and said."""
    if euid != 0 or machine.confine:
        return machine
    import dataclasses

    from tui.core.machine import account_home
    from tui.core.system_folders import one_home

    disk = Disk(machine)
    real = disk.resolve(machine.home)
    own = account_home()
    if own is not None and real is not None and disk.resolve(str(own)) == real:
        return machine  # root's own home: root's own links
    bob = one_home(machine, machine.home, list(machine.search_path) if search_path_given else None)
    # the environment stays this process's, as for any --home (its variables are what the conditions have)
    return dataclasses.replace(bob, env=machine.env, env_known=machine.env_known)


def _home_inside_root(home: str, root: str) -> str:
    """``--home IMG/home/bob`` with ``--root IMG``: the host path of a folder inside the image, translated to
    the path the scanned machine itself uses (``/home/bob``). An in-image path that exists wins."""
    from tui.core.machine import to_machine_path

    root_path = Path(root).resolve()
    if (root_path / to_machine_path(home).lstrip("/")).is_dir():
        return home
    try:
        inside = Path(home).resolve().relative_to(root_path)
    except (ValueError, OSError):
        return home
    return "/" + inside.as_posix() if str(inside) != "." else "/"


# Folders only one platform's system disk has: an image that holds one is that platform's
PLATFORM_MARKERS = (
    ("windows", "Windows/System32"),
    ("macos", "System/Library/CoreServices"),
    ("linux", "etc/os-release"),
)


def image_platform(root: Path) -> tuple[str, str] | None:
    """(platform, the marker that says so) of a mounted system disk, or None when it shows none (a home
    folder copied alone, a synthetic test disk): then ``--platform`` is taken as given."""
    for platform, marker in PLATFORM_MARKERS:
        if (root / marker).exists():
            return platform, marker
    return None


# What a home copied alone shows of its platform: a Windows profile has AppData (and NTUSER.DAT); a Linux or
# macOS home has its shell's startup files (from /etc/skel) or Library, and no AppData. (.config and .local
# are no sign: tools on Windows keep their settings there too.)
WINDOWS_HOME_MARKERS = ("AppData", "NTUSER.DAT")
UNIX_HOME_MARKERS = ("Library", ".bashrc", ".zshrc", ".profile", ".bash_profile")


def home_platform(disk: Disk, machine: Machine) -> tuple[bool, str] | None:
    """(whether the home is a Windows one, the name that says so) for a home that shows one family alone;
    None when it shows both or neither (an empty synthetic home: --platform is taken as given)."""
    windows = next((n for n in WINDOWS_HOME_MARKERS if disk.exists(f"{machine.home.rstrip('/')}/{n}")), None)
    unix = next((n for n in UNIX_HOME_MARKERS if disk.exists(f"{machine.home.rstrip('/')}/{n}")), None)
    if (windows is None) == (unix is None):
        return None
    return (True, windows) if windows is not None else (False, unix or "")


def check_machine(machine: Machine, *, home_given: bool, search_path_given: str | None) -> None:
    """Raise UsageError when the platform is not the one scanned (this machine's, or the one a mounted system
    disk shows), when the home to scan does not exist, or when an explicit search path names no folder that
    exists on the scanned disk."""
    from tui.core.machine import Disk, current_platform
    from tui.errors import UsageError

    disk = Disk(machine)
    on_image = str(machine.root) != "/"
    if not on_image and machine.platform != current_platform():
        # another platform's folders on this disk would all be missing: an empty scan, never "compliant"
        raise UsageError(
            f"--platform {machine.platform}: this machine runs {current_platform()}; --platform describes a disk "
            "image given with --root (leave it out to scan this machine)"
        )
    looks = image_platform(machine.root) if on_image else None
    if looks is not None and looks[0] != machine.platform:
        # the wrong platform's folders would all be missing on the image: an empty scan, never "compliant"
        raise UsageError(
            f"--root {machine.root}: the image looks like {looks[0]} ({looks[1]} exists) but is scanned as "
            f"{machine.platform}: pass --platform {looks[0]}"
        )
    where = f"inside the image {machine.root}" if on_image else "on this machine"
    if not disk.is_dir(machine.home):
        option = (
            "--home " + machine.display(machine.home)
            if home_given
            else f"the default home {machine.display(machine.home)}"
        )
        homes = existing_homes(machine) if on_image else []
        mine = Path.home()
        if not on_image and home_given and mine.is_dir():
            hint = f"; leave out --home to scan yours ({mine})"
        elif homes:
            hint = f"; homes there: {', '.join(homes)} (e.g. --home {homes[0]}" + (
                ", the path inside the image)" if on_image else ")"
            )
        else:
            hint = "; give --home with the home folder to scan" + (" (its path inside the image)" if on_image else "")
        raise UsageError(f"{option}: no such folder {where}{hint}")
    if on_image and looks is None:
        shows = home_platform(disk, machine)
        if shows is not None and shows[0] != (machine.platform == "windows"):
            # a home copied alone: scanned with the other family's folders, every one would be missing
            raise UsageError(
                f"--home {machine.display(machine.home)}: the home looks like "
                f"{'a Windows' if shows[0] else 'a Linux or macOS'} home ({shows[1]} is there"
                + ("" if shows[0] else ", no AppData")
                + f") but is scanned as {machine.platform}: pass --platform "
                + ("windows" if shows[0] else "linux or --platform macos")
            )
    if search_path_given is not None and machine.search_path and not any(disk.is_dir(p) for p in machine.search_path):
        shown = ", ".join(machine.display(p) for p in machine.search_path[:4])
        raise UsageError(
            f"--search-path {search_path_given}: none of its folders exists {where} ({shown}); "
            "give the folders the scanned machine's PATH holds"
            + (", as paths inside the image (e.g. /usr/bin)" if on_image else "")
        )


def existing_homes(machine: Machine, limit: int = 8) -> list[str]:
    """Home folders that exist on the scanned disk (``/home/*``, ``/Users/*``), for a usage message."""
    import os

    from tui.core.machine import Disk

    disk = Disk(machine)
    found: list[str] = []
    for parent in ("/home", "/Users"):
        try:
            names = sorted(os.listdir(disk.host(parent)))
        except (OSError, ValueError):
            continue
        for name in names:
            if name.startswith(".") or name in ("Shared", "Public", "Default", "All Users", "Default User"):
                continue
            path = f"{parent}/{name}"
            if disk.is_dir(path):
                found.append(machine.display(path))
            if len(found) >= limit:
                return found
    return found


def open_session(args: argparse.Namespace, announce: Callable[[str], None] | None = None) -> Session:
    """Resolve and load the content pack (raises ContentError/PackError) and describe the machine.
    ``announce``: see :func:`tui.packs.resolve.resolve_content`."""
    from tui.packs.resolve import load_resolved, resolve_content

    resolved = resolve_content(getattr(args, "content", None), announce=announce)
    pack = load_resolved(resolved)
    return Session(
        pack,
        machine_from_args(args),
        resolved.notice,
        resolved.source,
        resolved.kind,
        resolved.verified,
        resolved.spec,
        resolved.configured,
        resolved.network,
        content_key=resolved.key,
        home_given=getattr(args, "home", None) is not None,
        search_path_given=getattr(args, "search_path", None) is not None,
    )


def require_accounts_home(args: argparse.Namespace, what: str) -> None:
    """For the gate on this machine: raise UsageError when ``$HOME`` (the default home) is not the account's
    own. ``HOME=/tmp/empty aicheck check`` checked an empty folder and said compliant; the account's sessions
    (and their tools) live in the home the password database names. ``--home`` checks another on purpose."""
    root = getattr(args, "root", None)
    if getattr(args, "home", None) or (root is not None and Path(root).resolve() != Path("/")):
        return  # another home, or another machine's disk, on purpose
    from tui.core.machine import account_home

    account = account_home()
    if account is None or not account.is_dir():
        return
    here = Path.home()
    try:
        same = here.resolve() == account.resolve()
    except (OSError, RuntimeError):
        same = False
    if not same:
        from tui.errors import UsageError

        raise UsageError(
            f"{what} judges your account's home ({account}), but HOME is {here}: a HOME set for the check alone "
            "would check another folder. Leave HOME as your login sets it, or pass --home to check another "
            "home on purpose"
        )


def terminal_note(text: str) -> None:
    """A line on stderr while something slow happens, where a person watches it (not in a script's log)."""
    import sys

    if sys.stderr.isatty():
        print(text, file=sys.stderr, flush=True)


def open_cli_session(args: argparse.Namespace) -> Session:
    """:func:`open_session` for a command: a notice about the pack (offline copy, unsigned) goes to stderr."""
    import sys

    session = open_session(args, announce=terminal_note)
    if session.content_notice:
        print(f"aicheck: {session.content_notice}", file=sys.stderr)
    return session
