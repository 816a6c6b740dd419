"""``content pack``, ``sign`` and ``keygen`` write only where nothing is, or over a regular file.

Before, ``content pack … -o PATH`` renamed the archive over whatever PATH was and exited 0: a FIFO, a symbolic
link (replaced by a file, the file it named left stale) and, run as root, a device node. An output that exists
and is not a regular file is now refused (exit 2) before anything is written, and a link is never followed or
replaced. Only FIFOs and links under tmp_path here: never a real device node."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.in_the_way import dangling, fifo, folder, link
from support.in_the_way import kind as kind_of
from support.packs import company_pack, isolate_cli, run_cli
from tui.core.signing import generate_key


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path, content=None)


@pytest.fixture
def pack(tmp_path) -> Path:
    return company_pack(tmp_path / "pack", None)


@pytest.fixture
def key(tmp_path) -> Path:
    generate_key(tmp_path / "k.pem")
    return tmp_path / "k.pem"


IN_THE_WAY = {"a FIFO": fifo, "a link to a file": link, "a dangling link": dangling, "a folder": folder}


@pytest.mark.parametrize("what", sorted(IN_THE_WAY))
def test_pack_never_writes_over_what_is_not_a_regular_file(tmp_path, capsys, pack, what):
    out = tmp_path / "out.tar.gz"
    other = IN_THE_WAY[what](out)
    kind = kind_of(out)
    code, stdout, err = run_cli(capsys, "content", "pack", str(pack), "-o", str(out))
    assert code == 2 and str(out) in err and "internal error" not in err, err
    assert kind_of(out) == kind and stdout == ""
    if what == "a link to a file":
        assert other.read_text() == "someone else's file\n"
    if what == "a dangling link":
        assert not other.exists()


def test_pack_replaces_a_regular_file(tmp_path, capsys, pack):
    out = tmp_path / "out.tar.gz"
    out.write_bytes(b"an older build")
    code, _, err = run_cli(capsys, "content", "pack", str(pack), "-o", str(out))
    assert code == 0 and out.read_bytes()[:2] == b"\x1f\x8b", err


@pytest.mark.parametrize("what", sorted(IN_THE_WAY))
def test_pack_with_a_signature_in_the_way_writes_nothing(tmp_path, capsys, pack, key, what):
    out = tmp_path / "out.tar.gz"
    sig = tmp_path / "out.tar.gz.sig"
    IN_THE_WAY[what](sig)
    kind = kind_of(sig)
    for extra in (("--sign-key", str(key)), ()):  # signing writes it; a build without removes a stale one
        code, _, err = run_cli(capsys, "content", "pack", str(pack), "-o", str(out), *extra)
        assert code == 2 and str(sig) in err, err
        assert kind_of(sig) == kind and not out.exists()


@pytest.mark.parametrize("what", sorted(IN_THE_WAY))
def test_sign_never_writes_its_signature_over_what_is_not_a_regular_file(tmp_path, capsys, pack, key, what):
    archive = tmp_path / "p.tar.gz"
    assert run_cli(capsys, "content", "pack", str(pack), "-o", str(archive))[0] == 0
    for sig in (tmp_path / "p.tar.gz.sig", tmp_path / "chosen.sig"):
        IN_THE_WAY[what](sig)
        kind = kind_of(sig)
        extra = () if sig.name == "p.tar.gz.sig" else ("--signature", str(sig))
        code, _, err = run_cli(capsys, "content", "sign", str(archive), "--key", str(key), *extra)
        assert code == 2 and str(sig) in err, err
        assert kind_of(sig) == kind


@pytest.mark.parametrize("what", sorted(IN_THE_WAY))
def test_keygen_force_never_writes_a_key_through_a_link_or_into_a_fifo(tmp_path, what):
    """In a child process under a time bound: opening a FIFO to write would wait for a reader for ever."""
    from support.bounded_run import run_bounded

    out = tmp_path / "new.pem"
    other = IN_THE_WAY[what](out)
    kind = kind_of(out)
    result = run_bounded("content", "keygen", "-o", str(out), "--force")
    assert result.code == 2 and str(out) in result.err, result.err
    assert kind_of(out) == kind
    if what == "a link to a file":
        assert other.read_text() == "someone else's file\n"


def test_keygen_force_replaces_a_regular_key_file(tmp_path, capsys):
    out = tmp_path / "new.pem"
    out.write_text("old key\n")
    code, _, err = run_cli(capsys, "content", "keygen", "-o", str(out), "--force")
    assert code == 0 and "PRIVATE KEY" in out.read_text(), err
