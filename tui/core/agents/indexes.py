"""Where the machine's launchers fetch packages from when a server's line does not say: the user's own
configuration, read for its package indexes alone.

- npm (``npx``, ``pnpm dlx``, ``bunx`` read it): ``registry=`` and ``@scope:registry=`` in ``~/.npmrc``, in
  npm's global ``<prefix>/etc/npmrc`` and in pnpm's own ``rc``, ``npmRegistryServer`` in Yarn's
  ``~/.yarnrc.yml`` (``registry`` in Yarn 1's ``~/.yarnrc``), ``[install] registry`` (and its scopes) in Bun's
  ``.bunfig.toml``, and ``npm_config_registry`` (and ``npm_config_@scope:registry``, whose ``_`` npm reads as
  ``-``: ``@my_scope`` is ``@my-scope``) in the environment. The global npmrc is read in each prefix the npm
  channel found, and in each one npm is given: ``npm_config_prefix`` (any case) or ``PREFIX`` in the
  environment or a startup file's export, ``prefix=`` in ``~/.npmrc`` (a relative one, or one a confined scan
  may not read, is an index that cannot be told). Which launcher a server's line uses does not narrow them:
  an index any of them sets makes an npm package unreviewed (more caution than the launcher may need, never
  less);
- PyPI: ``index-url``, ``extra-index-url``, ``find-links`` and each ``[[index]] url`` in uv's ``uv.toml``
  (``uvx``), and ``index-url``, ``extra-index-url``, ``find-links`` in pip's config (``pipx run``; its keys
  as pip reads them: ``--index-url``, ``index_url``), the user's and the machine's (``/etc/uv/uv.toml``,
  ``/etc/pip.conf``, those in each ``XDG_CONFIG_DIRS`` folder, default ``/etc/xdg``, ``/Library/Application
  Support/pip`` on macOS, ``C:\\ProgramData`` on Windows: on the scanned disk, under its root), and their
  variables (``PIP_INDEX_URL``, ``UV_INDEX``, ...) in the environment. Each launcher's own: uv's for
  ``uvx``, pip's for ``pipx run``; both for a line that runs another launcher (a wrapper's, ``sh -c``) or
  more than its own package.

A variable naming another config file for a launcher (``npm_config_userconfig``, ``UV_CONFIG_FILE``) may set
any index: what it sets is not known. ``globalconfig=`` in ``~/.npmrc`` names npm's global config, which is
read in its place.

The npm files and the environment are read for npm's settings that run something beside a package or take
it from a cache as well (``script-shell``, ``node-options``, ``offline``...: :data:`~.npm_config.CODE_SETTINGS`),
which make every npm package a server runs unnamed (``Indexes.npm_code``); ``cache=`` and ``prefix=`` there
are where npm keeps what it fetches and installs, as the defaults in the home are, and are not counted.

An approved name fetched from another index is whatever that index serves under it, so a server whose
packages would come from an index other than the public registries (or one ``[mcp] registries`` lists) is
never approved (:mod:`tui.core.surface_judge`). Only those keys are kept: ``.npmrc`` and ``pip.conf`` hold
registry tokens, whose values are never looked at or recorded; of a URL only its host is kept. Files are
read through the audited disk, and only when a server runs an npm or PyPI package.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from tui.core.agents.client_urls import url_host, web_url
from tui.core.agents.identity import PUBLIC_REGISTRIES, index_extra, program_name
from tui.core.agents.models import McpServer
from tui.core.agents.npm_config import CODE_SETTINGS, SWITCH_SETTINGS, env_setting, npm_env_key, switched_on
from tui.core.bounded_read import ParseFailed, ReadSkipped
from tui.core.locations import expand, token_sets
from tui.core.machine import Disk, Machine, to_machine_path
from tui.core.safe_toml import parse_toml

MAX_CONFIG_BYTES = 256 * 1024
NPMRC = "{home}/.npmrc"
# the other launchers' own files (the kind says how each is read)
NPM_FAMILY: dict[str, tuple[tuple[str, str], ...]] = {
    "linux": (
        ("{xdg_config}/pnpm/rc", "npm"),
        ("{home}/.yarnrc.yml", "yarn"),
        ("{home}/.yarnrc", "yarn1"),
        ("{home}/.bunfig.toml", "bun"),
        ("{xdg_config}/.bunfig.toml", "bun"),
    ),
    "macos": (
        ("{home}/Library/Preferences/pnpm/rc", "npm"),
        ("{home}/.yarnrc.yml", "yarn"),
        ("{home}/.yarnrc", "yarn1"),
        ("{home}/.bunfig.toml", "bun"),
        ("{xdg_config}/.bunfig.toml", "bun"),
    ),
    "windows": (
        ("{localappdata}/pnpm/config/rc", "npm"),
        ("{home}/.yarnrc.yml", "yarn"),
        ("{home}/.yarnrc", "yarn1"),
        ("{home}/.bunfig.toml", "bun"),
    ),
}
_YARN_SERVER = re.compile(r"""^\s*["']?npmRegistryServer["']?\s*:\s*["']?([^"'\s#{}]+)""", re.MULTILINE)
_YARN1_REGISTRY = re.compile(r"""^\s*["']?(?:@[^"'\s:]+:)?registry["']?\s+["']?([^"'\s]+)""", re.MULTILINE)
PYPI_CONFIGS: dict[str, tuple[tuple[str, str], ...]] = {
    "linux": (("{xdg_config}/uv/uv.toml", "uv"), ("{xdg_config}/pip/pip.conf", "pip"), ("{home}/.pip/pip.conf", "pip")),
    "macos": (
        ("{xdg_config}/uv/uv.toml", "uv"),
        ("{ud}/pip/pip.conf", "pip"),
        ("{xdg_config}/pip/pip.conf", "pip"),
        ("{home}/.pip/pip.conf", "pip"),
    ),
    "windows": (("{appdata}/uv/uv.toml", "uv"), ("{appdata}/pip/pip.ini", "pip"), ("{home}/pip/pip.ini", "pip")),
}
# the machine-wide files, which every user's uvx and pipx read (beside them, those in each folder
# XDG_CONFIG_DIRS lists: see _system_pypi_configs)
SYSTEM_PYPI_CONFIGS: dict[str, tuple[tuple[str, str], ...]] = {
    "linux": (("/etc/uv/uv.toml", "uv"), ("/etc/pip.conf", "pip")),
    "macos": (("/etc/uv/uv.toml", "uv"), ("/Library/Application Support/pip/pip.conf", "pip")),
    "windows": (("/ProgramData/uv/uv.toml", "uv"), ("/ProgramData/pip/pip.ini", "pip")),
}
# the launchers that read XDG_CONFIG_DIRS (default /etc/xdg) on each platform: uv on Linux and macOS, pip on Linux
XDG_SYSTEM_CONFIGS = {"linux": (("uv/uv.toml", "uv"), ("pip/pip.conf", "pip")), "macos": (("uv/uv.toml", "uv"),)}
UNTOLD = "packages from an index {where} names as a variable or a path"
_UV_LAUNCHERS = frozenset(("uvx", "uv"))  # read uv's settings alone, never pip's
_PIP_LAUNCHERS = frozenset(("pipx",))  # reads pip's settings alone (pipx run installs with pip), never uv's
# the environment variables a launcher reads its index from (npm's in any case, as npm reads them)
_NPM_ENV = frozenset(("NPM_CONFIG_REGISTRY", "YARN_NPM_REGISTRY_SERVER", "YARN_REGISTRY", "BUN_CONFIG_REGISTRY"))
_PYPI_ENV = frozenset(
    ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "UV_INDEX_URL", "UV_EXTRA_INDEX_URL", "UV_INDEX",
     "UV_DEFAULT_INDEX", "UV_FIND_LINKS")
)  # fmt: skip
# variables that name another config file for the launcher to read (which may set any index)
_CONFIG_ENV = frozenset(
    ("NPM_CONFIG_USERCONFIG", "NPM_CONFIG_GLOBALCONFIG", "YARN_RC_FILENAME", "PIP_CONFIG_FILE", "UV_CONFIG_FILE")
)
UNTOLD_VALUE = "${unread}"  # a value that could not be read: _index says the index is unknown
UNREADABLE = "packages from whatever index {where} names (aicheck could not read it: {why})"


