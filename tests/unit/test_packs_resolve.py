"""Choosing the content pack (--content, AICHECK_CONTENT, config, bundled), the [content] config, signatures."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import tui.packs.cache as cache_mod
from tui import paths
from tui.core.signing import fingerprint, generate_key, public_key_of, sign_file, verify_file
from tui.errors import ConfigError, PackError
from tui.packs.archive import build_archive
from tui.packs.resolve import resolve_content
from tui.packs.settings import load_content_settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setattr(cache_mod, "load_validator", lambda: None)
    monkeypatch.setenv("AICHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AICHECK_CONFIG", str(tmp_path / "config.toml"))
    (tmp_path / "config.toml").touch()  # named by AICHECK_CONFIG: there, and empty
    monkeypatch.delenv("AICHECK_CONTENT", raising=False)


def make_pack(folder: Path, version: str = "1.0") -> Path:
    (folder / "guidance").mkdir(parents=True)
    (folder / "pack.toml").write_text(f'id = "acme"\nversion = "{version}"\n')
    (folder / "guidance" / "overview.md").write_text("# Overview\n")
    return folder


def write_config(tmp_path: Path, **content: str) -> None:
    lines = ["[intake]", 'kind = "webhook"', "", "[content]"] + [f'{k} = "{v}"' for k, v in content.items()]
    (tmp_path / "config.toml").write_text("\n".join(lines) + "\n")


# --------------------------------------------------------------------------- signing


def test_keygen_sign_verify_round_trip(tmp_path):
    key_file = tmp_path / "k.pem"
    public = generate_key(key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert public_key_of(key_file) == public and fingerprint(public).startswith("ed25519:")
    archive = tmp_path / "p.tar.gz"
    build_archive(make_pack(tmp_path / "pack"), archive)
    sig = sign_file(archive, key_file)
    assert sig == tmp_path / "p.tar.gz.sig" and len(sig.read_text().strip()) == 88
    verify_file(archive, public)

    with pytest.raises(PackError, match="already exists"):
        generate_key(key_file)
    other = generate_key(tmp_path / "other.pem")
    with pytest.raises(PackError, match="does not verify"):
        verify_file(archive, other)
    archive.write_bytes(archive.read_bytes() + b"\0")
    with pytest.raises(PackError, match="does not verify"):
        verify_file(archive, public)


@pytest.mark.parametrize("bad, message", [("not base64!", "not valid base64"), ("AAAA", "has 3 bytes")])
def test_bad_public_keys(tmp_path, bad, message):
    archive = tmp_path / "p.tar.gz"
    build_archive(make_pack(tmp_path / "pack"), archive)
    (tmp_path / "p.tar.gz.sig").write_text("A" * 86 + "==")
    with pytest.raises(PackError, match=message):
        verify_file(archive, bad)


def test_garbage_signature_and_key_file(tmp_path):
    key_file = tmp_path / "k.pem"
    public = generate_key(key_file)
    archive = tmp_path / "p.tar.gz"
    build_archive(make_pack(tmp_path / "pack"), archive)
    (tmp_path / "p.tar.gz.sig").write_bytes(b"\xff\xfe")
    with pytest.raises(PackError, match="not a base64 signature"):
        verify_file(archive, public)
    (tmp_path / "bad.pem").write_text("hello")
    with pytest.raises(PackError, match="not an unencrypted PEM private key"):
        sign_file(archive, tmp_path / "bad.pem")


# --------------------------------------------------------------------------- settings


def test_settings_missing_file_and_table(tmp_path):
    assert load_content_settings().url is None
    (tmp_path / "config.toml").write_text("[intake]\nkind = 'jira'\n")
    assert load_content_settings().public_key is None


def test_settings_read_url_and_key(tmp_path):
    public = generate_key(tmp_path / "k.pem")
    write_config(tmp_path, url="https://policy.example.com/p.tar.gz", public_key=public)
    s = load_content_settings()
    assert (s.url, s.public_key, s.source) == ("https://policy.example.com/p.tar.gz", public, tmp_path / "config.toml")


@pytest.mark.parametrize(
    "text, message",
    [
        ("[content\n", "config.toml"),
        ("content = 3\n", "must be a table"),
        ("[content]\nurl = 3\n", "url must be a non-empty string"),
        ("[content]\npublic_key = 'abc'\n", "public_key: the public key"),
    ],
)
def test_settings_errors(tmp_path, text, message):
    (tmp_path / "config.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_content_settings()


# --------------------------------------------------------------------------- resolving


def test_order_content_flag_then_env_then_config_then_bundled(tmp_path, monkeypatch):
    a, b, c = (make_pack(tmp_path / n) for n in ("a", "b", "c"))
    assert resolve_content(None).path == paths.bundled_content_dir()
    write_config(tmp_path, url=str(c))
    assert (resolve_content(None).path, resolve_content(None).source) == (
        c,
        f"{tmp_path / 'config.toml'} [content] url",
    )
    monkeypatch.setenv("AICHECK_CONTENT", str(b))
    assert (resolve_content(None).path, resolve_content(None).source) == (b, "AICHECK_CONTENT")
    r = resolve_content(str(a))
    assert (r.path, r.source, r.notice) == (a, "--content", None)


def test_missing_or_wrong_kind_of_path(tmp_path):
    with pytest.raises(PackError, match="no such folder or file"):
        resolve_content(str(tmp_path / "nope"))
    (tmp_path / "x.zip").write_bytes(b"PK")
    with pytest.raises(PackError, match=r"not a folder or a \.tar\.gz"):
        resolve_content(str(tmp_path / "x.zip"))
    if hasattr(os, "mkfifo"):  # a FIFO named as the pack is there: said so, not "no such file" (red team)
        os.mkfifo(tmp_path / "p.tar.gz")
        with pytest.raises(PackError, match="not a regular file or a folder"):
            resolve_content(str(tmp_path / "p.tar.gz"))
    (tmp_path / "dangling.tar.gz").symlink_to(tmp_path / "gone")
    with pytest.raises(PackError, match="not a regular file or a folder"):
        resolve_content(str(tmp_path / "dangling.tar.gz"))
    with pytest.raises(PackError, match="https"):
        resolve_content("ftp://example.com/p.tar.gz")


def test_archive_file_is_verified_and_read_without_writing_or_unpacked_into_the_cache_on_request(tmp_path):
    """A scan writes nothing: a local archive is read and verified in memory (it was unpacked into the cache on
    every run). `content fetch` and `content path` (``install``) unpack it into the cache."""
    key_file = tmp_path / "k.pem"
    public = generate_key(key_file)
    archive = tmp_path / "p.tar.gz"
    build_archive(make_pack(tmp_path / "pack"), archive)
    write_config(tmp_path, public_key=public)
    with pytest.raises(PackError, match="missing; a public key is pinned"):
        resolve_content(str(archive))
    sign_file(archive, key_file)
    read = resolve_content(str(archive))
    assert read.notice is None and read.verified and read.path == archive
    assert read.files is not None and read.files["guidance/overview.md"].startswith(b"# ")
    # the one write: the version of the pack used with the pinned key, for rollback protection (once)
    assert [p.relative_to(tmp_path) for p in (tmp_path / "cache").rglob("*")] == [
        Path("cache/packs"),
        Path("cache/packs/versions-seen.json"),
    ]
    r = resolve_content(str(archive), install=True)
    assert r.notice is None and (r.path / "guidance" / "overview.md").is_file()
    assert r.path.is_relative_to(tmp_path / "cache")
    assert resolve_content(str(archive), install=True).path == r.path  # same bytes: no new unpack

    other = tmp_path / "o.pem"
    generate_key(other)
    sign_file(archive, other)
    with pytest.raises(PackError, match="does not verify"):
        resolve_content(str(archive))
    with pytest.raises(PackError, match="does not verify"):
        resolve_content(str(archive), install=True)
    assert r.path.is_dir()


def test_unsigned_archive_without_key_is_flagged(tmp_path):
    archive = tmp_path / "p.tar.gz"
    build_archive(make_pack(tmp_path / "pack"), archive)
    r = resolve_content(str(archive))
    assert "not signature-checked" in r.notice


def test_folders_and_archives_never_import_httpx(tmp_path):
    """`aicheck scan` must not pay for the network library unless a URL is fetched."""
    archive = tmp_path / "p.tar.gz"
    build_archive(make_pack(tmp_path / "pack"), archive)
    code = textwrap.dedent(f"""
        import sys
        import tui.packs.cache as c
        c.load_validator = lambda: None
        from tui.packs.resolve import resolve_content
        resolve_content({str(tmp_path / "pack")!r})
        resolve_content({str(archive)!r})
        resolve_content(None)
        assert "httpx" not in sys.modules, "httpx imported"
        assert "cryptography" not in sys.modules, "cryptography imported without a key"
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path)


def test_a_pack_url_is_announced_before_the_network_is_used(tmp_path):
    """A new user: a pack server that took the connection and never answered left a blank terminal for ten
    seconds before the app's first frame (and a silent `check`). Who is being asked is said first."""
    import socket

    said: list[str] = []
    with socket.socket() as closed:  # a port nothing listens on: refused at once
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(PackError):
        resolve_content(f"http://127.0.0.1:{port}/pack.tar.gz", timeout=2, announce=said.append)
    assert said == ["aicheck: asking 127.0.0.1 for the content pack..."]
    said.clear()
    resolve_content(str(make_pack(tmp_path / "folder")), announce=said.append)
    assert said == []  # a folder: no network, nothing to say
