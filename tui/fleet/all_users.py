"""``aicheck scan --all-users`` and ``aicheck check --all-users``: one report per real user of the machine.

JSON shape (``aicheck.users/1``)::

    {"schema": "aicheck.users/1", "aicheck": "0.1.0", "root": "/", "platform": "linux",
     "users": [{"user": "ada", "uid": 1000, "home": "/home/ada", "report": {<aicheck.scan/1 report>}}, ...],
     "users_audit": {"paths_read": [".../etc/passwd"], "dirs_listed": [], "skipped": []},  # finding the users
     "check": {"exit_code": 1, "compliant": false, "users_needing_action": ["ada"],   # check only
               "users_incomplete": [], "users_not_scanned": 0}}
               # exit 1 when any user needs action, else 2 when any scan is incomplete or a home was not scanned

Each ``report`` is exactly what ``scan --json`` (or ``check --json``, with its ``check`` member) prints for that
user alone, so ``aicheck report summarize`` reads both shapes.

At most ``--max-users`` homes are scanned (:data:`tui.fleet.users.MAX_USERS` by default), the first by name.
When a machine shows more (or a folder of homes too big to list), the document has a ``not_scanned`` member
(``{"users": 7, "homes_found": 1007, "max_users": 1000, "folders_not_listed": [], "reason": "..."}``), ``check``
is incomplete (2, unless a user needs action: 1) and ``scan`` exits 2: never a partial clean bill."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.core.text import printable_json
from tui.errors import ExitCode, UsageError
from tui.fleet.multiscan import UserScan, machine_users, scan_users

if TYPE_CHECKING:
    from tui.core.machine import Machine
    from tui.report.style import Painter

SCHEMA = "aicheck.users/1"


@dataclass
class NotScanned:
    """The homes a run of ``--all-users`` did not scan: past ``--max-users``, or in a folder of homes too big
    to list (how many people are in it is then unknown)."""

    users: int
    homes_found: int
    max_users: int
    folders_not_listed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.users or self.folders_not_listed)

    def reason(self) -> str:
        from tui.core.text import clean
        from tui.fleet.users import MAX_HOME_FOLDERS

        parts = []
        if self.users:
            parts.append(
                f"{self.users} of {self.homes_found} homes not scanned: more than --max-users {self.max_users} "
                "(about 20 ms a home; give a higher --max-users to scan them all)"
            )
        parts += [
            f"the homes in {clean(folder, 300)} not listed: more than {MAX_HOME_FOLDERS} names"
            for folder in self.folders_not_listed
        ]
        return "; ".join(parts)

    def to_json(self) -> dict:
        return {
            "users": self.users,
            "homes_found": self.homes_found,
            "max_users": self.max_users,
            "folders_not_listed": list(self.folders_not_listed),
            "reason": self.reason(),
        }


def _scans(args: argparse.Namespace, gate: bool = False) -> tuple[list[UserScan], dict, NotScanned, Machine]:
    """Every user's scan; ``gate`` (``check``): only against a pack something named (never the example)."""
    from tui.fleet.multiscan import open_all_users_session
    from tui.packs.resolve import require_company_source

    if getattr(args, "home", None):
        raise UsageError("--all-users scans every user's home: leave out --home")
    if gate:
        require_company_source(getattr(args, "content", None), "the check of every user")
    session = open_all_users_session(args)
    if session.content_notice:
        print(f"aicheck: {session.content_notice}", file=sys.stderr)
    _note_not_root(session.machine)
    from tui.core.machine import Disk

    disk = Disk(session.machine)
    users = machine_users(session, disk)
    from tui.fleet import users as machine_people

    unlisted = [session.machine.display(f) for f in machine_people.unlisted_homes(disk)]
    if not users and not unlisted:
        where = "C:\\Users" if session.machine.platform == "windows" else "/etc/passwd"
        raise UsageError(f"no real user found on the scanned machine ({where} under {session.machine.root})")
    limit = getattr(args, "max_users", None) or machine_people.MAX_USERS
    left = NotScanned(max(0, len(users) - limit), len(users), limit, unlisted)
    return scan_users(session, users[:limit]), disk.audit.to_json(), left, session.machine


def _note_not_root(machine: Machine) -> None:
    """A line on stderr when another account than root scans every user: it reads only what it may in another's
    home (each report says so in ``host.scanned_as``; ``report summarize`` trusts none of those homes)."""
    from tui.services.session import scanned_as

    account = scanned_as(machine)
    if account["root"] is not True:
        who = f"uid {account['uid']}" if account["uid"] is not None else "an account that is not an administrator"
        print(
            f"aicheck: --all-users run by {who}, not root: a file it cannot read in another user's home looks "
            "absent (run it as root for every home's check)",
            file=sys.stderr,
        )


