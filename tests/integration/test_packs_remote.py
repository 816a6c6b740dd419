"""Fetching packs from a real HTTP server on 127.0.0.1: revalidation, offline fallback, refusals."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import tui.packs.cache as cache_mod
from tui.core.signing import generate_key, sign_file
from tui.errors import PackConflict, PackError
from tui.packs.archive import Limits, build_archive
from tui.packs.cache import STATE_FILE, PackCache
from tui.packs.remote import check_url, fetch_pack, signature_url


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setattr(cache_mod, "load_validator", lambda: None)
    monkeypatch.setenv("AICHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AICHECK_CONFIG", str(tmp_path / "no-config.toml"))
    (tmp_path / "no-config.toml").touch()  # named by AICHECK_CONFIG: there, and empty
    monkeypatch.delenv("AICHECK_CONTENT", raising=False)


class PackServer:
    """Serves files from a dict with ETag/Last-Modified; counts requests and records their headers."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.redirects: dict[str, str] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                if self.path in server.redirects:
                    self.send_response(302)
                    self.send_header("Location", server.redirects[self.path])
                    self.end_headers()
                    return
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", formatdate(1_700_000_000, usegmt=True))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def publish(self, path: str, archive: Path, *, sig: bool = True) -> str:
        self.files[path] = archive.read_bytes()
        sig_file = archive.with_name(archive.name + ".sig")
        if sig and sig_file.exists():
            self.files[path + ".sig"] = sig_file.read_bytes()
        else:
            self.files.pop(path + ".sig", None)
        return self.base + path

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def stop(self):
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.httpd.server_close()


@pytest.fixture
def server():
    s = PackServer()
    yield s
    s.stop()


@pytest.fixture
def key(tmp_path):
    key_file = tmp_path / "signing.pem"
    return key_file, generate_key(key_file)


def signed_archive(tmp_path: Path, key_file: Path | None, version: str, name: str | None = None) -> Path:
    folder = tmp_path / f"src-{name or version}"
    (folder / "guidance").mkdir(parents=True)
    (folder / "pack.toml").write_text(f'id = "example-corp"\nversion = "{version}"\n')
    (folder / "guidance" / "overview.md").write_text(f"# Overview {version}\n")
    out = tmp_path / f"{name or version}.tar.gz"
    build_archive(folder, out)
    if key_file:
        sign_file(out, key_file)
    return out


def current_version(tmp_path, url) -> str | None:
    pack = PackCache.for_source(tmp_path / "cache", url).current()
    return pack.meta.version if pack else None


def test_fresh_fetch_then_304_revalidation(tmp_path, server, key):
    key_file, public = key
    url = server.publish("/pack.tar.gz", signed_archive(tmp_path, key_file, "2026.11.1"))
    first = fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache", timeout=5)
    assert not first.from_cache and first.age_seconds is None and first.verified
    assert "fetched" in first.message and "signature verified" in first.message
    assert (first.path / "guidance" / "overview.md").read_text() == "# Overview 2026.11.1\n"
    assert server.count("/pack.tar.gz") == 1 and server.count("/pack.tar.gz.sig") == 1

    second = fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache", timeout=5)
    assert second.from_cache and second.age_seconds is None and second.path == first.path
    assert "up to date" in second.message
    # with a pinned key the server's signature says whether the cached copy is current: never validators from
    # state.json, which the user can write (an older signed pack put in the slot, a Last-Modified of 2100)
    path, headers = server.requests[-1]
    assert path == "/pack.tar.gz.sig" and not headers.get("If-None-Match") and not headers.get("If-Modified-Since")
    assert server.count("/pack.tar.gz") == 1 and server.count("/pack.tar.gz.sig") == 2  # the archive not again


def test_update_to_a_newer_version(tmp_path, server, key):
    key_file, public = key
    url = server.publish("/p.tar.gz", signed_archive(tmp_path, key_file, "2026.11.1"))
    old = fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache")
    server.publish("/p.tar.gz", signed_archive(tmp_path, key_file, "2026.12.1"))
    new = fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache")
    assert "updated from 2026.11.1 to example-corp 2026.12.1" in new.message
    assert new.path != old.path and (new.path / "guidance" / "overview.md").read_text() == "# Overview 2026.12.1\n"


