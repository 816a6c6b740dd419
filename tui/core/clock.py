"""Whether the clock that dates the verdicts is behind the machine's own files.

Verdicts are judged for a date: a dated policy change is in force from its day on, a grant holds until its
last day. That date comes from the clock, which is a local input like any other: set back, or faked for
aicheck's process alone (``faketime aicheck check``), it would keep a ban from starting and an expired
grant alive. The files the AI tools rewrite as they run (``~/.claude.json``, a browser's ``Preferences``,
the MCP configs) carry the time the kernel gave them when they were written. When one of those files
that the scan read anyway was changed more than a day after the clock's date, the clock is behind: the
scan says so as an error (``check`` exits 2 unless something already needs action), never a clean bill.

A file's time is the later of its modification time and its status-change time (``st_ctime``): the first
is the user's to set (``touch -d 2026-11-15``), the second only the kernel's, from its own clock, and any such
``touch`` moves it to now. The home folder itself is a witness too (its status changes whenever a file is made
or removed in it), so a home whose tools wrote none of the files above still has one.

Only metadata is looked at (one ``stat`` of a handful of files the scan already read; never their content
again), and only when the date came from the clock rather than from the caller.

Dates alone left a day: a file changed within a day of the clock's date passed (the slack a date needs across
time zones), and a zone set for aicheck alone moved where that day falls. So the times are compared too,
zone-free: a witness whose status changed more than :data:`SLACK_SECONDS` after the process's clock reads is
from a later moment than the clock's (a file's status-change time comes from the kernel's clock, which
``faketime`` leaves alone). And when nothing was changed since the time the clock was set back to, the files
say nothing: on a live Linux machine the kernel's own clock is asked then (``/proc/stat``'s boot time plus
``/proc/uptime``, which no per-process fake moves), and the scan lists both files as read.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Iterable

_ZONE_LOCK = threading.Lock()


def local_today() -> dt.date:
    """Today, for the verdicts: the local date, or the date in the machine's own time zone when that is later.
    ``TZ`` is the user's to set for aicheck alone (``TZ=Etc/GMT+12 aicheck check``): a zone behind the
    machine's moved the day back by up to a day (an expired grant one day more, a ban a day later). Without
    ``TZ`` (or where the C library cannot be told to drop it, Windows) the local date as it is."""
    return local_dates()[1]


def local_dates() -> tuple[dt.date, dt.date]:
    """(the earlier, the later) of the local date and the date in the machine's own time zone (the same day
    twice without ``TZ``). The later decides what ends or starts to bind (an expiry, a ban, :func:`local_today`);
    the earlier what starts to excuse: a grant issued for tomorrow in the machine's zone is not yet valid in
    any zone the user sets (``TZ=Etc/GMT-14`` moved its start up to 14 hours earlier, a red team found)."""
    here = dt.date.today()
    zone = os.environ.get("TZ")
    if zone is None or not hasattr(time, "tzset"):
        return here, here
    with _ZONE_LOCK:  # the process's zone, for the moment it takes to read the date without TZ
        try:
            del os.environ["TZ"]
            time.tzset()
            machine = dt.date.today()
        finally:
            os.environ["TZ"] = zone
            time.tzset()
    return min(here, machine), max(here, machine)


# names of files the tools rewrite as they run (so their times come from the machine's real clock); package
# manifests and extracted archives are left out: their times can come from another machine's build
WITNESSES = frozenset(
    {
        ".claude.json",
        "settings.json",
        "settings.local.json",
        "Preferences",
        "Secure Preferences",
        "mcp.json",
        "mcp_config.json",
        "claude_desktop_config.json",
        "config.toml",
        "known_marketplaces.json",
        "installed_plugins.json",
        "extensions.json",
    }
)
SLACK_DAYS = 1  # a file's local date may be a day ahead of the clock's across time zones and midnight
# a witness's status may change while the scan runs (a tool writing its config), and the kernel's clock and
# the process's are read moments apart: anything later than this is another moment than the clock's
SLACK_SECONDS = 600
KERNEL_CLOCK_FILES = ("/proc/stat", "/proc/uptime")


def process_now() -> float:
    """The process's clock, as every date aicheck judges for comes from it (the one thing a test replaces)."""
    return time.time()