@dataclass
class Indexes:
    """The indexes the machine's configuration sets, as (host, where) pairs; when the host cannot be known,
    (``""``, what to say instead)."""

    npm: list[tuple[str, str]] = field(default_factory=list)  # registry=
    npm_scoped: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # "@scope" -> its registry
    pip: list[tuple[str, str]] = field(default_factory=list)  # pip's config and variables: pipx run reads them
    uv: list[tuple[str, str]] = field(default_factory=list)  # uv's: uvx reads them
    # npm's settings that run something beside a package or take it from a cache (script-shell=, node-options=,
    # offline=...), as (what each makes the server run, the line to remove: "" when it is no file's line): every
    # npm package a server runs is then unnamed
    npm_code: list[tuple[str, str]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.npm or self.npm_scoped or self.pip or self.uv or self.npm_code)

    def extras(self, server: McpServer) -> tuple[tuple[str, str, str | None], ...]:
        """The ("index", host) or ``unread`` extras for what ``server`` fetches from npm or PyPI: of PyPI,
        the indexes its launcher reads (uvx uv's, pipx pip's; both when the line runs another launcher or more
        than its own package)."""
        npm = [server.npm] if server.npm else []
        npm += [name for kind, name, _ in server.extra_packages if kind == "npm"]
        pypi = bool(server.pypi) or any(kind == "pypi" for kind, _, _ in server.extra_packages)
        found: list[tuple[str, str]] = []
        for name in npm:
            scope = name.split("/", 1)[0] if name.startswith("@") else ""
            found += self.npm_scoped.get(scope, self.npm) if scope else self.npm
        if pypi:
            alone = server.command and not any(kind in ("pypi", "npm") for kind, _, _ in server.extra_packages)
            launcher = program_name(server.command or "") if alone else ""
            found += self.pip if launcher not in _UV_LAUNCHERS else []
            found += self.uv if launcher not in _PIP_LAUNCHERS else []
        code = [("unread", what, None) for what, _fix in dict.fromkeys(self.npm_code)] if npm else []
        return tuple(
            index_extra(host) if host else ("unread", note, None)
            for host, note in dict.fromkeys(found)
            if host.lower() not in PUBLIC_REGISTRIES  # the registry the rules mean, named outright
        ) + tuple(code)

    def fixes(self) -> tuple[tuple[str, str], ...]:
        """(what a setting makes a server run, the line of a file to remove) of each setting that is a file's
        line: the smaller fix than removing the server (see :attr:`~.models.McpServer.setting_fixes`)."""
        return tuple(found for found in dict.fromkeys(self.npm_code) if found[1])


