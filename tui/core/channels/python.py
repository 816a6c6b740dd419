"""Python distributions: site-packages of system and user Pythons, and pipx / uv tool venvs."""

from __future__ import annotations

import re

from tui.core.channels.base import Context, norm_dist
from tui.core.locations import SITE_PACKAGES, TOOL_VENVS, venv_site_patterns
from tui.core.models import Install

NAME = "python"
_DIST = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*?)-(?P<version>[0-9][^-]*?)(?:-py[0-9.]+)?\.(?P<kind>dist-info|egg-info)$")


def _metadata_version(ctx: Context, meta_dir: str, kind: str) -> str | None:
    text = ctx.disk.try_text(f"{meta_dir}/{'METADATA' if kind == 'dist-info' else 'PKG-INFO'}", limit=1024 * 1024)
    if text is None:
        return None
    for line in text.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
        if not line.strip():
            break
    return None


def scan_site_packages(ctx: Context, site: str, manager: str, wanted: dict) -> list[Install]:
    out = []
    children = ctx.disk.children(site)
    # the folder name up to the first '-' is the escaped distribution name: filter before any regex
    for name in sorted(n for n in children if norm_dist(n.split("-", 1)[0]) in wanted):
        entry = children[name]
        if not entry.is_dir:
            continue
        m = _DIST.match(entry.name)
        if not m:
            continue
        tools = wanted.get(norm_dist(m.group("name")))
        if not tools:
            continue
        raw = _metadata_version(ctx, entry.path, m.group("kind")) or m.group("version")
        version = ctx.version(raw, entry.path)
        for tool in tools:
            out.append(ctx.install(tool, NAME, entry.path, version, manager=manager, key=norm_dist(m.group("name")),
                                   detail=f"Python package {m.group('name')} ({manager})"))
    return out


def scan(ctx: Context) -> list[Install]:
    wanted: dict = {}
    for name, tools in ctx.index("pypi").items():
        wanted.setdefault(norm_dist(name), []).extend(tools)
    if not wanted:
        return []
    plat = ctx.machine.platform
    results: list[Install] = []
    seen: set[str] = set()

    def visit(site: str, manager: str) -> None:
        if site not in seen:
            seen.add(site)
            results.extend(scan_site_packages(ctx, site, manager, wanted))

    for template in SITE_PACKAGES[plat]:
        for site in ctx.glob(template):
            visit(site, "pip")
    # a virtual environment whose bin/ is on the search path (activated venv, tool shims)
    if plat != "windows":
        for entry in ctx.machine.search_path:
            if entry.rstrip("/").endswith("/bin"):
                for site in ctx.glob(entry.rstrip("/")[:-4] + "/lib/python3*/site-packages"):
                    visit(site, "pip")
    for template, manager in TOOL_VENVS[plat]:
        base = ctx.expand(template)
        if base is None:
            continue
        for venv in ctx.disk.listdir(base):
            if not venv.is_dir or norm_dist(venv.name) not in wanted:
                continue
            for pattern in venv_site_patterns(ctx.machine):
                for site in ctx.disk.glob_dirs(f"{venv.path}/{pattern}"):
                    visit(site, manager)
    return results
