"""npm global packages, under every common prefix and Node version manager."""

from __future__ import annotations

import re

from tui.core.catalog import Tool, names
from tui.core.channels import bun_cache, npm_runs
from tui.core.channels.base import Context, Target
from tui.core.channels.npm_folders import prefix_folder
from tui.core.channels.npm_versions import MARKS_KEY, read_package
from tui.core.channels.readers import conflict_of
from tui.core.channels.remedy import Remediation, Step, cmd, remove_path, step
from tui.core.machine import to_machine_path
from tui.core.models import Install
from tui.core.text import clean

NAME = "npm"
LABEL = "npm global packages"
CATALOG_KEYS = (names("npm"), MARKS_KEY)

MISE_NPM = "mise-npm"  # mise's npm backend: one prefix per package and version
NPX = "npx"  # what npx fetched, in npm's cache
PNPM_DLX = "pnpm-dlx"  # what pnpm dlx fetched, in pnpm's cache
BUNX = "bunx"  # what bunx fetched, in bun's install cache
RUNNER_CACHES = {NPX: "npx", PNPM_DLX: "pnpm dlx", BUNX: "bunx"}  # the runners' own copies: manager -> runner
NIX = "nix"  # a Nix profile's packages (the store's)
# where a conda distribution is installed in the home (its base environment, and envs/<name> beside it)
CONDA_BASES = ("miniforge3", "miniconda3", "anaconda3", "mambaforge", "micromamba", ".conda")
# (template, manager) pairs naming node_modules folders of global installs.
NPM_ROOTS = {
    "unix": (
        ("/usr/local/lib/node_modules", "npm"),
        ("/usr/lib/node_modules", "npm"),
        ("/opt/homebrew/lib/node_modules", "npm"),
        ("/home/linuxbrew/.linuxbrew/lib/node_modules", "npm"),
        ("{home}/.npm-global/lib/node_modules", "npm"),
        ("{home}/.npm-packages/lib/node_modules", "npm"),
        ("{home}/.local/lib/node_modules", "npm"),
        ("{home}/.nvm/versions/node/*/lib/node_modules", "nvm"),
        ("{home}/.asdf/installs/nodejs/*/lib/node_modules", "asdf"),
        ("{home}/.local/share/fnm/node-versions/*/installation/lib/node_modules", "fnm"),
        ("{home}/.local/share/mise/installs/node/*/lib/node_modules", "mise"),
        ("{home}/.volta/tools/image/node/*/lib/node_modules", "volta"),
        ("{home}/.volta/tools/image/packages/*/lib/node_modules", "volta"),
        ("{home}/.volta/tools/image/packages/*/*/lib/node_modules", "volta"),
        ("{home}/.linuxbrew/lib/node_modules", "npm"),
        ("{home}/.config/nvm/versions/node/*/lib/node_modules", "nvm"),  # nvm under $XDG_CONFIG_HOME
        ("{home}/.fnm/node-versions/*/installation/lib/node_modules", "fnm"),  # fnm before 1.32
        # pnpm 9-10: global/5/node_modules; pnpm 11+: global/v11/<id>/node_modules (one per `pnpm add -g`)
        ("{home}/.local/share/pnpm/global/*/node_modules", "pnpm"),
        ("{home}/.local/share/pnpm/global/v11/*/node_modules", "pnpm"),
        ("{home}/.bun/install/global/node_modules", "bun"),
        ("{home}/.config/yarn/global/node_modules", "yarn"),  # yarn classic (yarn 2+ has no global installs)
        ("/usr/local/share/.config/yarn/global/node_modules", "yarn"),  # yarn classic run as root
        # what `npx -y PKG` fetched: one folder per package list, kept and run again without a download
        ("{home}/.npm/_npx/*/node_modules", "npx"),
        # what `pnpm dlx PKG` fetched: dlx/<hash>/<stamp>/node_modules, run again while younger than dlxCacheMaxAge
        # (a day by default); what `bunx PKG` did: <bun's cache>/.bunx-<uid>/[@scope/]<pkg>@<spec>/node_modules
        # (bun 1.4; older bun's $TMPDIR/bunx-<uid>-<pkg>@<spec> is not listed: the shared temporary folder holds
        # other users' folders, which a confined scan may not list), run again while it is there
        ("{home}/.cache/pnpm/dlx/*/*/node_modules", PNPM_DLX),
        ("{home}/.bun/install/cache/.bunx-*/*/node_modules", BUNX),
        ("{home}/.bun/install/cache/.bunx-*/@*/*/node_modules", BUNX),
        # nodenv (node-build's versions), n's versions cache under its default prefix /usr/local (its prefix's
        # own lib/node_modules is above)
        ("{home}/.nodenv/versions/*/lib/node_modules", "nodenv"),
        ("/usr/local/n/versions/node/*/lib/node_modules", "n"),
        # mise's npm backend: `npm install -g PKG@V --prefix installs/npm-<scope>-<name>/<V>` (bun's mode:
        # BUN_INSTALL_GLOBAL_DIR=that folder, so node_modules right under it)
        ("{home}/.local/share/mise/installs/npm-*/*/lib/node_modules", MISE_NPM),
        ("{home}/.local/share/mise/installs/npm-*/*/node_modules", MISE_NPM),
        # a Nix profile (home-manager's, `nix profile install`): the store paths its lib/ links to
        ("{home}/.nix-profile/lib/node_modules", NIX),
        ("{home}/.local/state/nix/profile/lib/node_modules", NIX),
        ("/nix/var/nix/profiles/default/lib/node_modules", NIX),
        ("/run/current-system/sw/lib/node_modules", NIX),
        # conda-forge's nodejs in a conda environment: npm's global prefix is the environment (each environment
        # folder listed, never walked)
        *((f"{{home}}/{base}{envs}/lib/node_modules", "conda") for base in CONDA_BASES for envs in ("", "/envs/*")),
    ),
    "macos": (
        ("{home}/Library/Application Support/fnm/node-versions/*/installation/lib/node_modules", "fnm"),
        ("{home}/Library/Caches/pnpm/dlx/*/*/node_modules", PNPM_DLX),
        ("{home}/Library/pnpm/global/*/node_modules", "pnpm"),
        ("{home}/Library/pnpm/global/v11/*/node_modules", "pnpm"),
    ),
    "windows": (
        ("{appdata}/npm/node_modules", "npm"),
        ("/Program Files/nodejs/node_modules", "npm"),
        ("{localappdata}/nvm/*/node_modules", "nvm"),
        ("{appdata}/nvm/*/node_modules", "nvm"),
        ("{localappdata}/Volta/tools/image/packages/*/node_modules", "volta"),
        ("{localappdata}/Volta/tools/image/packages/*/*/node_modules", "volta"),
        ("{localappdata}/pnpm/global/*/node_modules", "pnpm"),
        ("{localappdata}/pnpm/global/v11/*/node_modules", "pnpm"),
        ("{home}/.bun/install/global/node_modules", "bun"),
        ("{localappdata}/Yarn/Data/global/node_modules", "yarn"),
        ("{localappdata}/fnm_multishells/*/node_modules", "fnm"),
        ("{appdata}/fnm/node-versions/*/installation/node_modules", "fnm"),
        ("{localappdata}/npm-cache/_npx/*/node_modules", "npx"),
        ("{localappdata}/pnpm-cache/dlx/*/*/node_modules", PNPM_DLX),
        ("{home}/.bun/install/cache/.bunx-*/*/node_modules", BUNX),
        ("{home}/.bun/install/cache/.bunx-*/@*/*/node_modules", BUNX),
        ("{localappdata}/mise/installs/npm-*/*/node_modules", MISE_NPM),
        *((f"{{home}}/{base}{envs}/node_modules", "conda") for base in CONDA_BASES for envs in ("", "/envs/*")),
    ),
}