def _envelope(m: Machine, scans: list[UserScan], reports: list[dict], audit: dict, left: NotScanned) -> dict:
    from tui import __version__

    data = {
        "schema": SCHEMA,
        "aicheck": __version__,
        "root": str(m.root),
        "platform": m.platform,
        "users": [
            {"user": s.user.name, "uid": s.user.uid, "home": m.display(s.user.home), "report": r}
            for s, r in zip(scans, reports, strict=True)
        ],
        "users_audit": audit,
    }
    if left:
        data["not_scanned"] = left.to_json()
    return data


def _paint() -> Painter:
    from tui.report.style import Painter, use_colour

    return Painter(use_colour())


def _title(scan: UserScan, paint: Painter) -> str:
    from tui.core.text import clean

    shown = clean(f"{scan.user.name} ({scan.report.machine.display(scan.user.home)})", 300)  # a folder's name
    return paint(f"== user {shown} ==", "bold") + "\n"


def _incomplete(left: NotScanned) -> int:
    """``scan``'s exit code: 2 when homes were not scanned (said on stderr), else 0."""
    if not left:
        return ExitCode.OK
    print(f"aicheck: incomplete: {left.reason()}", file=sys.stderr)
    return ExitCode.USAGE


def cmd_scan_all(args: argparse.Namespace) -> int:
    scans, audit, left, machine = _scans(args)
    if args.json:
        from tui.report.json_report import report_json

        data = _envelope(machine, scans, [report_json(s.report) for s in scans], audit, left)
        sys.stdout.write(printable_json(data) + "\n")
        return _incomplete(left)
    paint = _paint()
    for s in scans:
        sys.stdout.write(_title(s, paint))
        if args.explain:
            from tui.report.text import render_explain

            sys.stdout.write(render_explain(s.report, paint))
        else:
            import shutil

            from tui.report.text import render_table

            sys.stdout.write(render_table(s.report, paint, width=max(80, shutil.get_terminal_size((120, 24)).columns)))
        sys.stdout.write("\n")
    return _incomplete(left)


def cmd_check_all(args: argparse.Namespace) -> int:
    from tui.report import check
    from tui.report.gate import gate

    scans, audit, left, machine = _scans(args, gate=True)
    if args.json:
        reports = [check.check_json(s.report, args.strict) for s in scans]
        codes = [r["check"]["exit_code"] for r in reports]
        failing, incomplete = _users_by_code(scans, codes)
        data = _envelope(machine, scans, reports, audit, left)
        code = gate(bool(failing), bool(incomplete) or bool(left))
        data["check"] = {
            "exit_code": code,
            "compliant": code == ExitCode.OK,
            "strict": args.strict,
            "users_needing_action": failing,
            "users_incomplete": incomplete,
            "users_not_scanned": left.users,
        }
        sys.stdout.write(printable_json(data) + "\n")
        return code
    paint = _paint()
    codes = []
    for s in scans:
        one, text = check.render(s.report, args.strict, paint)
        codes.append(one)
        sys.stdout.write(_title(s, paint) + text + "\n")
    from tui.core.text import clean, counted

    failing, incomplete = _users_by_code(scans, codes)
    code = gate(bool(failing), bool(incomplete) or bool(left))
    users = counted(len(scans), "user")
    parts = [f"action required for {len(failing)} of {users}: {clean(', '.join(failing), 2000)}"] if failing else []
    if incomplete:  # a scan that could not be finished may hide what needs action: never a clean bill
        also = f"{len(incomplete)}" if failing else f"{len(incomplete)} of {users}"
        parts.append(f"incomplete scan for {also}: {clean(', '.join(incomplete), 2000)}")
    if left:  # homes not scanned may hold what needs action: never a partial clean bill
        parts.append(f"incomplete: {left.reason()}")
    verdict = "; ".join(parts) or f"compliant ({users})"
    sys.stdout.write(paint(f"All users: {verdict}", "green" if code == ExitCode.OK else "red") + "\n")
    return code


def _users_by_code(scans: list[UserScan], codes: list[int]) -> tuple[list[str], list[str]]:
    """(the users whose check needs action (1), those whose scan is incomplete (2)), in the scans' order."""
    pairs = list(zip(scans, codes, strict=True))
    return (
        [s.user.name for s, c in pairs if c == ExitCode.ACTION],
        [s.user.name for s, c in pairs if c == ExitCode.USAGE],
    )