def test_server_down_uses_the_cached_copy_and_says_how_old(tmp_path, server, key):
    key_file, public = key
    url = server.publish("/pack.tar.gz", signed_archive(tmp_path, key_file, "2026.11.1"))
    first = fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache")
    state_file = PackCache.for_source(tmp_path / "cache", url).slot / STATE_FILE
    state = json.loads(state_file.read_text())
    state["checked_at"] = time.time() - 3 * 86400 - 60
    state_file.write_text(json.dumps(state))
    server.stop()

    result = fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache", timeout=2)
    assert result.from_cache and result.path == first.path
    assert result.age_seconds is not None and result.age_seconds > 3 * 86400
    assert result.message.startswith("offline: using the cached pack from 3 days ago")
    assert "example-corp 2026.11.1" in result.message


def test_offline_with_no_cache_is_an_error(tmp_path, server):
    url = server.base + "/pack.tar.gz"
    server.stop()
    with pytest.raises(PackError, match="no cached copy"):
        fetch_pack(url, public_key=None, cache_dir=tmp_path / "cache", timeout=2)


def test_a_fetch_that_fails_leaves_no_folder_behind(tmp_path, server, key):
    """Red team: a pack URL whose fetch failed left an empty `packs/<hash>/` folder (made before the fetch)
    on every run. A failure (no server, an HTTP error, a missing signature) leaves the cache as it was."""
    _key_file, public = key
    for url, key_pinned in ((server.base + "/none.tar.gz", None), (server.base + "/none.tar.gz", public)):
        with pytest.raises(PackError):
            fetch_pack(url, public_key=key_pinned, cache_dir=tmp_path / "cache", timeout=2)
    url = server.base + "/pack.tar.gz"
    server.stop()
    with pytest.raises(PackError, match="no cached copy"):
        fetch_pack(url, public_key=None, cache_dir=tmp_path / "cache", timeout=2)
    assert not (tmp_path / "cache").exists(), sorted((tmp_path / "cache").rglob("*"))


def test_a_pack_urls_credential_shaped_path_segment_is_never_shown(tmp_path, server, key):
    """Red team: `https://host/SECRETzq7packpath123456/p.tar.gz: cannot fetch…`: only the query was hidden. A
    pack URL is shown by the one rule for URLs (a credential-shaped path segment hidden) in every message."""
    secret = "SECRETzq7packpath123456"
    key_file, public = key
    url = server.base + f"/{secret}/p.tar.gz?t={secret}"
    with pytest.raises(PackError) as failed:
        fetch_pack(url, public_key=None, cache_dir=tmp_path / "cache", timeout=2)
    assert secret not in str(failed.value) and "/<redacted>/p.tar.gz?t=<redacted>" in str(failed.value)
    server.publish(f"/{secret}/p.tar.gz", signed_archive(tmp_path, None, "1.0"))  # unsigned: a key is pinned
    with pytest.raises(PackError) as refused:
        fetch_pack(server.base + f"/{secret}/p.tar.gz", public_key=public, cache_dir=tmp_path / "cache", timeout=2)
    assert secret not in str(refused.value) and "<redacted>" in str(refused.value)
    signed = signed_archive(tmp_path, key_file, "2.0", name="bad")
    server.files[f"/{secret}/p.tar.gz"] = signed.read_bytes()
    server.files[f"/{secret}/p.tar.gz.sig"] = b"A" * 86 + b"=="
    with pytest.raises(PackError) as bad:
        fetch_pack(server.base + f"/{secret}/p.tar.gz", public_key=public, cache_dir=tmp_path / "cache", timeout=2)
    assert secret not in str(bad.value) and "<redacted>" in str(bad.value)


def test_http_error_falls_back_to_cache(tmp_path, server, key):
    key_file, public = key
    url = server.publish("/pack.tar.gz", signed_archive(tmp_path, key_file, "1.0"))
    fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache")
    del server.files["/pack.tar.gz"], server.files["/pack.tar.gz.sig"]
    result = fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache")
    assert result.from_cache and "HTTP 404" in result.message and result.version == "1.0"


