"""A scan: run every channel over the machine, then judge what was found against the pack."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.core.alternatives import Alternative, alternatives_here
from tui.core.changes import PolicyChange, upcoming_changes
from tui.core.channels import NAMES
from tui.core.channels.base import Context
from tui.core.channels.npm_runs import unread_runner_errors
from tui.core.channels.path import GENERIC
from tui.core.channels.registry import channel
from tui.core.clock import clock_behind, local_dates, local_today
from tui.core.content import Pack
from tui.core.judge import Finding, judge
from tui.core.machine import Disk, Machine
from tui.core.models import Audit, Install, Verdict
from tui.core.startup import unknown_folder_errors, unread_startup_errors
from tui.core.surface_judge import SurfaceReport

if TYPE_CHECKING:
    from tui.core.grants import CheckedGrant

Progress = Callable[[str, int, int, list[Install]], None]  # channel, index, total, installs found by it


@dataclass
class ScanReport:
    machine: Machine
    pack: Pack
    findings: list[Finding]
    installs: list[Install]
    audit: Audit
    started: dt.datetime
    seconds: float
    errors: list[str] = field(default_factory=list)
    today: dt.date | None = None  # the day the verdicts were judged for (injected; the clock only by default)
    changes: list[PolicyChange] = field(default_factory=list)  # dated policy changes not in force on ``today``
    pack_origin: dict | None = None  # where the pack came from and whether its signature was verified
    # whose home was scanned, as the report says (see tui.services.session.home_source); None: not known
    home_source: str | None = None
    # how the search path was chosen and the session folders a narrowed PATH lacks (tui.services.search_path)
    search_path_source: str | None = None
    search_path_missing: list[str] = field(default_factory=list)
    # the account that ran the scan: uid, root or not, whether the home is its own (tui.services.session)
    scanned_as: dict | None = None
    surface: SurfaceReport = field(default_factory=SurfaceReport)  # MCP servers and agent extensions, judged

    def counts(self) -> dict[str, int]:
        # the JSON summary keeps its published key order (the schema's), not the Verdict order
        counts = {
            v.value: 0
            for v in (Verdict.PROHIBITED, Verdict.CONDITIONAL, Verdict.APPROVED, Verdict.UNREVIEWED, Verdict.EXCEPTED)
        }
        for f in self.findings:
            counts[f.verdict] += 1
        counts["action_required"] = sum(f.action_required for f in self.findings)
        counts["total"] = len(self.findings)
        return counts

    def finding(self, tool_id: str) -> Finding | None:
        return next((f for f in self.findings if f.tool.id == tool_id), None)

    def alternatives(self, f: Finding) -> list[Alternative]:
        """The alternatives the policy names for ``f``, each as it stands here: one that needs action on
        this machine too says so wherever it is named."""
        return alternatives_here(f, self.pack.policy, self.findings, self.today or local_today())


def detect(
    machine: Machine,
    pack: Pack,
    *,
    disk: Disk | None = None,
    progress: Progress | None = None,
    channels: tuple[str, ...] = NAMES,
) -> tuple[list[Install], Context, list[str]]:
    disk = disk or Disk(machine)
    ctx = Context(disk, machine, pack.catalog)
    installs: list[Install] = []
    errors: list[str] = []
    for index, name in enumerate(channels):
        try:
            found = channel(name).scan(ctx)
        except RecursionError:
            found = []
            errors.append(f"{name}: nesting too deep, channel skipped")
        except Exception as exc:  # a bug in one channel must not cost the user the whole scan
            found = []
            errors.append(f"{name}: {exc.__class__.__name__}: {exc}")
            disk.skip(f"<{name} channel>", f"channel failed: {exc.__class__.__name__}")
        installs.extend(found)
        if progress:
            progress(name, index, len(channels), found)
    # a generic command name (q, goose, agent ...) is evidence only when something else found the tool
    corroborated = {i.tool_id for i in installs if i.manager != GENERIC}
    installs = [i for i in installs if i.manager != GENERIC or i.tool_id in corroborated]
    return installs, ctx, errors


def scan(
    machine: Machine,
    pack: Pack,
    *,
    progress: Progress | None = None,
    attested: set[tuple[str, str]] | None = None,
    grants: Iterable[CheckedGrant] = (),
    today: dt.date | None = None,
) -> ScanReport:
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    audit = Audit()
    disk = Disk(machine, audit)
    machine = with_startup_folders(machine, disk)
    installs, ctx, errors = detect(machine, pack, disk=disk, progress=progress)
    env_known = str(machine.root) == "/" and machine.env_known
    from_clock = today is None
    issued_by, today = local_dates() if today is None else (today, today)  # (the earlier zone's date: grants)
    for problem in (pack.rollback_error, pack.expiry_error(today)):
        if problem:  # verdicts still shown (an old policy's "action required" stands), never a clean bill
            errors.insert(0, problem)
    findings = judge(
        pack, installs, ctx, attested=attested, grants=grants, today=today, env_known=env_known, started=issued_by
    )
    changes = upcoming_changes(pack.policy, {t.id: t.name for t in pack.catalog.tools.values()}, today)
    surface = scan_agent_surface(disk, pack, errors)
    errors.extend(denied_errors(disk))
    errors.extend(unread_startup_errors(disk))
    errors.extend(unread_runner_errors(disk))
    errors.extend(unknown_folder_errors(disk))
    if from_clock:  # the date decides dated changes and grants: a clock behind the files read is an error
        kernel_files: list[str] = []
        live = str(machine.root) == "/"
        problem = clock_behind(audit.paths_read, today, also=[disk.host(machine.home)], live=live, read=kernel_files)
        audit.paths_read += [p for p in kernel_files if p not in audit.paths_read]  # the kernel's clock, asked
        if problem:
            errors.append(problem)
    return ScanReport(
        machine,
        pack,
        findings,
        installs,
        audit,
        started,
        time.perf_counter() - t0,
        errors,
        today,
        changes,
        surface=surface,
    )


def with_startup_folders(machine: Machine, disk: Disk) -> Machine:
    """``machine`` with the folders its shell startup files, and the other places its sessions take their
    environment from, set (see :func:`tui.core.startup.exported_folders`), which ``disk`` then scans with: the
    same Disk, so every file read is in the audit once."""
    from dataclasses import replace

    from tui.core.startup import DATA_DIRS, SEARCH_PATH, exported_folders

    folders = exported_folders(disk, machine)
    if not folders:
        return machine
    on_path = folders.pop(SEARCH_PATH, ())  # not a folder a tool moves: the path channel's, beside PATH's own
    data_dirs = folders.pop(DATA_DIRS, ())  # the menu folders' (tui.core.desktop_entries)
    moved = replace(machine, startup_env=folders, startup_path=on_path, startup_data_dirs=data_dirs)
    disk.machine = moved
    return moved


MAX_DENIED_SHOWN = 5


def denied_errors(disk: Disk) -> list[str]:
    """One scan error per folder the scan could not list for want of permission although it may be searched
    (a few named, the rest counted). Such a folder still lets the programs in it run (``chmod 311`` keeps
    the search permission a command needs), so it could hide a tool: never a clean bill. A folder that cannot
    be searched either is only noted: nothing in it can run for this user."""
    denied = list(disk.denied)
    errors = [
        f"cannot list {folder}: permission denied, so a tool inside it would go unseen (give the folder "
        "its read permission back, or run the check as a user who may read it)"
        for folder in denied[:MAX_DENIED_SHOWN]
    ]
    if len(denied) > MAX_DENIED_SHOWN:
        errors.append(f"{len(denied) - MAX_DENIED_SHOWN} more folders cannot be listed: permission denied")
    # a confined scan (one user of --all-users, or osquery's) follows no link out of the user's home: a folder
    # the user linked elsewhere is not listed, and a tool in it would go unseen just the same
    refused = list(disk.refused_listings)
    errors += [
        f"cannot list {folder}: it is outside this user's home and the system folders (or a link there), "
        "which this scan does not read, so a tool inside it would go unseen (move the folder into the home, "
        "or check as the user with `aicheck check`)"
        for folder in refused[:MAX_DENIED_SHOWN]
    ]
    if len(refused) > MAX_DENIED_SHOWN:
        errors.append(f"{len(refused) - MAX_DENIED_SHOWN} more folders are outside this user's home")
    errors += [
        f"cannot look through {folder}: {why}, so a program kept in it would go unseen (move what you run "
        "from it to a folder of its own, such as ~/Applications)"
        for folder, why in list(disk.unlisted.items())[:MAX_DENIED_SHOWN]
    ]
    return errors


def scan_agent_surface(disk: Disk, pack: Pack, errors: list[str]) -> SurfaceReport:
    """MCP servers and agent extensions (tui.core.agents), judged (tui.core.surface_judge)."""
    from tui.core.agents import scan_surface
    from tui.core.surface_judge import judge_surface

    try:
        return judge_surface(pack, scan_surface(disk))
    except RecursionError:
        errors.append("agent surface: nesting too deep, skipped")
    except Exception as exc:  # a bug here must not cost the user the scan of their tools
        errors.append(f"agent surface: {exc.__class__.__name__}")
        disk.skip("<agent surface>", f"failed: {exc.__class__.__name__}")
    return SurfaceReport()
