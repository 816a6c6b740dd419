"""Redaction: what of a command line or a URL may be shown. Values of secrets never leave this module.

Rules (applied to every argument, URL and hook command before it is stored):
- ``--api-key=X``, ``--token=X``, ``NAME=X``: the value after ``=`` is replaced when the name looks secret
  (key, token, secret, password, auth, credential, bearer, pat, cookie, session); ``NAME=X`` assignments
  (environment variables passed on a command line) are always replaced;
- ``--token X``: the argument after a secret-looking flag is replaced, and the word after ``Bearer``/``Basic``;
- URLs (any ``scheme://``): user information and every query value are replaced;
- a word that looks like a credential on its own (known token prefixes, or a long run of letters and digits
  with no path or dot in it) is replaced;
- an argument that is a whole command line (``sh -c "npx x --token T"``, ``cmd /c "..."``) is split into
  words and each word redacted by these rules.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

REDACTED = "<redacted>"
_SECRET_NAME = re.compile(
    r"(key|token|secret|passw|pwd|auth|credential|bearer|cookie|session|pat$|^pat|private)", re.IGNORECASE
)
_TOKEN_PREFIX = re.compile(
    r"^(ghp_|gho_|ghs_|ghu_|github_pat_|sk-|sk_|pk_|rk_|xox[abprs]-|glpat-|AKIA|ASIA|AIza|"
    r"ya29\.|eyJ|npm_|pypi-|hf_|r8_|lin_api_|sq0|shpat_|dop_v1_)"
)
_LONG_OPAQUE = re.compile(r"^[A-Za-z0-9_\-+=]{24,}$")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s\"']+")
_USERINFO = re.compile(r"^([^:/@\s]+):([^@\s]+)@")  # user:password@host without a scheme
_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_.\-]*)=(.*)$", re.DOTALL)
MAX_ARGS = 64
MAX_ARG_CHARS = 300


def secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name.lstrip("-")))


def opaque(word: str) -> bool:
    """Whether a word looks like a credential on its own."""
    if _TOKEN_PREFIX.match(word):
        return True
    return bool(_LONG_OPAQUE.match(word)) and any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


# the schemes for which the URL standard (WHATWG, what the clients' JavaScript `new URL()` follows) reads a
# backslash as a slash; Python's urlsplit does not, so "https://evil.example\\@approved.example/" would be
# the approved host here and evil.example to the client
_SPECIAL_SCHEMES = ("http:", "https:", "ws:", "wss:", "ftp:", "file:")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # what the URL standard trims from both ends


def as_clients_read(url: str) -> str:
    """``url`` as an MCP client's URL parser reads it, for urlsplit: leading and trailing spaces and control
    characters dropped, tabs and line breaks removed anywhere, and in a special scheme every backslash a
    slash. Then the host urlsplit finds is the one the client connects to."""
    text = url.strip(_C0_AND_SPACE)
    text = text.replace("\t", "").replace("\n", "").replace("\r", "")
    if text[:6].lower().startswith(_SPECIAL_SCHEMES) and "\\" in text:
        text = text.replace("\\", "/")
    return text


def redact_url(url: str) -> str:
    """A URL without user information and query values (the host and path stay)."""
    url = as_clients_read(url)
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return REDACTED
    netloc = ("<redacted>@" if "@" in parts.netloc else "") + host + (f":{port}" if port else "")
    query = (
        "&".join(q.split("=", 1)[0] + "=" + REDACTED if "=" in q else REDACTED for q in parts.query.split("&") if q)
        if parts.query
        else ""
    )
    path = "/".join(REDACTED if opaque(seg) else seg for seg in parts.path.split("/"))
    return f"{parts.scheme}://{netloc}{path}" + (f"?{query}" if query else "") + ("#…" if parts.fragment else "")


def url_host(url: str) -> str | None:
    try:
        host = urlsplit(as_clients_read(url)).hostname
    except ValueError:
        return None
    return host.lower() if host else None


def redact_word(word: str) -> str:
    """One argument, redacted on its own (the previous-argument rule is in :func:`redact_args`)."""
    if len(word) < 24 and "=" not in word and ":" not in word and not _TOKEN_PREFIX.match(word):
        return word  # too short to be an opaque credential, no assignment, no URL
    if "://" in word:
        return _URL.sub(lambda m: redact_url(m.group(0)), word)
    if "@" in word and _USERINFO.match(word):
        return _USERINFO.sub(REDACTED + "@", word)
    m = _ASSIGN.match(word.lstrip("-")) if "=" in word and "==" not in word else None
    if m:
        name = m.group(1)
        if word.startswith("-") and not secret_name(name) and not opaque(m.group(2)):
            return word
        return word[: len(word) - len(m.group(2))] + REDACTED
    if opaque(word):
        return REDACTED
    return word


_HIDE_NEXT = ("bearer", "basic", "token")


def redact_args(args: list[str]) -> tuple[str, ...]:
    """Arguments as they may be shown: at most :data:`MAX_ARGS`, each cut to :data:`MAX_ARG_CHARS`."""
    out: list[str] = []
    hide_next = False
    for raw in args[:MAX_ARGS]:
        word = raw if type(raw) is str else str(raw)
        if hide_next:
            out.append(REDACTED)
            hide_next = False
            continue
        if word[:1] == "-":
            hide_next = "=" not in word and secret_name(word)
        elif 4 < len(word) < 7:
            hide_next = word.lower() in _HIDE_NEXT
        spaced = " " in word or "\t" in word or "\n" in word  # a whole command line (sh -c "...", cmd /c "...")
        if not spaced and len(word) < 24 and "=" not in word and ":" not in word and not _TOKEN_PREFIX.match(word):
            out.append(word)  # redact_word's own first test, without the call: the common case
        elif spaced:
            out.append(redact_command_line(word)[:MAX_ARG_CHARS])
        else:
            out.append(redact_word(word)[:MAX_ARG_CHARS])
    if len(args) > MAX_ARGS:
        out.append(f"… {len(args) - MAX_ARGS} more")
    return tuple(out)


def redact_command_line(text: str) -> str:
    """A shell command line (a hook), split on white space, quotes dropped, every word redacted."""
    words = [w.strip("\"'") for w in text[:4000].split()]
    return " ".join(w for w in redact_args([w for w in words if w]))
