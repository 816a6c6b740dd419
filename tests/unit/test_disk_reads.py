"""The audited Disk's file reads: the last name of a path is resolved with one lstat when it is no link,
and followed inside the root (hop noted) when it is one; sizes and limits hold as before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.core.bounded_read import FileMissing, ReadSkipped, read_bounded
from tui.core.machine import Disk, Machine


def _disk(root: Path) -> Disk:
    return Disk(Machine(root=root, home="/home/u"))


def test_a_plain_file_is_read_and_audited_without_a_hop(tmp_path: Path) -> None:
    (tmp_path / "home/u").mkdir(parents=True)
    (tmp_path / "home/u/a.json").write_text('{"a": 1}')
    disk = _disk(tmp_path)
    assert disk.read_json("/home/u/a.json") == {"a": 1}
    assert disk.audit.paths_read == [str(tmp_path / "home/u/a.json")]
    assert disk.audit.links_followed == []


def test_a_link_as_the_last_name_is_followed_inside_the_root_and_noted(tmp_path: Path) -> None:
    (tmp_path / "home/u").mkdir(parents=True)
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/real.txt").write_text("inside")
    os.symlink("/etc/real.txt", tmp_path / "home/u/link.txt")  # absolute: means <root>/etc/real.txt
    disk = _disk(tmp_path)
    assert disk.read_text("/home/u/link.txt") == "inside"
    assert disk.audit.paths_read == [str(tmp_path / "etc/real.txt")]
    assert [(h.link, h.target) for h in disk.audit.links_followed] == [
        (str(tmp_path / "home/u/link.txt"), str(tmp_path / "etc/real.txt"))
    ]


def test_a_link_loop_a_dangling_link_a_missing_file_and_a_fifo_are_refused(tmp_path: Path) -> None:
    home = tmp_path / "home/u"
    home.mkdir(parents=True)
    os.symlink("loop-b", home / "loop-a")
    os.symlink("loop-a", home / "loop-b")
    os.symlink("/nowhere/file", home / "dangling")
    os.mkfifo(home / "fifo")
    disk = _disk(tmp_path)
    with pytest.raises(ReadSkipped, match="symlink loop"):
        disk.read_bytes("/home/u/loop-a")
    with pytest.raises(FileMissing, match="dangling symlink"):
        disk.read_bytes("/home/u/dangling")
    with pytest.raises(FileMissing, match="missing"):
        disk.read_bytes("/home/u/absent")
    with pytest.raises(ReadSkipped, match="FIFO"):
        disk.read_bytes("/home/u/fifo")  # refused from its lstat: never opened, never blocks
    assert disk.audit.paths_read == []


def test_a_missing_file_in_a_folder_that_is_there_costs_one_call(tmp_path: Path, monkeypatch) -> None:
    """Most of the config files a scan looks for are not there, often in a folder that is (~/.config/opencode
    without config.json): the lstat that finds the name missing says all (no readlink, no open's own stat),
    and asking again costs nothing. A missing name behind a link still tells a dangling link from nothing."""
    (tmp_path / "home/u/.config/tool").mkdir(parents=True)
    (tmp_path / "home/u/.config/tool/present.json").write_text("{}")
    os.symlink("/nowhere/x.json", tmp_path / "home/u/.config/tool/dangling.json")
    disk = _disk(tmp_path)
    disk.read_text("/home/u/.config/tool/present.json")  # the folder resolved
    calls: list[str] = []

    def counted(name: str):
        real = getattr(os, name)

        def call(path, *args, **kwargs):
            calls.append(f"{name} {path}")
            return real(path, *args, **kwargs)

        return call

    for name in ("stat", "lstat", "readlink", "open", "scandir", "listdir"):
        monkeypatch.setattr(os, name, counted(name))
    with pytest.raises(FileMissing, match=r"^missing$"):
        disk.read_bytes("/home/u/.config/tool/config.json")
    assert len(calls) == 1, calls
    with pytest.raises(FileMissing, match=r"^missing$"):
        disk.read_bytes("/home/u/.config/tool/config.json")
    assert disk.read_text_if_present("/home/u/.config/tool/config.json") is None
    assert len(calls) == 1, calls
    with pytest.raises(FileMissing, match="dangling symlink"):
        disk.read_bytes("/home/u/.config/tool/dangling.json")
    assert disk.audit.paths_read == [str(tmp_path / "home/u/.config/tool/present.json")]


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 200_000])
def test_sizes_around_the_limit(tmp_path: Path, size: int) -> None:
    (tmp_path / "home/u").mkdir(parents=True)
    (tmp_path / "home/u/f").write_bytes(b"x" * size)
    disk = _disk(tmp_path)
    if size > 4096:
        with pytest.raises(ReadSkipped, match="too large"):
            disk.read_bytes("/home/u/f", limit=4096)
    else:
        assert disk.read_bytes("/home/u/f", limit=4096) == b"x" * size
    assert read_bounded(tmp_path / "home/u/f", 1_000_000) == b"x" * size


def test_a_file_read_twice_through_different_names_is_audited_once(tmp_path: Path) -> None:
    (tmp_path / "home/u/d").mkdir(parents=True)
    (tmp_path / "home/u/d/f").write_text("x")
    os.symlink("d", tmp_path / "home/u/alias")
    disk = _disk(tmp_path)
    assert disk.read_text("/home/u/d/f") == disk.read_text("/home/u/alias/f") == "x"
    assert disk.audit.paths_read == [str(tmp_path / "home/u/d/f")]


def test_a_scan_leaves_no_reference_cycle_behind(tmp_path: Path, pack) -> None:
    """What a scan built is freed by reference counting once its report is dropped: none of aicheck's objects
    waits in a cycle for the garbage collector (a Disk that held its own listings kept every one of them alive
    until the collector's next pass, in the app's rescans and in the osquery extension's queries). The
    standard library's plist parser leaves a small cycle of its own; it holds nothing of the scan."""
    import gc

    from tui.core.scanner import scan
    from tui.demo import build_demo

    machine = build_demo(tmp_path / "demo").machine()  # a Mac: Info.plist files, MCP configs, extensions
    scan(machine, pack)  # first use: lazy imports and caches that live on
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        report = scan(machine, pack)
        assert report.findings and report.surface.servers  # a scan that found something
        del report
        gc.collect()
        ours = [o for o in gc.garbage if type(o).__module__.startswith("tui.")]
        assert not ours, f"{len(ours)} objects in cycles: {sorted({type(o).__name__ for o in ours})}"
        assert len(gc.garbage) < 20, [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_skip_once_notes_a_path_and_reason_once_also_after_a_direct_append(tmp_path: Path) -> None:
    from tui.core.models import Skip

    disk = _disk(tmp_path)
    for _ in range(3):
        disk.skip_once("/home/u/.bashrc", "line 3 sources more files than are followed: not read")
    disk.audit.skipped.append(Skip(disk.display("/home/u/.zshrc"), "too big"))  # a reader appends by itself
    disk.skip_once("/home/u/.zshrc", "too big")
    disk.skip_once("/home/u/.zshrc", "another reason")
    assert [(s.path, s.reason) for s in disk.audit.skipped] == [
        (disk.display("/home/u/.bashrc"), "line 3 sources more files than are followed: not read"),
        (disk.display("/home/u/.zshrc"), "too big"),
        (disk.display("/home/u/.zshrc"), "another reason"),
    ]


def test_skip_once_of_thousands_of_lines_does_not_search_the_list_each_time(tmp_path: Path) -> None:
    """10,000 lines past a bound each noted once: the audit's list is not searched per note (it was: the
    scan of a .bashrc of 10,000 `. ~/x` lines took 45 s). Counted through the list's iteration, not timed."""
    disk = _disk(tmp_path)
    iterations = 0

    class Counting(list):  # type: ignore[type-arg]
        def __iter__(self):  # type: ignore[no-untyped-def]
            nonlocal iterations
            iterations += 1
            return super().__iter__()

    disk.audit.skipped = Counting()
    for n in range(10_000):
        disk.skip_once("/home/u/.bashrc", f"line {n} sources more files than are followed: not read")
    assert len(disk.audit.skipped) == 10_000
    assert iterations < 100
