"""A damaged pack archive is one error naming the user's file, for every command that reads it.

Before, a truncated ``.tar.gz`` (an incomplete download or copy) or one with a byte flipped in its compressed
stream ended every command that read it with an internal error (exit 3, an uncaught EOFError or zlib.error);
a damaged tar header was reported under the name of aicheck's temporary copy in the cache; an archive whose
CRC no longer matched was unpacked all the same. Real archives built and signed with the CLI, the real
commands."""

from __future__ import annotations

import gzip
import io
import tarfile
import zlib
from pathlib import Path

import pytest

from support.packs import company_pack, isolate_cli, run_cli
from tui.core.signing import generate_key, sign_file


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path, content=None)


@pytest.fixture
def key(tmp_path) -> tuple[Path, str]:
    """(private key file, public key)."""
    key_file = tmp_path / "k.pem"
    return key_file, generate_key(key_file)


@pytest.fixture
def good(tmp_path, capsys) -> bytes:
    """The bytes of a company pack archive built with the CLI."""
    company_pack(tmp_path / "src", None)
    code, _, err = run_cli(capsys, "content", "pack", str(tmp_path / "src"), "-o", str(tmp_path / "good.tar.gz"))
    assert code == 0, err
    return (tmp_path / "good.tar.gz").read_bytes()


def _deflate_damaged(data: bytes) -> bytes:
    """``data`` with one byte of its compressed stream inverted so that inflating it fails (the first such byte
    from the middle on: which byte does depends on the pack's bytes)."""
    for at in range(len(data) // 2, len(data) - 8):
        spoiled = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
        try:
            zlib.decompress(spoiled, wbits=31)
        except zlib.error:
            return spoiled
    raise AssertionError("no byte whose inversion breaks the stream")


def _tar_header_damaged(data: bytes) -> bytes:
    """The same archive, compressed intact, with a byte of a member's name changed (its header checksum fails)."""
    tar = bytearray(gzip.decompress(data))
    with tarfile.open(fileobj=io.BytesIO(bytes(tar))) as reader:
        second = reader.getmembers()[1].offset  # where its header starts
    tar[second + 1] ^= 0x01  # within its name
    return gzip.compress(bytes(tar), mtime=0)


DAMAGES = {
    "truncated": lambda data: data[: len(data) // 2],
    "cut before its trailer": lambda data: data[:-4],
    "a byte of the compressed stream inverted": _deflate_damaged,
    "its CRC no longer matches": lambda data: data[:-8] + bytes([data[-8] ^ 0xFF]) + data[-7:],
    "a tar header damaged": _tar_header_damaged,
}
SAYS = {
    "truncated": "truncated",
    "cut before its trailer": "truncated",
    "a byte of the compressed stream inverted": "damaged",
    "its CRC no longer matches": "damaged",
    "a tar header damaged": "damaged",
}


def _one_clear_error(code: int, err: str, shown: str, damage: str) -> None:
    assert code == 2, err
    assert "internal error" not in err and "Traceback" not in err
    assert shown in err and SAYS[damage] in err, err
    assert "tmp-" not in err and "pack.tar.gz" not in err, err  # never aicheck's own temporary copy


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_archive_is_one_error_naming_it_for_every_command(tmp_path, capsys, key, good, damage):
    archive = tmp_path / "t.tar.gz"
    archive.write_bytes(DAMAGES[damage](good))
    key_file, public = key

    code, _, err = run_cli(capsys, "scan", "--json", "--content", "t.tar.gz")
    _one_clear_error(code, err, "t.tar.gz", damage)
    code, _, err = run_cli(capsys, "content", "fetch", "t.tar.gz")
    _one_clear_error(code, err, "t.tar.gz", damage)
    code, _, err = run_cli(capsys, "content", "sign", "--key", str(key_file), "t.tar.gz")
    _one_clear_error(code, err, "t.tar.gz", damage)
    assert not (tmp_path / "t.tar.gz.sig").exists()

    sign_file(archive, key_file)  # signed as it is (by a tool other than aicheck): the signature verifies
    code, _, err = run_cli(capsys, "content", "verify", "t.tar.gz", "--public-key", public)
    _one_clear_error(code, err, "t.tar.gz", damage)
    (tmp_path / "config.toml").write_text(f'[content]\npublic_key = "{public}"\n')
    code, out, err = run_cli(capsys, "check", "--content", str(archive))
    _one_clear_error(code, err, str(archive), damage)
    assert out == ""


def test_a_damaged_archive_is_named_as_it_was_typed_with_the_member_being_read(tmp_path, capsys):
    """Cut in the middle of a large member's data: the member is named too."""
    import base64
    import random

    big = base64.b64encode(random.Random(7).randbytes(300_000))  # compresses little: its data spans the file
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in (("pack.toml", b'id = "acme"\nversion = "1.0"\n'), ("guidance/big.md", big)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    data = gzip.compress(buf.getvalue(), mtime=0)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p.tar.gz").write_bytes(data[: len(data) // 2])
    code, _, err = run_cli(capsys, "scan", "--content", "sub/p.tar.gz")
    assert code == 2 and "tmp-" not in err, err
    assert err.startswith("aicheck: sub/p.tar.gz: not a readable .tar.gz archive: it is truncated"), err
    assert "at member 'guidance/big.md'" in err


def test_a_damaged_archive_leaves_no_temporary_folder_and_the_good_one_then_installs(tmp_path, capsys, good):
    (tmp_path / "t.tar.gz").write_bytes(good[:-4])
    assert run_cli(capsys, "scan", "--content", "t.tar.gz")[0] == 2
    leftovers = [p.name for p in (tmp_path / "cache").rglob("tmp-*")]
    assert leftovers == []
    (tmp_path / "t.tar.gz").write_bytes(good)
    code, _, err = run_cli(capsys, "scan", "--content", "t.tar.gz")
    assert code in (0, 1), err


def test_a_damaged_archive_from_a_url_names_the_url(tmp_path, capsys, good):
    from support.packs import serve_folder

    site = tmp_path / "site"
    site.mkdir()
    (site / "p.tar.gz").write_bytes(good[: len(good) // 2])
    with serve_folder(site) as (base, _stop):
        code, out, err = run_cli(capsys, "content", "fetch", f"{base}/p.tar.gz?token=s3cret")
    assert code == 2 and out == "", err
    assert f"{base}/p.tar.gz" in err and "it is truncated" in err, err
    assert "tmp-" not in err and "s3cret" not in err