# Environment variables that move a root, read on the live machine only (a disk image has no environment):
# (variable, folders under its value on Unix, on Windows, manager)
ENV_ROOTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...] = (
    ("NPM_CONFIG_PREFIX", ("lib/node_modules",), ("node_modules",), "npm"),
    ("npm_config_prefix", ("lib/node_modules",), ("node_modules",), "npm"),
    ("NPM_CONFIG_CACHE", ("_npx/*/node_modules",), ("_npx/*/node_modules",), "npx"),  # npm's cache, moved
    ("npm_config_cache", ("_npx/*/node_modules",), ("_npx/*/node_modules",), "npx"),
    ("XDG_CACHE_HOME", ("pnpm/dlx/*/*/node_modules",), (), PNPM_DLX),
    ("BUN_INSTALL", ("install/cache/.bunx-*/*/node_modules", "install/cache/.bunx-*/@*/*/node_modules"), (), BUNX),
    ("BUN_INSTALL_CACHE_DIR", (".bunx-*/*/node_modules", ".bunx-*/@*/*/node_modules"), (), BUNX),
    (
        "PNPM_HOME",
        ("global/*/node_modules", "global/v11/*/node_modules"),
        ("global/*/node_modules", "global/v11/*/node_modules"),
        "pnpm",
    ),
    ("BUN_INSTALL", ("install/global/node_modules",), ("install/global/node_modules",), "bun"),
    ("YARN_GLOBAL_FOLDER", ("node_modules",), ("node_modules",), "yarn"),
    ("NVM_DIR", ("versions/node/*/lib/node_modules",), (), "nvm"),
    ("NVM_HOME", (), ("*/node_modules",), "nvm"),  # nvm-windows
    ("NVM_SYMLINK", (), ("node_modules",), "nvm"),
    (
        "VOLTA_HOME",
        ("tools/image/packages/*/lib/node_modules", "tools/image/packages/*/*/lib/node_modules"),
        ("tools/image/packages/*/node_modules", "tools/image/packages/*/*/node_modules"),
        "volta",
    ),
    (
        "FNM_DIR",
        ("node-versions/*/installation/lib/node_modules",),
        ("node-versions/*/installation/node_modules",),
        "fnm",
    ),
    ("ASDF_DATA_DIR", ("installs/nodejs/*/lib/node_modules",), (), "asdf"),
    ("MISE_DATA_DIR", ("installs/node/*/lib/node_modules",), ("installs/node/*/node_modules",), "mise"),
    (
        "MISE_DATA_DIR",
        ("installs/npm-*/*/lib/node_modules", "installs/npm-*/*/node_modules"),
        ("installs/npm-*/*/node_modules",),
        MISE_NPM,
    ),
    ("NODENV_ROOT", ("versions/*/lib/node_modules",), (), "nodenv"),
    # n: node (and npm's global folder) under N_PREFIX, its downloaded versions under N_CACHE_PREFIX's n/versions
    ("N_PREFIX", ("lib/node_modules", "n/versions/node/*/lib/node_modules"), (), "n"),
    ("N_CACHE_PREFIX", ("n/versions/node/*/lib/node_modules",), (), "n"),
    ("BUN_INSTALL_GLOBAL_DIR", ("node_modules",), ("node_modules",), "bun"),
    ("CONDA_PREFIX", ("lib/node_modules",), ("node_modules",), "conda"),
    ("MAMBA_ROOT_PREFIX", ("envs/*/lib/node_modules",), ("envs/*/node_modules",), "conda"),
)
MAX_NPMRC_BYTES = 256 * 1024

