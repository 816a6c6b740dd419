"""A server's identity is what it runs, not its name: the npm or PyPI package a launcher fetches, the docker
image, the command's path, or the remote URL's host. Nothing here runs anything: the command line is read."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterable
from typing import NamedTuple

from tui.core.agents.client_urls import SEVERAL_HOSTS, has_placeholder, read_host, url_host, web_url
from tui.core.agents.npm_config import AMBIGUOUS, CODE_SETTINGS, SWITCH_SETTINGS, NpmLine, env_setting, read_npm_line
from tui.core.agents.redact import REDACTED, redact_args, redact_word, shown_version

NPM_LAUNCHERS = {"npx", "bunx", "pnpx"}
# the other launchers' own options that take no value (npm's are read as npm reads them: .npm_config)
_OWN_SWITCHES = {"bunx": frozenset({"bun"}), "bun": frozenset({"bun"}), "pnpm": frozenset({"shell-mode"})}
_OWN_SWITCHES["pnpx"] = _OWN_SWITCHES["pnpm"]
DLX_LAUNCHERS = {"pnpm": ("dlx",), "yarn": ("dlx",), "npm": ("exec", "x"), "bun": ("x",)}
PYPI_LAUNCHERS = {"uvx"}
DOCKER = {"docker", "podman"}
# docker run options that take no value (every other option written without "=" takes the next argument)
_DOCKER_FLAGS = {
    "-i",
    "-t",
    "-d",
    "-it",
    "-ti",
    "-id",
    "-dit",
    "--rm",
    "--init",
    "--privileged",
    "--read-only",
    "--interactive",
    "--tty",
    "--detach",
    "-q",
    "--quiet",
    "-P",
    "--publish-all",
    "--no-healthcheck",
    "--env-host",  # podman: the client's whole environment (read by _container_env)
}
# the letters of docker's (and podman's) one-letter run options that take no value; in a group (`-ite NAME`,
# read as `-i -t -e NAME`) the first other letter takes the rest of the word, or the next word, as its value
_DOCKER_SWITCH_LETTERS = frozenset("itdqP")
_PY_EXPLICIT = {"--from", "--spec"}
_PY_WITH = {"--with", "-w"}  # uv tool run: more packages in the same environment (comma-separated lists too)
_PY_PYTHON = {"--python", "-p"}  # the interpreter it runs the package with: a version, a name or a path
# options that install what their value names, which is no package a rule could match
_UNNAMED = {"--with-requirements": "the packages of a requirements file", "--with-editable": "a local package"}
_PY_VALUE_OPTS = {
    "--from",
    "--spec",
    "--python",
    "-p",
    "--with",
    "-w",
    "--with-editable",
    "--with-requirements",
    "--index-url",
    "-i",
    "--index",
    "--extra-index-url",
    "--default-index",
    "--find-links",
    "-f",
    "--pip-args",
    "--config-file",
    "--constraints",
    "-c",
    "--overrides",
    "--build-constraints",
    "-b",
    "--index-strategy",
    "--keyring-provider",
    "--exclude-newer",
    "--python-preference",
    "--env-file",
    "--cache-dir",
}
_NPM_SPEC = re.compile(r"^(@[^/@\s]+/[^@\s]+|[^@\s/][^@\s]*)(?:@([^\s]+))?$")
_PY_SPEC = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._\-]*)(?:\[[^\]]*\])?\s*(?:(==|@)\s*([A-Za-z0-9.+!\-_]+))?")


class Identity(NamedTuple):  # a tuple: made once per server, half the cost of a frozen dataclass
    npm: str | None = None
    pypi: str | None = None
    docker: str | None = None
    version: str | None = None
    url_host: str | None = None
    # more packages the same launcher line installs beside it (npx -p a -p b, uvx --with c): (kind, name,
    # version). Their install scripts and start-up hooks run too, so each is judged like the first. Also
    # ("command", program, None) for a docker line's own --entrypoint, which runs instead of the image's, and
    # for another program a wrapper's line runs (sh -c "npx -y pkg && other"); ("unread", what, None) for what
    # no rule can name; (LAUNCHER, path, program) for a launcher written as a path, looked at on the disk.
    extra: tuple[tuple[str, str, str | None], ...] = ()


# a program written as a path whose line named what it runs: ("launcher", the path as written, its name) for a
# config's command (started without a shell), ("launcher-line", ...) for a word of a shell line, where ~ and
# $HOME are the home. Each is replaced at scan time (see .launchers): by nothing when the disk shows the real
# program there, else by an unread item. The program an interpreter option names (uvx --python PATH) too.
LAUNCHER = "launcher"
LAUNCHER_IN_LINE = "launcher-line"
# a command written as a line of words (see :func:`identify_line`): ("whole-command", the line as written when
# no guess hides a word of it, else "", None), replaced at scan time by nothing when no file is named by the
# whole line, spaces and all (which a client that starts it without a shell would run instead of its words)
WHOLE_COMMAND = "whole-command"
# a launcher or wrapper a shell line starts by its bare name (``sh -c "npx -y pkg"``, ``cmd /c npx ...``): ("launcher-
# bare", the name as written, its program), replaced at scan time (see .launchers) as a config's own bare
# ``npx`` is: by nothing when the file the search path finds for it is the real program, else by an unread item
LAUNCHER_BARE = "launcher-bare"
# a file docker's or podman's ``--env-file`` names: ("env-file", the path as written, None), replaced at scan
# time (see .env_files) by what the names its lines set change about what the container talks to
DOCKER_ENV_FILE = "env-file"
LAUNCHER_KINDS = (LAUNCHER, LAUNCHER_IN_LINE, WHOLE_COMMAND, LAUNCHER_BARE, DOCKER_ENV_FILE)
# an npm launcher line is read word by word as npm reads it (.npm_config): a longer one (no real line comes
# close) is not read, and what it runs is nothing a rule can name
MAX_LAUNCHER_WORDS = 1000
LONG_LINE = f"what a launcher line of more than {MAX_LAUNCHER_WORDS} words runs (not read)"


_SUFFIXES = (".cmd", ".exe", ".bat", ".ps1")  # all four characters long


def program_name(command: str) -> str:
    """``/usr/local/bin/npx.cmd`` → ``npx``."""
    base = command.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return base[:-4] if base.endswith(_SUFFIXES) else base


def _npm_spec(spec: str, aliased: bool = False) -> tuple[str | None, str | None]:
    """(package, version) of a registry spec; (None, None) for anything npm fetches from elsewhere: a git
    repository (``github:u/r``, ``u/r``, ``git+https:…``, ``…#ref``), a URL, a file or folder (``file:…``,
    ``./x``, ``x.tgz``). An alias (``approved@npm:other@1``) is the package it names, ``other``."""
    m = _NPM_SPEC.match(spec.strip())
    if not m or "://" in spec or spec.startswith((".", "/", "~")):
        return None, None
    name, version = m.group(1), m.group(2)
    if ":" in name or "#" in name or name.count("/") > (1 if name.startswith("@") else 0):
        return None, None
    if name.endswith((".tgz", ".tar", ".tar.gz")):
        return None, None
    if version is not None:
        if version.startswith("npm:") and not aliased:  # npm's alias: what is installed is the named package
            return _npm_spec(version[4:], aliased=True)
        if any(c in version for c in ":/#"):  # file:, git+…, github:, link:, workspace:, a path, a git ref
            return None, None
    if version in ("latest", "next", "*"):
        version = None
    elif version is not None and not shown_version(version):
        version = REDACTED  # pkg@hunter2: npm takes any word as a dist-tag, a password too (see shown_version)
    return name.lower(), version


_PY_VERSION_AFTER_AT = re.compile(r"^(?:v?[0-9][A-Za-z0-9.+!\-_]*|latest)$")


def _py_spec(spec: str) -> tuple[str | None, str | None]:
    """(package, version) of a PyPI requirement (``name``, ``name==1.0``, uv's ``name@1.0``), or (None, None)
    for one that names a file, a folder or a URL (``name @ file:/x``, ``name @ ./x``, ``git+https://…``)."""
    text = spec.strip()
    m = _PY_SPEC.match(text)
    if not m or "://" in spec:
        return None, None
    after = text[m.end() :]
    if "@" in after or (
        m.group(2) == "@" and (not _PY_VERSION_AFTER_AT.match(m.group(3)) or after.strip()[:1] not in ("", ";"))
    ):
        return None, None  # a direct reference: what it points at, not the package index's
    version = m.group(3) if m.group(2) else None
    if version == "latest":
        version = None
    elif version is not None and not shown_version(version):
        version = REDACTED  # pkg==hunter2: no version, nothing an advisory names (see shown_version)
    return _NAME_SEPARATORS.sub("-", m.group(1)).lower(), version


def _first_positional(args: list[str], value_opts: set[str], explicit: set[str]) -> tuple[str | None, str | None]:
    """The first positional argument, or the value of an option in ``explicit`` (``--package x``) when given."""
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            return (args[i + 1] if i + 1 < len(args) else None), None
        if a.startswith("-"):
            name, eq, value = a.partition("=")
            if name in explicit:
                return (value if eq else (args[i + 1] if i + 1 < len(args) else None)), "explicit"
            if not eq and name in value_opts:
                i += 1
            i += 1
            continue
        return a, None
    return None, None


def _option_value(args: list[str], options: set[str], value_opts: set[str]) -> str | None:
    """The value of the first of ``options`` before the first positional argument (``--python 3.12``,
    ``-p=/usr/bin/python3``), or None."""
    i = 0
    while i < len(args) and args[i] != "--":
        name, eq, value = args[i].partition("=")
        if name in options:
            return value if eq else (args[i + 1] if i + 1 < len(args) else None)
        if not args[i].startswith("-"):
            return None
        i += 2 if not eq and name in value_opts else 1
    return None


def _docker_words(args: list[str]) -> list[str]:
    """A docker or podman line's words with its run options before the image one to a word, as docker's
    option parser reads a group of one-letter options: ``-ie NAME`` is ``-i -e NAME``, ``-eNAME`` and
    ``-e=NAME`` are ``-e NAME``, ``-ei`` is ``-e i``. The words from the image on are as written."""
    out: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if type(a) is not str or not a.startswith("-") or a == "-":
            out.append(a)
            if all(w in ("run", "container") for w in out):  # `run`, `container run`
                continue
            out += args[i:]  # the image, and the container's own words
            break
        if a == "--":
            out += [a, *args[i:]]
            break
        if a.startswith("--") or len(a) == 2:
            out.append(a)
            if "=" not in a and a not in _DOCKER_FLAGS and i < len(args):
                out.append(args[i])
                i += 1
            continue
        for j in range(1, len(a)):  # a group of one-letter options
            letter = a[j]
            if letter in _DOCKER_SWITCH_LETTERS:
                if a[j + 1 : j + 2] == "=":  # `-i=true`: a switch's own value ends the group
                    out.append(f"-{letter}{a[j + 1 :]}")
                    break
                out.append(f"-{letter}")
                continue
            out.append(f"-{letter}")
            if value := a[j + 1 :].removeprefix("="):
                out.append(value)
            elif i < len(args):
                out.append(args[i])
                i += 1
            break
    return out


def _docker_image(args: list[str]) -> tuple[str | None, str | None, str | None]:
    """(image, tag, the entrypoint the line sets instead of the image's own, if it sets one)."""
    if not args or args[0] not in ("run", "container"):
        return None, None, None
    rest = args[1:]
    if rest and rest[0] == "run":
        rest = rest[1:]
    entrypoint = None
    i = 0
    while i < len(rest):
        a = rest[i]
        if a.startswith("-"):
            if a == "--entrypoint" and i + 1 < len(rest):
                entrypoint = rest[i + 1]
            elif a.startswith("--entrypoint="):
                entrypoint = a.partition("=")[2]
            if "=" not in a and a not in _DOCKER_FLAGS:
                i += 1
            i += 1
            continue
        image = a.split("@", 1)[0]
        name, _, tag = image.rpartition(":") if ":" in image.rsplit("/", 1)[-1] else (image, "", "")
        return name.lower(), (tag or None), entrypoint or None
    return None, None, None


def _extra(
    args: list[str],
    options: set[str],
    value_opts: set[str],
    kind: str,
    parse: Callable[[str], tuple[str | None, str | None]],
    *,
    skip_first: bool,
    split: str = "",
) -> tuple[tuple[str, str, str | None], ...]:
    """The packages named by ``options`` (``--with x``, ``--with=x``), before any ``--``; with ``skip_first``,
    not the first of them (it is the identity itself). A value that is no package spec (a path, a URL, a
    requirements file) is ("unread", what it is, None): something installed that no rule can name, so it
    can never be approved (its text is not kept: a URL or path may hold a token)."""
    named: list[str] = []  # the options' values, in order
    unnamed: list[tuple[str, str, str | None]] = []  # what _UNNAMED options install
    i = 0
    while i < len(args) and args[i] != "--":
        name, eq, value = args[i].partition("=")
        if name in options:
            if not eq:
                i += 1
                value = args[i] if i < len(args) else ""
            named.extend(value.split(split) if split else [value])
        elif name in _UNNAMED:
            unnamed.append(("unread", _UNNAMED[name], None))  # a file or folder of the user's
            if not eq:
                i += 1
        elif not args[i].startswith("-"):
            break  # the first positional ends the launcher's own options
        elif not eq and name in value_opts:
            i += 1  # another option's value
        i += 1
    out: list[tuple[str, str, str | None]] = []
    for value in named[1:] if skip_first else named:
        package, version = parse(value) if value.strip() else (None, None)
        if package is not None:
            out.append((kind, package, version))
        elif value.strip():
            out.append(("unread", "a package given by path or URL", None))
    return tuple(out + unnamed)


# a launcher's options that name the package index it fetches from (a URL or folder, not a server)
_NPM_FAMILY = {"npx", "bunx", "pnpx", "pnpm", "yarn", "npm", "bun"}
_PY_FAMILY = {"uvx", "uv", "pipx"}
_PY_INDEX = {"--index-url", "-i", "--index", "--extra-index-url", "--default-index", "--find-links", "-f"}


# environment variables (names only: values are never read) that make a launcher fetch from another index,
# read another config that may, or load code into whatever runs: the same as --registry or --index-url
_NPM_INDEX_ENV = {
    "NPM_CONFIG_REGISTRY", "NPM_CONFIG_USERCONFIG", "NPM_CONFIG_GLOBALCONFIG", "YARN_NPM_REGISTRY_SERVER",
    "YARN_REGISTRY", "BUN_CONFIG_REGISTRY",
}  # fmt: skip
_PY_INDEX_ENV = {
    "UV_INDEX_URL", "UV_EXTRA_INDEX_URL", "UV_INDEX", "UV_DEFAULT_INDEX", "UV_FIND_LINKS", "UV_CONFIG_FILE",
    "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CONFIG_FILE",
}  # fmt: skip


# variables that make uvx or pipx run what their own folders hold (a cache or tools folder seeded by hand)
_PY_HELD_ENV = {
    "UV_CACHE_DIR": "packages from the cache {where} names",
    "UV_OFFLINE": "packages from uv's cache, unchecked with the index ({where})",
    "UV_TOOL_DIR": "packages from the folder {where} names",  # uvx runs a tool installed there
    "PIPX_HOME": "packages from the folder {where} names",  # pipx run reuses the environments cached there
    "PIPX_SHARED_LIBS": "packages from the folder {where} names",  # the pip pipx installs with
}


# variables that move the folders a launcher reads its settings from and keeps its cache in (another home: its
# own ~/.npmrc, uv.toml, pip.conf and caches), or npm's global prefix (whose installed packages npx runs)
HOME_MOVED = "packages from the settings and cache of the folder {where} names"
_HOME_ENV = frozenset({"HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "XDG_CONFIG_HOME"})
_NPM_HOME_ENV = {**dict.fromkeys(_HOME_ENV, HOME_MOVED), "PREFIX": CODE_SETTINGS["prefix"]}
_PY_HOME_ENV = dict.fromkeys(_HOME_ENV | {"XDG_CACHE_HOME", "XDG_DATA_HOME"}, HOME_MOVED)


# variables that make docker or podman run the image on another daemon (another machine's, which then sees every
# message the client and the server exchange), or read the config that names one (its current context): as
# `docker -H ssh://...` on the line. Names only: a value is never read
DAEMON_ENV = frozenset({
    "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "CONTAINER_HOST", "CONTAINER_CONNECTION", "CONTAINERS_CONF",
    "CONTAINERS_CONF_OVERRIDE", "PODMAN_CONNECTIONS_CONF",
})  # fmt: skip
DAEMON_MOVED = "runs its image on the container daemon {where} names (another machine's, maybe)"
# the endings of a variable's name that move the host a package or image talks to (GITHUB_HOST, GITLAB_API_URL,
# OPENAI_BASE_URL, AZURE_OPENAI_ENDPOINT): its value is never read, so which host cannot be known, as an
# address on the line would be (`--gh-host https://...`, judged by its host). Said only of a server whose
# identity is a package or an image (only an approved one's verdict changes: it is no longer approvable); a
# plain ``*_URL`` (DATABASE_URL, JIRA_URL) names what the server is for, and is not counted
HOST_ENDINGS = ("_HOST", "_HOSTNAME", "_BASE_URL", "_API_URL", "_API_BASE", "_ENDPOINT", "_SERVER_URL")
HOST_MOVED = "connects to the host {where} names, which cannot be known"
# the variables (any case) that send a program's web traffic through a proxy: every host it talks to is then
# reached through a host that cannot be known, as one a *_HOST name moves. NO_PROXY alone moves nothing
PROXY_ENV = frozenset({"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"})
PROXY_MOVED = "sends its traffic through the proxy {where} names, which cannot be known"
# podman's `run --env-host`: every variable of the client's environment, a proxy or a host among them
ENV_HOST_MOVED = (
    "hands its container the client's whole environment (--env-host), whose proxy and hosts cannot be known"
)


def container_env_extras(env_names: Iterable[str]) -> tuple[tuple[str, str, str | None], ...]:
    """What the variables a docker or podman line hands its container (``-e NAME``, ``--env-file``) change
    about where an approved image talks to, by their names alone: a host (:data:`HOST_ENDINGS`, ``DOCKER_HOST``
    among them) or a proxy (:data:`PROXY_ENV`), neither of which can be known."""
    out: list[tuple[str, str, str | None]] = []
    for name in env_names:
        upper = name.upper()
        if upper in PROXY_ENV:
            out.append(("unread", PROXY_MOVED.format(where=name), None))
        elif upper.endswith(HOST_ENDINGS):
            out.append(("unread", HOST_MOVED.format(where=name), None))
    return tuple(dict.fromkeys(out))


def env_extras(env_names: Iterable[str], ident: Identity) -> tuple[tuple[str, str, str | None], ...]:
    """What a server's environment changes about what it runs, by the variables' names alone (``unread``: no
    rule can name it): another package index for the launcher's packages, a library loaded into it, one
    of npm's settings that runs something beside its package or takes it from a cache
    (``npm_config_script_shell``, any case: see :mod:`.npm_config`), another home for the launcher
    (``HOME``: another ``~/.npmrc``, another cache), another container daemon for an image
    (:data:`DAEMON_ENV`), or another host for a package or image (:data:`HOST_ENDINGS`)."""
    out: list[tuple[str, str, str | None]] = []
    kinds: set[str | None] | None = None
    for name in env_names:  # most servers name a token or two: one set lookup each
        upper = name.upper()
        if upper in LOADER_VARIABLES:  # LD_PRELOAD, NODE_OPTIONS (--require), PYTHONPATH ...
            out.append(("unread", loaded_by(name), None))
            continue
        if upper in DAEMON_ENV or upper.endswith(HOST_ENDINGS) or upper in PROXY_ENV:
            if kinds is None:
                kinds = {ident.npm and "npm", ident.pypi and "pypi", *(k for k, _, _ in ident.extra)}
            if upper in DAEMON_ENV and (ident.docker or "docker" in kinds):
                out.append(("unread", DAEMON_MOVED.format(where=name), None))
            elif ident.npm or ident.pypi or ident.docker:
                out.append(("unread", (PROXY_MOVED if upper in PROXY_ENV else HOST_MOVED).format(where=name), None))
            continue
        npm_index = upper in _NPM_INDEX_ENV or (upper.startswith("NPM_CONFIG_@") and upper.endswith(":REGISTRY"))
        setting = env_setting(name) if upper[:11] == "NPM_CONFIG_" and not npm_index else None
        npm_code = setting in CODE_SETTINGS
        if (
            npm_index
            or npm_code
            or upper in _PY_INDEX_ENV
            or upper in _PY_HELD_ENV
            or upper in _NPM_HOME_ENV
            or upper in _PY_HOME_ENV
        ):
            if kinds is None:
                kinds = {ident.npm and "npm", ident.pypi and "pypi", *(k for k, _, _ in ident.extra)}
            if "npm" in kinds and npm_index:
                out.append(("unread", f"packages from an index its environment names ({name})", None))
            elif "npm" in kinds and setting is not None and npm_code:
                out.append(("unread", CODE_SETTINGS[setting].format(where=name), None))
            elif "npm" in kinds and upper in _NPM_HOME_ENV:
                out.append(("unread", _NPM_HOME_ENV[upper].format(where=name), None))
            elif "pypi" in kinds and upper in _PY_HOME_ENV:
                out.append(("unread", _PY_HOME_ENV[upper].format(where=name), None))
            elif "pypi" in kinds and upper in _PY_INDEX_ENV:
                out.append(("unread", f"packages from an index its environment names ({name})", None))
            elif "pypi" in kinds and upper in _PY_HELD_ENV:
                out.append(("unread", _PY_HELD_ENV[upper].format(where=name), None))
    return tuple(out)


LOCAL_INDEX = "packages from an index in a local folder or file"
NPM_ELSEWHERE = "a package npm fetches from outside the registry (a git repository, a URL, a file or a folder)"
PY_ELSEWHERE = "a package fetched from outside the package index (a git repository, a URL, a file or a folder)"
HIDDEN_NAME = "a package named by a word the line's redaction hides (it may be a secret)"


_NO_NAME = ("unread", *LAUNCHER_KINDS)  # extras that name no package (a launcher's path is looked at)


def without_secrets(ident: Identity, args: list[str], shown: tuple[str, ...]) -> Identity:
    """``ident``, unless a name in it came from an argument :func:`~.redact.redact_args` hid (``npx --api-key
    T`` reads T as the package): a secret is never shown as a package. Such a name is no package a rule may
    approve: it becomes an unread item (the default, never approved)."""
    names = [n for n in (ident.npm, ident.pypi, ident.docker) if n]
    names += [e[1] for e in ident.extra if e[0] not in _NO_NAME and e[1]]
    if not names:
        return ident
    hidden = [
        _normal_name(raw.partition("=")[2] if raw[:1] == "-" else raw)
        for raw, out in zip(args, shown, strict=False)  # past MAX_ARGS nothing is shown
        if type(raw) is str and raw != out
    ]
    if not any(h.startswith(_normal_name(n)) for h in hidden for n in names):
        return ident
    kept = tuple(
        e for e in ident.extra if e[0] in _NO_NAME or not any(h.startswith(_normal_name(e[1])) for h in hidden)
    )
    return Identity(None, None, None, None, ident.url_host, (*kept, ("unread", HIDDEN_NAME, None)))


_NAME_SEPARATORS = re.compile(r"[-_.]+")  # PyPI's normalization (PEP 503), used for every name here


def _normal_name(text: str) -> str:
    return _NAME_SEPARATORS.sub("-", text.strip().lower())


# where launchers fetch packages by default: an index other than these (or a company's own, listed in
# ``[mcp] registries``) serves whatever it likes under an approved name
PUBLIC_REGISTRIES = ("registry.npmjs.org", "registry.yarnpkg.com", "pypi.org", "files.pythonhosted.org")


def index_extra(host: str) -> tuple[str, str, str | None]:
    """The extra a package index other than the public registry makes: ("index", its host, None), which the
    policy's ``[mcp] registries`` may allow, or (``unread``) one in a local folder or file, which it cannot."""
    return ("index", host, None) if host else ("unread", LOCAL_INDEX, None)


# a launcher's own options that name a file of settings or pins, which may send it to another index or pin a
# package to a URL: what it then installs is nothing a rule can name (looked at before the package only)
_NPM_CONFIG_FILES = {"userconfig", "globalconfig", "prefix"}  # npm's settings; prefix: a folder whose packages run
_PY_SOURCE_FILES = {"--config-file", "--constraints", "-c", "--overrides", "--build-constraints", "-b"}
SOURCE_FILE = "packages from where a settings or pins file (or a folder) of its own sends it"
# uv's own cache: a cache seeded by hand serves what it holds, and --offline takes it as it is
_PY_CACHE = "--cache-dir"
_PY_OFFLINE = "--offline"
UV_OFFLINE = "packages from uv's cache, unchecked with the index ({where})"
CACHE_NAMED = "packages from the cache {where} names"


_SUBCOMMANDS = {"run", "tool", "dlx", "exec", "x"}  # pipx run, uv tool run, pnpm dlx, npm exec, bun x


# every option _moves_source may count (the quick test before it)
_PY_MOVERS = {*_PY_INDEX, *_PY_SOURCE_FILES, "--pip-args", _PY_CACHE, _PY_OFFLINE}


def _moves_source(name: str, launcher_option: bool) -> bool:
    """Whether the option ``name`` changes where a PyPI launcher gets packages (or what it runs them from)."""
    return name in _PY_INDEX or (
        launcher_option and (name in _PY_SOURCE_FILES or name in ("--pip-args", _PY_CACHE, _PY_OFFLINE))
    )


def _without_indexes(args: list[str]) -> tuple[list[str], list[tuple[str, str, str | None]]]:
    """``args`` (a PyPI launcher's) without the options that change where packages come from (and their
    values), and what each makes: an index (``index_extra``: its host, or a local folder), a settings file or
    a cache (``unread``). pipx's ``--pip-args`` are read for pip's own index options."""
    kept: list[str] = []
    moved: list[tuple[str, str, str | None]] = []
    positional = False
    i = 0
    while i < len(args):
        name, eq, value = str(args[i]).partition("=")
        if _moves_source(name, not positional):
            if name == _PY_OFFLINE:  # a switch: it takes no value
                moved.append(("unread", UV_OFFLINE.format(where=name), None))
                i += 1
                continue
            if not eq:
                i += 1
                value = str(args[i]) if i < len(args) else ""
            if name == "--pip-args":
                words = value.split()
                moved += _without_indexes(words)[1]
                if any(w.partition("=")[0] in ("-c", "--constraint", "-r", "--requirement") for w in words):
                    moved.append(("unread", SOURCE_FILE, None))
            elif name in _PY_SOURCE_FILES:
                moved.append(("unread", SOURCE_FILE, None))
            elif name == _PY_CACHE:
                moved.append(("unread", CACHE_NAMED.format(where=name), None))
            else:
                moved.append(index_extra((url_host(value) if web_url(value) is not None else None) or ""))
        else:
            positional = positional or not (name.startswith("-") or name in _SUBCOMMANDS)
            kept.append(args[i])
        i += 1
    return kept, moved


def _npm_moved(line: NpmLine) -> tuple[list[tuple[str, str, str | None]], set[int]]:
    """What npm's own settings on a launcher line change about where its packages come from and what runs
    beside them (another registry, a settings file, a cache, a script shell, NODE_OPTIONS: see
    :mod:`.npm_config`), and the words they were read from. Each is named as npm names it, never by its
    value (``--shell``, ``--script-sh`` and ``--script-shell=…`` are all ``--script-shell``)."""
    moved: list[tuple[str, str, str | None]] = []
    used: set[int] = set()
    for setting in line.settings:
        key = setting.key
        if key == "registry" or key.endswith(":registry"):
            value = setting.value or ""
            moved.append(index_extra((url_host(value) if web_url(value) is not None else None) or ""))
        elif key in _NPM_CONFIG_FILES:
            moved.append(("unread", SOURCE_FILE, None))
        elif key in CODE_SETTINGS and (key not in SWITCH_SETTINGS or setting.on):
            moved.append(("unread", CODE_SETTINGS[key].format(where=f"--{key}"), None))
        else:
            continue
        used |= setting.words
    return moved, used


_SHELLS = {"sh", "bash", "zsh", "dash", "ksh", "ash", "fish"}
_POWERSHELL = {"powershell", "pwsh"}
_WRAPPERS = _SHELLS | _POWERSHELL | {"cmd", "env"}
# what ends one command of a line and starts the next (lists, pipes, subshells, groups, negation)
_SEPARATORS = {"&&", "||", ";", ";;", "|", "|&", "&", "(", ")", "{", "}", "!", "\n"}
_REDIRECTS = {">", ">>", "<", "<<", "<<<", ">&", "<&", "&>", "&>>", ">|", "<>"}  # each with the word after it
# builtins that start no program: `cd /src && npx -y pkg` runs one thing
_NO_PROGRAM = {
    "cd", "pushd", "popd", "export", "set", "unset", "setlocal", "endlocal", "chcp", "true", "false", ":",
    "echo", "@echo", "umask", "ulimit", "rem", "cls", "set-location", "test", "[", "[[", "]]", "which", "type",
    "hash", "exit", "return", "wait", "read", "shift", "sleep", "fi", "done", "esac", "for", "case",
}  # fmt: skip
# each runs the words after it (shell keywords included: `if [ -d x ]; then npx ...; fi`)
_PREFIXES = {
    "exec", "command", "builtin", "nohup", "time", "call", "if", "then", "else", "elif", "do", "while", "until",
}  # fmt: skip
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\+?=")  # NAME=value before a command (its environment)
# a prefix's options that take the next word as their value, unless written with it (exec -a NAME: the name
# the program is given; GNU time -o FILE, -f FORMAT): the word after them is no program
_PREFIX_VALUES = {"exec": ("a", ()), "time": ("fo", ("--output", "--format"))}


def _prefix_option_words(prefix: str, word: str) -> int:
    """How many words the option ``word`` of ``prefix`` is: 2 when it takes the next word as its value."""
    letters, long_names = _PREFIX_VALUES.get(prefix, ("", ()))
    if word.startswith("--"):
        return 2 if word in long_names else 1
    # short flags run together (exec -cla NAME): the first that takes a value takes the rest, or the next word
    flags = word[1:]
    at = next((i for i, c in enumerate(flags) if c in letters), -1)
    return 2 if at == len(flags) - 1 else 1


# a shell runs what these produce before the line is read: no rule can name it
_SUBSTITUTIONS = ("$(", "`", "<(", ">(")
SUBSTITUTED = "what a command substitution ($(...) or `...`) produces"
MAX_WRAPPERS = 4  # cmd /c sh -c "env X=1 npx ...": deeper nesting is read no further
MAX_COMMANDS = 32  # commands of one line judged one by one; what a longer line runs past them is unread
MORE_COMMANDS = f"what a line of more than {MAX_COMMANDS} commands runs past them"
_MORE = "\0more"  # stands for the commands past MAX_COMMANDS
_SUBSTITUTION = "\0substitution"  # stands for what a command substitution runs (npx -c "... $(x)")
_BREAKS = re.compile(r"(\n)")
_OPERATORS_ONLY = re.compile(r"^[();<>|&\n]+$")
MAX_LINE_CHARS = 4000  # a command-line string longer than this is not read: the wrapper stays the identity


def _words(line: str, posix: bool = True) -> list[str] | None:
    """A command line as words (quotes as a shell takes them; unbalanced quotes: plain whitespace); None for
    one too long to read whole (splitting is slow, and a cut line could hide what follows the cut)."""
    if len(line) > MAX_LINE_CHARS:
        return None
    # operators are words of their own even when written against a name (`pkg;evil`, `a&&b`), as a shell
    # reads them; quoted text stays one word
    # a line break outside quotes ends a command, as `;` does (`a\nb` runs both): a word of its own
    lexer = shlex.shlex(line, posix=posix, punctuation_chars="();<>|&\n")
    lexer.whitespace = " \t\r"
    lexer.whitespace_split = True
    if not posix:
        lexer.commenters = ""  # cmd has no comments: `pkg #x & other.exe` runs other.exe
    try:
        words = list(lexer)
    except ValueError:
        words = line.split()
    if "\n" in line:  # operators run together (`&&\n`): the line break a word of its own
        words = [piece for w in words for piece in (_BREAKS.split(w) if _OPERATORS_ONLY.match(w) else [w]) if piece]
    return words if posix else [w.strip('"') for w in words]


def _unwrapped(prog: str, args: list[str]) -> list[str] | None:
    """The command line that a wrapper runs (``cmd /c``, ``sh -c``, ``env``, ``powershell -Command``) as
    words, or None when ``prog`` with ``args`` is no such wrapper. Windows clients are told to write
    ``"command": "cmd", "args": ["/c", "npx", "-y", "pkg"]``: the server is what follows."""
    if prog == "cmd":
        for i, a in enumerate(args):
            if a.lower() in ("/c", "/k", "/r"):
                # cmd reads one command line: the client joins the arguments (quoting those with spaces), so
                # an operator inside one (`pkg&evil.exe`) is an operator all the same
                rest = args[i + 1 :]
                if len(rest) > 1:
                    rest = [" ".join(f'"{a}"' if (" " in a or "\t" in a) and '"' not in a else a for a in rest)]
                return _words(rest[0], posix=False) if rest else None
            if not a.startswith("/"):
                return None
        return None
    if prog in _SHELLS:
        for i, a in enumerate(args):
            if not a.startswith("-"):
                return None  # a script file: what it runs is not on this line
            if not a.startswith("--") and "c" in a[1:]:  # -c, -lc, -ic
                return _words(args[i + 1]) if i + 1 < len(args) else None
        return None
    if prog == "env":
        assigned: list[str] = []  # kept before the command, as a shell line's own: their names are looked at
        i = 0
        while i < len(args):
            a = args[i]
            if a in ("-S", "--split-string") and i + 1 < len(args):
                words = _words(args[i + 1])
                return None if words is None else assigned + words + args[i + 2 :]
            # options that take the next word: -P (BSD env: where to look for a bare name) and -a (GNU env's
            # argv0) too, else `env -a /opt/x/guard /tmp/evil` would read the name it gives as the program
            if a in ("-u", "--unset", "-C", "--chdir", "-P", "-a", "--argv0"):
                i += 2
            elif a.startswith("-") or "=" in a:
                if _ASSIGNMENT.match(a):
                    assigned.append(a)
                i += 1
            else:
                return assigned + args[i:]
        return None
    if prog in _POWERSHELL:
        for i, a in enumerate(args):
            if a.lower() in ("-command", "-c"):
                return _words(" ".join(args[i + 1 :]))
        return None
    return None


# programs whose line is read for what runs (a launcher's package, a wrapper's command): written as a path, the
# file there is what runs, and it is the program its name says only where the disk shows it (.launchers)
_READ_BY_NAME = _NPM_FAMILY | _PY_FAMILY | DOCKER | _WRAPPERS
READ_BY_NAME = _READ_BY_NAME  # (for .launchers: a bare name of these is looked for on the search path)


def identify(command: str | None, args: list[str], url: str | None, depth: int = 0) -> Identity:
    """What a server runs: see the module. A wrapper's command line (``cmd /c``, ``sh -c "a && b"``, ``env``)
    is read for what it runs; each command it chains is judged, the first with an identity as the server.
    A launcher or wrapper written as a path (``/home/u/tools/npx``) is that file: it is marked to be looked
    at on the disk (:data:`LAUNCHER`)."""
    ident = _identify(command, args, url, depth)
    if command and (ident.npm or ident.pypi or ident.docker or ident.extra):
        prog = program_name(command)
        if prog in _READ_BY_NAME:
            if "/" in command or "\\" in command:
                kind = LAUNCHER if depth == 0 else LAUNCHER_IN_LINE
                return ident._replace(extra=(*ident.extra, (kind, redact_word(command)[:MAX_WRITTEN_CHARS], prog)))
            if depth > 0 and len(command) <= 100:  # a bare name in a line: looked for on the search path
                return ident._replace(extra=(*ident.extra, (LAUNCHER_BARE, command, prog)))
    return ident


def identify_line(command: str, args: list[str], url: str | None) -> Identity:
    """What a server whose ``command`` is a line of words (``"npx -y mcp-remote https://..."``, see
    :func:`~.redact.command_line`) runs. Clients differ: Claude Code, VS Code and the MCP SDK's clients start
    the command as one program's name, which is no file (nothing runs) unless a file has that whole name;
    Zed starts servers through the system shell (``util::shell_builder``), and its versions that do not quote
    the command (late 2025; later ones for an entry without args) have the shell read the line and run
    its words. So the line is read as a shell reads it (``sh -c``, or ``cmd /c`` for a line that writes a
    Windows path), each command it chains judged as a wrapper's are, never more leniently than its words: and
    a file named by the whole line is looked for on the disk (:data:`WHOLE_COMMAND`)."""
    if "\\" in command or _DRIVE_PATH.match(command):  # C:\\Corp\\x.exe --flag: cmd's reading keeps backslashes
        quoted = [f'"{a}"' if (" " in a or "\t" in a) and '"' not in a else a for a in args]
        ident = identify("cmd", ["/c", " ".join([command, *quoted])], url)
    else:
        ident = identify("sh", ["-c", " ".join([command, *map(shlex.quote, args)])], url)
    if len(command) > MAX_LINE_CHARS:  # not read: what it runs is nothing a rule can name
        ident = ident._replace(extra=(*ident.extra, ("unread", LONG_COMMAND, None)))
    words = _words(command) or []
    guessed = redact_args([*words, *args])
    if guessed != (*words, *args):  # a package named by a word a guess hides is no package (as for args)
        ident = without_secrets(ident, [*words, *args], guessed)
    written = command if len(command) <= MAX_WRITTEN_CHARS and guessed[: len(words)] == tuple(words) else ""
    return ident._replace(extra=(*ident.extra, (WHOLE_COMMAND, written, None)))


_DRIVE_PATH = re.compile(r"^[A-Za-z]:[\\/]")
LONG_COMMAND = f"what a command line of more than {MAX_LINE_CHARS} characters runs (not read)"


def _identify(command: str | None, args: list[str], url: str | None, depth: int) -> Identity:
    prog = program_name(command) if command else ""
    if depth < MAX_WRAPPERS and prog in _WRAPPERS:
        inner = _unwrapped(prog, list(args))
        if inner is not None:
            ident = _chained(inner, url, depth + 1)
            if (prog in _SHELLS or prog in _POWERSHELL) and any(
                sub in a for a in args if isinstance(a, str) for sub in _SUBSTITUTIONS
            ):
                ident = ident._replace(extra=(*ident.extra, ("unread", SUBSTITUTED, None)))
            return ident
    if (
        prog in _PY_FAMILY
        and any(  # most lines have no such option: one set lookup per option, no call
            type(a) is str and a[:1] == "-" and a.partition("=")[0] in _PY_MOVERS for a in args
        )
    ):
        # the package comes from that index, not the public registry a rule's name means: never approved by
        # it, and the index is where packages come from, not a server the launcher connects to
        kept, py_moved = _without_indexes(list(args))
        if py_moved:  # (an option that only counts before the package may come after it: nothing moved then)
            ident = _identify(command, kept, url, depth)
            return ident._replace(extra=ident.extra + tuple(dict.fromkeys(py_moved)))
    rest = list(args)
    dlx = ""
    if prog in DLX_LAUNCHERS and rest and rest[0] in DLX_LAUNCHERS[prog]:
        dlx, rest = prog, rest[1:]
    line = None
    words = args
    moved: list[tuple[str, str, str | None]] = []
    if (prog in NPM_LAUNCHERS or dlx) and len(rest) > MAX_LAUNCHER_WORDS:
        return Identity(None, None, None, None, read_host(url) if url else None, (("unread", LONG_LINE, None),))
    if prog in NPM_LAUNCHERS or dlx:
        # npm's own settings, read as npm reads them: a registry, a settings file, a cache, a script shell...
        line = read_npm_line(rest, exec_form=dlx == "npm", switches=_OWN_SWITCHES.get(dlx or prog, frozenset()))
        moved, used = _npm_moved(line)
        if used:  # the words they were read from name no server address
            words = [a for i, a in enumerate(args) if i - (len(args) - len(rest)) not in used]
    # the remote host: the URL's (read_host: a host, or why none can be known), else a stdio bridge's
    host = read_host(url) if url else None
    if host is None:  # any program given a web URL connects to it, as far as a rule can tell
        hosts: list[str] = []
        for a in words:
            given = web_url(a) if type(a) is str and ":" in a else None  # (a URL names its scheme with a colon)
            if given is not None:
                found = read_host(given)
                if found is not None and found not in hosts:
                    hosts.append(found)
        # two hosts (a proxy given the gateway and another): which one serves cannot be told
        host = SEVERAL_HOSTS if len(hosts) > 1 else hosts[0] if hosts else None
    if not command:
        return Identity(None, None, None, None, host)
    if not url and prog in BRIDGES and (host is None or BRIDGES[prog]):  # a bridge run by its own name
        host = _bridge_host(prog, list(args)) or host
    if line is not None:
        ident = _npm_identity(line, rest, words[len(args) - len(rest) :], url, host, depth)
        return ident._replace(extra=ident.extra + tuple(dict.fromkeys(moved))) if moved else ident
    if prog == "uv" and rest[:2] == ["tool", "run"]:
        prog, rest = "uvx", rest[2:]
    if prog == "pipx" and rest[:1] == ["run"]:
        prog, rest = "uvx", rest[1:]
    if prog in PYPI_LAUNCHERS:
        spec, _ = _first_positional(rest, _PY_VALUE_OPTS, _PY_EXPLICIT)
        name, version = _py_spec(spec) if spec else (None, None)
        if name in BRIDGES and not url and (host is None or BRIDGES[name]):  # (else: the URL found above)
            host = _bridge_host(name, rest) or host
        extra = _extra(rest, _PY_WITH, _PY_VALUE_OPTS, "pypi", _py_spec, skip_first=False, split=",")
        if name is None and spec and spec.strip():  # a package no rule can name: never approved
            extra = (("unread", PY_ELSEWHERE, None), *extra)
        python = _option_value(rest, _PY_PYTHON, _PY_VALUE_OPTS)
        if python and ("/" in python or "\\" in python):  # an interpreter by path: looked at as a launcher is
            kind = LAUNCHER if depth == 0 else LAUNCHER_IN_LINE
            extra = (*extra, (kind, redact_word(python)[:MAX_WRITTEN_CHARS], "python"))
        return Identity(None, name, None, version, host, extra)
    if prog in DOCKER:
        rest = _docker_words(rest)
        image, tag, entrypoint = _docker_image(rest)
        # an entrypoint of the line's own runs instead of the image's: judged as a command beside the image
        ran = (("command", entrypoint, None),) if entrypoint else ()
        return Identity(None, None, image, tag, host, ran + _container_env(rest) if image else ran)
    return Identity(None, None, None, None, host)


def _container_env(rest: list[str]) -> tuple[tuple[str, str, str | None], ...]:
    """What a docker or podman run line hands its container that moves where it talks to: ``-e NAME`` (its
    value the client's, unknown), ``-e NAME=value`` unless the value is a web URL (whose host is read as any
    URL on the line is: ``GITHUB_HOST=ghe.example`` names a host no rule sees), and each
    file ``--env-file`` names, marked to be read for its names at scan time (:data:`DOCKER_ENV_FILE`); podman's
    ``--env-host``, the whole environment. ``rest``: one option to a word (:func:`_docker_words`)."""
    if not any(type(a) is str and a[:2] in ("-e", "--") for a in rest):
        return ()
    passed: list[str] = []
    files: list[tuple[str, str, str | None]] = []
    whole: tuple[tuple[str, str, str | None], ...] = ()
    i = 0
    while i < len(rest):
        a = rest[i]
        value: str | None = None
        if a in ("--env-host", "--env-host=true"):
            whole = (("unread", ENV_HOST_MOVED, None),)
        if a in ("-e", "--env", "--env-file"):
            value = rest[i + 1] if i + 1 < len(rest) else None
            i += 1
        elif a.startswith(("--env=", "--env-file=")) or (a.startswith("-e") and not a.startswith("--")):
            value = a.partition("=")[2] if a.startswith("--") else a[2:].removeprefix("=")
        if value is not None:
            if a.startswith("--env-file"):
                files.append((DOCKER_ENV_FILE, redact_word(value)[:MAX_WRITTEN_CHARS], None))
            else:  # `-e NAME` (the client's value) or `-e NAME=value`: a URL there is read for its host already
                name, eq, given = value.partition("=")
                if not eq or web_url(given) is None:
                    passed.append(name)
        i += 1
    return whole + container_env_extras(passed) + tuple(dict.fromkeys(files))


def _npm_identity(
    line: NpmLine, rest: list[str], kept: list[str], url: str | None, host: str | None, depth: int
) -> Identity:
    """The identity of an npm launcher's line (``rest``: its words after ``npx`` or ``npm exec``; ``kept``:
    those but the settings :func:`_npm_moved` counts), read as npm reads it
    (:func:`~.npm_config.read_npm_line`): the package is the first word npm runs, or the first
    ``--package``; more ``--package`` options are more packages; with ``--package`` the word npm runs is a
    command, judged when it runs something else (:func:`_npm_runs`)."""
    packages = [s.value for s in line.settings if s.key == "package" and s.value is not None]
    runs = [rest[i] for i in line.runs]
    spec = packages[0] if packages else (runs[0] if runs else None)
    name, version = _npm_spec(spec) if spec else (None, None)
    extra: list[tuple[str, str, str | None]] = []
    if name is None and spec and spec.strip():  # a package no rule can name: never approved
        extra.append(("unread", NPM_ELSEWHERE, None))
    if line.ambiguous:
        extra.append(("unread", AMBIGUOUS, None))
    if name in BRIDGES and not url and (host is None or BRIDGES[name]):  # (else: the URL found above)
        host = _bridge_host(name, kept) or host
    calls = [s.value or "" for s in line.settings if s.key == "call"]
    if not packages and not calls:
        return Identity(name, None, None, version, host, tuple(extra))  # positional: hundreds of times a scan
    for value in packages[1:]:
        package, pinned = _npm_spec(value) if value.strip() else (None, None)
        if package is not None:
            extra.append(("npm", package, pinned))
        elif value.strip():
            extra.append(("unread", "a package given by path or URL", None))
    ran, ran_host = _npm_runs(calls, runs if packages else [], url, depth)
    return Identity(name, None, None, version, host or ran_host, (*extra, *ran))


# stdio bridges to a remote server, by package or program name: the options that name the URL it connects to
# (none: it is the first argument that is a URL or a placeholder). Its host is read from there, not from
# another URL on the line (supergateway's --baseUrl is its own address), and a placeholder there makes it a
# host aicheck cannot know (read_host), never one a rule approves
BRIDGES: dict[str, tuple[str, ...]] = {
    "mcp-remote": (),
    "supergateway": ("--sse", "--streamableHttp"),  # its --stdio mode serves a local server: no URL option
    "mcp-proxy": (),  # (PyPI's, sparfenyuk/mcp-proxy: a URL, or a command to serve)
}


def _bridge_host(name: str, args: list[str]) -> str | None:
    """The host the bridge ``name`` connects to, from ``args`` (its line, launcher options included; see
    :data:`BRIDGES`), or None when the line gives it no URL (another mode, or none at all)."""
    words = [a for a in args if type(a) is str]
    options = BRIDGES[name]
    value: str | None = None
    if options:
        for i, a in enumerate(words):
            flag, eq, given = a.partition("=")
            if flag in options:
                value = given if eq else (words[i + 1] if i + 1 < len(words) else "")
                break
    else:  # its URL, or else what a placeholder stands for
        value = next((u for u in map(web_url, words) if u is not None), None)
        if value is None:
            value = next((a for a in words if has_placeholder(a)), None)
    return None if value is None else read_host(value)


def _commands(words: list[str]) -> list[tuple[tuple[str, ...], list[str]]]:
    """The simple commands of a wrapper's line (``a && b; c | d``), each as the names its leading
    ``NAME=value`` assignments set (values dropped) and the words that run a program: redirections,
    assignments and prefixes such as ``exec`` or ``nohup`` left out."""
    out: list[tuple[tuple[str, ...], list[str]]] = []
    current: list[str] = []
    i = 0
    while i <= len(words):
        word = words[i] if i < len(words) else ";"
        if word in _SEPARATORS:
            if current[:1] == ["command"] and current[1:2] in (["-v"], ["-V"]):
                current = []  # `command -v npx`: a lookup, nothing run
            names: list[str] = []
            while current and (current[0] in _PREFIXES or _ASSIGNMENT.match(current[0])):
                prefix = current[0]
                if prefix not in _PREFIXES:
                    names.append(prefix.split("=", 1)[0].rstrip("+"))
                current = current[1:]
                while prefix in _PREFIXES and current and current[0].startswith("-"):
                    # the prefix's own options, with the value some take (`exec -a name prog` runs prog)
                    current = current[_prefix_option_words(prefix, current[0]) :]
            if current:
                out.append((tuple(names), current))
            current = []
        elif word in _REDIRECTS:
            i += 1  # the file it redirects to
        else:
            current.append(word)
        i += 1
    if len(out) > MAX_COMMANDS:  # judged one by one, a line of thousands would make thousands of extras
        out = [*out[:MAX_COMMANDS], ((), [_MORE])]
    return out


# programs that run code they are given: behind `npx -p pkg` (whose positional word is a command, usually the
# package's own) or in `npx -c "..."`, one of these runs something else than the package
_RUNNERS = _SHELLS | _POWERSHELL | NPM_LAUNCHERS | PYPI_LAUNCHERS | DOCKER | {
    "cmd", "env", "node", "deno", "bun", "python", "python3", "py", "perl", "ruby", "curl", "wget", "eval",
}  # fmt: skip


# programs whose line says what else runs: an interpreter given a script or code, a launcher given a package, a
# wrapper given a command. Approved by where it is (an [mcp] rule's path), such a program would approve
# whatever it is given: see surface_policy's trusts_command
_GIVEN_CODE = _RUNNERS | set(DLX_LAUNCHERS) | {
    "nodejs", "pypy", "pypy3", "php", "java", "osascript", "lua", "rscript", "tclsh", "wish", "awk", "gawk",
    "xargs", "sudo", "doas", "nohup", "exec", "time", "nice", "timeout", "uv", "pipx", "pip", "gem", "go",
    "cargo", "dotnet", "wsl", "busybox", "start", "wscript", "cscript", "mshta", "rundll32", "conda", "mamba",
}  # fmt: skip
_VERSIONED = re.compile(r"^(?:python|pypy|node|ruby|perl|php|lua)[0-9.]*[mw]?$")


def runs_what_it_is_given(command: str) -> bool:
    """Whether ``command`` is an interpreter, a launcher or a wrapper: a program that runs the script, code,
    package or command its line gives it (``python3.12``, ``node.exe``, ``npx``, ``sh``)."""
    name = program_name(command)
    return name in _GIVEN_CODE or _VERSIONED.match(name) is not None


def _npm_runs(
    calls: list[str], command: list[str], url: str | None, depth: int
) -> tuple[tuple[tuple[str, str, str | None], ...], str | None]:
    """What an npx line runs besides its packages: the shell lines of ``-c``/``--call`` (``calls``) and, with
    ``--package``, the command npm runs (``command``, with its arguments), when they start one of
    :data:`_RUNNERS` (judged as a wrapper's chained commands are, with the first remote host they name) or a
    program written as a path (``npx -p pkg /home/u/x.sh``: that file, judged by where it is). A command
    substitution in ``-c``'s line is ``unread``. Without ``--package`` the first word npm runs is the package,
    not a command."""
    lines: list[list[str]] = []
    for value in calls:
        words = _words(value)
        lines += [c for _, c in _commands(words)] if words is not None else [["sh"]]
        if any(sub in value for sub in _SUBSTITUTIONS):
            lines.append([_SUBSTITUTION])
    if command:
        lines.append(command)
    out: list[tuple[str, str, str | None]] = []
    host = None
    for words in lines:
        if words == [_SUBSTITUTION]:
            out.append(("unread", SUBSTITUTED, None))
        elif words == [_MORE]:
            out.append(("unread", MORE_COMMANDS, None))
        elif words and program_name(words[0]) in _RUNNERS and depth < MAX_WRAPPERS:
            x = identify(words[0], words[1:], url, depth + 1)
            out += _as_extra(words[0], x)
            if x.url_host and host and x.url_host != host:  # `-c "a https://gw && b https://elsewhere"`
                host = SEVERAL_HOSTS
            host = host or x.url_host
        elif words and ("/" in words[0] or "\\" in words[0]):  # a file of its own, not a package's program
            out.append(("command", redact_word(words[0])[:200], None))
    return tuple(out), host


def _as_extra(program: str, x: Identity) -> list[tuple[str, str, str | None]]:
    """A command judged beside a server: its package and what that brings, or what a wrapper it is runs, or
    else the program itself (``command``)."""
    if x.npm or x.pypi or x.docker:
        kind = "npm" if x.npm else "pypi" if x.pypi else "docker"
        return [(kind, getattr(x, kind), x.version), *x.extra]
    return list(x.extra) if x.extra else [("command", redact_word(program)[:200], None)]


class LineProgram(NamedTuple):
    """A program a shell line runs: its name (``aicheck-guard``), which says nothing of which file it is,
    and its first word as the line writes it (``/opt/acme/bin/aicheck-guard``, ``./aicheck-guard``), which
    may (:mod:`.program_paths`): redacted (:func:`~.redact.redact_word`) and at most
    :data:`MAX_WRITTEN_CHARS` long."""

    name: str
    written: str


MAX_WRITTEN_CHARS = 1200  # past :data:`~.program_paths.MAX_PATH_CHARS`: a longer word is kept as no path


def line_programs(line: str) -> tuple[list[str], bool]:
    """The programs a shell line runs (a hook's command), in order, each once, as program names (``node``,
    ``curl``): wrappers (``bash -c "..."``, ``cmd /c``) read through, builtins that start no program left
    out; and whether the line holds what no rule can name (:func:`line_commands`). Nothing is run: the line
    is read as words."""
    programs, unread = line_commands(line)
    return list(dict.fromkeys(p.name for p in programs)), bool(unread)


# variables that load code into the program a line runs, whatever file it is: a library (LD_PRELOAD), a
# script the shell runs first (BASH_ENV), a module node or the JVM loads (NODE_OPTIONS --require, Java's
# agents), a path Python, Perl or Ruby takes modules from. Set on a hook's line, the approved program runs
# what no rule can name. (PATH is left out: it changes which file a bare name is, which rules see already.)
LOADER_VARIABLES = frozenset({
    "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "DYLD_INSERT_LIBRARIES", "DYLD_LIBRARY_PATH",
    "DYLD_FRAMEWORK_PATH", "BASH_ENV", "ENV", "NODE_OPTIONS", "NODE_PATH", "PYTHONPATH", "PYTHONHOME",
    "PYTHONSTARTUP", "PERL5OPT", "PERL5LIB", "RUBYOPT", "RUBYLIB", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
    "JDK_JAVA_OPTIONS", "DYLD_FALLBACK_LIBRARY_PATH", "PERLLIB", "GCONV_PATH", "OPENSSL_CONF", "PYTHONUSERBASE",
    "PYTHONWARNINGS", "CLASSPATH",
})  # fmt: skip
# bash imports a function from a variable named BASH_FUNC_<name>%%: the command of that name is then that code
_LOADER_NAMED = re.compile(
    r"(?<![\w${])(" + "|".join(sorted(LOADER_VARIABLES, key=len, reverse=True)) + r"|BASH_FUNC_[\w.-]+(?:%%)?)"
    r"(?![\w])"  # as written: a variable's name keeps its case (`env`, the command, is no ENV)
)


def loaded_by(name: str) -> str:
    return f"what {name} loads into it"


def line_commands(line: str) -> tuple[list[LineProgram], str]:
    """:func:`line_programs` with each program's word as written: a name written at two places
    (``/opt/acme/bin/guard && /tmp/x/guard``) is two programs, each judged by where it is; and what the line
    runs that no rule can name, in words ("" for nothing): a command substitution, a line too long to read
    whole, or what a variable the line sets loads into a program (:data:`LOADER_VARIABLES`)."""
    words = _words(line)
    if words is None:
        return [], MORE_COMMANDS
    found: list[LineProgram] = []
    _line_programs(words, found, 0)
    programs = [p for p in dict.fromkeys(found) if p.name not in (_MORE, _LOADER)]
    if any(sub in line for sub in _SUBSTITUTIONS):
        return programs, SUBSTITUTED
    if any(p.name == _MORE for p in found):
        return programs, MORE_COMMANDS
    loader = next((p.written for p in found if p.name == _LOADER), None)
    if loader is None and (m := _LOADER_NAMED.search(line) or _LOADER_NAMED.search(_spelled(line))):
        # named anywhere else on the line: `LD_PRELOAD=x; export LD_PRELOAD; guard`, `set -a; …`, `declare -x`,
        # a wrapper's string; a mention that sets nothing (`unset LD_PRELOAD`) is taken the same way
        loader = m.group(1)
    return programs, loaded_by(loader[:100]) if loader else ""


_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|([0-7]{1,3}))")


def _spelled(line: str) -> str:
    """``line`` as the shell spells its words, for finding a name in it: the escapes of ``$'…'`` decoded
    (``$'LD_PRE\\x4cOAD'``), quotes and backslashes taken out (``LD_PRE''LOAD``, ``LD_PRE\\LOAD``)."""

    def decoded(m: re.Match[str]) -> str:
        hexa, uni, octal = m.groups()
        return chr(int(hexa or uni, 16)) if (hexa or uni) else chr(int(octal, 8) & 0xFF)

    text = _ESCAPE.sub(decoded, line) if "$'" in line else line
    return text.replace("$'", "'").replace("'", "").replace('"', "").replace("\\", "")


_LOADER = "\0loader"  # a found entry standing for a loader variable the line sets (its name as written)


def _line_programs(words: list[str], found: list[LineProgram], depth: int) -> None:
    for names, command in _commands(words):
        if command[0] == _MORE:
            found.append(LineProgram(_MORE, ""))
            continue
        prog = program_name(command[0])
        # `LD_PRELOAD=x guard`, `export LD_PRELOAD=x; guard`, `env LD_PRELOAD=x guard` (read through as a
        # wrapper: its assignments come back as the command's own)
        set_here = [*names, *(a.split("=", 1)[0] for a in command[1:] if prog in ("export", "set") and "=" in a)]
        loader = next((n for n in set_here if n.upper() in LOADER_VARIABLES), None)
        if loader is not None:
            found.append(LineProgram(_LOADER, loader[:100]))
        if prog in _NO_PROGRAM or (command[0].startswith("$") and command[1:2] == ["="]):
            continue
        inner = _unwrapped(prog, command[1:]) if depth < MAX_WRAPPERS and prog in _WRAPPERS else None
        if inner is not None:
            _line_programs(inner, found, depth + 1)
        else:
            written = redact_word(command[0])
            found.append(LineProgram(program_name(written)[:200], written[:MAX_WRITTEN_CHARS]))


def _chained(words: list[str], url: str | None, depth: int) -> Identity:
    """The identity of what a wrapper's line runs (``a && b; c | d``): of its commands, the first with a
    package is the server's; every other one is judged beside it, as its package (``npm``, ``pypi``,
    ``docker``) or, when it names none, as the program it runs (``command``): an approved server chained
    with anything else is approved no more than that other thing. Builtins that start no program (``cd``,
    ``export``) do not count, nor does a PowerShell assignment (``$env:X = 'y'``)."""
    found: list[tuple[str, Identity]] = []
    more: list[tuple[str, str, str | None]] = []
    exported: list[str] = []  # what the line's `export NAME=…` and `set NAME=…` give the commands after them
    for names, command in _commands(words):
        if command[0] == _MORE:
            more.append(("unread", MORE_COMMANDS, None))
            continue
        if program_name(command[0]) in ("export", "set"):  # `export NODE_OPTIONS=…; npx -y pkg`
            named = [a.split("=", 1)[0] for a in command[1:] if "=" in a]
            more += [("unread", loaded_by(n), None) for n in named if n.upper() in LOADER_VARIABLES]
            exported += [n for n in named if n.upper() not in LOADER_VARIABLES]
        if program_name(command[0]) in _NO_PROGRAM or (command[0].startswith("$") and command[1:2] == ["="]):
            continue
        x = identify(command[0], command[1:], url, depth)
        moved = env_extras(names, x) if names else ()  # `npm_config_registry=URL npx -y pkg`
        found.append((command[0], x._replace(extra=x.extra + moved) if moved else x))
    main = next((x for _, x in found if x.npm or x.pypi or x.docker), None)
    extra = list(main.extra) if main is not None else []
    if exported and main is not None:  # `export npm_config_script_shell=…; npx -y pkg`, as in its env table
        extra += env_extras(exported, main)
    for program, x in found:
        if x is not main:
            extra += _as_extra(program, x)
    extra += more
    hosts = list(dict.fromkeys(x.url_host for _, x in found if x.url_host))
    # `npx mcp-remote https://gateway/sse; npx mcp-remote https://elsewhere/sse`: the first host approved the
    # line; two hosts are a host that cannot be told (a rule for every host alone names it)
    host = (
        SEVERAL_HOSTS
        if len(hosts) > 1
        else (main.url_host if main is not None else None) or (hosts[0] if hosts else None)
    )
    if host is None and url:
        host = read_host(url)
    base = main if main is not None else Identity()
    return base._replace(url_host=host, extra=tuple(dict.fromkeys(extra)))


_IMAGE = re.compile(r"^[a-z0-9][a-z0-9._/\-]*(?::[A-Za-z0-9_.\-]{1,128})?(?:@sha256:[0-9a-f]{64})?$")


def identity_words(ident: Identity, words: Iterable[str] = ()) -> Callable[[str], bool]:
    """Whether a word of a line names what the line runs, as :func:`identify` read it: its package (as a
    spec: ``@scope/pkg@1.2``, ``pkg==1.0``, ``pkg[extra]``), its image, a package beside it, a launcher,
    interpreter or wrapper (:func:`runs_what_it_is_given`), or a program a command line among ``words`` (the
    line's words holding white space: ``sh -c "guard && npx -y pkg"``) runs. Such a word may be shown (see
    :func:`~.redact.shown_args`); ``a,b`` (``uvx --with a,b``) when each is one."""
    programs = {p for w in words if type(w) is str and any(c in w for c in " \t\n") for p in line_programs(w)[0]}
    npm = {ident.npm} | {n for k, n, _ in ident.extra if k == "npm"}
    pypi = {ident.pypi} | {n for k, n, _ in ident.extra if k == "pypi"}
    docker = {ident.docker} | {n for k, n, _ in ident.extra if k == "docker"}

    def one(word: str) -> bool:
        if not word or len(word) > 300:
            return False
        if "/" not in word and "\\" not in word and runs_what_it_is_given(word):
            return True
        if programs and program_name(word) in programs:
            return True
        if ident.npm or len(npm) > 1:
            m = _NPM_SPEC.fullmatch(word)
            if m is not None and _npm_spec(word)[0] in npm and m.group(1).lower() in npm | {None}:
                return True
        if ident.pypi or len(pypi) > 1:
            m = _PY_SPEC.match(word)
            if m is not None and m.end() == len(word) and _py_spec(word)[0] in pypi:
                return True
        if ident.docker or len(docker) > 1:
            image = word.split("@", 1)[0]
            name = image.rpartition(":")[0] if ":" in image.rsplit("/", 1)[-1] else image
            if _IMAGE.match(word) and name.lower() in docker:
                return True
        return False

    return lambda word: all(one(piece) for piece in word.split(",")) if "," in word else one(word)
