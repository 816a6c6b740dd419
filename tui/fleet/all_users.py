"""``aicheck scan --all-users`` and ``aicheck check --all-users``: one report per real user of the machine.

JSON shape (``aicheck.users/1``)::

    {"schema": "aicheck.users/1", "aicheck": "0.1.0", "root": "/", "platform": "linux",
     "users": [{"user": "ada", "uid": 1000, "home": "/home/ada", "report": {<aicheck.scan/1 report>}}, ...],
     "users_audit": {"paths_read": [".../etc/passwd"], "dirs_listed": [], "skipped": []},  # finding the users
     "check": {"exit_code": 1, "compliant": false, "users_needing_action": ["ada"],   # check only
               "users_incomplete": []}}   # exit 1 when any user needs action, else 2 when any scan is incomplete

Each ``report`` is exactly what ``scan --json`` (or ``check --json``, with its ``check`` member) prints for that
user alone, so ``aicheck report summarize`` reads both shapes."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tui.core.text import printable_json
from tui.errors import ExitCode, UsageError
from tui.fleet.multiscan import UserScan, machine_users, scan_users

if TYPE_CHECKING:
    from tui.report.style import Painter

SCHEMA = "aicheck.users/1"


def _scans(args: argparse.Namespace, gate: bool = False) -> tuple[list[UserScan], dict]:
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
    from tui.core.machine import Disk

    disk = Disk(session.machine)
    users = machine_users(session, disk)
    if not users:
        where = "C:\\Users" if session.machine.platform == "windows" else "/etc/passwd"
        raise UsageError(f"no real user found on the scanned machine ({where} under {session.machine.root})")
    return scan_users(session, users), disk.audit.to_json()


def _envelope(scans: list[UserScan], reports: list[dict], audit: dict) -> dict:
    from tui import __version__

    m = scans[0].report.machine
    return {
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


def _paint() -> Painter:
    from tui.report.style import Painter, use_colour

    return Painter(use_colour())


def _title(scan: UserScan, paint: Painter) -> str:
    from tui.core.text import clean

    shown = clean(f"{scan.user.name} ({scan.report.machine.display(scan.user.home)})", 300)  # a folder's name
    return paint(f"== user {shown} ==", "bold") + "\n"


def cmd_scan_all(args: argparse.Namespace) -> int:
    scans, audit = _scans(args)
    if args.json:
        from tui.report.json_report import report_json

        data = _envelope(scans, [report_json(s.report) for s in scans], audit)
        sys.stdout.write(printable_json(data) + "\n")
        return ExitCode.OK
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
    return ExitCode.OK


def cmd_check_all(args: argparse.Namespace) -> int:
    from tui.report import check
    from tui.report.gate import gate

    scans, audit = _scans(args, gate=True)
    if args.json:
        reports = [check.check_json(s.report, args.strict) for s in scans]
        codes = [r["check"]["exit_code"] for r in reports]
        failing, incomplete = _users_by_code(scans, codes)
        data = _envelope(scans, reports, audit)
        code = gate(bool(failing), bool(incomplete))
        data["check"] = {
            "exit_code": code,
            "compliant": code == ExitCode.OK,
            "strict": args.strict,
            "users_needing_action": failing,
            "users_incomplete": incomplete,
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
    code = gate(bool(failing), bool(incomplete))
    users = counted(len(scans), "user")
    parts = [f"action required for {len(failing)} of {users}: {clean(', '.join(failing), 2000)}"] if failing else []
    if incomplete:  # a scan that could not be finished may hide what needs action: never a clean bill
        also = f"{len(incomplete)}" if failing else f"{len(incomplete)} of {users}"
        parts.append(f"incomplete scan for {also}: {clean(', '.join(incomplete), 2000)}")
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