NODE_VERSION_MANAGERS = {"nvm", "fnm", "asdf", "mise", "nodenv", "n", "conda", "homebrew", "user"}


def _roots(platform: str) -> tuple[tuple[str, str], ...]:
    if platform == "windows":
        return NPM_ROOTS["windows"]
    return NPM_ROOTS["unix"] + (NPM_ROOTS["macos"] if platform == "macos" else ())


def locations(platform: str) -> tuple[str, ...]:
    return tuple(template for template, _manager in _roots(platform))


def _prefix_roots(prefix: str, windows: bool) -> str:
    return prefix.rstrip("/") + ("/node_modules" if windows else "/lib/node_modules")


def npmrc_prefix(ctx: Context, setting: str = "prefix") -> str | None:
    """``prefix=`` (or ``cache=``, where npm keeps what npx fetched) from the user's ``~/.npmrc``, where
    ``npm config set`` writes it, as a machine path (the first of :func:`npmrc_prefixes`)."""
    return next(iter(npmrc_prefixes(ctx, setting)), None)


def npmrc_prefixes(ctx: Context, setting: str = "prefix") -> list[str]:
    """``setting`` (``prefix``, ``cache``) as machine paths, from ``~/.npmrc`` and from each user config
    ``NPM_CONFIG_USERCONFIG`` names (the environment's, or a startup file's export: ``~/.config/npm/npmrc``);
    both are read, the moved one beside the default, never instead. Only that line is kept: an .npmrc may
    hold registry tokens, whose values are never looked at or recorded."""
    files = [ctx.machine.home.rstrip("/") + "/.npmrc"]
    files += [f for var in USERCONFIG_VARIABLES for f in ctx.machine.folder_values(var)]
    out: list[str] = []
    for path in dict.fromkeys(to_machine_path(f) for f in files):
        for value in _settings(_config_text(ctx, path), INI, setting):
            folder = prefix_folder(value, ctx.machine.home)
            if folder and folder not in out:
                out.append(folder)
    return out


