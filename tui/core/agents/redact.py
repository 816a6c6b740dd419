"""Redaction: what of a command line or a URL may be shown. Values of secrets never leave this module.

What every report shows of a server's arguments, a server's command and a hook's command is decided by
:func:`shown_args`, :func:`shown_command` and :func:`shown_command_line`: only what is known not to be a secret
(see "what is shown" below), every other value REDACTED. The rules here guess at what looks secret: they
hide what they find within a shown word (a URL's query, a path segment shaped like a token), and a word they
hide is never taken for a package's name (:func:`~.identity.without_secrets`).

Guesses (:func:`redact_args`, :func:`redact_word`, :func:`redact_command_line`):
- ``--api-key=X``, ``--token=X``, ``NAME=X``: the value after ``=`` is replaced when the name looks secret
  (key, token, secret, password, auth, credential, bearer, pat, cookie, session, private, jwt, signature,
  sas, otp); ``NAME=X`` assignments
  (environment variables passed on a command line) are always replaced;
- ``--token X``: the argument after a secret-looking flag is replaced, and the word after ``Bearer``/``Basic``;
- a header (``--header "Authorization: Bearer T"``, ``-H "X-API-Key: T"``, ``Authorization:Bearer T``): its
  name stays, its value is replaced (and the word after a secret header's name when the value is apart);
  ``-u user:password``: what follows the colon;
- ``-p T`` (and ``-pT``): T is replaced when it is a database client's password: after a user flag
  (``-u root -p T``), or when the program or a word before names MySQL or MariaDB (elsewhere ``-p`` is a
  port, a profile, npx's package or uvx's Python, and stays);
- URLs (any ``scheme://``): user information and every query value are replaced;
- a word that looks like a credential on its own (known token prefixes, a long run of letters and digits
  with no path or dot in it, or a base64 key with slashes, such as an AWS or Azure secret key: 30 characters
  or more of the base64 alphabet, upper and lower case and digits, not starting with a slash) is replaced;
  so is a URL path segment that looks like one, whole when its pieces between dots do together;
- an argument that is a whole command line (``sh -c "npx x --token T"``, ``cmd /c "..."``) is split into
  words and each word redacted by these rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from tui.core.agents.client_urls import as_clients_read

REDACTED = "<redacted>"
_SECRET_NAME = re.compile(
    r"(key|token|secret|passw|pass$|passphrase|pwd|^pw$|auth|credential|creds?$|bearer|cookie|session|^sid$|pat$|"
    r"^pat[-_]|private|jwt|signature|^sig$|^sas$|^otp$)",
    re.IGNORECASE,
)
_TOKEN_PREFIX = re.compile(
    r"^(ghp_|gho_|ghs_|ghu_|github_pat_|sk-|sk_|pk_|rk_|xox[abprs]-|glpat-|AKIA|ASIA|AIza|"
    r"ya29\.|eyJ|npm_|pypi-|hf_|r8_|lin_api_|sq0|shpat_|dop_v1_)"
)
_LONG_OPAQUE = re.compile(r"^[A-Za-z0-9_\-+=]{24,}$")
_SLASHED_KEY = re.compile(r"^[A-Za-z0-9+][A-Za-z0-9+/]{29,}={0,2}$")  # base64 with "/": no "." "-" "_" as paths have
_SEGMENT = re.compile(r"^[A-Za-z0-9_\-+=]{12,}$")
_PIECES = re.compile(r"[.;,]")
_NAME_PARTS = re.compile(r"[-_]")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s\"']+")
_USERINFO = re.compile(r"^([^:/@\s]+):([^@\s]+)@")  # user:password@host without a scheme
_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_.\-]*)=(.*)$", re.DOTALL)
_NAME_COLON = re.compile(r"^([A-Za-z][A-Za-z0-9_\-]*)\s*:(.*)$", re.DOTALL)  # "X-API-Key: T", "Authorization:Bearer"
_TAG = re.compile(r"^(v?\d[\w.\-+]*|latest)$", re.IGNORECASE)  # "tokenizer:1.2" is an image and its tag
_HEADER_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,60}$")  # a header's name alone
_HEADER_FLAGS = frozenset(("-H", "--header", "--headers", "--http-header", "--add-header"))
_USER_FLAGS = frozenset(("-u", "--user"))  # curl's -u user:password
_SCHEMES = frozenset(("bearer", "basic", "token", ""))  # after a secret header's name: the credential follows
MAX_ARGS = 64
MAX_ARG_CHARS = 300
MAX_JSON_ARG = 4000  # an argument read as a JSON object at most this long


def secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name.lstrip("-")))


def opaque(word: str) -> bool:
    """Whether a word looks like a credential on its own: a known token prefix, or a long run of letters and
    digits, unless it reads as a name (``elasticsearch-mcp-server-es9``: lower-case parts between hyphens,
    most of them words)."""
    if _TOKEN_PREFIX.match(word):
        return True
    if "/" in word:  # a base64 key (wJalrXUtnFEMI/K7MDENG/bPxRfiCY...): every kind of character in it
        return (
            _SLASHED_KEY.match(word) is not None
            and any(c.isdigit() for c in word)
            and any(c.isupper() for c in word)
            and any(c.islower() for c in word)
        )
    if not (_LONG_OPAQUE.match(word) and any(c.isdigit() for c in word) and any(c.isalpha() for c in word)):
        return False
    return not _a_name(word)


def token_shaped_name(name: str) -> bool:
    """Whether a key written where a variable's or a header's name goes looks like a credential rather than a
    name: :func:`opaque`, unless it reads as one (``AZURE_OPENAI_API_KEY_2024``, ``npm_config_registry``: one
    case, parts between ``_`` or ``-`` of at most 16 characters)."""
    if not opaque(name):
        return False
    parts = [p for p in _NAME_PARTS.split(name) if p]
    return not (len(parts) > 1 and (name.isupper() or name.islower()) and all(len(p) <= 16 for p in parts))


def _a_name(word: str) -> bool:
    parts = [p for p in _NAME_PARTS.split(word) if p]
    if len(parts) < 3 or not word.islower():
        return False
    return sum(p.isalpha() for p in parts) * 2 > len(parts) and all(len(p) <= 16 for p in parts)


_DEFAULTED_URL = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):-([^}]*)\}")  # ${VAR:-https://...} as a whole


def redact_url(url: str) -> str:
    """A URL without user information and query values, the host kept and each path segment only when known
    safe (:func:`safe_segment`), as a client reads it
    (:func:`~.client_urls.as_clients_read`) with its placeholders as written: ``${VAR:-URL}`` shows the
    URL redacted within it, ``{env:VAR}`` is shown as it is."""
    url = as_clients_read(url, defaults=False)
    default = _DEFAULTED_URL.fullmatch(url) if url[:2] == "${" else None
    if default is not None:
        return f"${{{default.group(1)}:-{redact_url(default.group(2))}}}"
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
    path = shown_url_path(parts.path)
    start = f"{parts.scheme}://{netloc}" if parts.scheme or netloc else ""  # none: a placeholder, a bare path
    return start + path + (f"?{query}" if query else "") + ("#…" if parts.fragment else "")


def shown_url_path(path: str) -> str:
    """A URL's path as every message shows it: each segment by :func:`_shown_segment` (the one rule, for the
    URLs of MCP servers and of content packs alike: see :func:`tui.core.urls.shown_url`)."""
    return "/".join(_shown_segment(seg) for seg in path.split("/"))


def _shown_segment(seg: str) -> str:
    """A URL path segment as shown: only a segment known not to be a secret (:func:`safe_segment`) is shown,
    every other one is ``<redacted>`` whatever its shape; a parameter's name (``sse;token=…``, the matrix
    parameters some servers read credentials from, and ``key=…``) stays when it is such a word, its value
    never."""
    if ";" not in seg and "=" not in seg:
        return seg if safe_segment(seg) else REDACTED
    return ";".join(
        (name if safe_segment(name) else REDACTED) + "=" + REDACTED
        if (name := piece.split("=", 1)[0]) != piece
        else piece
        if safe_segment(piece)
        else REDACTED
        for piece in seg.split(";")
    )


# the URL path segments known not to be secrets (see safe_segment): a version (v1, v2beta, v1.2), a date, a
# ${VAR} or {env:VAR} placeholder, and a few longer words MCP servers' paths use
_SAFE_VERSION = re.compile(r"^v[0-9]{1,3}(?:\.[0-9]{1,3}){0,2}(?:(?:alpha|beta|rc)[0-9]{0,2})?$")
_SAFE_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_SAFE_PLACEHOLDER = re.compile(r"^(?:\$\{[A-Za-z_][A-Za-z0-9_]{0,60}\}|\{env:[A-Za-z_][A-Za-z0-9_]{0,60}\})$")
_SAFE_WORDS = frozenset({"modelcontextprotocol", "streamablehttp", "streamable_http", "well-known", ".well-known"})
_WORD_PARTS = re.compile(r"[-_.]")
_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")
MAX_SAFE_PARTS = 6


def safe_segment(seg: str) -> bool:
    """Whether a URL path segment is known not to be a secret, by a rule that looks at what it is, never at
    how random it seems: empty; a version (``v1``, ``v2beta``), a date (``2025-06-18``), a placeholder
    (``${TENANT}``); or dictionary-like: at most six parts between ``-``, ``_`` or ``.``, each a lower-case
    word (``sse``, ``mcp``, ``api``, ``github``, ``streamable-http``, ``index.json``), or a version; a word of
    five to twelve letters must read as one (a vowel, no five consonants in a row), a longer one is no word.
    Capitals, digits, other characters, a longer word: not known safe (``kQxZbTfRmWpLsNvYhJdGcA``, a token
    with no digit, is hidden as surely as ``Tok3n``)."""
    if not seg or seg in _SAFE_WORDS or _SAFE_VERSION.match(seg) or _SAFE_DATE.match(seg):
        return True
    if seg[:1] in "${" and _SAFE_PLACEHOLDER.match(seg):
        return True
    parts = _WORD_PARTS.split(seg)
    if len(parts) > MAX_SAFE_PARTS:
        return False
    for part in parts:
        if not part.isascii() or not part.isalpha() or not part.islower():
            if not _SAFE_VERSION.match(part):
                return False
            continue
        if len(part) > 12:
            return False
        if len(part) > 4 and (_CONSONANTS.search(part) or not any(v in part for v in "aeiouy")):
            return False
    return True


def _opaque_segment(seg: str) -> bool:
    """A URL path segment that looks like a credential: :func:`opaque`, or 12 characters or more mixing
    letters and digits with no dot (``/v1/Tok3n-shrt-91x/sse``; ``v1``, ``mcp`` and ``2025-06-18`` stay). No
    longer what decides what a URL shows (:func:`safe_segment` does): kept for the words of a line."""
    if opaque(seg):
        return True
    pieces = _PIECES.split(seg)
    for part in pieces:  # /Tok3n-shrt-91x.json, /sse;Tok3n-shrt-91x: each piece
        if opaque(part) or _shaped_like_a_token(part):
            return True
    # /SECRET4ab.SECRET4cd: pieces each too short, that together are one (and no piece a word: index.v12.json)
    return len(pieces) > 1 and not any(p.isalpha() for p in pieces) and _shaped_like_a_token("".join(pieces))


def _shaped_like_a_token(text: str) -> bool:
    return _SEGMENT.match(text) is not None and any(c.isdigit() for c in text) and sum(c.isalpha() for c in text) >= 4


def redact_header(line: str) -> str:
    """A header as ``Name: value`` (or ``Name=value``): the name alone stays."""
    m = _NAME_COLON.match(line.strip()) or _ASSIGN.match(line.strip())
    return f"{m.group(1)}: {REDACTED}" if m else REDACTED


def redact_word(word: str) -> str:
    """One word (an argument, a program, a file) as it may be shown on its own: :func:`_guessed_word`, and no
    placeholder's default in it unless known safe (:func:`without_defaults`; ``${E:-value}`` once went out
    whole as the program ``env`` runs)."""
    shown = _guessed_word(word)
    return shown if "${" not in shown else without_defaults(shown)


def _guessed_word(word: str) -> str:
    """One argument, redacted on its own (the previous-argument rule is in :func:`redact_args`): what looks
    secret by its shape. A placeholder's default is left to its caller (:func:`_shown_placeholder` shows
    ``${NAME:-<redacted>}``, where :func:`redact_word` shows the whole word redacted)."""
    if len(word) < 24 and "=" not in word and ":" not in word and not _TOKEN_PREFIX.match(word):
        return word  # too short to be an opaque credential, no assignment, no URL
    if "://" in word:
        return _URL.sub(lambda m: redact_url(m.group(0)), word)
    if "@" in word and _USERINFO.match(word):
        return _USERINFO.sub(REDACTED + "@", word)
    if word[:1] == "{":  # a JSON object given as one argument (Smithery's --config '{"apiKey": "T"}')
        return _redact_json(word)
    if word[:1] == "-" and "=" in word:
        flag, _, value = word.partition("=")
        if flag in _HEADER_FLAGS:  # --header=Authorization: Bearer T
            return f"{flag}={redact_header(value)}"
        if flag in _USER_FLAGS:  # --user=bob:T
            return f"{flag}={_redact_user(value)}"
    elif ":" in word:
        bare = word.lstrip("-/")  # --api_key:T, /apikey:T (a Windows program's flag)
        named = _NAME_COLON.match(bare)
        if named and secret_name(named.group(1)) and not _TAG.match(named.group(2).strip()):
            return word[: len(word) - len(bare)] + named.group(1) + ":" + REDACTED  # X-API-Key:T, Authorization:Bearer
    if word[-1] == "=" and opaque(word):  # a base64 key padded with one "=": no NAME= assignment
        return REDACTED
    m = _ASSIGN.match(word.lstrip("-")) if "=" in word and "==" not in word else None
    if m:
        name = m.group(1)
        if word.startswith("-") and not secret_name(name) and not opaque(m.group(2)):
            value = m.group(2)  # --opt=token=T: the value may be an assignment of its own
            return word[: len(word) - len(value)] + _guessed_word(value) if ("=" in value or ":" in value) else word
        return word[: len(word) - len(m.group(2))] + REDACTED
    if opaque(word):
        return REDACTED
    return word


_WORD = re.compile(r"\S+")
_SUSPECT = re.compile(r"[=:]|\S{24}|(?<!\S)" + _TOKEN_PREFIX.pattern[1:])  # what redact_word may change


def redact_text(text: str) -> str:
    """Free text (a skill's description) with what looks secret in it hidden, word by word as a command line's
    (:func:`redact_word`: URLs' user information and query values, ``user:password@``, ``NAME=value``,
    token-shaped words); its spacing kept."""
    if not _SUSPECT.search(text):  # redact_word's own first test, for the whole text: the common case
        return text
    return _WORD.sub(lambda m: redact_word(m.group(0)), text)


_HIDE_NEXT = ("bearer", "basic", "token")


def redact_args(args: list[str], program: str = "") -> tuple[str, ...]:
    """Arguments as they may be shown: at most :data:`MAX_ARGS`, each cut to :data:`MAX_ARG_CHARS`.
    ``program``: the command they are given to, when it is not their first word (see :func:`_password_p`)."""
    out: list[str] = []
    hide_next = False
    after: frozenset[str] = frozenset()  # the flag before: a header's or a user's, whose value is redacted
    variadic = False  # --headers "A: 1" "B: 2": every word up to the next flag is a header
    user = False  # a user flag came before: -p is a password (see _password_p)
    for i, raw in enumerate(args[:MAX_ARGS]):
        word = raw if type(raw) is str else str(raw)
        if hide_next:
            out.append(REDACTED)
            hide_next = word.strip().lower() in _SCHEMES - {""}  # "Bearer" hidden: the credential is next
            continue
        if after and variadic and word[:1] == "-":
            after, variadic = frozenset(), False
        if after:
            if after is _HEADER_FLAGS and _HEADER_WORD.match(word):  # -H X-Api-Key T: the name, its value next
                out.append(word)
                hide_next = True
            elif after is _HEADER_FLAGS:
                out.append(redact_header(word))
                hide_next = _credential_follows(word)
            else:
                out.append(_redact_user(word))
            if not variadic:
                after = frozenset()
            continue
        if word[:1] == "-":
            if "=" in word:
                flag, _, value = word.partition("=")
                hide_next = flag in _HEADER_FLAGS and _credential_follows(value)
                user = user or flag in _DB_USER_FLAGS
            elif word[:2] in ("-H", "-u") and len(word) > 2 and word[:2] != "--":  # -HAuthorization: Bearer T
                header = word[:2] == "-H"
                out.append(word[:2] + (redact_header(word[2:]) if header else _redact_user(word[2:])))
                hide_next = header and _credential_follows(word[2:])
                user = user or not header  # -uroot
                continue
            elif word[:2] == "-p" and len(word) > 2 and word[2] != "-" and _password_p(user, args, i, program):
                out.append("-p" + REDACTED)  # mysql -uroot -pPASSWORD
                continue
            else:
                hide_next = secret_name(word) or (word == "-p" and _password_p(user, args, i, program))
                user = user or word in _DB_USER_FLAGS
                if not hide_next and (word in _HEADER_FLAGS or word in _USER_FLAGS):
                    after = _HEADER_FLAGS if word in _HEADER_FLAGS else _USER_FLAGS
                    variadic = word == "--headers"
        elif word[:1] == "/" and "/" not in word[1:] and secret_name(word):  # /token T (a Windows program's flag)
            hide_next = True
        elif ":" in word and "://" not in word:  # "X-API-Key:" or "Authorization:Bearer", the credential next
            head, _, tail = word.partition(":")
            hide_next = tail.strip().lower() in _SCHEMES and secret_name(head)
        elif 4 < len(word) < 7:
            hide_next = word.lower() in _HIDE_NEXT
        spaced = " " in word or "\t" in word or "\n" in word  # a whole command line (sh -c "...", cmd /c "...")
        if not spaced and len(word) < 24 and "=" not in word and ":" not in word and not _TOKEN_PREFIX.match(word):
            out.append(word)  # redact_word's own first test, without the call: the common case
        elif spaced and word[:1] != "{":  # (a JSON object is read as one: redact_word)
            out.append(redact_command_line(word)[:MAX_ARG_CHARS])
        else:
            out.append(_guessed_word(word)[:MAX_ARG_CHARS])
    if len(args) > MAX_ARGS:
        out.append(f"… {len(args) - MAX_ARGS} more")
    return tuple(out)


_DB_USER_FLAGS = frozenset(("-u", "--user", "--username"))
_DB_CLIENTS = ("mysql", "mariadb")  # whose clients (and the servers modelled on them) read -p as the password


def _password_p(user: bool, args: list[str], at: int, program: str) -> bool:
    """Whether ``-p`` at ``args[at]`` gives a password rather than a port, a profile, npx's package or uvx's
    Python: when a user flag came before it (``-u root -p T``: a database client's convention), or the
    program or a word before it names MySQL or MariaDB (whose ``-p`` is always the password, ``-P`` the
    port). ``-p T -u root`` in that order, of a program not named so, is not known to be one."""
    if user:
        return True
    words = [program, *(a for a in args[:at] if type(a) is str)]
    return any(db in w.lower() for w in words for db in _DB_CLIENTS)


def _redact_json(word: str) -> str:
    """A JSON object as one argument, with the value of every key that looks secret replaced (a nested
    object's too); text that is not JSON is redacted as a command line."""
    import json

    def walk(node: object, secret: bool = False) -> object:
        if isinstance(node, dict):
            return {k: walk(v, secret or secret_name(str(k))) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, secret) for v in node]
        if secret:
            return REDACTED
        return _guessed_word(node) if isinstance(node, str) else node

    try:
        if len(word) > MAX_JSON_ARG:
            raise ValueError
        return json.dumps(walk(json.loads(word)), separators=(",", ":"))
    except (ValueError, RecursionError):  # not JSON, too long or too deep: read as words
        # quotes, commas and braces dropped (a word left starting with "{" would come back here, and again:
        # "{env:X}", opencode's placeholder, did until the scan gave up); shown as written when nothing in it
        # is hidden
        text = word[:MAX_JSON_ARG].translate(_NOT_JSON)
        shown = redact_command_line(text)
        if len(word) <= MAX_JSON_ARG and shown == " ".join(w for w in (w.strip("\"'") for w in text.split()) if w):
            return word
        return shown


_NOT_JSON = str.maketrans({'"': " ", ",": " ", "{": " ", "}": " ", ":": ": "})


def _credential_follows(header: str) -> bool:
    """Whether a header written apart from its value (``Authorization:Bearer``, ``X-API-Key:``) is followed
    by the credential as the next word."""
    m = _NAME_COLON.match(header.strip()) or _ASSIGN.match(header.strip())
    return m is not None and m.group(2).strip().lower() in _SCHEMES


def _redact_user(word: str) -> str:
    """``user:password`` after ``-u``: the user stays."""
    user, colon, _ = word.partition(":")
    return f"{user}:{REDACTED}" if colon else _guessed_word(word)


# a drive, then folders and a program's name with single spaces and nothing a shell reads (no option either)
_WINDOWS_PROGRAM = re.compile(
    r"[A-Za-z]:[\\/](?:[^\s\x00-\x1f;&|<>'\"`^,=!%$-][^\x00-\x1f;&|<>'\"`^,=!%$\s]*[ ]?)*\.(?:exe|cmd|bat|com)\Z", re.I
)


def redact_command_line(text: str) -> str:
    """A shell command line (a hook), split on white space, quotes dropped, every word redacted. A value a
    variable is given on the line is never shown, however it is written: sh's ``NAME=value`` (see
    :func:`redact_word`), PowerShell's ``$env:NAME='value'``, ``$name = 'value with spaces'``."""
    text = _STATEMENT_SETTER.sub(lambda m: f"{m.group(1)} {REDACTED}", text[:4000])
    text = _VARIABLE_SETTER.sub(lambda m: f"{m.group(1)}{REDACTED}", text)
    text = _SEPARATOR.sub(r" \1 ", text)  # `cd /x;KEY=T guard`: each command's words apart
    return " ".join(w for w in redact_args([w for w in _without_assigned_values(text.split()) if w]))


# what sets a variable to the rest of its statement: PowerShell's cmdlets and .NET call, and a variable of
# PowerShell's given a value (`$env:K = 'sk-' + 'T'`, `[string]$k='T'`, `${env:K}='T'`): all of it hidden
_STATEMENT_SETTER = re.compile(
    r"((?:^|(?<=[\s;&|({\"']))(?:Set-Item|Set-Content|New-Item|Set-Variable|New-Variable|Add-Content)\b|"
    r"SetEnvironmentVariable\b)[^;\n}]*",
    re.IGNORECASE,
)
_VARIABLE_SETTER = re.compile(r"(\$\{?[A-Za-z_][\w:]*\}?\s*[+]?=(?!=))[^;\n}]*")
_SEPARATOR = re.compile(r"([;&|(){}])")


def _without_assigned_values(raw: list[str]) -> list[str]:
    """``raw`` (a line's words as split on white space) with what a variable is given replaced: a word after
    ``=`` (``$key = 'T'``), what follows ``=`` in a word naming a variable (``$env:KEY='T';``), and the rest of
    a quoted value over several words (``$k='a b c'``). Quotes dropped."""
    out: list[str] = []
    closing = ""  # the quote that ends a value being hidden over several words
    hide_next = False
    for word in raw:
        if closing:  # inside a quoted value: hidden up to the word that closes it
            if word.rstrip(";&|)").endswith(closing):
                closing = ""
            continue
        if hide_next:
            out.append(REDACTED)
            hide_next, closing = False, _unclosed(word)
            continue
        bare = word.strip("\"'")
        if bare == "=" or (bare[:1] == "$" and bare.endswith("=")):  # `$key = 'T'`, `$key= 'T'`
            out.append(bare)
            hide_next = True
            continue
        name, eq, value = bare.partition("=")
        if eq and name[:1] == "$" and value.strip(";"):  # $env:KEY='T'; $key="T"
            out.append(f"{name}={REDACTED}")
            closing = _unclosed(word.partition("=")[2])
            continue
        out.append(bare)
    return out


def _unclosed(value: str) -> str:
    """The quote ``value`` opens and does not close ("" when none): the value goes on in the next words."""
    value = value.rstrip(";&|)")
    quote = value[:1]
    if quote in ("'", '"') and (len(value) == 1 or not value.endswith(quote)):
        return quote
    return ""


# ---------------------------------------------------------------- what is shown: only what is known not secret
#
# The rules above guess at what looks like a secret; a secret of no recognisable shape (``-k T``, a positional
# word, a JSON argument past MAX_JSON_ARG) passed them and was shown. What a report shows of a line is decided
# the other way round: a word is shown only when it is of a kind known not to be a secret, every other value
# is REDACTED. Shown are: the program and the words :data:`KNOWN_WORDS` names (launchers, interpreters,
# wrappers, subcommands), the package a line runs (``known``: its identity, see
# :func:`~.identity.identity_words`), option names (``--port``, ``-y``; a short option's attached value is not),
# paths (each segment by the URL path-segment rule), file names, dotted versions, URLs as :func:`redact_url`
# shows them, variables' names (``${VAR}``, ``{env:VAR}``, ``NAME=`` with its value hidden, the name docker's
# and podman's ``-e`` give: another program's ``-e`` takes code or anything), JSON keys that are plain names
# (:func:`_plain_key`; their values by the same rules; true, false and null), and the value of an option whose
# values are never secret (:data:`PLAIN_VALUE_OPTIONS`). The guesses above still hide what they find in a word
# of a shown kind. Paths and file names are shown segment by segment: a short secret written as a folder's or
# a file's name (``/opt/hunter2``) is shown, as a path is what a reader needs to find what runs. A value is a
# value however it is written: a placeholder's default (``${T:-value}``) by these rules (:func:`_shown_placeholder`);
# a secret-named option's value (``--password=x.txt``) and a secret-named JSON key's, whatever its shape, never;
# a package's version only as a version, a range or a tag of words (:func:`shown_version`).

# program names and subcommands: a fixed vocabulary, none of it a credential
KNOWN_WORDS = frozenset({
    "npx", "bunx", "pnpx", "npm", "pnpm", "yarn", "bun", "uvx", "uv", "pipx", "pip", "docker", "podman", "node",
    "nodejs", "deno", "python", "python3", "py", "sh", "bash", "zsh", "dash", "fish", "cmd", "powershell", "pwsh",
    "env", "exec", "sudo", "nohup", "time", "nice", "timeout", "command", "java", "go", "cargo", "dotnet", "ruby",
    "perl", "php", "curl", "wget", "echo", "cat", "tee", "true", "false", "test", "cd",
    "run", "container", "dlx", "x", "tool", "stdio", "sse", "http", "https", "streamable-http", "serve", "server",
    "start", "mcp", "--", "debug", "info", "warning", "warn", "error", "trace", "critical",
})  # fmt: skip
# options whose values are of a kind never secret, and that kind: a port, an interpreter's version, a module,
# a host's name or address
PLAIN_VALUE_OPTIONS = {
    "--port": re.compile(r"^\d{1,5}$"),
    "--python": re.compile(r"^(?:python|pypy|cpython)?-?\d+(?:\.\d+)*t?$"),
    "-m": re.compile(r"^[A-Za-z_]\w{0,60}(?:\.[A-Za-z_]\w{0,60}){0,10}$"),  # python -m: a module, what runs
    "--host": re.compile(r"^(?:localhost|[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63})*\.[a-z]{2,24}|[\d.]{7,15}|::1?)$"),
}
_ENV_OPTIONS = frozenset({"-e", "--env"})  # docker's: the value is a variable's name (or NAME=value)
_ENV_PROGRAMS = frozenset({"docker", "podman"})  # whose -e names a variable (node -e runs code; others: anything)
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,100}$")
_LONG_OPTION = re.compile(r"^--?[A-Za-z0-9][A-Za-z0-9_.\-]{0,60}$")
_SHORT_OPTION = re.compile(r"^-[A-Za-z]{1,3}$")  # -y, -i, -it: longer is an option with a value in it (-kT)
# a variable's name alone: ${NAME}, ${env:NAME}, ${input:id}, ${user_config.key}, $NAME, {env:NAME}, %NAME%;
# never one with a default (${NAME:-value}, ${NAME-value}: the default is a value, see _shown_placeholder)
_PLACEHOLDER = re.compile(
    r"^(?:\$\{[A-Za-z_][\w.]{0,100}(?::[A-Za-z_][\w.\-]{0,100})?\}|\$[A-Za-z_]\w{0,100}|\{env:[A-Za-z_]\w{0,100}\}|"
    r"%[A-Za-z_]\w{0,100}%)$"
)
# a shell's placeholder with a value in it: ${NAME:-default}, ${NAME-default}, ${NAME:=value}, ${NAME:+alt} ...
_DEFAULTED = re.compile(r"^\$\{([A-Za-z_]\w{0,100})(:?[-=?+])(.*)\}$", re.DOTALL)
MAX_NESTED_PLACEHOLDERS = 4  # ${A:-${B:-x}}: a default holding placeholders is read at most this deep
_BRACED = re.compile(r"\$\{[^{}]*\}")
_PLACEHOLDER_PARTS = re.compile(r"[${}%:.]+")
_FILE_PLACEHOLDER = re.compile(r"^\{file:(.+)\}$")  # opencode's {file:path}
_VERSION = re.compile(r"^v?\d+(?:\.\d+)+$")  # 3.12, 1.0.2: a number alone (a PIN?) is not known safe
_PATH_WORD = re.compile(r"^(?:[A-Za-z]:)?[\w.~$%{}@+\-/\\]+$")  # no = : ? # ! , ; quotes or space
# a file's name alone (server.js, openapi.v3.yaml): with the extension of a script, a program or a data file
_FILE_NAME = re.compile(
    r"^[\w\-]+(?:\.[\w\-]+)*\.(?:js|mjs|cjs|ts|mts|cts|jsx|tsx|py|pyz|rb|pl|php|lua|sh|bash|zsh|ps1|psm1|cmd|"
    r"bat|exe|jar|war|dll|so|dylib|wasm|json|jsonc|json5|yaml|yml|toml|ini|cfg|conf|xml|txt|md|csv|db|sqlite|"
    r"sqlite3|log|html|env|lock|tar|gz|tgz|zip|whl)$",
    re.IGNORECASE,
)
_PROGRAM_PREFIXES = frozenset({"exec", "env", "sudo", "nohup", "time", "nice", "command"})
_SHELL_CODE = frozenset({"/c", "/k", "-command", "-Command", "-C"})  # what follows is a command line
_SHELL_FLAGS = re.compile(r"^-[a-z]{0,3}c$")  # -c, bash -lc, -ic


def _shell_code(word: str) -> bool:
    return word in _SHELL_CODE or _SHELL_FLAGS.match(word) is not None


_LINE_SEPARATORS = frozenset({";", "&", "|", "(", ")", "{", "}"})


def shown_args(
    args: list[str],
    program: str = "",
    known: Callable[[str], bool] | None = None,
    guessed: tuple[str, ...] | None = None,
) -> tuple[str, ...]:
    """``args`` as every report shows them: at most :data:`MAX_ARGS`, each cut to :data:`MAX_ARG_CHARS`, every
    value not known to be safe :data:`REDACTED` (see above). ``program``: the command they are given to;
    ``known``: whether a word names what the line runs (its package, image or a program of it); ``guessed``:
    :func:`redact_args` of the same, when the caller has it."""
    if guessed is None:
        guessed = redact_args(args, program)
    out: list[str] = []
    before = ""  # the option before this word, whose value it may be
    name = _program_name(program)
    for raw, guess in zip(args[:MAX_ARGS], guessed, strict=False):
        word = raw if type(raw) is str else str(raw)
        out.append(_shown_arg(word, guess, before, known, name)[:MAX_ARG_CHARS])
        before = word if _LONG_OPTION.match(word) or _shell_code(word) else ""
    if len(args) > MAX_ARGS:
        out.append(f"… {len(args) - MAX_ARGS} more")
    return tuple(out)


def _program_name(command: str) -> str:
    """``/usr/bin/python3.exe`` → ``python3`` (as :func:`~.identity.program_name`, which imports this module)."""
    base = command.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return base[:-4] if base.endswith((".cmd", ".exe", ".bat", ".ps1")) else base


def _shown_arg(word: str, guess: str, before: str, known: Callable[[str], bool] | None, program: str) -> str:
    """One argument as shown (``before``: the option before it; ``program``: the name of the program it is
    given to, which says what ``-m`` and ``-e`` take)."""
    if guess == REDACTED:
        return REDACTED  # a guess hid all of it
    if _shell_code(word):
        return word
    spaced = " " in word or "\t" in word or "\n" in word
    if spaced and _shell_code(before):  # sh -c "npx -y pkg --token T": a command line, word by word
        return shown_command_line(word, known)
    if before in _HEADER_FLAGS:  # a header's name (its value never): "X-Api-Key: <redacted>"
        return redact_header(word) if _NAME_COLON.match(word.strip()) else REDACTED
    if spaced:  # free text, or a JSON object (its keys shown): nothing of free text is known safe
        return _shown_json(word, known) if word[:1] == "{" else REDACTED
    if before in _ENV_OPTIONS and program in _ENV_PROGRAMS and _VAR_NAME.match(word):
        return word  # docker -e NAME: the variable's name (NAME=value: its name, below)
    python = before == "-m" and program.startswith(("python", "py"))
    plain = PLAIN_VALUE_OPTIONS.get(before) if before != "-m" or python else None
    if plain is not None and plain.match(word):
        return word if guess == word else REDACTED
    if word in KNOWN_WORDS:
        return word
    if word[:1] == "-" and len(word) > 1:
        if "=" in word:
            flag, _, value = word.partition("=")
            if not _LONG_OPTION.match(flag):
                return REDACTED
            if flag in _HEADER_FLAGS:
                return f"{flag}={redact_header(value)}" if _NAME_COLON.match(value.strip()) else f"{flag}={REDACTED}"
            if secret_name(flag) or guess == f"{flag}={REDACTED}":
                return f"{flag}={REDACTED}"  # --password=x.txt, --token=~x: hidden whatever its shape, as apart
            plain = PLAIN_VALUE_OPTIONS.get(flag) if flag != "-m" else None
            if plain is not None and plain.match(value) and guess == word:
                return word
            return f"{flag}={_shown_value(value, known, True)}"
        if _SHORT_OPTION.match(word) or (word[:2] == "--" and _LONG_OPTION.match(word)):
            return word if guess == word else REDACTED
        return word[:2] + REDACTED if word[1:2].isalpha() else REDACTED  # -kT: the option, not its value
    return _shown_value(word, known, True, guess)


def _shown_value(word: str, known: Callable[[str], bool] | None, assign: bool, guess: str | None = None) -> str:
    """One value as shown: itself when of a kind known safe (see above), else REDACTED. ``assign``: a
    ``NAME=value`` word shows its name."""
    if guess is None:
        guess = _guessed_word(word)
    if not word:
        return word
    if known is not None and known(word):
        if guess != word or ("@" not in word[1:] and "==" not in word):
            return guess  # the package the line runs (a guess hides it when it looked secret)
        return _shown_spec(word, guess)  # with a version: shown when it reads as one
    if word in KNOWN_WORDS:
        return word
    if word[:1] in "$%{" and (placeholder := _shown_placeholder(word, known)) is not None:
        return placeholder
    if "://" in word:
        url = _URL.fullmatch(word)
        return redact_url(word) if url is not None else REDACTED
    file = _FILE_PLACEHOLDER.match(word)
    if file is not None:
        return "{file:" + _shown_path(file.group(1)) + "}"
    if word[:1] == "{":
        return _shown_json(word, known)
    if assign and "=" in word:
        name, _, _value = word.partition("=")
        return f"{name}={REDACTED}" if _VAR_NAME.match(name) else REDACTED
    if _VERSION.match(word):
        return word
    if _PATH_WORD.match(word) and ("/" in word or "\\" in word or word[:1] == "~"):
        return REDACTED if opaque(word) else _shown_path(word)
    if _FILE_NAME.match(word) and not _opaque_segment(word):
        return word
    return REDACTED


# what may follow a package's name: a version or range by npm's rules (semver: 1.2.3, ^1.2, ~1.0.0-beta.1,
# >=1 <2, 1.x || 2) or PEP 440's (1.0, 2.0rc1, 1.0.post1, 1.*), a docker digest; a dist-tag (npm's rule takes any
# URL-safe word, a password too) only when it reads as words by the rule of a URL's path (latest, next, beta)
_SEMVER_PART = r"v?(?:\d+|[xX*])(?:\.(?:\d+|[xX*])){0,2}(?:-[0-9A-Za-z.\-]+)?(?:\+[0-9A-Za-z.\-]+)?"
_COMPARATOR = rf"(?:(?:[<>]=?|=|~>?|\^)\s*)?{_SEMVER_PART}(?:\s+-\s+{_SEMVER_PART})?"
_SEMVER_RANGE = re.compile(rf"^\s*{_COMPARATOR}(?:(?:\s+|\s*\|\|\s*){_COMPARATOR})*\s*$")  # one way to match
_PEP440 = re.compile(
    r"^v?(?:\d+!)?\d+(?:\.\d+)*(?:\.\*)?(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?\d*)?"
    r"(?:-\d+|[-_.]?(?:post|rev|r)[-_.]?\d*)?(?:[-_.]?dev[-_.]?\d*)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$",
    re.IGNORECASE,
)
_DIGEST = re.compile(r"^sha(?:256|384|512):[0-9a-f]{32,128}$")


def shown_version(version: str) -> bool:
    """Whether what follows a package's name (``pkg@X``, ``pkg==X``) may be shown: a version, a range or a
    digest, or a dist-tag that reads as words (see above). A red team found ``npx -y pkg@hunter2`` shown whole."""
    if len(version) > 100:
        return False
    if _SEMVER_RANGE.match(version) or _PEP440.match(version) or _DIGEST.match(version):
        return len(version) < 24 or not opaque(version)  # (1.0.0-<a token as a pre-release>: not shown)
    return safe_segment(version)  # lower-case words: never a token's shape


def _shown_spec(word: str, guess: str) -> str:
    """A package spec the line runs, as shown: its version part (``@X``, ``==X``) ``<redacted>`` when not
    :func:`shown_version`."""
    if guess != word:
        return guess
    for sep in ("==", "@"):
        at = word.rfind(sep)
        if at > 0 and not shown_version(word[at + len(sep) :]):
            return word[: at + len(sep)] + REDACTED
    return word


def _shown_placeholder(word: str, known: Callable[[str], bool] | None) -> str | None:
    """A placeholder as shown, or None when ``word`` is none: a variable's name as written (unless the name
    itself is shaped like a token); ``${NAME:-default}`` (and ``-``, ``:=``, ``=``, ``:?``, ``:+`` ...) with its
    default shown only when that is a value known safe by the rules of any value and ``NAME`` does not look
    secret (``${GITHUB_TOKEN:-ghp_…}``, ``${DB_PASSWORD:-x.txt}``: ``<redacted>``). A red team found such
    defaults printed whole: the word passed as a placeholder."""
    if _PLACEHOLDER.match(word):  # (a name of 24 characters or more may be a token's shape)
        return REDACTED if len(word) > 24 and any(opaque(p) for p in _PLACEHOLDER_PARTS.split(word) if p) else word
    m = _DEFAULTED.match(word)
    if m is None:
        return None
    name, op, default = m.groups()
    if opaque(name) or word.count("${") > MAX_NESTED_PLACEHOLDERS:
        return REDACTED  # (${A:-${A:-...}} thousands deep: the default is read once, not followed down)
    if default and (secret_name(name) or _shown_value(default, known, False) != default):
        default = REDACTED
    return f"${{{name}{op}{default}}}"


def _only_plain_placeholders(text: str) -> bool:
    """Whether every ``${...}`` in ``text`` is a variable's name alone (no default: a value)."""
    found = _BRACED.findall(text)
    return text.count("${") == len(found) and all(_PLACEHOLDER.match(f) for f in found)


_PATH_SPLIT = re.compile(r"([/\\])")


def _shown_path(path: str) -> str:
    """A path, each of its segments shown unless it looks like a credential (the URL path-segment rule)."""
    if not _PATH_WORD.match(path) or ":" in path[2:] or ("${" in path and not _only_plain_placeholders(path)):
        return REDACTED  # (${TOKEN-value}/x: a placeholder's default is a value)
    return "".join(p if p in ("/", "\\") or not _opaque_segment(p) else REDACTED for p in _PATH_SPLIT.split(path))


def _shown_json(word: str, known: Callable[[str], bool] | None) -> str:
    """A JSON object given as one argument (Smithery's ``--config '{"apiKey": "T"}'``): its keys that read as
    plain names (:func:`_plain_key`; any other key REDACTED, numbered when there are more), each value by the
    rules of a value (true, false and null as they are); anything that is not a JSON object of at most
    :data:`MAX_JSON_ARG` characters, REDACTED whole."""
    import json

    def walk(node: object, secret: bool = False) -> object:
        if isinstance(node, dict):
            out: dict[str, object] = {}
            hidden = 0
            for k, v in node.items():
                key = str(k)
                if not _plain_key(key):
                    hidden += 1
                    key = REDACTED if hidden == 1 else f"{REDACTED} {hidden}"
                out[key] = walk(v, secret or secret_name(str(k)))
            return out
        if isinstance(node, list):
            return [walk(v, secret) for v in node]
        if node is None or isinstance(node, bool):
            return node
        if secret:  # the value of a secret-named key ({"password": "x.json"}): hidden whatever its shape
            return REDACTED
        if isinstance(node, str) and " " not in node:
            return _shown_value(node, known, True)
        return REDACTED

    if len(word) > MAX_JSON_ARG:
        return REDACTED
    try:
        parsed = json.loads(word)
        if not isinstance(parsed, dict):
            return REDACTED
        return json.dumps(walk(parsed), separators=(",", ":"))
    except (ValueError, RecursionError):
        return REDACTED


_PLAIN_KEY = re.compile(r"^[A-Za-z][A-Za-z_\-]{0,39}$")


def _plain_key(key: str) -> bool:
    """Whether a JSON argument's key reads as a plain name (``apiKey``, ``tenant_id``, ``base-url``): letters,
    ``_`` and ``-``, at most 40 characters. A key with a digit or another sign in it (``SECRETxyz9``, a token
    or an id written as a key) is not known to be no secret, and is hidden as a value is."""
    return _PLAIN_KEY.match(key) is not None


def shown_command_line(text: str, known: Callable[[str], bool] | None = None) -> str:
    """A shell command line (a hook, ``sh -c``'s argument, a server's command with its arguments in one
    string) as every report shows it: split into words as :func:`redact_command_line` splits it, each program
    it runs (a command's first word) shown, every other word by the rules of :func:`shown_args`."""
    text = _STATEMENT_SETTER.sub(lambda m: f"{m.group(1)} {REDACTED}", text[:4000])
    text = _VARIABLE_SETTER.sub(lambda m: f"{m.group(1)}{REDACTED}", text)
    text = _SEPARATOR.sub(r" \1 ", text)
    words = [w for w in _without_assigned_values(text.split()) if w]
    guessed = redact_args(words)
    out: list[str] = []
    first = True  # a command's first word: the program it runs
    before = ""
    program = ""  # the program of the command the word is in, when it is docker or podman (whose -e names a variable)
    for word, guess in zip(words[:MAX_ARGS], guessed, strict=False):
        if word in _LINE_SEPARATORS:
            out.append(word)
            first, before, program = True, "", ""
            continue
        if word == REDACTED or (word[:1] == "$" and word[-1:] == "=") or word == "=":
            out.append(word)  # what _without_assigned_values left of an assignment
            continue
        if first:
            name, eq, _value = word.partition("=")
            if eq and _VAR_NAME.match(name):
                out.append(f"{name}={REDACTED}")  # KEY=value program: the variable's name
                continue
            out.append(_shown_program(word, guess, known))
            first = _program_name(word) in _PROGRAM_PREFIXES
            before, program = "", _line_program(word)
            continue
        if _shell_code(before):  # sh -c cmd ...: the words of its line, as split above
            out.append(_shown_program(word, guess, known))
            before, program = "", _line_program(word)
            continue
        out.append(_shown_arg(word, guess, before, known, program)[:MAX_ARG_CHARS])
        before = word if _LONG_OPTION.match(word) or _shell_code(word) else ""
    if len(words) > MAX_ARGS:
        out.append(f"… {len(words) - MAX_ARGS} more")
    return " ".join(out)


def _line_program(word: str) -> str:
    name = _program_name(word)
    return name if name in _ENV_PROGRAMS else ""  # (python's -m in a line is shown no more than any value)


def _shown_program(word: str, guess: str, known: Callable[[str], bool] | None) -> str:
    """A command's first word: the program, when ``known`` says the line runs it or it is one of
    :data:`KNOWN_WORDS`, or as a path (a credential-shaped segment hidden); else REDACTED (a word pasted where a
    program goes)."""
    if guess != word:
        return REDACTED
    if word in KNOWN_WORDS or (known is not None and known(word)):
        return word
    if "/" in word or "\\" in word:
        return _shown_path(word)
    return REDACTED


def command_line(command: str) -> bool:
    """Whether a server's ``command`` is a line of words rather than one program: it holds white space, and is
    not a Windows program whose folders have spaces (``C:\\Program Files (x86)\\Corp\\x.exe``)."""
    return any(c.isspace() for c in command) and _WINDOWS_PROGRAM.match(command) is None


def shown_command(command: str, known: Callable[[str], bool] | None = None) -> str:
    """A server's ``command`` as every report shows it: one program (a path's segments by the path rule), or a
    whole line when it holds spaces (:func:`shown_command_line`). A Windows path whose folders have spaces
    (``C:\\Program Files (x86)\\Corp\\x.exe``) is one program."""
    if command_line(command):
        return shown_command_line(command, known)
    return redact_word(command)


def without_defaults(word: str) -> str:
    """``word`` (one program, a folder) with no placeholder's default in it: ``${BIN:-value}`` whole shows its
    default only when known safe (:func:`_shown_placeholder`); a path holding one (``/opt/${D-value}/x``) is
    REDACTED (a default is a value)."""
    if "${" not in word or _only_plain_placeholders(word):
        return word
    return (_shown_placeholder(word, None) if word[:2] == "${" else None) or REDACTED
