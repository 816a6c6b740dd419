"""Executables on the search path. Symlinks are resolved (inside ``--root``) to tell which install is
behind a command and, where the target's location says so, which version. Generic names (``q``,
``goose``, ``agent`` …) are reported with ``manager = "generic"``; the scanner keeps them only when
another channel found the same tool."""

from __future__ import annotations

import re

from tui.core.catalog import Tool, names
from tui.core.channels.base import Context, Target
from tui.core.channels.npm import config_bin_folders
from tui.core.channels.npm_versions import read_package
from tui.core.channels.readers import (
    conflict_of,
    is_small_text_shim,
    norm_dist,
    shim_targets,
    site_distributions,
    venv_site_patterns,
)
from tui.core.channels.remedy import Remediation, Step, remove_path, step
from tui.core.models import Install
from tui.core.text import clean, clean_version

NAME = "path"
LABEL = "Executables on the search path"
# generic_executables: names too common to mean the tool alone (q, goose, agent ...)
CATALOG_KEYS = (names("executables"), names("generic_executables"))
GENERIC = "generic"
WINDOWS_EXE_SUFFIXES = ("", ".exe", ".cmd", ".bat", ".ps1")
_CELLAR = re.compile(r"/(?:Cellar|Caskroom)/[^/]+/([^/]+)/")
_TOOL_VENV = re.compile(r"^(.*/(?:pipx/venvs|uv/tools)/([^/]+))/")


# Folders installers put commands in, looked at even when the search path leaves them out: a PATH narrowed for
# aicheck's run alone (or a mistyped --search-path) must not hide a command that is installed there.
# Nix puts a profile's commands in its bin folder (the user's, the default profile's, NixOS's system one),
# which its own profile script adds to PATH: each links into /nix/store.
NIX_BIN_FOLDERS = (
    "{home}/.nix-profile/bin",
    "{home}/.local/state/nix/profile/bin",
    "/nix/var/nix/profiles/default/bin",
    "/run/current-system/sw/bin",
)
STANDARD_FOLDERS: dict[str, tuple[str, ...]] = {
    "linux": ("{home}/.local/bin", "{home}/bin", "/usr/local/bin", "/usr/bin", *NIX_BIN_FOLDERS),
    "macos": ("{home}/.local/bin", "{home}/bin", "/usr/local/bin", "/opt/homebrew/bin", "/usr/bin", *NIX_BIN_FOLDERS),
    "windows": ("{home}/.local/bin", "{appdata}/npm", "{localappdata}/Microsoft/WindowsApps"),
}


def locations(platform: str) -> tuple[str, ...]:
    return STANDARD_FOLDERS.get(platform, ())  # and the machine's search path, whatever it holds


def _npm_package(tool: Tool, target: str) -> str | None:
    """The folder of the tool's npm package that ``target`` lies in, or None."""
    for pkg in tool.sig("npm"):
        marker = f"/node_modules/{pkg}/"
        if marker in target + "/":
            return target[: target.index(marker) + len(marker) - 1]
    return None


def _conflict(ctx: Context, tool: Tool, targets: list[str]) -> str:
    """Why the version of the npm package behind a command cannot be confirmed (see ``npm_versions``)."""
    for target in targets:
        pkg_dir = _npm_package(tool, target)
        if pkg_dir is not None and conflict_of(ctx, pkg_dir):
            return conflict_of(ctx, pkg_dir)
    return ""


def _version_from_target(ctx: Context, tool: Tool, target: str) -> str | None:
    pkg_dir = _npm_package(tool, target)
    if pkg_dir is not None:
        return read_package(ctx, pkg_dir)[1]
    for folder in (f for spec in tool.sig("native_versions") for f in ctx.expand_all(spec)):
        if target.startswith(folder.rstrip("/") + "/"):
            return clean_version(target[len(folder.rstrip("/")) + 1 :].split("/")[0].removesuffix(".exe"))
    m = _CELLAR.search(target)
    if m:
        return clean_version(m.group(1))
    m = _TOOL_VENV.search(target)
    if m and norm_dist(m.group(2)) in {norm_dist(d) for d in tool.sig("pypi")}:
        wanted = {norm_dist(d): [tool] for d in tool.sig("pypi")}
        for pattern in venv_site_patterns(ctx.machine.platform):
            for site in ctx.disk.glob_dirs(f"{m.group(1)}/{pattern}"):
                for _meta, _dist, version in site_distributions(ctx, site, wanted):
                    return version
    return None


