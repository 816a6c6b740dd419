"""The one rule for the URLs aicheck sends to or fetches from: https, or plain http only to this machine.

Everything aicheck sends or fetches goes over https, except to a loopback host (for local testing and
the demo). The intake settings (:mod:`tui.intake.base`), the pack's ``[intake]`` as ``content validate``
reads it (:mod:`tui.core.policy`) and the content-pack fetch (:mod:`tui.packs.remote`) ask
:func:`url_problem`, so they cannot disagree, and a URL that passes is one an HTTP client can send to.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit


def is_loopback_host(host: str | None) -> bool:
    """Whether ``host`` (as in a URL: brackets around IPv6 allowed) is this machine: a loopback address
    (127.0.0.0/8, ::1) or the name ``localhost``, which the hosts file gives. Not a name under
    ``.localhost`` nor ``localhost.``: RFC 6761 says they are loopback, but the C library asks DNS for them
    (no hosts-file line matches), and whatever DNS answers would get a plain-http request and its token."""
    if not host:
        return False
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> str | None:
    """Why aicheck will not send to or fetch from ``url``, or None: it must be ``https://host/...`` (plain
    ``http`` only to a loopback host), with a port in range, no credentials, and no space, control or
    non-ASCII character outside the host (which a client refuses to send, or sends as something else)."""
    if any(c <= " " or "\x7f" <= c <= "\x9f" for c in url):
        return "it holds a space or a control character"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 (a port out of range raises here, not when sending)
    except ValueError as exc:
        quoted = re.sub(r"'[^']*'", "'…'", str(exc))  # the parser quotes the part it could not read: a password
        return f"it is not a URL aicheck can read ({quoted})"
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        return "it is not an https:// URL"
    if not host:
        return "it names no host"
    if not parts.netloc.isascii():  # what a client sends is the IDNA form, which may be another name
        return "its host holds a non-ASCII character: write it in its IDNA form (xn--...)"
    if "[" in parts.netloc and not _is_ip6(host):
        return "its host in brackets is not an IPv6 address"
    if scheme == "http" and not is_loopback_host(host):
        return f"plain http is allowed only to this machine (localhost, 127.0.0.1, ::1), not to {host!r}: use https"
    if parts.username or parts.password:
        return "it holds credentials: name an environment variable instead"
    if not (parts.path + parts.query + parts.fragment).isascii():
        return "its path holds a non-ASCII character: write it percent-encoded"
    return None


def shown_url(url: str) -> str:
    """``url`` as a message may quote it: whatever may be a credential hidden. Everything up to the last
    ``@`` of what follows the scheme (a password may hold ``/``, ``?`` or ``#``, which end the authority for a
    parser), each query value, the fragment, and every path segment not known to be safe (by the rule MCP
    servers' URLs are shown by: :func:`tui.core.agents.redact.shown_url_path`); the scheme, the host and the
    known-safe segments stay."""
    from tui.core.agents.redact import shown_url_path

    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    if "@" in rest:
        rest = "<redacted>@" + rest.rpartition("@")[2]
    rest, hash_, _fragment = rest.partition("#")
    rest, ask, query = rest.partition("?")
    if ask:
        query = "&".join(q.split("=", 1)[0] + "=<redacted>" if "=" in q else "<redacted>" for q in query.split("&"))
    authority, slash, path = rest.partition("/") if sep else ("", "", rest)
    rest = authority + slash + shown_url_path(path)
    return (scheme + sep if sep else "") + rest + (ask + query) + ("#…" if hash_ else "")


def _is_ip6(host: str) -> bool:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return False
    return True


def same_origin(url: str, other: str) -> bool:
    """Whether two URLs name the same scheme, host and port (a default port written out or not)."""
    a, b = urlsplit(url), urlsplit(other)
    try:
        ports = (a.port or _DEFAULT_PORTS.get(a.scheme.lower())), (b.port or _DEFAULT_PORTS.get(b.scheme.lower()))
    except ValueError:
        return False
    return a.scheme.lower() == b.scheme.lower() and (a.hostname or "") == (b.hostname or "") and ports[0] == ports[1]


_DEFAULT_PORTS = {"https": 443, "http": 80}
