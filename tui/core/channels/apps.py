"""macOS application bundles, identified by ``CFBundleIdentifier`` in ``Contents/Info.plist``."""

from __future__ import annotations

import plistlib
from xml.parsers.expat import ExpatError

from tui.core.channels.base import Context
from tui.core.locations import MAC_APP_DIRS
from tui.core.machine import ReadSkipped
from tui.core.models import Install

NAME = "apps"


def read_info_plist(ctx: Context, app: str) -> dict | None:
    path = f"{app}/Contents/Info.plist"
    if not ctx.disk.exists(path):
        return None
    try:
        data = plistlib.loads(ctx.disk.read_bytes(path, limit=1024 * 1024))
    except ReadSkipped as exc:
        ctx.disk.skip(path, str(exc))
        return None
    except (plistlib.InvalidFileException, ExpatError, ValueError, TypeError, KeyError, IndexError,
            OverflowError, RecursionError, AttributeError) as exc:
        ctx.disk.skip(path, f"corrupt plist: {exc.__class__.__name__}")
        return None
    return data if isinstance(data, dict) else None


def scan(ctx: Context) -> list[Install]:
    if ctx.machine.platform != "macos":
        return []
    by_name: dict[str, list] = {}
    for tool in ctx.catalog.tools.values():
        for sig in tool.mac_apps:
            for name in sig.names:
                by_name.setdefault(name.lower(), []).append((tool, sig))
    results: list[Install] = []
    for template in MAC_APP_DIRS:
        folder = ctx.expand(template)
        if folder is None:
            continue
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
                results.append(ctx.install(tool, NAME, entry.path, ctx.version(raw, entry.path + "/Contents/Info.plist"),
                                           manager="app", key=bundle_id, detail=f"macOS app {entry.name} ({bundle_id})"))
    return results