def machine_indexes(disk: Disk) -> Indexes:
    machine = disk.machine
    out = Indexes()
    paths: dict[str, str] = {}  # the default folders, and those XDG_CONFIG_HOME moves (both are read)
    for toks in token_sets(machine):
        npmrc = expand(NPMRC, machine, toks)
        if npmrc:
            paths.setdefault(npmrc, "npm")
        for template, kind in NPM_FAMILY.get(machine.platform, ()):
            path = expand(template, machine, toks)
            if path:
                paths.setdefault(path, kind)
        for template, kind in PYPI_CONFIGS.get(machine.platform, ()):
            path = expand(template, machine, toks)
            if path:
                paths.setdefault(path, kind)
    from tui.core.channels.npm import GLOBAL_ROOTS, global_npmrcs

    # npm's global config in each prefix the npm channel found (a user-owned one under nvm, volta, fnm)
    for path in global_npmrcs(disk.remembered(GLOBAL_ROOTS, list), machine.platform == "windows"):
        paths.setdefault(path, "npm")
    for path, kind in _system_pypi_configs(machine):
        paths.setdefault(path, kind)
    # the global npmrc of a prefix the environment or a startup file's export gives npm
    untold: list[tuple[str, str]] = []
    for path, where in _prefix_npmrcs(machine):
        if path:
            paths.setdefault(path, "npm")
        else:
            untold.append(("", UNTOLD.format(where=where)))
    user_npmrcs = {expand(NPMRC, machine, toks) for toks in token_sets(machine)}
    # prefix= and globalconfig= in the user's ~/.npmrc, which move npm's global config (npm reads it last)
    moves: list[tuple[str, str, str]] = []
    for path, kind in paths.items():
        moves += [(key, value, path) for key, value in _read_config(disk, path, kind, out, path in user_npmrcs)]
    for key, value, npmrc in moves:
        if key == "userconfig":  # in the user's own config it moves nothing: npm has read that by then
            continue
        path = prefix_npmrc(value, machine.home) if key == "prefix" else _config_file(value, machine.home)
        if path is None:
            untold.append(("", UNTOLD.format(where=f"{key}= in {disk.display(npmrc)}")))
        elif path not in paths:
            paths[path] = "npm"
            _read_config(disk, path, "npm", out)
    out.npm += untold
    if machine.env_known:
        _environment_indexes(machine.env, out)
    _startup_indexes(disk, out)
    return out


