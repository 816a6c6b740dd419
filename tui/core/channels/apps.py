"""macOS application bundles, identified by ``CFBundleIdentifier`` in ``Contents/Info.plist``."""

from __future__ import annotations

import plistlib
from dataclasses import dataclass
from xml.parsers.expat import ExpatError

from tui.core.catalog import CatalogKey, Tool
from tui.core.channels.base import Context, Target
from tui.core.channels.remedy import Remediation, Step, remove_path
from tui.core.machine import ReadSkipped
from tui.core.models import Install
from tui.core.text import clean
from tui.core.tomldoc import Table

NAME = "apps"
LABEL = "macOS applications"
MAC_APP_DIRS = ("/Applications", "{home}/Applications", "/Users/Shared/Applications")


@dataclass(frozen=True)
class MacAppSig:
    bundle_id: str
    names: tuple[str, ...]


def _parse_apps(t: Table, key: str) -> tuple[MacAppSig, ...]:
    apps = []
    for i, item in t.table_list(key):
        sub = t.sub(key, item, i)
        bid = sub.text("bundle_id", required=True)
        names = sub.str_list("names")
        sub.check_unknown({"bundle_id", "names"})
        if bid:
            apps.append(MacAppSig(bid.lower(), names))
    return tuple(apps)


CATALOG_KEYS = (CatalogKey("mac_apps", _parse_apps),)


def locations(platform: str) -> tuple[str, ...]:
    return MAC_APP_DIRS if platform == "macos" else ()


def read_info_plist(ctx: Context, app: str) -> dict | None:
    path = f"{app}/Contents/Info.plist"
    if not ctx.disk.exists(path):
        return None
    try:
        data = plistlib.loads(ctx.disk.read_bytes(path, limit=1024 * 1024))
    except ReadSkipped as exc:
        ctx.disk.skip(path, str(exc))
        return None
    except (
        plistlib.InvalidFileException,
        ExpatError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        OverflowError,
        RecursionError,
        AttributeError,
    ) as exc:
        ctx.disk.skip(path, f"corrupt plist: {exc.__class__.__name__}")
        return None
    return data if isinstance(data, dict) else None


def scan(ctx: Context) -> list[Install]:
    if ctx.machine.platform != "macos":
        return []
    by_name: dict[str, list] = {}
    for tool in ctx.catalog.tools.values():
        for sig in tool.sig("mac_apps"):
            for name in sig.names:
                by_name.setdefault(name.lower(), []).append((tool, sig))
    results: list[Install] = []
    for folder in (f for template in MAC_APP_DIRS for f in ctx.expand_all(template)):
        for entry in ctx.disk.listdir(folder):
            candidates = by_name.get(entry.name.lower())
            if not candidates or not entry.is_dir:
                continue
            info = read_info_plist(ctx, entry.path)
            if info is None:
                continue
            bundle_id = str(info.get("CFBundleIdentifier", "")).lower()
            for tool, sig in candidates:
                if bundle_id != sig.bundle_id:
                    continue
                raw = info.get("CFBundleShortVersionString") or info.get("CFBundleVersion")
                results.append(
                    ctx.install(
                        tool,
                        NAME,
                        entry.path,
                        ctx.version(raw, entry.path + "/Contents/Info.plist"),
                        manager="app",
                        key=bundle_id,
                        detail=f"macOS app {entry.name} ({bundle_id})",
                    )
                )
    return results


# -- remediation -----------------------------------------------------------------------------------
def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    rm = remove_path(i.path, windows)
    steps = [Step(f"Quit {clean(tool_name or 'the app')}, then move {clean(i.path, 300)} to the Trash (Finder).")]
    if rm:
        steps.append(Step("Or from a terminal:", rm))
    steps.append(Step("If it was installed with Homebrew, use `brew uninstall --cask` instead."))
    return Remediation(i, f"macOS app {clean(i.path.rsplit('/', 1)[-1])}", tuple(steps))


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    return Remediation(
        i,
        f"macOS app {clean(i.path.rsplit('/', 1)[-1])}",
        (
            Step(
                f"Update {clean(tool.name)} to {clean(target.version)} or later (any version {clean(target.text)}): "
                "its own menu (Check for Updates), or `brew upgrade --cask` if Homebrew installed it."
            ),
        ),
    )
