"""Copies of catalogued packages in bun's install cache: ``~/.bun/install/cache/<pkg>@<version>@@@<n>`` (a
scoped one under its scope's folder, ``@google/gemini-cli@0.61.0@@@1``), or the folder ``BUN_INSTALL_CACHE_DIR``
or ``BUN_INSTALL`` moves it to.

bun keeps there every package it has fetched, for ``bun add``, ``bun install`` in any project and ``bunx``
alike, and runs none of them from there (``bunx`` runs its own folder, which the npm channel reads as it reads
npx's). A copy there says the package was fetched on this machine: a trace of use, as a configuration folder
is (``evidence_only``), never an install that needs action by itself. A line that runs it (``alias gemini=
'bunx @google/gemini-cli'``) is what runs: :mod:`tui.core.channels.npm_runs`.

Read with one listing of the cache (and one of each catalogued scope's folder in it), never walked."""

from __future__ import annotations

from collections.abc import Collection

from tui.core.catalog import Tool
from tui.core.channels.base import Context
from tui.core.channels.npm_versions import read_package
from tui.core.channels.remedy import Remediation, remove_path, step
from tui.core.machine import to_machine_path
from tui.core.models import Install
from tui.core.text import clean

BUN_CACHE = "bun-cache"  # the npm channel's manager of a copy in bun's install cache
_DEFAULT = "{home}/.bun/install/cache"
# (variable, the cache under its value)
_MOVED = (("BUN_INSTALL_CACHE_DIR", ""), ("BUN_INSTALL", "/install/cache"))


def cache_folders(ctx: Context) -> list[str]:
    out = list(ctx.expand_all(_DEFAULT))
    for var, under in _MOVED:
        out += [to_machine_path(v).rstrip("/") + under for v in ctx.machine.folder_values(var)]
    return list(dict.fromkeys(out))


def _copies(names: Collection[str], prefix: str) -> dict[str, str]:
    """The folders of ``names`` (a cache's or a scope's listing) that hold a copy of ``prefix`` (``gemini-cli``):
    ``gemini-cli@0.61.0@@@1`` → its version."""
    out: dict[str, str] = {}
    for name in names:
        if name.startswith(prefix + "@") and "@@@" in name:
            version = name[len(prefix) + 1 :].partition("@@@")[0]
            if version:
                out[name] = version
    return out


def installs(ctx: Context, wanted: dict[str, list[Tool]]) -> list[Install]:
    out: list[Install] = []
    for cache in cache_folders(ctx):
        if not ctx.disk.is_dir(cache):
            continue
        listing = ctx.disk.children(cache)
        names = listing.names()
        scopes: dict[str, Collection[str]] = {}
        for pkg in sorted(wanted):
            scope, slash, rest = pkg.partition("/")
            if slash and pkg.startswith("@"):
                if scope not in names:
                    continue
                if scope not in scopes:
                    scopes[scope] = ctx.disk.children(f"{cache}/{scope}").names()
                folder, found = f"{cache}/{scope}", _copies(scopes[scope], rest)
            else:
                folder, found = cache, _copies(names, pkg)
            for name, named_version in sorted(found.items()):
                path = f"{folder}/{name}"
                if not ctx.disk.is_dir(path):
                    continue
                _name, version = read_package(ctx, path)
                for tool in wanted[pkg]:
                    out.append(
                        ctx.install(
                            tool,
                            "npm",
                            path,
                            version or ctx.version(named_version, path),
                            detail=f"bun's cached copy of {pkg} (fetched on this machine; bun runs nothing from there)",
                            manager=BUN_CACHE,
                            key=pkg,
                            evidence_only=True,
                        )
                    )
    return out


def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    return Remediation(
        i,
        f"bun's cached copy of {clean(i.key)}",
        (
            step(
                f"Delete bun's cached copy of {clean(i.key)} (or run `bun pm cache rm`).",
                remove_path(i.path, windows),
                i.path,
            ),
        ),
    )