def apply_indexes(indexes: Indexes, s: McpServer, when: str = "") -> None:
    """Add to ``s`` what ``indexes`` changes about what it runs, with the line to remove for each setting
    that is a file's (its smaller fix); ``when``: said after each (which project it is started in)."""
    moved = indexes.extras(s)
    if when:
        moved = tuple((kind, name + when, v) if kind == "unread" else (kind, name, v) for kind, name, v in moved)
    if moved:
        s.extra_packages += moved
        fixes = tuple((what + when, fix) for what, fix in indexes.fixes() if ("unread", what + when, None) in moved)
        if fixes:
            s.setting_fixes += fixes


# -- a project's own npmrc ------------------------------------------------------------------------------------
MAX_WALK_UP = 64  # folders from a project's up to the root npm looks in; a deeper one cannot be placed
NESTED = "packages from whatever a project config npm reads for {where} names (a folder nested too deep to follow)"


def project_servers_indexes(disk: Disk, servers: list[McpServer]) -> None:
    """For each server that runs an npm package, what the npm config of each folder its client may start it in
    changes about what it runs (:func:`project_indexes`): its project's (:attr:`~.models.McpServer.project`),
    its own cwd's (:attr:`~.models.McpServer.cwd`: read whether or not its client honours the key, more caution
    than one that ignores it needs), and for a server of no project (a user-level one), each project folder its
    client's own config lists, where the client starts it when that project is open (:func:`_listed_projects`;
    the reason says which project). A cwd that cannot be placed is a project config that cannot be known."""
    from tui.core.agents.mcp import CWD_UNPLACED, WORKSPACE, cwd_folder

    home = disk.machine.home
    for s in servers:
        if not (s.npm or any(kind == "npm" for kind, _, _ in s.extra_packages)):
            continue
        before = s.extra_packages
        in_each = s.project is None and s.cwd is not None and s.cwd.startswith(WORKSPACE)  # the open project's
        folders = [s.project] if s.project is not None else []
        if s.cwd is not None and not in_each:
            placed = s.cwd_path or cwd_folder(s, home, s.project, machine=True)
            if placed is not None:
                folders.append(to_machine_path(placed))
            else:
                s.extra_packages += (("unread", CWD_UNPLACED.format(cwd=s.cwd), None),)
        for folder in dict.fromkeys(folders):
            found = project_indexes(disk, folder)
            if found.any:
                apply_indexes(found, s)
        if s.project is None:
            for folder, label, found in _listed_projects(disk, s.client, every=in_each):
                if in_each:  # its cwd in that project: the folder npm's project config is looked for from
                    placed = cwd_folder(s, home, folder, machine=True)
                    if placed is None:
                        s.extra_packages += (("unread", CWD_UNPLACED.format(cwd=s.cwd), None),)
                        continue
                    found = project_indexes(disk, to_machine_path(placed))
                if found.any:
                    apply_indexes(found, s, f" (when {label} starts it in the project {disk.display(folder)})")
        if s.extra_packages is not before:
            s.extra_packages = tuple(dict.fromkeys(s.extra_packages))


def _listed_projects(disk: Disk, client: str, every: bool = False) -> list[tuple[str, str, Indexes]]:
    """(folder, the list's client as named, what the folder's npm config changes) of each project folder
    ``client``'s own config lists (:data:`~.projects.PROJECT_LISTS`, at most :data:`~.locations.MAX_PROJECTS`
    each, read once a scan), those whose npm config changes something (``every``: all of them). Worked out once
    a scan per client: each folder's npm config is read once, whatever reads it."""
    from tui.core.agents.projects import PROJECT_LISTS, project_folders

    cache: dict[str, tuple[list[tuple[str, str, Indexes]], ...]] = disk.remembered(_listed_projects, dict)
    if client not in cache:
        listed = [
            (folder, plist.label, project_indexes(disk, folder))
            for plist in PROJECT_LISTS
            if plist.client == client
            for folder in project_folders(disk, plist)
        ]
        cache[client] = (listed, [entry for entry in listed if entry[2].any])
    return cache[client][0 if every else 1]


def project_indexes(disk: Disk, folder: str) -> Indexes:
    """What npm's project config sets for a command started in ``folder`` (read as ``~/.npmrc`` is: its
    registries and the settings that run code, :func:`_read_npmrc`), and the files its ``userconfig=`` and
    ``globalconfig=`` name, which npm then reads in place of the user's and the global ones (both read, beside
    those: more caution than npm needs). Worked out once a scan per folder."""
    cache: dict[str, Indexes] = disk.remembered(project_indexes, dict)
    if folder in cache:
        return cache[folder]
    out = cache[folder] = Indexes()
    files = project_npmrcs(disk, folder)
    if files is None:
        out.npm.append(("", NESTED.format(where=disk.display(folder))))
        return out
    from tui.core.agents.projects import listed_names

    moves: list[tuple[str, str, str]] = []
    for path in files:
        names = listed_names(disk, path.rpartition("/")[0])
        if names is not None and ".npmrc" not in names:
            continue  # a folder the project scan listed, with no .npmrc: nothing to read
        moves += [(key, value, path) for key, value in _read_config(disk, path, "npm", out, user_npmrc=True)]
    for key, value, npmrc in moves:
        if key == "prefix":  # where npm installs globally, as in the user's own: not counted
            continue
        named = _config_file(value, disk.machine.home)
        if named is None:
            out.npm.append(("", UNTOLD.format(where=f"{key}= in {disk.display(npmrc)}")))
        else:
            _read_config(disk, named, "npm", out)
    return out