def _version_from_shim(ctx: Context, tool: Tool, shim: str) -> str | None:
    """A text shim (npm's ``.cmd``/``.ps1``/sh, pnpm's and bun's sh scripts) names the file it runs:
    that file's location gives the version as a symlink target would."""
    for target in shim_targets(ctx, shim):
        version = _version_from_target(ctx, tool, target)
        if version is not None:
            return version
    return None


def scan(ctx: Context) -> list[Install]:
    windows = ctx.machine.platform == "windows"
    suffixes = WINDOWS_EXE_SUFFIXES if windows else ("",)
    wanted: dict[str, list[tuple]] = {}
    for attr, generic in (("executables", False), ("generic_executables", True)):
        for name, tools in ctx.index(attr).items():
            for suffix in suffixes:
                key = (name + suffix).lower() if windows else name + suffix
                wanted.setdefault(key, []).extend((t, generic, name) for t in tools)
    results: list[Install] = []
    seen_dirs: set[str] = set()
    first_seen: set[tuple[str, str]] = set()
    on_path = len(ctx.machine.search_path)
    in_startup = on_path + len(ctx.machine.startup_path)
    standard = [f for t in STANDARD_FOLDERS.get(ctx.machine.platform, ()) for f in ctx.expand_all(t)]
    in_standard = in_startup + len(standard)
    configured = config_bin_folders(ctx)  # pnpm's global-bin-dir, yarn's prefix, bun's globalBinDir
    for index, folder in enumerate([*ctx.machine.search_path, *ctx.machine.startup_path, *standard, *configured]):
        if folder in seen_dirs:
            continue
        seen_dirs.add(folder)
        children = ctx.disk.children(folder, types=False)  # thousands of names, a few looked at
        names = [n for n in children if n.lower() in wanted] if windows else children.names() & wanted.keys()
        for name_on_disk in sorted(names):
            entry = children[name_on_disk]
            key = entry.name.lower() if windows else entry.name
            hits = wanted.get(key)
            if not hits or entry.is_dir:
                continue
            target = ctx.disk.resolve(entry.path) if entry.is_symlink else entry.path
            if target is None:
                continue  # dangling link or loop: noted by resolve()
            shim: bool | None = None  # read a text shim at most once, and only when a version is missing
            for tool, generic, name in hits:
                version = _version_from_target(ctx, tool, target)
                if version is None and (tool.sig("npm") or tool.sig("pypi")):
                    if shim is None:
                        shim = is_small_text_shim(ctx, target)
                    if shim:
                        version = _version_from_shim(ctx, tool, target)
                if index >= in_standard:
                    order = "in the folder a package manager's settings put its commands in, not on the search path"
                elif index >= in_startup:
                    order = "in a standard folder that is not on the search path"
                elif index >= on_path:
                    order = "in a folder a shell startup file puts on the search path or runs a program from"
                elif (tool.id, name) not in first_seen:
                    order = "first on the search path"
                else:
                    order = "shadowed by an earlier one"
                first_seen.add((tool.id, name))
                detail = f"command {entry.name}"
                if target != entry.path:
                    detail += f" -> {ctx.disk.display(target)}"
                conflict = ""
                # what it runs: a link's target (a native version's launcher is removed with that version);
                # of unknown version, its shim's targets too, and the judge asks whether they lie inside an
                # install it knows
                runs: tuple[str, ...] = (target,) if target != entry.path else ()
                if version is None:
                    runs = (target, *(shim_targets(ctx, target) if shim else ()))
                if version is None and tool.sig("npm"):  # an edited package.json behind it: say what disagrees
                    conflict = _conflict(ctx, tool, list(runs))
                results.append(
                    ctx.install(
                        tool,
                        NAME,
                        entry.path,
                        version,
                        detail=f"{detail} ({order})",
                        manager=GENERIC if generic else "",
                        key=name,
                        version_conflict=conflict,
                        runs=runs,
                    )
                )
    return results


# -- remediation -----------------------------------------------------------------------------------
def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    if not windows and any(p.startswith("/nix/store/") for p in (i.path, *i.runs)):
        # a Nix profile's command links into the read-only store: the user's Nix setup put it there
        return Remediation(
            i,
            f"executable {clean(i.key or i.path)} of a Nix profile",
            (
                Step(
                    "Remove it where your Nix setup installs it: `nix profile list` then `nix profile remove`, "
                    "or your home-manager or NixOS configuration, then rebuild."
                ),
            ),
        )
    return Remediation(
        i,
        f"executable {clean(i.key or i.path)} on the search path",
        (
            Step("Uninstall it with whatever installed it (see the other evidence for this tool)."),
            step("If nothing else owns it, delete the file.", remove_path(i.path, windows), i.path),
        ),
    )


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    return None  # a command goes with the install behind it: that install's channel updates it
