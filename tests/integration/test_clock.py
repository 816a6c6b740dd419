"""A clock behind the machine's own files (set back, or faked for aicheck's process alone) would decide dated
policy changes and grants for the wrong day: the scan reports it as an error, never a clean bill."""

from __future__ import annotations

import datetime as dt
import json
import os
import time

import pytest

from tui.cli import main
from tui.core.content import load_pack
from tui.core.scanner import scan
from tui.paths import bundled_content_dir

DAY = 24 * 3600


def _machine(machine_factory, ahead_days: float, name: str = "disk"):
    """A home where Claude Code left its ~/.claude.json, changed ``ahead_days`` after now, and an approved
    npm tool whose manifest is dated a year ahead (as an archive from a machine with a fast clock can be)."""
    m = machine_factory("linux", name)
    m.write_json(m.h(".claude.json"), {"numStartups": 3})
    manifest = m.host(m.npm("@github/copilot", "1.0.3") + "/package.json")
    os.utime(manifest, (time.time() + 400 * DAY,) * 2)
    when = time.time() + ahead_days * DAY
    os.utime(m.host(m.h(".claude.json")), (when, when))
    return m


def _check(capsys, m) -> tuple[int, dict]:
    code = main(["check", "--json", *m.cli_args()])
    return code, json.loads(capsys.readouterr().out)


def test_a_clock_behind_a_file_the_tools_wrote_is_an_error(capsys, machine_factory):
    m = _machine(machine_factory, ahead_days=10)
    code, data = _check(capsys, m)
    assert code == 2 and data["check"]["exit_code"] == 2
    [problem] = [e for e in data["errors"] if e.startswith("the clock reads ")]
    assert ".claude.json was changed on " in problem and "set the clock right" in problem
    code = main(["check", *m.cli_args()])
    out = capsys.readouterr().out
    assert code == 2 and "! scan error: the clock reads" in out and "incomplete scan" in out


def test_a_clock_on_time_passes_and_other_files_are_no_witness(capsys, machine_factory):
    """A config changed now, or within the day of slack across time zones, is no sign; a package manifest
    dated a year ahead is no witness at all (its time may come from another machine's build)."""
    for ahead in (0, 0.9):
        m = _machine(machine_factory, ahead_days=ahead, name=f"on-time-{ahead}")
        code, data = _check(capsys, m)
        assert not [e for e in data["errors"] if "clock" in e], data["errors"]
        assert code == 0
        assert any(p.endswith("@github/copilot/package.json") for p in data["audit"]["paths_read"])


def test_a_date_given_by_the_caller_is_not_checked_against_the_files(machine_factory):
    """Tests and replays fix the day on purpose (the app's `today`, a report for a given date)."""
    m = _machine(machine_factory, ahead_days=30)
    pack = load_pack(bundled_content_dir())
    assert not scan(m.machine(), pack, today=dt.date.today()).errors
    assert any(e.startswith("the clock reads") for e in scan(m.machine(), pack).errors)


def _clock_set_back(monkeypatch, days: int) -> dt.date:
    """aicheck's clock ``days`` behind the kernel's (as `faketime` makes it for one process): the clock is the
    edge of the world here, so it is the one thing replaced."""
    import tui.core.scanner as scanner

    behind = dt.date.today() - dt.timedelta(days=days)

    class FakeDate(dt.date):
        @classmethod
        def today(cls):
            return behind

    monkeypatch.setattr(scanner.dt, "date", FakeDate)  # the scanner's `dt.date.today()`, for this test alone
    return behind


def test_files_touched_back_to_the_fake_date_still_give_the_clock_away(machine_factory, monkeypatch):
    """Red team: `faketime` for aicheck, and `touch -d` on the witness files to a day before the fake date,
    kept an expired grant alive (exit 0). The status-change time (ctime) is the kernel's: a touch sets it to
    now. And a home whose tools wrote no witness file has one in the home folder itself."""
    pack = load_pack(bundled_content_dir())
    m = _machine(machine_factory, ahead_days=0)
    behind = _clock_set_back(monkeypatch, 20)
    before = time.mktime((behind - dt.timedelta(days=5)).timetuple())
    os.utime(m.host(m.h(".claude.json")), (before, before))  # touch -d: the modification time set back
    assert any(e.startswith("the clock reads") for e in scan(m.machine(), pack).errors)
    bare = machine_factory("linux", "bare")  # nothing a tool wrote: the home folder alone
    os.utime(bare.host(bare.home), (before, before))
    assert any(e.startswith("the clock reads") for e in scan(bare.machine(), pack).errors)


