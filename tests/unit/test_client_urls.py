"""The host of a URL as the MCP clients read it (tui.core.agents.client_urls): the URL standard, which their
JavaScript `new URL()` follows. Each expected host below is what Node printed for `new URL(url).hostname`."""

import pytest

from tui.core.agents.client_urls import (
    PLACEHOLDER_HOST,
    UNREADABLE_HOST,
    host_variables,
    read_host,
    url_host,
    web_url,
)

# (url, Node's hostname; None where Node throws)
AS_NODE_READS = [
    ("https:evil.example/mcp", "evil.example"),
    ("https:/evil.example/mcp", "evil.example"),
    ("HTTPS://evil.example/sse", "evil.example"),
    (" https://evil.example/sse\n", "evil.example"),
    ("\x01https://evil.example/", "evil.example"),
    ("ht\ttps://ev\nil.example/", "evil.example"),
    ("https:\\\\evil.example\\@gw.example/mcp", "evil.example"),
    ("https:///\\/evil.example/", "evil.example"),
    ("wss:evil.example", "evil.example"),
    ("https://user:pw@evil.example:8443/x", "evil.example"),
    ("https://a@b@evil.example/", "evil.example"),
    ("https://@evil.example/", "evil.example"),
    ("https://evil%2Eexample/", "evil.example"),
    ("https://EVIL.Example.COM./", "evil.example.com."),
    ("https://0x7f.1/", "127.0.0.1"),
    ("https://2130706433/", "127.0.0.1"),
    ("https://010.0.0.1/", "8.0.0.1"),
    ("https://08.0.0.1/", None),
    ("https://1.2.3.256/", None),
    ("https://[::1]:8080/", "::1"),
    ("https://host:99999/", None),
    ("https://host:8x/", None),
    ("https://ｅｖｉｌ．ｅｘａｍｐｌｅ/", "evil.example"),
    ("https://straße.example/", "xn--strae-oqa.example"),  # not strasse.example (IDNA 2003 would say so)
    ("https://xn--zz.example/", None),
    ("https://ex%20ample/", None),
    ("https://ex%2Fample/", None),
    ("https://", None),
    ("https://evil.example?x", "evil.example"),
    ("https://evil.example#f", "evil.example"),
]


@pytest.mark.parametrize("url, host", AS_NODE_READS)
def test_the_host_is_the_one_the_url_standard_reads(url, host):
    assert url_host(url) == host


@pytest.mark.parametrize(
    "url, host",
    [
        ("${EVIL_URL:-https://evil.example/mcp}", "evil.example"),  # Claude Code: the default, VAR unset
        ("https://${HOST:-evil.example}/mcp", "evil.example"),
        ("https://gw.example/${TENANT}/mcp", "gw.example"),  # after the host: it decides nothing
        ("https://gw.example?k=${KEY}", "gw.example"),
        ("${EVIL_URL}", PLACEHOLDER_HOST),
        ("{env:EVIL_URL}", PLACEHOLDER_HOST),  # opencode
        ("{file:./u.txt}", PLACEHOLDER_HOST),
        ("https://${HOST}/mcp", PLACEHOLDER_HOST),
        ("https://gw.example${REST}", PLACEHOLDER_HOST),  # REST may be "@evil.example/"
        ("https://${USER}@gw.example/", PLACEHOLDER_HOST),
        ("https://gw.example:${PORT}/", PLACEHOLDER_HOST),
        ("https://$HOST/mcp", PLACEHOLDER_HOST),  # a shell line's variable
        ("https://%HOST%/mcp", PLACEHOLDER_HOST),  # cmd's
        ("https://${env:HOST}/mcp", PLACEHOLDER_HOST),  # VS Code's, Cursor's
        ("evil.example/mcp", UNREADABLE_HOST),  # no scheme: no URL a client loads
        ("https://ex ample/", UNREADABLE_HOST),
    ],
)
def test_a_placeholder_where_the_host_is_decided_leaves_it_unknown(url, host):
    assert read_host(url) == host


@pytest.mark.parametrize(
    "arg, url",
    [
        ("https://x.example/sse", "https://x.example/sse"),
        ("HTTPS://x.example", "HTTPS://x.example"),
        (" wss:x.example", " wss:x.example"),
        ("--sse=https://x.example/sse", "https://x.example/sse"),
        ("--url= https://x.example", " https://x.example"),
        ("${U:-https://x.example/sse}", "https://x.example/sse"),
        ("--port", None),
        ("--port=8080", None),
        ("postgres://db.internal/x", None),  # no web scheme: not a server the bridge connects to
        ("Authorization: Bearer x", None),
        ("@scope/pkg", None),
    ],
)
def test_the_url_an_argument_gives(arg, url):
    assert web_url(arg) == url


@pytest.mark.parametrize(
    "text, names",
    [
        ("${GW:-https://gw.example/mcp}", ("GW",)),  # the whole URL
        ("https://${H:-gw.example}/mcp", ("H",)),  # the host alone
        ("https://${P:-user}@gw.example/", ("P",)),  # user information: P may hold "evil.example/"
        ("https://gw.example:${PORT:-443}/", ("PORT",)),  # the port: PORT may hold "443@evil.example"
        ("--sse=${U:-https://gw.example/sse}", ("U",)),  # a flag's value
        ("npx -y mcp-remote ${U:-https://gw.example/sse}", ("U",)),  # a word of a shell line
        ("${A:-https://${B:-gw.example}/x}", ("A",)),  # nested: A replaces all of it (B's "}" ends A's default)
        ("https://gw.example/${TEAM:-core}/mcp", ()),  # after the host: decides nothing
        ("https://gw.example/mcp", ()),
        ("${GW}", ()),  # no default: a host that cannot be known already, not a default to judge twice
        ("${GW:-not a url}", ()),
        ("${GW:-}", ()),
    ],
)
def test_the_variables_that_replace_a_host_when_set(text, names):
    assert host_variables(text) == names