def kernel_now(read: list[str] | None = None) -> float | None:
    """The kernel's own clock on Linux (the boot time ``/proc/stat`` gives plus ``/proc/uptime``), which a
    clock faked for one process (``faketime``, a preloaded library) does not move; None where there is none.
    ``read``: the files read are added to it."""
    try:
        with open(KERNEL_CLOCK_FILES[0], "rb") as f:
            stat_text = f.read(1 << 16)
        with open(KERNEL_CLOCK_FILES[1], "rb") as f:
            uptime_text = f.read(256)
    except OSError:
        return None
    boot = next((line.split()[1] for line in stat_text.splitlines() if line.startswith(b"btime ")), None)
    try:
        since = float(uptime_text.split()[0])
        booted = float(boot) if boot is not None else None
    except (ValueError, IndexError):
        return None
    if booted is None:
        return None
    if read is not None:
        read += KERNEL_CLOCK_FILES
    return booted + since


def _stamp(moment: float) -> str:
    try:
        return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (OverflowError, OSError, ValueError):
        return "a time past what a date can hold"


def clock_behind(
    paths_read: Iterable[str],
    today: dt.date,
    also: Iterable[str] = (),
    *,
    live: bool = False,
    read: list[str] | None = None,
) -> str | None:
    """The problem to report when a witness file among ``paths_read`` (host paths), or one of ``also`` (the
    home folder), was changed more than :data:`SLACK_DAYS` after ``today`` or more than :data:`SLACK_SECONDS`
    after the process's clock, or (``live``: this machine, not a disk image) when the kernel's clock is that
    far ahead of the process's; None when none is. ``read``: the kernel's files, when read, are added to it."""
    now = process_now()
    newest: tuple[float, str] | None = None
    status: tuple[float, str] | None = None  # the latest status change: the kernel's time, never the user's
    witnesses = [h for h in paths_read if h.replace("\\", "/").rsplit("/", 1)[-1] in WITNESSES]
    for host in (*witnesses, *also):
        try:
            st = os.stat(host)
        except (OSError, ValueError):
            continue
        mtime = max(st.st_mtime, st.st_ctime)  # ctime: the kernel's, which no touch -d sets back
        if newest is None or mtime > newest[0]:
            newest = (mtime, host)
        # on Windows st_ctime is when the file was made, st_mtime the user's to set: the date check decides
        if os.name != "nt" and (status is None or st.st_ctime > status[0]):
            status = (st.st_ctime, host)
    if status is not None and status[0] > now + SLACK_SECONDS:
        return _behind(f"the clock reads {_stamp(now)}, but {status[1]} was changed at {_stamp(status[0])}")
    if live:
        kernel = kernel_now(read)
        if kernel is not None and kernel > now + SLACK_SECONDS:
            return _behind(f"the clock reads {_stamp(now)}, but the kernel's clock reads {_stamp(kernel)}")
    if newest is None:
        return None
    try:
        changed = dt.date.fromtimestamp(newest[0])
    except (OverflowError, OSError, ValueError):  # a time past what a date can hold: later than any clock
        changed = dt.date.max
    if changed <= today + dt.timedelta(days=SLACK_DAYS):
        return None
    return _behind(f"the clock reads {today.isoformat()}, but {newest[1]} was changed on {changed.isoformat()}")


def _behind(what: str) -> str:
    return (
        f"{what}: the verdicts are judged for the clock's date, and a clock behind the machine's (set back, or "
        "faked for aicheck) would hide dated policy changes and expired grants; set the clock right and scan again"
    )