def project_npmrcs(disk: Disk, folder: str) -> list[str] | None:
    """The project config npm reads for a command started in ``folder`` (``@npmcli/config``: loadLocalPrefix,
    loadProjectConfig): the ``.npmrc`` of the nearest folder at or above it that holds a ``package.json`` or a
    ``node_modules`` folder, else of ``folder`` itself; and that of each folder above it whose ``package.json``
    names ``workspaces`` (a workspace root that lists the project is npm's project in its place: whether one
    lists it is not worked out, so each is read, more caution than npm needs). The user's own ``~/.npmrc`` is
    no project's (npm skips it there). Two names are looked for in each folder up to the root, never a listing;
    None for a folder nested deeper than :data:`MAX_WALK_UP` (what npm reads for it is not looked for)."""
    parts = folder.rstrip("/").split("/")
    if len(parts) > MAX_WALK_UP:
        return None
    chain = ["/".join(parts[:end]) for end in range(len(parts), 0, -1)]  # the folder, its parent, ... "" (the root)
    # what each folder holds, looked at once a scan (each look when first needed, as npm makes it): hundreds of
    # projects share their parents (~/src, ~, /home)
    # (a folder the project scan listed already: a name it does not hold is not there, with no look)
    from tui.core.agents.projects import listed_names

    held: dict[str, list[bool | None]] = disk.remembered(project_npmrcs, dict)
    found: list[str] = []
    for base in chain:
        seen = held.get(base)
        if seen is None:
            names = listed_names(disk, base)
            package = disk.is_file(f"{base}/package.json") if names is None or "package.json" in names else False
            modules = False if names is not None and "node_modules" not in names else None
            seen = held[base] = [package, modules, None]  # package.json, node_modules, workspaces
        if not found:
            if not seen[0] and seen[1] is None:
                seen[1] = disk.is_dir(f"{base}/node_modules")
            if seen[0] or seen[1]:
                found.append(base)
        elif seen[0]:
            if seen[2] is None:
                seen[2] = _names_workspaces(disk, f"{base}/package.json")
            if seen[2]:
                found.append(base)
    user: frozenset[str | None] = disk.remembered(
        (project_npmrcs, NPMRC),
        lambda: frozenset(expand(NPMRC, disk.machine, toks) for toks in token_sets(disk.machine)),
    )
    files = [f"{base}/.npmrc" for base in found or [folder.rstrip("/")]]
    return [path for path in files if path not in user]


def _names_workspaces(disk: Disk, path: str) -> bool:
    """Whether a ``package.json`` names workspaces (one that cannot be read names none, as npm takes it)."""
    data = disk.try_json(path)
    return isinstance(data, dict) and bool(data.get("workspaces"))


def _read_config(disk: Disk, path: str, kind: str, out: Indexes, user_npmrc: bool = False) -> list[tuple[str, str]]:
    """The indexes one file sets, added to ``out``; for the user's own ``~/.npmrc`` (or a project's), the
    ``prefix=``, ``globalconfig=`` and ``userconfig=`` it sets, as (setting, value)."""
    shown = disk.display(path)
    try:
        text = disk.read_text_if_present(path, MAX_CONFIG_BYTES)
        if not text:
            return []
        if kind == "npm":
            moves = _read_npmrc(text, shown, out)
            return moves if user_npmrc else []
        if kind in NPM_READERS:
            out.npm += [_index(v, shown) for v in NPM_READERS[kind](text)]
        else:
            if kind == "uv":
                out.uv += [_index(v, shown) for v in _uv_indexes(text)]
            else:
                out.pip += [_index(v, shown) for v in _pip_indexes(text)]
    except ReadSkipped as exc:  # there, but not readable whole (or outside a confined scan): it may name any index
        disk.skip(path, f"{exc}: the package index it may set is not known")
        unknown = [("", UNREADABLE.format(where=shown, why=exc))]
        if kind == "npm":
            out.npm = unknown
        elif kind in NPM_READERS:
            out.npm += unknown
        elif kind == "uv":
            out.uv += unknown
        else:
            out.pip += unknown
    return []