USERCONFIG_VARIABLES = ("NPM_CONFIG_USERCONFIG", "npm_config_userconfig")
INI, YARNRC, TOML = "ini", "yarnrc", "toml"
# The package managers' own settings that move their global folder: (config files per platform, format, the
# setting, the folders under its value, manager). pnpm reads global-dir from its rc and from ~/.npmrc; yarn
# classic global-folder from ~/.yarnrc; bun [install] globalDir from ~/.bunfig.toml or $XDG_CONFIG_HOME's.
CONFIG_ROOTS: tuple[tuple[dict[str, tuple[str, ...]], str, str, tuple[str, ...], str], ...] = (
    (
        {
            "linux": ("{xdg_config}/pnpm/rc", "{home}/.npmrc"),
            "macos": ("{home}/Library/Preferences/pnpm/rc", "{home}/.npmrc"),
            "windows": ("{localappdata}/pnpm/config/rc", "{home}/.npmrc"),
        },
        INI,
        "global-dir",
        ("*/node_modules", "v11/*/node_modules"),
        "pnpm",
    ),
    (
        {p: ("{home}/.yarnrc",) for p in ("linux", "macos", "windows")},
        YARNRC,
        "global-folder",
        ("node_modules",),
        "yarn",
    ),
    (
        {p: ("{home}/.bunfig.toml", "{xdg_config}/.bunfig.toml") for p in ("linux", "macos", "windows")},
        TOML,
        "install.globalDir",
        ("node_modules",),
        "bun",
    ),
)
_YARNRC_LINE = re.compile(r"""^\s*"?([\w@/.:-]+)"?\s+(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*$""")


def _config_text(ctx: Context, path: str) -> str | None:
    """A package manager's config file, read once a scan however many settings are asked of it."""
    memory: dict[str, str | None] = ctx.disk.remembered("npm: config files", dict)
    if path not in memory:
        memory[path] = ctx.disk.try_text(path, limit=MAX_NPMRC_BYTES)
    return memory[path]


