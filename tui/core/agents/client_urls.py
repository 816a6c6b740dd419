"""URLs as MCP clients read them: the host a server's URL (or a stdio bridge's URL argument) connects to.

The clients are JavaScript programs whose ``new URL()`` follows the URL standard (WHATWG); Python's urlsplit
reads some URLs otherwise. For the web schemes (http, https, ws, wss) the standard

- drops leading and trailing spaces and control characters, and removes tabs and line breaks anywhere;
- reads the scheme in any case, then skips any run of ``/`` and ``\\`` (none too) before the host:
  ``https:evil.example``, ``https:/evil.example`` and ``HTTPS:\\\\evil.example`` all connect to evil.example;
- takes the host after the last ``@`` (user information) and before the port, percent-decodes it, maps it
  to ASCII (IDNA, lower case), and reads a host that ends in a number as an IPv4 address (``0x7f.1``).

Before parsing, a client expands the placeholders of its config: Claude Code ``${VAR}`` and
``${VAR:-default}`` (in command, args, env, url and headers), opencode ``{env:VAR}`` and ``{file:path}``,
others ``${env:VAR}`` or ``${input:id}``, a shell line ``$VAR`` or ``%VAR%``. A ``${VAR:-default}`` is read as
its default (the variable may be unset), and :func:`host_variables` names the variables that replace the
host when they are set, for the server to be judged as one whose host cannot be known too. Any other placeholder before the path leaves the host to whatever
the variable or file holds: :func:`read_host` says so with :data:`PLACEHOLDER_HOST`, as it says
:data:`UNREADABLE_HOST` for a URL with no host it can read. A server that connects to such a host is matched
only by the rules that match every host (``url_host = "*"``), never by one that names a host
(:mod:`tui.core.surface_policy`)."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote

# what read_host gives for a URL whose host cannot be known (a NUL is in no host), and why, as a report says it
PLACEHOLDER_HOST = "\0placeholder"
UNREADABLE_HOST = "\0unreadable"
SEVERAL_HOSTS = "\0several"  # a line whose commands connect to more than one host: which one serves is unknown
SEVERAL_URLS = "\0urls"  # an entry with two URL keys (Gemini CLI's httpUrl beside url) naming different hosts
UNREAD_HOSTS = {
    PLACEHOLDER_HOST: "its host is written as a placeholder aicheck cannot resolve",
    UNREADABLE_HOST: "its URL names no host aicheck can read",
    SEVERAL_HOSTS: "its line connects to more than one host, and which one serves it cannot be told",
    SEVERAL_URLS: "its entry names URLs on more than one host, and which one its client uses cannot be told",
}

_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # what the URL standard trims from both ends
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_WEB_SCHEMES = frozenset(("http", "https", "ws", "wss"))  # special schemes with a host a client connects to
_WEB = re.compile(r"(?:https?|wss?):", re.IGNORECASE)
# special schemes in which a backslash is a slash (file: keeps its own reading of slashes)
_BACKSLASHED = frozenset(("http", "https", "ws", "wss", "ftp", "file"))
_AUTHORITY_END = re.compile(r"[/\\?#]")
_OTHER_AUTHORITY_END = re.compile(r"[/?#]")
_DEFAULTED = re.compile(r"\$\{[^}]*?:-([^}]*)\}")  # ${VAR:-default}, as Claude Code writes it (no } inside)
_NAMED_DEFAULT = re.compile(r"\$\{([^}]*?):-[^}]*\}")  # the same, for the variable's name
_PLACEHOLDER = re.compile(r"\$\{|\$[A-Za-z_0-9]|\{(?:env|file):|%(?![0-9A-Fa-f]{2}%)[A-Za-z_][A-Za-z0-9_]*%")
_FORBIDDEN = frozenset("\x7f #%/:<>?@[\\]^|" + "".join(map(chr, range(0x20))))  # a domain's forbidden code points
_DIGITS = re.compile(r"[0-9]+")
_ASSIGNED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
# where a host is decided, any %NAME% a cmd line expands, a name of two hex digits too (%EE% is a variable there,
# not the percent-encoding _PLACEHOLDER leaves alone in a path)
_CMD_VARIABLE = re.compile(r"%[A-Za-z0-9_]+%")
# the quick reading of the common case, which the full one would read the same: a web scheme in lower case, a
# DNS name, maybe a port, then the path, query, fragment or the end (a backslash, an @ or a % is not the case)
_PLAIN = re.compile(r"(?:https?|wss?)://([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?)(?::([0-9]{1,5}))?(?=[/?#]|\Z)")
_SIMPLE = re.compile(r"(?:https?|wss?|ftp)://[^/\\]")  # as_clients_read: already as urlsplit should read it
_NEEDS_WORK = re.compile(r"[\\\t\n\r]|\$\{")
_NUMBER = re.compile(r"0[xX][0-9A-Fa-f]*|[0-9]+")  # an IPv4 part: hexadecimal, octal or decimal


def host_variables(text: str) -> tuple[str, ...]:
    """The variables of ``text`` (a URL, an argument, a shell word) written ``${VAR:-default}`` whose value,
    when set, takes the place of the host the default names: ``${GW:-https://gw.example/mcp}``,
    ``https://${H:-gw.example}/mcp``, ``--sse=${U:-https://gw.example/sse}``. The client reads the variable
    from its own environment, which a scan does not see: the host is the default's only while it is unset."""
    if "${" not in text or ":-" not in text:
        return ()
    found = []
    for word in text.split():  # a shell line: each word its own URL
        if "${" not in word:
            continue
        url = web_url(word)
        if url is None or read_host(url)[:1] == "\0":
            continue
        for m in _NAMED_DEFAULT.finditer(word):
            # the same word with this variable written without its default: a host no longer read there
            alone = web_url(word[: m.start()] + "${" + m.group(1) + "}" + word[m.end() :])
            if alone is None or read_host(alone)[:1] == "\0":
                found.append(m.group(1))
    return tuple(dict.fromkeys(found))


def with_defaults(text: str) -> str:
    """``text`` with each ``${VAR:-default}`` read as its default."""
    return _DEFAULTED.sub(lambda m: m.group(1), text) if "${" in text else text


def as_clients_read(url: str, *, defaults: bool = True) -> str:
    """``url`` as a client's URL parser reads it, written so that urlsplit reads it the same: each
    ``${VAR:-default}`` read as its default (unless ``defaults`` is false: shown as written), leading and
    trailing spaces and controls dropped, tabs and line breaks removed; in a web scheme, the scheme in lower
    case and ``//`` before the host whatever run of slashes and backslashes was written; in every special
    scheme a backslash is a slash."""
    if _SIMPLE.match(url) and url[-1] > " " and not _NEEDS_WORK.search(url):
        return url  # most URLs: nothing to change
    text = (with_defaults(url) if defaults else url).strip(_C0_AND_SPACE)
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\t", "").replace("\n", "").replace("\r", "")
    m = _SCHEME.match(text)
    if m is None:
        return text
    scheme = m.group(1).lower()
    rest = text[m.end() :]
    if scheme in _BACKSLASHED and "\\" in rest:
        rest = rest.replace("\\", "/")
    if scheme in _WEB_SCHEMES or scheme == "ftp":
        rest = "//" + rest.lstrip("/")
    return f"{scheme}:{rest}"


def web_url(arg: str) -> str | None:
    """The URL an argument gives a program when it is one of a web scheme (http, https, ws, wss) as a client
    reads it, or None: the argument itself, a flag's value (``--sse=URL``) or a variable's (``NAME=URL``, as
    docker's ``-e`` passes it), a ``${VAR:-URL}`` read as its default, the scheme in any case, spaces
    around it."""
    if ":" not in arg:  # no scheme: most arguments, at the cost of one test
        return None
    text = arg
    if text[:1] == "-":
        _flag, eq, value = text.partition("=")
        if not eq:
            return None
        text = value
    elif "=" in text and _ASSIGNED.match(text):  # docker's -e NAME=URL, a NAME=URL word before a command
        text = text.partition("=")[2]
    if "${" in text:
        text = with_defaults(text)
    return text if _WEB.match(text.lstrip(_C0_AND_SPACE).replace("\t", "").replace("\n", "")) else None


def has_placeholder(text: str) -> bool:
    """Whether ``text`` holds a placeholder a client or a shell expands (``${VAR}``, ``$VAR``, ``{env:VAR}``,
    ``{file:path}``, ``%VAR%``), its ``${VAR:-default}`` read as their defaults first."""
    return _PLACEHOLDER.search(with_defaults(text)) is not None


def read_host(url: str) -> str:
    """The host a client connects to for ``url`` (lower case, IDNA, an IPv6 address without brackets), or
    :data:`PLACEHOLDER_HOST` when a placeholder stands where the host is decided (the scheme, the user
    information, the host or the port: a variable there could hold ``evil.example/``), or
    :data:`UNREADABLE_HOST` when the client reads no host there (the URL would not load)."""
    plain = _PLAIN.match(url)
    if plain is not None:  # most URLs: a lower-case web scheme, a DNS name, a port maybe, then the path
        host = plain.group(1).lower()
        port = plain.group(2)
        last = host[:-1] if host[-1] == "." else host
        if "xn--" not in host and not _NUMBER.fullmatch(last.rpartition(".")[2]) and (not port or int(port) < 65536):
            return host
    text = as_clients_read(url)
    m = _SCHEME.match(text)
    if m is None:
        return PLACEHOLDER_HOST if _PLACEHOLDER.search(text) else UNREADABLE_HOST
    scheme = m.group(1)
    rest = text[m.end() :]
    web = scheme in _WEB_SCHEMES or scheme == "ftp"
    if not rest.startswith("//"):
        return UNREADABLE_HOST  # a URL with no host (mailto:, a relative path)
    rest = rest[2:]
    end = (_AUTHORITY_END if web else _OTHER_AUTHORITY_END).search(rest)
    authority = rest[: end.start()] if end else rest
    if _PLACEHOLDER.search(authority) or "{" in authority or "}" in authority or _CMD_VARIABLE.search(authority):
        return PLACEHOLDER_HOST
    host = _host(authority.rpartition("@")[2], web)
    return host if host else UNREADABLE_HOST


def url_host(url: str) -> str | None:
    """The host of ``url`` as a client reads it (:func:`read_host`), or None when it cannot be known."""
    host = read_host(url)
    return None if host[:1] == "\0" else host


def _host(hostport: str, web: bool) -> str | None:
    """The host of ``host[:port]`` as the URL standard serializes it, or None (no host, a bad port, a
    forbidden character, an address out of range: the client's parser fails)."""
    if hostport.startswith("["):
        close = hostport.find("]")
        if close < 0:
            return None
        host, port = hostport[1:close], hostport[close + 1 :]
        if port and not port.startswith(":"):
            return None
        try:
            host = ipaddress.IPv6Address(host).compressed
        except ValueError:
            return None
    else:
        host, colon, port = hostport.partition(":")
        port = colon + port
    if port[1:] and not (_DIGITS.fullmatch(port[1:]) and int(port[1:]) <= 65535):
        return None
    if not host or ":" in host:
        return host or None
    if not web:  # another scheme's host, as written (no client connects to it over the web)
        return host.lower()
    if "%" in host:
        host = unquote(host, errors="replace")
    if host.isascii():
        host = host.lower()
        if "xn--" in host and not _punycode_ok(host):
            return None
    else:
        host = _to_ascii(host) or ""
    if not host or not _FORBIDDEN.isdisjoint(host):
        return None
    return _ipv4(host)


def _to_ascii(host: str) -> str | None:
    """A non-ASCII host as the URL standard maps it (UTS 46, non-transitional), or None when the ``idna``
    package reads it otherwise or not at all: such a host is then one aicheck cannot read, never a wrong one."""
    import idna  # only for a host written in another script: rare, and the package's tables are large

    try:
        return idna.encode(host, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return None


def _punycode_ok(host: str) -> bool:
    """Whether the ``xn--`` labels of an ASCII host decode to a name (the URL standard fails the URL otherwise;
    one the ``idna`` package refuses counts as failed: a host aicheck cannot read, never a wrong one)."""
    import idna

    try:
        for label in host.split("."):
            if label.startswith("xn--"):
                idna.decode(label)
    except (idna.IDNAError, UnicodeError, ValueError):
        return False
    return True


def _ipv4(host: str) -> str | None:
    """``host`` itself, or the IPv4 address it is when it ends in a number (``10.1``, ``0x7f.1``,
    ``2130706433``), or None when such a host is no address (the URL standard fails it)."""
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if not _NUMBER.fullmatch(parts[-1]):
        return host
    if len(parts) > 4:
        return None
    numbers = []
    for part in parts:
        if not _NUMBER.fullmatch(part):
            return None
        if part[:2].lower() == "0x":
            numbers.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part[0] == "0":
            if not part.isdigit() or "8" in part or "9" in part:
                return None
            numbers.append(int(part, 8))
        else:
            numbers.append(int(part))
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    value = numbers[-1] + sum(n << (8 * (3 - i)) for i, n in enumerate(numbers[:-1]))
    return str(ipaddress.IPv4Address(value))