def _config_file(value: str, home: str) -> str | None:
    """A config file npm is named (``globalconfig=``) as a machine path, or None when it is relative or names
    a variable: where it is cannot be told."""
    from tui.core.channels.npm_folders import prefix_folder

    return prefix_folder(value, home) if "${" not in value and "%" not in value else None


def prefix_npmrc(prefix: str, home: str) -> str | None:
    """npm's global config of a prefix as npm is given it (``<prefix>/etc/npmrc``), or None when the prefix is
    relative or names a variable: where it is cannot be told."""
    from tui.core.channels.npm_folders import prefix_folder

    folder = prefix_folder(prefix, home) if "${" not in prefix and "%" not in prefix else None
    return f"{folder.rstrip('/')}/etc/npmrc" if folder else None


def _prefix_npmrcs(machine: Machine) -> list[tuple[str | None, str]]:
    """(npm's global config, where its prefix is named) for each prefix the environment gives npm: its
    ``npm_config_prefix`` (in any case, as npm reads it) and ``PREFIX`` (npm's default prefix, when nothing
    else names one: both are read, more caution than npm needs), this process's or a startup file's export.
    (None, where) for a prefix whose folder cannot be told (a relative one)."""
    named: list[tuple[str, str]] = []
    if machine.env_known:
        named += [(name, value) for name, value in machine.env.items() if value.strip()]
    named += [(name, value) for name, values in machine.startup_env.items() for value in values]
    out: list[tuple[str | None, str]] = []
    for name, value in named:
        if name.upper() in ("NPM_CONFIG_PREFIX", "PREFIX"):
            out.append((prefix_npmrc(value.strip(), machine.home), f"the variable {name}"))
    return list(dict.fromkeys(out))


def _system_pypi_configs(machine: Machine) -> list[tuple[str, str]]:
    """pip's and uv's machine-wide files on the scanned machine (under its root: a disk image's own), with
    those in each folder ``XDG_CONFIG_DIRS`` lists (this process's, on the live machine) beside ``/etc/xdg``."""
    out = list(SYSTEM_PYPI_CONFIGS.get(machine.platform, ()))
    folders = ["/etc/xdg"]
    value = machine.env.get("XDG_CONFIG_DIRS", "") if machine.env_known else ""
    folders += [to_machine_path(f) for f in value.split(":") if f.startswith("/")]
    for folder in dict.fromkeys(folders):
        out += [(f"{folder.rstrip('/')}/{rel}", kind) for rel, kind in XDG_SYSTEM_CONFIGS.get(machine.platform, ())]
    return out


def _environment_indexes(env: Mapping[str, str], out: Indexes) -> None:
    """The indexes the scanning process's environment sets, which a launcher started from it reads too:
    npm's (any case, with its scopes: ``npm_config_@acme:registry``), Yarn's and Bun's, pip's and uv's (a
    list for the ``EXTRA`` ones, uv's ``name=url`` entries), and what npm's settings and ``NODE_OPTIONS`` make
    it run (:func:`_variable_indexes`)."""
    for name, value in env.items():
        if value:
            _variable_indexes(name, value, f"the variable {name}", out)


# variables that load code into every program started with them, npm and the Node it runs included (by name:
# no value of theirs is harmless); NODE_OPTIONS is judged by its options (see harmless_node_options)
_PRELOADS = frozenset({"LD_PRELOAD", "LD_AUDIT", "DYLD_INSERT_LIBRARIES"})
NODE_OPTIONS = "NODE_OPTIONS"
# Node's options that load nothing and run nothing: its heap, warnings, stack traces, TLS and DNS choices. Any
# other (--require, --import, --loader, --inspect, --env-file, --openssl-config ...) may run code, or is unknown
_HARMLESS_NODE = frozenset({
    "--max-old-space-size", "--max-semi-space-size", "--max-http-header-size", "--stack-size", "--stack-trace-limit",
    "--no-warnings", "--no-deprecation", "--trace-warnings", "--trace-deprecation", "--trace-uncaught",
    "--throw-deprecation", "--pending-deprecation", "--disable-warning", "--enable-source-maps",
    "--dns-result-order", "--unhandled-rejections", "--use-openssl-ca", "--use-bundled-ca", "--use-system-ca",
    "--tls-min-v1.0", "--tls-min-v1.1", "--tls-min-v1.2", "--tls-min-v1.3", "--tls-max-v1.2", "--tls-max-v1.3",
    "--no-experimental-fetch", "--no-experimental-websocket", "--no-experimental-global-navigator",
})  # fmt: skip
_NUMBER = re.compile(r"^[0-9]+$")


