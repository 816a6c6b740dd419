"""The one plain-http rule (tui.core.urls): loopback addresses and RFC 6761 localhost names only, asked the
same way by the intake settings and the content-pack fetch."""

import pytest

from tui.core.urls import is_loopback_host
from tui.errors import ConfigError, PackError
from tui.intake.factory import build_backend
from tui.packs.remote import check_url

LOOPBACK = [
    "localhost",
    "LOCALHOST",
    "localhost.",
    "intake.localhost",
    "a.b.localhost.",
    "127.0.0.1",
    "127.9.9.9",
    "::1",
    "[::1]",
]
NOT_LOOPBACK = [
    "",
    None,
    "localhost.example.com",
    "notlocalhost",
    "localhostx",
    "example.com",
    "10.0.0.1",
    "::2",
    "[2001:db8::1]",
    "localhost..",
    "0.0.0.0",
]


@pytest.mark.parametrize("host", LOOPBACK)
def test_loopback_hosts(host):
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", NOT_LOOPBACK)
def test_other_hosts(host):
    assert not is_loopback_host(host)


@pytest.mark.parametrize("url", ["http://intake.localhost:8080/h", "http://localhost./h", "http://127.0.0.2/h"])
def test_both_seams_allow_plain_http_to_loopback(url):
    check_url(url)
    assert build_backend({"kind": "webhook", "url": url, "secret_env": "S"}).url == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://localhost.example.com/h", "http://example.localhost.evil.test/h", "http://10.0.0.1/h"]
)
def test_both_seams_refuse_plain_http_elsewhere(url):
    with pytest.raises(PackError, match="plain http"):
        check_url(url)
    with pytest.raises(ConfigError, match="plain http"):
        build_backend({"kind": "webhook", "url": url, "secret_env": "S"})