def _settings(text: str | None, form: str, setting: str) -> list[str]:
    """The values ``text`` gives ``setting`` (INI's ``key=value``, yarnrc's ``key "value"``, a TOML table's
    ``a.b``); nothing of any other line is kept."""
    if not text or setting.rpartition(".")[2] not in text:
        return []
    if form == TOML:
        from tui.core.bounded_read import ParseFailed
        from tui.core.safe_toml import parse_toml

        try:
            data: object = parse_toml(text)
        except ParseFailed:
            return []
        for key in setting.split("."):
            data = data.get(key) if isinstance(data, dict) else None
        return [data] if isinstance(data, str) and data.strip() else []
    out: list[str] = []
    for line in text.splitlines():
        if form == YARNRC:
            m = _YARNRC_LINE.match(line)
            if m and m.group(1) == setting:
                out.append(m.group(2) if m.group(2) is not None else m.group(3))
            continue
        key, sep, value = line.partition("=")
        if sep and key.strip() == setting:
            out.append(value.strip().strip("\"'"))
    return [v for v in out if v]


# the folders the same settings put the managers' commands in: pnpm's global-bin-dir, yarn classic's prefix
# (its bin folder), bun's [install] globalBinDir, as (files per platform, format, setting, folder under its value)
CONFIG_BINS: tuple[tuple[dict[str, tuple[str, ...]], str, str, str], ...] = (
    (CONFIG_ROOTS[0][0], INI, "global-bin-dir", ""),
    (CONFIG_ROOTS[1][0], YARNRC, "prefix", "bin"),
    (CONFIG_ROOTS[2][0], TOML, "install.globalBinDir", ""),
)


def config_bin_folders(ctx: Context) -> list[str]:
    """The folders the package managers' own settings put their global commands in (:data:`CONFIG_BINS`),
    looked in by the path channel beside the search path (the files are read once a scan)."""
    out: list[str] = []
    for files, form, setting, under in CONFIG_BINS:
        for path in dict.fromkeys(p for t in files.get(ctx.machine.platform, ()) for p in ctx.expand_all(t)):
            for value in _settings(_config_text(ctx, path), form, setting):
                folder = prefix_folder(value, ctx.machine.home)
                if folder:
                    out.append(f"{folder.rstrip('/')}/{under}" if under else folder)
    return list(dict.fromkeys(out))


def _config_roots(ctx: Context) -> list[tuple[str, str]]:
    """The global folders the package managers' own settings move (:data:`CONFIG_ROOTS`)."""
    windows = ctx.machine.platform == "windows"
    out: list[tuple[str, str]] = []
    for files, form, setting, under, manager in CONFIG_ROOTS:
        for path in dict.fromkeys(p for t in files.get(ctx.machine.platform, ()) for p in ctx.expand_all(t)):
            for value in _settings(_config_text(ctx, path), form, setting):
                folder = prefix_folder(value, ctx.machine.home)
                if folder:
                    base = folder.rstrip("/")
                    out += [(f"{base}/{rel}", manager) for rel in under if not (windows and "lib/" in rel)]
    return out


def _env_roots(ctx: Context) -> list[tuple[str, str]]:
    windows = ctx.machine.platform == "windows"
    out: list[tuple[str, str]] = []
    for var, unix, win, manager in ENV_ROOTS:
        for value in ctx.machine.folder_values(var):  # the environment's, and a startup file's export
            base = to_machine_path(value).rstrip("/")
            out.extend((f"{base}/{rel}", manager) for rel in (win if windows else unix))
    return out