def harmless_node_options(value: str) -> bool:
    """Whether every word of a ``NODE_OPTIONS`` value is one of Node's options that load and run nothing
    (:data:`_HARMLESS_NODE`, written with ``_`` or ``-``, with its value after ``=`` or as the next number)."""
    words = value.replace('"', " ").replace("'", " ").split()
    return all(
        _NUMBER.match(word) or word.split("=", 1)[0].replace("_", "-").lower() in _HARMLESS_NODE for word in words
    )


def _variable_indexes(name: str, value: str | None, where: str, out: Indexes, fix: str = "") -> None:
    """What one variable a launcher reads sets, added to ``out`` (``value`` None: it cannot be known, and may
    be anything: an index that cannot be told, a setting that is on). ``fix``: the line that sets it, to
    remove (none for the scanning process's environment)."""
    upper = name.upper()
    if upper in _NPM_ENV:
        out.npm.append(_index(value, where) if value is not None else ("", UNTOLD.format(where=where)))
    elif upper.startswith("NPM_CONFIG_@") and upper.endswith(":REGISTRY"):
        scope = npm_env_key(name[len("npm_config_") : -len(":registry")])
        found = _index(value, where) if value is not None else ("", UNTOLD.format(where=where))
        out.npm_scoped.setdefault(scope, []).append(found)
    elif (setting := env_setting(name)) in CODE_SETTINGS and setting not in ("cache", "prefix"):
        if value is None or setting not in SWITCH_SETTINGS or switched_on(value):  # (npm takes "" as unset)
            out.npm_code.append((CODE_SETTINGS[str(setting)].format(where=where), fix))
    elif upper == NODE_OPTIONS or upper in _PRELOADS:
        if value is None or upper in _PRELOADS or not harmless_node_options(value):
            out.npm_code.append((CODE_SETTINGS["node-options"].format(where=where), fix))
    elif upper in _PYPI_ENV:  # a list: each URL its own index (uv's may be named: name=url)
        found_py = (
            [_index(_unnamed(v), where) for v in value.split()]
            if value is not None
            else [("", UNTOLD.format(where=where))]
        )
        (out.uv if upper.startswith("UV_") else out.pip).extend(found_py)
    elif upper in _CONFIG_ENV:  # another config file, which aicheck does not read in its place: untold
        untold = ("", UNTOLD.format(where=where))
        if upper.startswith(("NPM", "YARN")):
            out.npm.append(untold)
        else:
            (out.uv if upper.startswith("UV_") else out.pip).append(untold)


def _launch_variable(name: str) -> bool:
    """Whether a variable is one a launcher reads for where it fetches from or what it runs (npm's any case)."""
    upper = name.upper()
    return (
        upper.startswith("NPM_CONFIG_")
        or upper in _NPM_ENV
        or upper in _PYPI_ENV
        or upper in _CONFIG_ENV
        or upper == NODE_OPTIONS
        or upper in _PRELOADS
    )


def _startup_indexes(disk: Disk, out: Indexes) -> None:
    """What the variables the shell startup files (and the other places a session takes its environment
    from) export for the launchers set, as :func:`_environment_indexes` reads this process's: a client started
    from such a session hands them to the servers it starts, as a server's own ``env`` table would. A value
    the shell computes cannot be known, and is taken as one that runs code or fetches from elsewhere (never a
    clean bill). The fix is the line that sets it."""
    from tui.core.startup import exported_settings

    for name, place, value in exported_settings(disk, disk.machine, _launch_variable):
        if value is None or value.strip():
            where = f"{name} in {place}"
            _variable_indexes(
                name, value.strip() if value is not None else None, where, out, f"remove {name} from {place}"
            )


def _unnamed(entry: str) -> str:
    """An index of uv's list without its name (``name=https://...``)."""
    name, eq, url = entry.partition("=")
    return url if eq and "://" not in name else entry


def _index(value: str, where: str) -> tuple[str, str]:
    """(the host of an index URL, where), or ("", what to say) for a local folder, a file or a variable."""
    value = value.strip().strip("\"'")
    host = url_host(value) if "${" not in value and web_url(value) is not None else None
    return (host, where) if host else ("", UNTOLD.format(where=where))


