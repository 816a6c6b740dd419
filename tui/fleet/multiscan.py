"""Scanning every user of a machine: one pack, one scan per home, each confined to that home and the system
folders. :class:`ScanCache` keeps the results for a while and never runs two scans at once (the osquery
extension answers three tables from one scan)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from tui.core.machine import Disk
from tui.core.models import Audit
from tui.core.scanner import ScanReport
from tui.errors import AicheckError
from tui.fleet.user_state import user_state
from tui.fleet.users import MAX_HOME_FOLDERS, MAX_USERS, MachineUser, list_users, unlisted_homes, user_machine
from tui.services.session import Session


class TooManyHomes(AicheckError):
    """A query would scan more homes than the bound allows (``--max-users``), or a folder of homes was too big to
    list: its answer would be some users' rows only, which reads as "the others have no AI tool". An error
    instead (osquery reports it for the query), never partial rows."""


@dataclass
class UserScan:
    user: MachineUser
    report: ScanReport


def open_all_users_session(args: argparse.Namespace) -> Session:
    """:func:`tui.services.session.open_session` for a scan of every user: the machine options are checked as usual, the
    home is a placeholder (``/``) that each user's scan replaces with their own."""
    from tui.services.session import open_session

    return open_session(argparse.Namespace(**{**vars(args), "home": "/"}))


def machine_users(session: Session, disk: Disk | None = None) -> list[MachineUser]:
    """The real users; the password file read goes into ``disk``'s audit."""
    return list_users(session.machine, disk or Disk(session.machine))


def scan_user(session: Session, user: MachineUser, today: dt.date | None = None) -> UserScan:
    """One user's scan, judged with that user's own grants and confirmed conditions (read from their home on
    the scanned disk, through their confined Disk: the files read join the scan's audit)."""
    machine = user_machine(session.machine, user)
    disk = Disk(machine)
    grants, attested, unread = user_state(disk, session.pack)
    one = dataclasses.replace(session, machine=machine, grants_from=lambda: grants, attested_from=lambda: attested)
    report = one.scan(today=today)
    report.errors.extend(unread)  # their grant or attestations file cannot be read: their scan error, never silence
    _add_audit(report.audit, disk.audit)
    home = machine.display(user.home)
    if not os.access(disk.host(user.home), os.R_OK | os.X_OK):  # the scan's own rights (an NFS home, root squashed)
        report.errors.append(
            f"cannot read the home folder {home} (permission denied to the scan): nothing in it was checked, so a "
            "tool there would go unseen"
        )
        # each config file in it "cannot be checked" for the same reason: the one error says it (not a hundred
        # lines, each needing action, for a home the scan could not open)
        inside = home.rstrip("/\\") + ("\\" if machine.platform == "windows" else "/")
        report.surface.unchecked = [u for u in report.surface.unchecked if not u.config.startswith(inside)]
    elif (account := report.scanned_as or {}).get("root") is not True and account.get("own_home") is False:
        who = account.get("uid")
        report.errors.append(
            f"scanned by {'uid ' + str(who) if who is not None else 'an account'} that is not root: what it cannot "
            f"read in {home} looked absent, so this home's check is incomplete (run --all-users as root)"
        )
    return UserScan(user, report)


def _add_audit(audit: Audit, more: Audit) -> None:
    read, listed, hops = set(audit.paths_read), set(audit.dirs_listed), set(audit.links_followed)
    audit.paths_read += [p for p in more.paths_read if p not in read]
    audit.dirs_listed += [p for p in more.dirs_listed if p not in listed]
    audit.skipped += more.skipped
    audit.links_followed += [h for h in more.links_followed if h not in hops]


def scan_users(
    session: Session, users: list[MachineUser] | None = None, today: dt.date | None = None
) -> list[UserScan]:
    users = machine_users(session) if users is None else users
    return [scan_user(session, u, today) for u in users]


class ScanCache:
    """Scans by user name, kept ``ttl`` seconds. One lock: a second caller waits for the running scan and then
    gets its result instead of starting another."""

    def __init__(
        self,
        session_factory: Callable[[], Session],
        ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        session_ttl: float = 3600.0,
        max_users: int = MAX_USERS,
    ):
        self._factory = session_factory
        self.ttl = ttl
        self.max_users = max_users  # homes one query may scan; past it the query is an error (TooManyHomes)
        self.session_ttl = session_ttl  # the pack is loaded again after this long (a fetched update is used)
        self._clock = clock
        self._lock = threading.Lock()
        self._session: tuple[float, Session] | None = None
        self._users: tuple[float, list[MachineUser]] | None = None
        self._unlisted: list[str] = []  # folders of homes too big to list (their people were not found)
        self._scans: dict[str, tuple[float, UserScan]] = {}
        self.scans_run = 0  # for tests and --verbose

    def _fresh(self, stamp: float) -> bool:
        return self._clock() - stamp < self.ttl

    def _get_session(self) -> Session:
        if self._session is None or self._clock() - self._session[0] >= self.session_ttl:
            self._session = (self._clock(), self._factory())
        return self._session[1]

    def users(self) -> list[MachineUser]:
        with self._lock:
            return self._users_locked()

    def _users_locked(self) -> list[MachineUser]:
        if self._users is None or not self._fresh(self._users[0]):
            session = self._get_session()
            disk = Disk(session.machine)
            self._users = (self._clock(), machine_users(session, disk))
            self._unlisted = [session.machine.display(f) for f in unlisted_homes(disk)]
        return self._users[1]

    def _bounded(self, users: list[MachineUser], names: set[str] | None) -> list[MachineUser]:
        """The users a query asks for, or :class:`TooManyHomes` when they are more than ``max_users``, or when
        some may be in a folder of homes that could not be listed."""
        chosen = [u for u in users if names is None or u.name in names]
        if len(chosen) > self.max_users:
            raise TooManyHomes(
                f"{len(chosen)} homes to scan, more than --max-users {self.max_users}: no rows rather than some "
                "users' only (give the extension a higher --max-users, or ask for users by name: WHERE user = '...')"
            )
        if self._unlisted and (names is None or names - {u.name for u in chosen}):
            raise TooManyHomes(
                f"the homes in {', '.join(self._unlisted)} were not listed (more than {MAX_HOME_FOLDERS} names): "
                "no rows rather than some users' only (ask for users by name: WHERE user = '...')"
            )
        return chosen

    def scans(self, names: set[str] | None = None) -> list[UserScan]:
        """The scans of every user (or only of ``names``, the others are not scanned), fresh or cached; past
        ``max_users`` homes, :class:`TooManyHomes` (see :meth:`_bounded`), before any is scanned."""
        with self._lock:
            out = []
            for user in self._bounded(self._users_locked(), names):
                cached = self._scans.get(user.name)
                if cached is None or not self._fresh(cached[0]) or cached[1].user != user:
                    cached = (self._clock(), scan_user(self._get_session(), user))
                    self._scans[user.name] = cached
                    self.scans_run += 1
                    logging.getLogger("aicheck").info(
                        "scanned user %s (%s) in %.0f ms", user.name, user.home, cached[1].report.seconds * 1000
                    )
                out.append(cached[1])
            return out
