"""The one plain-http rule (tui.core.urls): loopback addresses and the name localhost only (the names under
.localhost go to DNS with the C library), asked the same way by the intake settings and the content-pack
fetch; and the rest of the one URL check."""

import pytest

from tui.core.urls import is_loopback_host
from tui.errors import ConfigError, PackError
from tui.intake.factory import build_backend
from tui.packs.remote import check_url

LOOPBACK = [
    "localhost",
    "LOCALHOST",
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
    # RFC 6761 loopback names glibc does not know: it asks DNS, whose answer would get the plain request
    "localhost.",
    "intake.localhost",
    "a.b.localhost.",
]


@pytest.mark.parametrize("host", LOOPBACK)
def test_loopback_hosts(host):
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", NOT_LOOPBACK)
def test_other_hosts(host):
    assert not is_loopback_host(host)


@pytest.mark.parametrize("url", ["http://localhost:8080/h", "http://127.0.0.2/h", "http://[::1]:9/h"])
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


@pytest.mark.parametrize(
    "url, says",
    [
        ("https://intake.exa\u200bmple.com/aicheck", "non-ASCII"),  # a zero-width space: refused by the client
        ("https://acme\u3002evil.com/", "non-ASCII"),  # an ideographic full stop: shown one way, sent to acme.evil.com
        ("https://\uff41cme.example/", "non-ASCII"),  # fullwidth letters
        ("https://[v1.x]/", "not an IPv6 address"),
        ("http://intake.localhost:8080/h", "plain http is allowed only to this machine"),
        ("http://localhost./h", "plain http is allowed only to this machine"),
    ],
)
def test_urls_a_client_refuses_or_sends_elsewhere_are_refused_first(url, says):
    from tui.core.urls import url_problem

    assert says in (url_problem(url) or "")


def test_the_same_origin_with_a_default_port_written_or_not():
    from tui.core.urls import same_origin

    assert same_origin("https://intake.example.com:443/status/1", "https://intake.example.com/hook")
    assert same_origin("http://127.0.0.1:80/s", "http://127.0.0.1/h")
    assert not same_origin("https://intake.example.com:8443/s", "https://intake.example.com/hook")
    assert not same_origin("https://other.example.com/s", "https://intake.example.com/hook")
    assert not same_origin("http://intake.example.com/s", "https://intake.example.com/hook")


@pytest.mark.parametrize(
    "url",
    [
        "https://ada:S3KRITpw@it.example.com/aicheck/pack.tar.gz?token=S3KRITq",
        "https://u:S3KRIT/x@it.example.com/p",  # a '/' in the password: the parser reads a port 'S3KRIT'
        "http://u:S3KRIT?x@intake.example.com:8080/h",
    ],
)
def test_a_refused_url_is_quoted_without_its_credentials(url):
    """Red team: a URL refused for holding credentials was quoted whole, password and token, in the error that
    refused it (the content pack's URL and the intake's alike)."""
    with pytest.raises(PackError) as pack_error:
        check_url(url)
    with pytest.raises(ConfigError) as intake_error:
        build_backend({"kind": "webhook", "url": url, "secret_env": "S"})
    for message in (str(pack_error.value), str(intake_error.value)):
        assert "S3KRIT" not in message and "<redacted>@" in message, message