def test_a_time_zone_set_for_aicheck_alone_does_not_move_the_day_back(monkeypatch):
    """Red team: `TZ=Etc/GMT+12 aicheck check` at 00:17 UTC kept a grant that ended the day before (exit 0):
    the day was the zone's. It is now the later of that and the machine's own zone's day."""
    from tui.core.clock import local_today

    if not hasattr(time, "tzset"):
        pytest.skip("the C library's zone cannot be changed here (Windows)")
    monkeypatch.delenv("TZ", raising=False)
    time.tzset()
    machines_day = dt.date.today()
    monkeypatch.setenv("TZ", "BEHIND+24")  # a POSIX zone a whole day behind UTC: always an earlier date
    time.tzset()
    try:
        if dt.date.today() >= machines_day:
            pytest.skip("this machine's own zone is as far behind as the one set")
        assert local_today() == machines_day
        assert os.environ["TZ"] == "BEHIND+24" and dt.date.today() < machines_day  # the user's TZ left as it was
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_time_zone_set_ahead_does_not_start_a_grant_early(monkeypatch):
    """Red team: `TZ=Etc/GMT-14 aicheck check` after 10:00 UTC counted a grant issued for the next day as valid:
    the later of the two zones' days decided its start too. A grant starts by the earlier day; expiries, bans and
    dated changes still bind by the later one."""
    from tui.core.clock import local_dates, local_today
    from tui.core.grants import CheckedGrant, Grant, choose_grant

    if not hasattr(time, "tzset"):
        pytest.skip("the C library's zone cannot be changed here (Windows)")
    monkeypatch.delenv("TZ", raising=False)
    time.tzset()
    machines_day = dt.date.today()
    monkeypatch.setenv("TZ", "AHEAD-24")  # a POSIX zone a whole day ahead of UTC: always a later date
    time.tzset()
    try:
        if dt.date.today() <= machines_day:
            pytest.skip("this machine's own zone is as far ahead as the one set")
        earlier, later = local_dates()
        assert (earlier, later) == (machines_day, dt.date.today()) and local_today() == later
        issued, until = machines_day + dt.timedelta(days=1), machines_day + dt.timedelta(days=30)
        tomorrow = [CheckedGrant(Grant("GRT-2026-0001", "ada@example.com", "cursor", issued, until, "k"), None)]
        choice = choose_grant(tomorrow, "cursor", ["1.0.0"], later, earlier)
        assert choice.grant is None and "in the future" in choice.notes[0]
        assert choose_grant(tomorrow, "cursor", ["1.0.0"], later).grant is tomorrow[0].grant  # (the later day alone)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_clock_less_than_a_day_behind_is_caught_by_the_time_not_the_date(machine_factory, monkeypatch):
    """Red team: dates alone left a day of slack (and a zone set for aicheck alone moved where it falls), so
    a clock set back a day less a little kept a grant that had just ended. A witness changed 20 hours after
    the moment the process's clock reads is from a later moment: the times are compared too, zone-free."""
    import tui.core.clock as clock

    pack = load_pack(bundled_content_dir())
    m = _machine(machine_factory, ahead_days=0)  # .claude.json and the home changed now, by the kernel's clock
    real = time.time()
    monkeypatch.setattr(clock, "process_now", lambda: real - 20 * 3600)
    behind = dt.datetime.fromtimestamp(real - 20 * 3600).date()

    class FakeDate(dt.date):
        @classmethod
        def today(cls):
            return behind

    import tui.core.scanner as scanner

    monkeypatch.setattr(scanner.dt, "date", FakeDate)
    [problem] = [e for e in scan(m.machine(), pack).errors if e.startswith("the clock reads ")]
    assert " UTC, but " in problem and " was changed at " in problem and "set the clock right" in problem


def test_with_no_file_changed_since_the_kernels_own_clock_gives_a_fake_away(monkeypatch):
    """Red team: a clock set back 3 or 7 days, for aicheck's process alone, on a home not changed since: no
    file says anything. On this machine (not a disk image) the kernel's clock is asked: its boot time and
    uptime, which no per-process fake moves. The files it read are listed."""
    import tui.core.clock as clock

    if clock.kernel_now() is None:
        pytest.skip("no /proc/stat and /proc/uptime here (not Linux)")
    real = time.time()
    monkeypatch.setattr(clock, "process_now", lambda: real - 7 * DAY)
    today = dt.date.fromtimestamp(real - 7 * DAY)
    read: list[str] = []
    problem = clock.clock_behind([], today, live=True, read=read)
    assert problem is not None and "but the kernel's clock reads" in problem
    assert read == ["/proc/stat", "/proc/uptime"]
    assert clock.clock_behind([], today, live=False) is None  # a disk image's kernel is not this one
    monkeypatch.setattr(clock, "process_now", lambda: real)
    assert clock.clock_behind([], dt.date.today(), live=True) is None  # on time: nothing to say
