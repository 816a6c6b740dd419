"""Readers several channels share: an npm ``package.json``, Python ``dist-info`` folders, npm's Windows
command shims. All of them read through the channel context's audited disk."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tui.core.channels.base import Context

_RUNS = re.compile(r"-{2,}")
_DIST = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*?)-(?P<version>[0-9][^-]*?)(?:-py[0-9.]+)?\.(?P<kind>dist-info|egg-info)$")
_SHIM = re.compile(r"node_modules[\\/]+((?:@[^\\/\"]+[\\/]+)?[^\\/\"]+)")


# -- npm -------------------------------------------------------------------------------------------
def read_package(ctx: Context, pkg_dir: str) -> tuple[str | None, str | None]:
    """(name, version) from a package.json, or (None, None) when it is missing or broken."""
    data = ctx.disk.try_json(pkg_dir + "/package.json")
    if not isinstance(data, dict):
        return None, None
    name = data.get("name") if isinstance(data.get("name"), str) else None
    return name, ctx.version(data.get("version"), pkg_dir + "/package.json")


def shim_packages(ctx: Context, shim: str) -> list[str]:
    """The packages a ``claude.cmd``-style text shim (npm on Windows) names as ``node_modules\\<pkg>``."""
    text = ctx.disk.try_text(shim, limit=64 * 1024)
    if not text:
        return []
    return [m.group(1).replace("\\", "/") for m in _SHIM.finditer(text)]


# -- Python ----------------------------------------------------------------------------------------
def norm_dist(name: str) -> str:
    """PEP 503 normalised distribution name (string methods: this runs once per site-packages entry)."""
    name = name.lower().replace("_", "-").replace(".", "-")
    return _RUNS.sub("-", name) if "--" in name else name


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


def site_distributions(ctx: Context, site: str, wanted: dict) -> Iterator[tuple[str, str, str | None]]:
    """(metadata folder, distribution name as written, version) of the wanted distributions in one
    site-packages folder; ``wanted`` is keyed by normalised name."""
    children = ctx.disk.children(site)
    # the folder name up to the first '-' is the escaped distribution name: filter before any regex
    for name in sorted(n for n in children if norm_dist(n.split("-", 1)[0]) in wanted):
        entry = children[name]
        if not entry.is_dir:
            continue
        m = _DIST.match(entry.name)
        if not m or not wanted.get(norm_dist(m.group("name"))):
            continue
        raw = _metadata_version(ctx, entry.path, m.group("kind")) or m.group("version")
        yield entry.path, m.group("name"), ctx.version(raw, entry.path)


def venv_site_patterns(platform: str) -> tuple[str, ...]:
    if platform == "windows":
        return ("Lib/site-packages",)
    return ("lib/python3*/site-packages",)