def node_modules_dirs(ctx: Context) -> list[tuple[str, str]]:
    """Global node_modules folders: the known prefixes, those moved by ``~/.npmrc`` and (on the live
    machine) by environment variables, and those implied by the search path (``<prefix>/bin`` on PATH
    means ``<prefix>/lib/node_modules``; on Windows the PATH entry itself; pnpm's bin folder, which is
    ``$PNPM_HOME`` or ``$PNPM_HOME/bin``, holds its ``global`` folder)."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    windows = ctx.machine.platform == "windows"
    candidates = list(_roots(ctx.machine.platform))
    candidates += [(_prefix_roots(prefix, windows), "npm") for prefix in npmrc_prefixes(ctx)]
    candidates += [(cache.rstrip("/") + "/_npx/*/node_modules", NPX) for cache in npmrc_prefixes(ctx, "cache")]
    # and where the lines that run npx move its cache (npx --cache DIR, npm_config_cache=DIR npx ...)
    candidates += [(cache.rstrip("/") + "/_npx/*/node_modules", NPX) for cache in npm_runs.moved_caches(ctx)]
    candidates += _config_roots(ctx)
    candidates += _env_roots(ctx)
    # the search path's folders, and those the startup files put on it (npm i -g --prefix ~/tools)
    for entry in dict.fromkeys([*ctx.machine.search_path, *ctx.machine.startup_path]):
        entry = entry.rstrip("/")
        if windows:
            candidates.append((entry + "/node_modules", "npm"))
        elif entry.endswith("/bin"):
            candidates.append((entry[:-4] + "/lib/node_modules", "npm"))
        if entry.endswith("/pnpm/bin") or entry.endswith("/pnpm"):
            home = entry[:-4] if entry.endswith("/bin") else entry
            candidates += [(home + "/global/*/node_modules", "pnpm"), (home + "/global/v11/*/node_modules", "pnpm")]
    expanded = ((path, manager) for template, manager in candidates for path in ctx.expand_all(template))
    # the same folder may come from several sources (a default, the search path, the environment)
    for template, manager in dict.fromkeys(expanded):
        paths = _pnpm_v11_roots(ctx, template) if template.endswith(PNPM_V11) else ctx.glob(template)
        for path in paths:
            if manager == PNPM_DLX and path.endswith("/pkg/node_modules"):
                continue  # pnpm dlx's link to the newest of the folders beside it: the same copy again
            if path not in seen:
                seen.add(path)
                out.append((path, manager))
    return out


PNPM_V11 = "/global/v11/*/node_modules"
# disk.remembered: the global node_modules folders of npm the scan found (a prefix's etc/npmrc is npm's global
# config, read for its registry by tui.core.agents.indexes)
GLOBAL_ROOTS = "npm global roots"


def global_npmrcs(roots: list[str], windows: bool) -> list[str]:
    """The global config file (``<prefix>/etc/npmrc``) of each npm prefix whose global folder is in ``roots``."""
    out = []
    for root in roots:
        prefix = root[: -len("/node_modules")] if windows else root.removesuffix("/lib/node_modules")
        if prefix != root and "*" not in prefix:
            out.append(f"{prefix}/etc/npmrc")
    return list(dict.fromkeys(out))


_HEX = frozenset("0123456789abcdef")


def _pnpm_v11_roots(ctx: Context, template: str) -> list[str]:
    """pnpm 11+ keeps one ``global/v11/<id>`` folder per ``pnpm add -g`` (``331e-18ea95f0d08a8e04-0``)
    and beside each a link named by a 64-hex hash: one install, two names. Only hash-named entries are
    looked at (one ``lstat``), and skipped when they are links; the folders cost no call at all."""
    v11 = ctx.expand(template[: -len("/*/node_modules")])
    if v11 is None:
        return []
    children = ctx.disk.children(v11)
    roots = []
    for name in sorted(children):
        if len(name) == 64 and _HEX.issuperset(name) and children[name].is_symlink:
            continue
        roots.append(f"{v11}/{name}/node_modules")
    return roots


def scan(ctx: Context) -> list[Install]:
    wanted = ctx.index("npm")
    if not wanted:
        return []
    # the catalog's names split once a scan, matched against each folder's names as sets (hundreds of folders)
    plain = frozenset(n for n in wanted if "/" not in n)
    scoped_names: dict[str, set[str]] = {}
    for wanted_name in wanted:
        if wanted_name.startswith("@"):
            scope, slash, rest = wanted_name.partition("/")
            scoped_names.setdefault(scope, set()).update((rest,) if slash else ())
    scopes = frozenset(scoped_names)
    results: list[Install] = []
    roots = node_modules_dirs(ctx)
    node_prefixes = {"npm", *NODE_VERSION_MANAGERS}  # a Node install's own prefix: it has an etc/npmrc
    ctx.disk.remembered(GLOBAL_ROOTS, lambda: [r for r, manager in roots if manager in node_prefixes])
    for root, manager in roots:
        children = ctx.disk.children(root)
        names_here = children.names()
        found = [n for n in names_here & plain if children[n].is_dir]
        for scope in sorted(names_here & scopes):
            scoped = ctx.disk.children(f"{root}/{scope}")
            found += [f"{scope}/{rest}" for rest in scoped.names() & scoped_names[scope] if scoped[rest].is_dir]
        for pkg in sorted(found):
            pkg_dir = f"{root}/{pkg}"
            name, version = read_package(ctx, pkg_dir)
            runner = RUNNER_CACHES.get(manager)
            detail = f"{runner}'s copy of {pkg}" if runner else f"npm global package {pkg} ({manager})"
            if name is not None and name != pkg:
                # npm names the folder after the package: a package.json that says otherwise was edited (or is
                # an alias install), and an edited file must not hide what the folder holds
                detail += f"; its package.json names {clean(name, 100)!r}: counted by its folder"
            conflict = conflict_of(ctx, pkg_dir)
            for tool in wanted[pkg]:
                results.append(
                    ctx.install(
                        tool, NAME, pkg_dir, version, manager=manager, key=pkg, detail=detail, version_conflict=conflict
                    )
                )
    results += npm_runs.installs(ctx, wanted)
    results += bun_cache.installs(ctx, wanted)
    return results


# -- remediation -----------------------------------------------------------------------------------
def _node_version(path: str) -> str | None:
    m = re.search(r"[/\\]v?(\d+\.\d+\.\d+)[/\\]", path)
    return m.group(1) if m else None


def _select_node(i: Install) -> list[Step]:
    m = i.manager
    if m not in NODE_VERSION_MANAGERS - {"homebrew", "user"}:
        return []
    node = _node_version(i.path)
    return [
        Step(
            f"Select the Node.js version that holds it first ({m}"
            + (f", Node {node}" if node else "")
            + "), e.g. "
            + (f"`nvm use {node}`" if m == "nvm" and node else "your version manager's `use` command")
            + "."
        )
    ]


# a Nix profile's package is the store's, put there by the user's Nix configuration: no npm command changes it
_NIX_STEP = (
    "{what} it where your Nix setup installs it: `nix profile list` then `nix profile remove` (or upgrade), or "
    "your home-manager or NixOS configuration, then rebuild."
)


def _npx_folder(i: Install) -> str:
    """The folder a runner keeps one copy in, from the package's folder: npx's ``~/.npm/_npx/<hash>``, bunx's
    ``.bunx-<uid>/<pkg>@<spec>``, pnpm dlx's ``dlx/<hash>`` (its dated folders and the link to the newest)."""
    sep = "\\" if "\\" in i.path else "/"
    folder = i.path.rpartition(f"{sep}node_modules{sep}")[0]
    return folder.rpartition(sep)[0] if i.manager == PNPM_DLX else folder


