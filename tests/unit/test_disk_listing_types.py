"""The audited Disk takes a listed name's type from the listing (d_type), and asks the disk nothing under a
folder it found missing: the answers, the containment and the audit stay those of a name looked at one by one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.core.bounded_read import FileMissing
from tui.core.channels.readers import _names_heading, norm_dist
from tui.core.machine import Disk, Machine


def _disk(root: Path) -> Disk:
    return Disk(Machine(root=root, home="/home/u"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    home = tmp_path / "home/u"
    (home / "dir").mkdir(parents=True)
    (home / "file").write_text("x")
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/inside").mkdir()
    os.symlink("/etc/inside", home / "abs-link")  # absolute: means <root>/etc/inside
    os.symlink("dir", home / "rel-link")
    os.symlink("/nowhere", home / "dangling")
    os.symlink("file", home / "file-link")
    return tmp_path


@pytest.mark.parametrize("types", [True, False])
def test_a_listed_names_type_is_what_looking_at_it_alone_says(folder: Path, types: bool) -> None:
    listed = _disk(folder)
    children = listed.children("/home/u", types=types)
    alone = _disk(folder)
    for name in sorted(children):
        entry, path = children[name], f"/home/u/{name}"
        assert (entry.is_dir, entry.is_file) == (alone.is_dir(path), alone.is_file(path)), name
        assert entry.is_symlink == os.path.islink(folder / "home/u" / name), name
    assert sorted(children.names() & {"dir", "file", "absent"}) == ["dir", "file"]


def test_walking_into_a_listed_name_keeps_links_inside_the_root_and_noted(folder: Path) -> None:
    disk = _disk(folder)
    disk.children("/home/u")
    assert disk.host("/home/u/dir") == str(folder / "home/u/dir")
    assert disk.host("/home/u/abs-link") == str(folder / "etc/inside")  # never the build machine's /etc
    assert [(h.link, h.target) for h in disk.audit.links_followed] == [
        (str(folder / "home/u/abs-link"), str(folder / "etc/inside"))
    ]
    assert disk.resolve("/home/u/dangling") is None
    assert any(s.reason == "dangling symlink" for s in disk.audit.skipped)


def test_nothing_under_a_missing_folder_is_listed_read_or_found(folder: Path) -> None:
    disk = _disk(folder)
    assert not disk.children("/home/u/absent/deeper")
    assert not disk.exists("/home/u/absent/deeper/x.json")
    assert disk.try_json("/home/u/absent/x.json") is None
    with pytest.raises(FileMissing, match="missing"):
        disk.read_text("/home/u/absent/x.json")
    with pytest.raises(FileMissing, match="dangling symlink"):
        disk.read_text("/home/u/dangling/x.json")  # a link on the way to it: said as before
    assert disk.audit.dirs_listed == [] and disk.audit.paths_read == []


def test_a_file_where_a_folder_is_expected_holds_nothing(folder: Path) -> None:
    """Nothing can be under a file: a path through one is missing (a tool cannot read a config there
    either), not a file that cannot be read, which would ask the user to repair it."""
    disk = _disk(folder)
    assert not disk.children("/home/u/file/sub")
    assert not disk.exists("/home/u/file/sub/x.json")
    with pytest.raises(FileMissing, match="missing"):
        disk.read_text("/home/u/file/x.json")
    assert disk.try_json("/home/u/file/x.json") is None and disk.audit.skipped == []
    assert disk.audit.dirs_listed == []


def test_try_json_reads_a_present_file_once_and_skips_a_broken_one(folder: Path) -> None:
    (folder / "home/u/dir/ok.json").write_text('{"a": 1}')
    (folder / "home/u/dir/bad.json").write_text("{")
    disk = _disk(folder)
    assert disk.try_json("/home/u/dir/ok.json") == {"a": 1}
    assert disk.try_json("/home/u/dir/bad.json") is None
    assert disk.try_json("/home/u/file-link") is None  # a link is followed inside the root: "x" is no JSON
    assert disk.audit.paths_read == [
        str(folder / "home/u/dir/ok.json"),
        str(folder / "home/u/dir/bad.json"),
        str(folder / "home/u/file"),
    ]
    assert [s.reason.split(":")[0] for s in disk.audit.skipped] == ["invalid JSON", "invalid JSON"]


@pytest.mark.parametrize(
    "names",
    [
        ["Aider_Chat-0.86.2.dist-info", "aider.chat-1.dist-info", "aider--chat", "other-1.0.dist-info"],
        ["ΑΣ-1.0.dist-info", "ας", "İnfo-1", "i̇nfo", "__x__", "x..y-1", ""],
        [],
    ],
)
def test_a_folders_names_are_matched_as_one_by_one(names: list[str]) -> None:
    wanted = {"aider-chat", "ας", "i̇nfo", "-x-", "x-y"}
    assert _names_heading(names, wanted) == [n for n in names if norm_dist(n.split("-", 1)[0]) in wanted]


def test_a_missing_path_asked_again_is_answered_alike_and_asks_the_disk_nothing(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path found missing is remembered for the scan (the walk's answer, and an empty listing of a missing
    folder): asked again, by any of the Disk's questions, the answer and the audit are those of the first time,
    and no call reaches the disk."""
    # (no file where a folder is expected: after one, the OS is asked, as it is the one to say ENOTDIR)
    paths = ["/home/u/absent/deeper", "/home/u/dangling/x", "/home/u/rel-link/none/x", "/home/u/dir/none"]

    def ask(disk: Disk) -> list[object]:
        out: list[object] = []
        for path in paths:
            out += [len(disk.children(path)), disk.children(path).listed, disk.exists(path), disk.is_dir(path)]
            out += [disk.host(path), disk.try_text(path + "/f.json"), disk.resolve(path)]
        return out

    disk = _disk(folder)
    first = ask(disk)
    audit = (list(disk.audit.skipped), list(disk.audit.links_followed), list(disk.audit.dirs_listed))
    calls: list[str] = []
    for name in ("readlink", "stat", "scandir", "listdir", "open"):
        real = getattr(os, name)
        monkeypatch.setattr(os, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    again = ask(disk)
    monkeypatch.undo()
    assert again == first and first == ask(_disk(folder))
    assert calls == []
    skipped = [s for s in disk.audit.skipped if s not in audit[0]]
    assert skipped == [s for s in skipped if s.reason == "dangling symlink"]  # resolve notes it each time, as before
    assert (disk.audit.links_followed, disk.audit.dirs_listed) == (audit[1], audit[2])
