"""Pack archives: deterministic builds, and hostile archives refused without writing outside the cache."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import uuid
from pathlib import Path

import pytest

import tui.packs.cache as cache_mod
from tui.errors import ContentError, PackError, Problem
from tui.packs.archive import Limits, build_archive, extract_archive, inspect_archive
from tui.packs.cache import PackCache

PACK_TOML = b'id = "example-corp"\nversion = "2026.11.1"\n'


@pytest.fixture(autouse=True)
def _no_validator(monkeypatch):
    monkeypatch.setattr(cache_mod, "load_validator", lambda: None)


def make_pack(folder: Path, version: str = "2026.11.1") -> Path:
    (folder / "guidance").mkdir(parents=True)
    (folder / "pack.toml").write_text(f'id = "example-corp"\nversion = "{version}"\n')
    (folder / "policy.toml").write_text("schema = 1\n")
    (folder / "guidance" / "overview.md").write_text("# Overview\n")
    return folder


def raw_archive(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]], *, fmt=tarfile.GNU_FORMAT) -> Path:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt, encoding="utf-8", errors="surrogateescape") as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                tar.addfile(info)
    path.write_bytes(gzip.compress(buf.getvalue()))
    return path


def member(name: str, kind: bytes = tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


# --------------------------------------------------------------------------- building


def test_build_is_deterministic_and_skips_dot_files(tmp_path):
    pack = make_pack(tmp_path / "pack")
    (pack / ".DS_Store").write_bytes(b"junk")
    (pack / ".git").mkdir()
    (pack / ".git" / "HEAD").write_text("ref")
    a = build_archive(pack, tmp_path / "a.tar.gz")
    (pack / "policy.toml").touch()  # a new mtime must not change the bytes
    build_archive(pack, tmp_path / "b.tar.gz")
    assert (tmp_path / "a.tar.gz").read_bytes() == (tmp_path / "b.tar.gz").read_bytes()
    assert a.meta.version == "2026.11.1" and a.files == 3
    with tarfile.open(tmp_path / "a.tar.gz") as tar:
        names = tar.getnames()
        assert names == sorted(names) == ["guidance/overview.md", "pack.toml", "policy.toml"]
        assert {(m.mtime, m.uid, m.gid, m.uname) for m in tar.getmembers()} == {(0, 0, 0, "")}


def test_build_refuses_symlinks_and_missing_pack_toml(tmp_path):
    pack = make_pack(tmp_path / "pack")
    (pack / "link.md").symlink_to("/etc/passwd")
    with pytest.raises(PackError, match="symbolic link"):
        build_archive(pack, tmp_path / "a.tar.gz")
    (pack / "link.md").unlink()
    (pack / "pack.toml").unlink()
    with pytest.raises(PackError, match=r"pack\.toml"):
        build_archive(pack, tmp_path / "a.tar.gz")
    assert not (tmp_path / "a.tar.gz").exists()


def test_build_refuses_output_inside_the_pack(tmp_path):
    pack = make_pack(tmp_path / "pack")
    with pytest.raises(PackError, match="outside the pack folder"):
        build_archive(pack, pack / "self.tar.gz")


def test_round_trip_and_inspect(tmp_path):
    pack = make_pack(tmp_path / "pack")
    build_archive(pack, tmp_path / "p.tar.gz")
    info = inspect_archive(tmp_path / "p.tar.gz")
    assert (info.meta.id, info.meta.version, info.files) == ("example-corp", "2026.11.1", 3)
    dest = tmp_path / "out"
    dest.mkdir()
    extract_archive(tmp_path / "p.tar.gz", dest)
    assert (dest / "guidance" / "overview.md").read_text() == "# Overview\n"
    assert (dest / "pack.toml").read_bytes() == (pack / "pack.toml").read_bytes()


def test_archive_made_with_plain_tar_is_accepted(tmp_path):
    """`tar czf pack.tar.gz -C pack .` names members ./x and has a ./ entry."""
    dot = member("./", tarfile.DIRTYPE)
    raw_archive(
        tmp_path / "p.tar.gz",
        [
            (dot, None),
            (member("./pack.toml"), PACK_TOML),
            (member("./guidance/", tarfile.DIRTYPE), None),
            (member("./guidance/a.md"), b"# A\n"),
        ],
    )
    dest = tmp_path / "out"
    dest.mkdir()
    extract_archive(tmp_path / "p.tar.gz", dest)
    assert (dest / "guidance" / "a.md").is_file()


# --------------------------------------------------------------------------- hostile archives

OUTSIDE = f"/tmp/aicheck-test-{uuid.uuid4().hex}"

HOSTILE = {
    "traversal": ([(member("../evil.toml"), b"x")], "'..'"),
    "nested traversal": ([(member("guidance/../../evil.toml"), b"x")], "'..'"),
    "absolute": ([(member(OUTSIDE), b"x")], "absolute"),
    "windows drive": ([(member("C:/evil.toml"), b"x")], "absolute"),
    "backslash": ([(member("..\\evil.toml"), b"x")], "backslash"),
    "symlink": ([(member("policy.toml", tarfile.SYMTYPE, "/etc/passwd"), None)], "symbolic link"),
    "symlink dir then write through it": (
        [(member("g", tarfile.SYMTYPE, "/tmp"), None), (member("g/evil.toml"), b"x")],
        "symbolic link",
    ),
    "hardlink": ([(member("policy.toml", tarfile.LNKTYPE, "/etc/passwd"), None)], "hard link"),
    "fifo": ([(member("policy.toml", tarfile.FIFOTYPE), None)], "device or pipe"),
    "char device": ([(member("policy.toml", tarfile.CHRTYPE), None)], "device or pipe"),
    "non-utf8 name": ([(member("caf\udce9.toml"), b"x")], "not valid UTF-8"),
    "control character": ([(member("a\x1b[2J.toml"), b"x")], "control characters"),
    "case collision": ([(member("policy.toml"), b"a"), (member("POLICY.toml"), b"b")], "twice"),
    "file then folder": ([(member("a"), b"x"), (member("a/b.toml"), b"y")], "both a file and a folder"),
    "folder then file": ([(member("g/b.toml"), b"y"), (member("G"), b"x")], "both a file and a folder"),
    "no pack.toml": ([(member("policy.toml"), b"schema = 1\n")], "pack.toml"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_archive_is_refused_and_leaves_no_trace(tmp_path, case):
    members, message = HOSTILE[case]
    if case != "no pack.toml":
        members = [(member("pack.toml"), PACK_TOML), *members]
    archive = raw_archive(tmp_path / "evil.tar.gz", members)
    cache = PackCache.for_source(tmp_path / "cache", "test:evil")
    with pytest.raises(PackError, match=message):
        cache.install(archive, public_key=None)
    assert cache.current() is None
    assert [p.name for p in cache.slot.iterdir()] == []  # no half-unpacked folder, no state
    assert not [p for p in tmp_path.rglob("evil*") if p != archive]
    assert not Path(OUTSIDE).exists()
    with pytest.raises(PackError, match=message):
        inspect_archive(archive)


def test_oversized_member_is_refused_before_it_is_read(tmp_path):
    zeros = b"\0" * (3 * 1024 * 1024)  # compresses to a few kilobytes
    archive = raw_archive(tmp_path / "bomb.tar.gz", [(member("pack.toml"), PACK_TOML), (member("big.md"), zeros)])
    assert archive.stat().st_size < 64 * 1024
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(PackError, match="more than the limit"):
        extract_archive(archive, dest, limits=Limits(max_file_bytes=1024 * 1024))
    assert not (dest / "big.md").exists()


def test_members_adding_up_past_the_total_are_refused(tmp_path):
    half = b"\0" * (600 * 1024)
    archive = raw_archive(
        tmp_path / "bomb.tar.gz", [(member("pack.toml"), PACK_TOML), (member("a.md"), half), (member("b.md"), half)]
    )
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(PackError, match="add up to more than"):
        extract_archive(archive, dest, limits=Limits(max_total_bytes=1024 * 1024))


def test_too_many_members_are_refused(tmp_path):
    members = [(member("pack.toml"), PACK_TOML)] + [(member(f"g/{i}.md"), b"x") for i in range(30)]
    archive = raw_archive(tmp_path / "many.tar.gz", members)
    with pytest.raises(PackError, match="more than 20 members"):
        inspect_archive(archive, limits=Limits(max_members=20))


def test_decompression_is_bounded_even_for_huge_headers(tmp_path):
    """A 4 MiB pax header is not a member at all; the decompressed stream itself is capped."""
    info = member("pack.toml")
    info.pax_headers = {"comment": "x" * (4 * 1024 * 1024)}
    archive = raw_archive(tmp_path / "bomb.tar.gz", [(info, PACK_TOML)], fmt=tarfile.PAX_FORMAT)
    with pytest.raises(PackError, match="zip bomb"):
        inspect_archive(archive, limits=Limits(max_total_bytes=64 * 1024, max_members=10))


def test_compressed_size_limit_and_garbage(tmp_path):
    big = tmp_path / "big.tar.gz"
    big.write_bytes(b"\x1f\x8b" + bytes(range(256)) * 400)
    with pytest.raises(PackError, match="more than the limit"):
        inspect_archive(big, limits=Limits(max_archive_bytes=50_000))
    with pytest.raises(PackError, match=r"not a readable \.tar\.gz"):
        inspect_archive(big)
    plain = tmp_path / "plain.tar.gz"
    plain.write_text("hello")
    with pytest.raises(PackError, match=r"not a readable \.tar\.gz"):
        inspect_archive(plain)


# --------------------------------------------------------------------------- the cache


def test_install_keeps_the_good_copy_when_content_is_invalid(tmp_path, monkeypatch):
    pack = make_pack(tmp_path / "v1")
    build_archive(pack, tmp_path / "v1.tar.gz")
    cache = PackCache.for_source(tmp_path / "cache", "test:src")
    good = cache.install(tmp_path / "v1.tar.gz", public_key=None)

    pack2 = make_pack(tmp_path / "v2", version="2026.12.1")
    build_archive(pack2, tmp_path / "v2.tar.gz")

    def reject(root):
        raise ContentError([Problem(str(Path(root) / "policy.toml"), "unknown status 'maybe'", 3, 10)])

    monkeypatch.setattr(cache_mod, "load_validator", lambda: reject)
    with pytest.raises(PackError, match=r"invalid, so it is refused \(.*\):\n  policy.toml:3:10: unknown status"):
        cache.install(tmp_path / "v2.tar.gz", public_key=None)
    current = cache.current()
    assert current is not None and current.path == good.path and current.meta.version == "2026.11.1"
    assert sorted(p.name for p in cache.slot.iterdir()) == [good.path.name, f"{good.path.name}.tar.gz", "state.json"]


def test_install_refuses_a_downgrade_and_a_changed_id(tmp_path):
    cache = PackCache.for_source(tmp_path / "cache", "test:src")
    build_archive(make_pack(tmp_path / "new", version="2026.12.1"), tmp_path / "new.tar.gz")
    build_archive(make_pack(tmp_path / "old", version="2026.9.1"), tmp_path / "old.tar.gz")
    cache.install(tmp_path / "new.tar.gz", public_key=None)
    with pytest.raises(PackError, match=r"older than the version in aicheck's cache, 2026\.12\.1"):
        cache.install(tmp_path / "old.tar.gz", public_key=None)
    other = make_pack(tmp_path / "other", version="2027.1")
    (other / "pack.toml").write_text('id = "someone-else"\nversion = "2027.1"\n')
    build_archive(other, tmp_path / "other.tar.gz")
    with pytest.raises(PackError, match="id changed"):
        cache.install(tmp_path / "other.tar.gz", public_key=None)
    assert cache.current().meta.version == "2026.12.1"
    state = json.loads((cache.slot / "state.json").read_text())
    assert state["version"] == "2026.12.1"


def test_install_upgrade_replaces_and_cleans_old_copies(tmp_path):
    cache = PackCache.for_source(tmp_path / "cache", "test:src")
    paths = []
    for v in ("1.0", "1.1", "1.2"):
        build_archive(make_pack(tmp_path / v, version=v), tmp_path / f"{v}.tar.gz")
        paths.append(cache.install(tmp_path / f"{v}.tar.gz", public_key=None).path)
    assert cache.current().meta.version == "1.2"
    assert not paths[0].exists() and paths[1].exists() and paths[2].exists()  # current + previous kept
