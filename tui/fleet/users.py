"""The real users of the scanned machine and the machine as each of them sees it.

Linux and macOS: the password database, read as a file (``/etc/passwd`` under ``--root``, through the audited
:class:`~tui.core.machine.Disk`); root is kept, system accounts are skipped (uid below 1000 on Linux, 501 on macOS, nobody, a
``nologin``/``false`` shell, no home). People a directory service knows (macOS's Directory Services, LDAP, SSSD,
systemd-homed) have no line there: the folders of ``/Users`` and ``/home`` that no line names are users too.
Windows: the folders of ``C:\\Users`` minus the shared profiles. Nothing is executed and no name service is
asked."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.machine import Disk, Entry, Machine, ReadSkipped
from tui.core.system_folders import one_home

PASSWD = "/etc/passwd"
MIN_UID = {"linux": 1000, "macos": 501}
NO_LOGIN_SHELLS = ("nologin", "false", "sync", "shutdown", "halt")
SHARED_PROFILES = {"public", "default", "default user", "all users", "defaultapppool", "wdagutilityaccount"}
NOT_PEOPLE = {"shared", "guest", "lost+found", "linuxbrew"}  # in /Users or /home, never a person's home
NOBODY = {65534, 65535, 4294967294, 4294967295}  # nobody and nogroup, as 16- and 32-bit numbers
MAX_PASSWD_BYTES = 4 * 1024 * 1024
# How many homes one run of ``--all-users`` scans (about 20 ms each: some 20 s; ``--max-users`` sets another
# bound): past it the run is incomplete and says how many homes it did not scan, never a partial clean bill.
MAX_USERS = 1000
# How many names of /home (/Users, C:\Users) a listing holds: more is never read whole (memory stays bounded),
# and the run is incomplete, saying so.
MAX_HOME_FOLDERS = 200_000
UNLISTED_HOMES = "home folders not listed"  # Disk.remembered key: the folders of homes too big to list


@dataclass(frozen=True)
class MachineUser:
    name: str
    home: str  # machine path
    uid: int | None = None  # None on Windows (no uid in a folder name)


def list_users(machine: Machine, disk: Disk | None = None) -> list[MachineUser]:
    """Every real user of ``machine``, sorted by name (one entry per home). Beside the password file's people,
    the folders of ``/home`` (``/Users`` on macOS) that no line of it names: the people a directory service
    knows (LDAP, SSSD, systemd-homed, macOS's Directory Services) have no line there, yet their homes are
    folders like the others, and a tool in one must not go unseen. A folder whose owner the file names as a
    system account (a ``nologin`` service) stays out."""
    disk = disk or Disk(machine)
    if machine.platform == "windows":
        users = _windows_users(disk)
    else:
        users = _passwd_users(disk, machine.platform)
        named = _passwd_homes(disk)
        parent = "/Users" if machine.platform == "macos" else "/home"
        users += [u for u in _folder_users(disk, parent) if u.home not in named]
    seen: set[str] = set()
    out = []
    for u in sorted(users, key=lambda u: (u.name, u.home)):
        real = disk.resolve(u.home) or u.home  # a home and a link to it are one home
        if real not in seen:
            seen.add(real)
            out.append(u)
    return out


def _passwd_homes(disk: Disk) -> set[str]:
    """Every home the password file names, people's and system accounts' alike."""
    text = _passwd_text(disk)
    return {f[5].rstrip("/") for f in (line.split(":") for line in (text or "").splitlines()) if len(f) >= 7}


def parse_passwd(text: str, platform: str) -> list[MachineUser]:
    """The people in a ``passwd`` file: ``name:x:uid:gid:gecos:home:shell``; anything malformed is skipped."""
    min_uid = MIN_UID.get(platform, 1000)
    users = []
    for line in text.splitlines():
        if not line or line.startswith(("#", "+", "-")):
            continue
        fields = line.split(":")
        if len(fields) < 7:
            continue
        name, _, uid_text, _, _, home, shell = fields[:7]
        try:
            uid = int(uid_text)
        except ValueError:
            continue
        # root (uid 0) counts as a person: servers and containers run AI agents as root, keeping their settings
        # in its home (/root, macOS's /var/root)
        if (uid < min_uid and uid != 0) or uid in NOBODY or not name or not home.startswith("/") or home == "/":
            continue  # system accounts and nobody (65534); systemd-homed's people (60001 and up) are people
        if shell.rsplit("/", 1)[-1] in NO_LOGIN_SHELLS:
            continue
        users.append(MachineUser(name, home.rstrip("/"), uid))
    return users


def _passwd_text(disk: Disk) -> str | None:
    def read() -> str | None:
        if not disk.exists(PASSWD):
            return None
        try:
            return disk.read_text(PASSWD, MAX_PASSWD_BYTES)
        except ReadSkipped as exc:
            disk.skip(PASSWD, str(exc))
            return None

    return disk.remembered(PASSWD, read)


def _passwd_users(disk: Disk, platform: str) -> list[MachineUser]:
    text = _passwd_text(disk)
    return [u for u in parse_passwd(text, platform) if disk.is_dir(u.home)] if text else []


def _entries(disk: Disk, parent: str) -> list[Entry]:
    """The entries of a folder of homes, sorted by name; one of more than :data:`MAX_HOME_FOLDERS` names is
    not read whole: it gives none, and is remembered among :func:`unlisted_homes`."""
    children = disk.small_children(parent, MAX_HOME_FOLDERS)
    if children is None:
        unlisted: list[str] = disk.remembered(UNLISTED_HOMES, list)
        unlisted.append(parent)
        disk.skip(parent, f"more than {MAX_HOME_FOLDERS} names: not listed")
        return []
    return [children[name] for name in sorted(children)]


def unlisted_homes(disk: Disk) -> list[str]:
    """The folders of homes :func:`list_users` could not list (too many names): their people were not found."""
    unlisted: list[str] = disk.remembered(UNLISTED_HOMES, list)
    return list(unlisted)


def _folder_users(disk: Disk, parent: str) -> list[MachineUser]:
    """The folders of ``parent`` as users named after them (not hidden ones, nor those no person owns); a link
    there to a folder elsewhere (``/home/bob`` -> ``/data/bob``, which only an administrator makes) is a home
    too, scanned where it leads (see :func:`user_machine`)."""
    return [
        MachineUser(e.name, e.path)
        for e in _entries(disk, parent)
        if (e.is_dir or (e.is_symlink and disk.is_dir(e.path)))
        and e.name.lower() not in NOT_PEOPLE
        and not e.name.startswith(".")
    ]


def _windows_users(disk: Disk) -> list[MachineUser]:
    return [
        MachineUser(e.name, e.path)
        for e in _entries(disk, "/Users")
        if e.is_dir and not e.is_symlink and e.name.lower() not in SHARED_PROFILES
    ]


def user_machine(machine: Machine, user: MachineUser) -> Machine:
    """``machine`` as ``user`` sees it (:func:`tui.core.system_folders.one_home`)."""
    return one_home(machine, user.home)