def test_bad_signature_is_refused_and_the_cache_kept(tmp_path, server, key):
    key_file, public = key
    url = server.publish("/pack.tar.gz", signed_archive(tmp_path, key_file, "2026.11.1"))
    good = fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache")

    other_key = tmp_path / "other.pem"
    generate_key(other_key)
    server.publish("/pack.tar.gz", signed_archive(tmp_path, other_key, "2026.12.1"))
    with pytest.raises(PackError, match="signature does not verify"):
        fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache")

    tampered = bytearray(server.files["/pack.tar.gz"])
    tampered[-20] ^= 0xFF
    server.files["/pack.tar.gz"] = bytes(tampered)
    with pytest.raises(PackError, match="signature does not verify"):
        fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache")

    assert current_version(tmp_path, url) == "2026.11.1"
    slot = PackCache.for_source(tmp_path / "cache", url).slot
    kept = [good.path.name, f"{good.path.name}.tar.gz", f"{good.path.name}.tar.gz.sig"]
    assert sorted(p.name for p in slot.iterdir()) == [*kept, STATE_FILE]  # no temp leftovers
    server.stop()
    assert fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache", timeout=2).path == good.path


def test_missing_signature_is_refused_when_a_key_is_pinned(tmp_path, server, key):
    _, public = key
    url = server.publish("/pack.tar.gz", signed_archive(tmp_path, None, "1.0"), sig=False)
    with pytest.raises(PackError, match=r"\.sig: not found; a public key is pinned"):
        fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache")
    assert current_version(tmp_path, url) is None


def test_unsigned_pack_without_a_pinned_key_is_used_but_flagged(tmp_path, server):
    url = server.publish("/pack.tar.gz", signed_archive(tmp_path, None, "1.0"), sig=False)
    result = fetch_pack(url, public_key=None, cache_dir=tmp_path / "cache")
    assert not result.verified and "not signature-checked" in result.message
    assert server.count("/pack.tar.gz.sig") == 0


def test_a_copy_cached_without_the_pinned_key_is_not_trusted(tmp_path, server, key):
    _, public = key
    url = server.publish("/pack.tar.gz", signed_archive(tmp_path, None, "1.0"), sig=False)
    fetch_pack(url, public_key=None, cache_dir=tmp_path / "cache")
    server.stop()
    with pytest.raises(PackError, match="no cached copy"):
        fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache", timeout=2)


def test_downgrade_is_refused_and_the_cache_kept(tmp_path, server, key):
    key_file, public = key
    url = server.publish("/pack.tar.gz", signed_archive(tmp_path, key_file, "2026.12.1"))
    fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache")
    server.publish("/pack.tar.gz", signed_archive(tmp_path, key_file, "2026.11.1"))  # old but validly signed
    with pytest.raises(PackError, match="downgrade is refused"):
        fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache")
    assert current_version(tmp_path, url) == "2026.12.1"
    # nor does the cached copy stand in, as it does for a refusal the cache cannot cause (a bad signature): a
    # copy the user put in the cache would make the server's current pack look like a downgrade
    with pytest.raises(PackConflict, match="aicheck content fetch"):
        fetch_pack(url, public_key=public, cache_dir=tmp_path / "cache", fallback_on_refusal=True)
    assert current_version(tmp_path, url) == "2026.12.1"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/pack.tar.gz",
        "http://10.0.0.1/p.tar.gz",
        "ftp://example.com/p.tar.gz",
        "file:///etc/passwd",
        "https:///nohost",
    ],
)
def test_insecure_urls_are_refused_without_a_connection(tmp_path, monkeypatch, url):
    import httpx

    def no_client(*args, **kwargs):
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(httpx, "Client", no_client)
    with pytest.raises(PackError, match="https"):
        fetch_pack(url, public_key=None, cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize(
    "url", ["https://example.com/p.tar.gz", "http://localhost:8/p", "http://127.0.0.5/p", "http://[::1]:8/p"]
)
def test_allowed_urls(url):
    check_url(url)


def test_redirect_to_plain_http_elsewhere_is_refused(tmp_path, server):
    server.redirects["/pack.tar.gz"] = "http://example.invalid/pack.tar.gz"
    with pytest.raises(PackError, match="plain http"):
        fetch_pack(server.base + "/pack.tar.gz", public_key=None, cache_dir=tmp_path / "cache", timeout=2)


def test_oversized_download_is_refused(tmp_path, server):
    url = server.publish("/pack.tar.gz", signed_archive(tmp_path, None, "1.0"), sig=False)
    with pytest.raises(PackError, match="more than the limit"):
        fetch_pack(url, public_key=None, cache_dir=tmp_path / "cache", limits=Limits(max_archive_bytes=100))
    assert current_version(tmp_path, url) is None


def test_signature_url_keeps_the_query():
    assert signature_url("https://h/p.tar.gz?token=1") == "https://h/p.tar.gz.sig?token=1"
