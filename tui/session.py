"""Everything a command or the app needs before scanning: the pack, the machine, the user's own state.

Shared by ``scan``, ``check``, ``request`` and the Textual app, so they always agree."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass

from tui.core.content import Pack, load_pack
from tui.core.machine import Machine
from tui.core.scanner import Progress, ScanReport, scan


@dataclass
class Session:
    pack: Pack
    machine: Machine
    content_notice: str | None = None
    content_source: str = "bundled"
    content_kind: str = "bundled"  # bundled | path | url
    content_verified: bool = False

    def attested(self) -> set[tuple[str, str]]:
        from tui import attestations

        return attestations.load(self.pack.sha256)

    def grants(self) -> list:
        """Every stored signed grant, verified again against this pack and this user (see
        :mod:`tui.core.grants`), and a note per request the intake approved without a grant yet."""
        from tui.core.grants import GrantPolicy
        from tui.grants.store import approvals_waiting, checked_grants, current_user_email

        policy = GrantPolicy.from_pack(self.pack, current_user_email())
        return checked_grants(policy) + approvals_waiting()

    def scan(self, progress: Progress | None = None, today: dt.date | None = None) -> ScanReport:
        report = scan(self.machine, self.pack, progress=progress, attested=self.attested(), grants=self.grants(),
                      today=today)
        report.pack_origin = {"source": self.content_kind, "from": self.content_source,
                              "signature_verified": self.content_verified}
        return report


def machine_from_args(args: argparse.Namespace) -> Machine:
    """The machine the options describe; a --root that is not a folder is a usage error (a typo must not
    read as "no AI tools found")."""
    from pathlib import Path

    from tui.errors import UsageError

    root = getattr(args, "root", None)
    if root is not None and not Path(root).is_dir():
        raise UsageError(f"--root {root}: no such folder")
    return Machine.current(root=root, home=getattr(args, "home", None),
                           platform=getattr(args, "platform", None), search_path=getattr(args, "search_path", None))


def home_notice(machine: Machine) -> str | None:
    """A warning when the home to scan does not exist (a wrong --home finds nothing, silently)."""
    from tui.core.machine import Disk

    if not Disk(machine).is_dir(machine.home):
        return f"home folder {machine.display(machine.home)} does not exist on the scanned disk"
    return None


def open_session(args: argparse.Namespace) -> Session:
    """Resolve and load the content pack (raises ContentError/PackError) and describe the machine."""
    from tui.packs.resolve import resolve_content

    resolved = resolve_content(getattr(args, "content", None))
    pack = load_pack(resolved.path)
    return Session(pack, machine_from_args(args), resolved.notice, resolved.source, resolved.kind, resolved.verified)


def open_cli_session(args: argparse.Namespace) -> Session:
    """:func:`open_session` for a command: a notice about the pack (offline copy, unsigned) goes to stderr."""
    import sys

    session = open_session(args)
    for notice in (session.content_notice, home_notice(session.machine)):
        if notice:
            print(f"aicheck: {notice}", file=sys.stderr)
    return session