def _read_npmrc(text: str, shown: str, out: Indexes) -> list[tuple[str, str]]:
    """The registries an npmrc sets, and the settings in it that run something beside a package or take it
    from a cache (:data:`~.npm_config.CODE_SETTINGS`: named with the file, never their value), added to
    ``out``, each with the line to remove; returns its ``prefix=``, ``globalconfig=`` and ``userconfig=``
    (which, in the user's own, move npm's global config, and in a project's, the user's config too), as
    (setting, value). (``cache=`` and ``prefix=`` here are where npm keeps what it fetches and installs, as
    the defaults in the home are: they run nothing of their own.)"""
    registry: list[tuple[str, str]] = []
    scoped: dict[str, list[tuple[str, str]]] = {}
    moves: dict[str, str] = {}
    code: dict[str, tuple[str, str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        key, sep, value = line.partition("=")
        key = key.strip().strip("\"'")  # npm's ini reader takes a quoted key as the key: "registry" = …
        if not sep or key.startswith(("#", ";")):
            continue
        if key == "registry":
            registry = [_index(value, shown)]  # the last one wins, as npm reads the file
        elif key.startswith("@") and key.endswith(":registry"):
            scoped[key[: -len(":registry")].lower()] = [_index(value, shown)]  # the file's last wins
        elif key in ("prefix", "globalconfig", "userconfig"):
            moves[key] = value.strip().strip("\"'")
        elif (name := key.lower().removesuffix("[]")) in CODE_SETTINGS and name not in ("cache", "prefix"):
            # (in any case, and as a list, `script-shell[]=`: more caution than npm may need, never less)
            on = switched_on(value) if name in SWITCH_SETTINGS else bool(value.strip().strip("\"'"))
            what = CODE_SETTINGS[name].format(where=f"{name} in {shown}")
            code[name] = (what, f"remove {name} (line {number}) from {shown}") if on else ("", "")
    out.npm += registry
    for scope, found in scoped.items():  # every file's: the user's ~/.npmrc is not undone by a global one
        out.npm_scoped.setdefault(scope, []).extend(found)
    out.npm_code += [found for found in code.values() if found[0]]  # (the file's last line for a setting wins)
    return [(key, value) for key, value in moves.items() if value]


def _yarn_servers(text: str) -> list[str]:
    """Yarn 2+'s ``npmRegistryServer``, top-level or a scope's (each is an index it may fetch from); one written
    in a form this reading does not take (a flow mapping, a complex key) is an index that cannot be told."""
    found = _YARN_SERVER.findall(text)
    return found + [UNTOLD_VALUE] * (text.count("npmRegistryServer") - len(found))


def _yarn1_registries(text: str) -> list[str]:
    """Yarn 1's ``registry "URL"`` and ``"@scope:registry" "URL"`` lines (every one applies to some package)."""
    return _YARN1_REGISTRY.findall(text)


def _bun_registries(text: str) -> list[str]:
    """``[install] registry`` (a URL, or a table with ``url``) and each of ``[install.scopes]``."""
    install = parse_toml(text).get("install")
    if not isinstance(install, dict):
        return []
    scopes = install.get("scopes")
    entries = [install.get("registry"), *(scopes.values() if isinstance(scopes, dict) else ())]
    urls = [e.get("url") if isinstance(e, dict) else e for e in entries]
    return [u for u in urls if isinstance(u, str) and u.strip()]


NPM_READERS = {"yarn": _yarn_servers, "yarn1": _yarn1_registries, "bun": _bun_registries}


def _uv_indexes(text: str) -> list[str]:
    doc = parse_toml(text)  # ParseFailed (a ReadSkipped) when it is no TOML
    values: list[object] = [doc.get("index-url")]
    for key in ("extra-index-url", "find-links"):
        more = doc.get(key)
        values += more if isinstance(more, list) else [more]
    indexes = doc.get("index")
    for entry in indexes if isinstance(indexes, list) else []:
        if isinstance(entry, dict):
            values.append(entry.get("url"))
    return [v for v in values if isinstance(v, str) and v.strip()]


def _pip_indexes(text: str) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        raise ParseFailed(f"not a valid pip config ({exc.__class__.__name__})") from None
    values: list[str] = []
    for section in parser.sections():
        for key, value in parser.items(section):
            if _pip_key(key) in ("index-url", "extra-index-url", "find-links") and value:
                values += value.split()
    return values


def _pip_key(key: str) -> str:
    """A pip.conf key as pip reads it: any case, ``_`` for ``-``, and a leading ``--`` (``--index-url``)."""
    key = key.lower().replace("_", "-")
    return key[2:] if key.startswith("--") else key
