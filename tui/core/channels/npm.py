"""npm global packages, under every common prefix and Node version manager."""

from __future__ import annotations

from tui.core.channels.base import Context
from tui.core.locations import npm_roots
from tui.core.models import Install

NAME = "npm"


def node_modules_dirs(ctx: Context) -> list[tuple[str, str]]:
    """Global node_modules folders: the known prefixes plus those implied by the search path
    (``<prefix>/bin`` on PATH means ``<prefix>/lib/node_modules``; on Windows the PATH entry itself)."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    candidates = list(npm_roots(ctx.machine))
    for entry in ctx.machine.search_path:
        if ctx.machine.platform == "windows":
            candidates.append((entry.rstrip("/") + "/node_modules", "npm"))
        elif entry.rstrip("/").endswith("/bin"):
            candidates.append((entry.rstrip("/")[:-4] + "/lib/node_modules", "npm"))
    for template, manager in candidates:
        for path in ctx.glob(template):
            if path not in seen:
                seen.add(path)
                out.append((path, manager))
    return out


def read_package(ctx: Context, pkg_dir: str) -> tuple[str | None, str | None]:
    """(name, version) from a package.json, or (None, None) when it is missing or broken."""
    data = ctx.disk.try_json(pkg_dir + "/package.json")
    if not isinstance(data, dict):
        return None, None
    name = data.get("name") if isinstance(data.get("name"), str) else None
    return name, ctx.version(data.get("version"), pkg_dir + "/package.json")


def scan(ctx: Context) -> list[Install]:
    wanted = ctx.index("npm")
    if not wanted:
        return []
    scopes = {name.split("/")[0] for name in wanted if name.startswith("@")}
    results: list[Install] = []
    for root, manager in node_modules_dirs(ctx):
        children = ctx.disk.children(root)
        found = [n for n in wanted if "/" not in n and n in children and children[n].is_dir]
        for scope in sorted(s for s in scopes if s in children):
            scoped = ctx.disk.children(f"{root}/{scope}")
            found += [n for n in wanted if n.startswith(scope + "/") and n.split("/", 1)[1] in scoped
                      and scoped[n.split("/", 1)[1]].is_dir]
        for pkg in sorted(found):
            pkg_dir = f"{root}/{pkg}"
            name, version = read_package(ctx, pkg_dir)
            if name is not None and name != pkg:
                ctx.disk.skip(pkg_dir, f"package.json names {name!r}, not {pkg!r}")
                continue
            for tool in wanted[pkg]:
                results.append(ctx.install(tool, NAME, pkg_dir, version, manager=manager, key=pkg,
                                           detail=f"npm global package {pkg} ({manager})"))
    return results