def _remove_npx(i: Install, windows: bool, pkg: str) -> list[Step]:
    folder = _npx_folder(i)
    runner = RUNNER_CACHES.get(i.manager, "npx")
    return [
        step(
            f"Delete {runner}'s copy of {clean(pkg)} ({runner} fetches a package again when it is asked for).",
            remove_path(folder, windows),
            folder,
        )
    ]


def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    pkg = i.key
    m = i.manager
    if m in RUNNER_CACHES:
        return Remediation(i, f"{RUNNER_CACHES[m]}'s copy of {clean(pkg)}", tuple(_remove_npx(i, windows, pkg)))
    if m == npm_runs.RUNNER:
        return npm_runs.remove(i, windows, tool_name)
    if m == bun_cache.BUN_CACHE:
        return bun_cache.remove(i, windows, tool_name)
    if m == NIX:
        return Remediation(i, f"npm package {clean(pkg)} (Nix)", (Step(_NIX_STEP.format(what="Remove")),))
    if m == MISE_NPM:
        command = cmd(windows, "mise", "uninstall", "--all", literal=(f"npm:{pkg}",))
        return Remediation(
            i, f"npm package {clean(pkg)} (mise)", (step(f"Uninstall npm:{clean(pkg)} (mise).", command, pkg),)
        )
    if m == "pnpm":
        command = cmd(windows, "pnpm", "remove", "--global", literal=(pkg,))
    elif m == "bun":
        command = cmd(windows, "bun", "remove", "--global", literal=(pkg,))
    elif m == "yarn":
        command = cmd(windows, "yarn", "global", "remove", literal=(pkg,))
    elif m == "volta":
        command = cmd(windows, "volta", "uninstall", literal=(pkg,))
    else:
        command = cmd(windows, "npm", "uninstall", "--global", literal=(pkg,))
    steps = _select_node(i)
    steps.append(step(f"Uninstall the global package {clean(pkg)} ({m or 'npm'}).", command, pkg))
    return Remediation(i, f"npm global package {clean(pkg)} ({m or 'npm'})", tuple(steps))


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    pkg, m = i.key, i.manager
    spec = f"{pkg}@{target.version}"
    if m in RUNNER_CACHES:  # a runner runs the copy it has while it satisfies what is asked: the version is named,
        runner = RUNNER_CACHES[m]  # the copy goes
        run = step(
            f"Run it by its version from now on ({runner} fetches it); any version {clean(target.text)} is fine.",
            cmd(windows, *(("npx", "-y") if m == NPX else tuple(runner.split())), literal=(spec,)),
            spec,
        )
        return Remediation(i, f"{runner}'s copy of {clean(pkg)}", (run, *_remove_npx(i, windows, pkg)))
    if m == npm_runs.RUNNER:
        return npm_runs.update(i, windows, tool, target)
    if m == bun_cache.BUN_CACHE:
        return bun_cache.remove(i, windows, tool.name)
    if m == NIX:
        return Remediation(i, f"npm package {clean(pkg)} (Nix)", (Step(_NIX_STEP.format(what="Update")),))
    if m == MISE_NPM:
        command = cmd(windows, "mise", "use", "--global", literal=(f"npm:{spec}",))
        text = f"Install npm:{clean(pkg)} {clean(target.version)} (mise); any version {clean(target.text)} is fine."
        return Remediation(i, f"npm package {clean(pkg)} (mise)", (step(text, command, pkg),))
    if m == "pnpm":
        command = cmd(windows, "pnpm", "add", "--global", literal=(spec,))
    elif m == "bun":
        command = cmd(windows, "bun", "add", "--global", literal=(spec,))
    elif m == "yarn":
        command = cmd(windows, "yarn", "global", "add", literal=(spec,))
    elif m == "volta":
        command = cmd(windows, "volta", "install", literal=(spec,))
    else:
        command = cmd(windows, "npm", "install", "--global", literal=(spec,))
    steps = _select_node(i)
    steps.append(
        step(
            f"Install {clean(pkg)} {clean(target.version)} ({m or 'npm'}); any version {clean(target.text)} is fine.",
            command,
            pkg,
        )
    )
    return Remediation(i, f"npm global package {clean(pkg)} ({m or 'npm'})", tuple(steps))
