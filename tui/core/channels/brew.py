"""Homebrew formulae (``Cellar``) and casks (``Caskroom``); one install per version folder."""

from __future__ import annotations

from tui.core.channels.base import Context
from tui.core.channels.npm import read_package
from tui.core.locations import brew_prefixes
from tui.core.models import Install

NAME = "brew"


def _wrapped_npm_version(ctx: Context, version_dir: str, tool) -> str | None:
    """Formulae such as gemini-cli install an npm package inside ``libexec``: its package.json is exact."""
    for pkg in tool.npm:
        pkg_dir = f"{version_dir}/libexec/lib/node_modules/{pkg}"
        if ctx.disk.is_dir(pkg_dir):
            return read_package(ctx, pkg_dir)[1]
    return None


def scan(ctx: Context) -> list[Install]:
    formulae, casks = ctx.index("brew_formulae"), ctx.index("brew_casks")
    results: list[Install] = []
    for template in brew_prefixes(ctx.machine):
        prefix = ctx.expand(template)
        if prefix is None:
            continue
        for folder, wanted, manager in (("Cellar", formulae, "formula"), ("Caskroom", casks, "cask")):
            if not wanted:
                continue
            children = ctx.disk.children(f"{prefix}/{folder}")
            for name in sorted(n for n in wanted if n in children and children[n].is_dir):
                for ver in ctx.disk.listdir(f"{prefix}/{folder}/{name}"):
                    if ver.name.startswith(".") or not (ver.is_dir or ver.is_symlink):
                        continue
                    for tool in wanted[name]:
                        version = (_wrapped_npm_version(ctx, ver.path, tool) if manager == "formula" else None) \
                            or ctx.version(ver.name.split(",")[0], ver.path)
                        results.append(ctx.install(tool, NAME, ver.path, version, manager=manager, key=name,
                                                   detail=f"Homebrew {manager} {name}"))
    return results
