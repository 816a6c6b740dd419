"""The extension policies an administrator deploys to a Chromium-family browser: which extensions it blocks.

A browser disables an installed extension that its managed policy blocks, and the user cannot turn it back on
(Chrome Enterprise policy list: ``ExtensionInstallBlocklist``, ``ExtensionSettings``). Such an extension is
still listed, but it never runs, so it needs no action. The policies are read where an administrator deploys
them as files: on Linux each browser's ``policies/managed/*.json`` under ``/etc``, on macOS the managed
preferences ``/Library/Managed Preferences/[<user>/]<bundle id>.plist`` (MDM). Windows keeps them in the
registry, which a scan does not read: nothing counts as blocked there. Recommended policies are the user's
to override and are not read.

Only what certainly blocks counts. An extension is blocked when an ``ExtensionSettings`` entry of its own
says ``blocked`` or ``removed``, or a blocklist names it, or a blocklist (or ``ExtensionSettings``' ``*``)
blocks every extension; and nothing may let it through: no allowlist or forcelist entry, no
``ExtensionSettings`` entry of its own with another mode, no ``*`` or ``update_url:`` entry that could allow
it, and, where several files set the same policy (the browser then takes one of them), every one of them
blocks it. A file that cannot be read blocks nothing.
"""

from __future__ import annotations

import json
import plistlib
from dataclasses import dataclass, field

from tui.core.channels.base import Context
from tui.core.machine import ReadSkipped
from tui.core.text import clean

MAX_POLICY_BYTES = 1024 * 1024
MAX_POLICY_FILES = 100  # per folder: an administrator's handful
BLOCKING = frozenset({"blocked", "removed"})

# browser name (as the browser channel names it) -> its managed policy folders (Linux) and bundle id (macOS)
LINUX_FOLDERS = {
    "Google Chrome": ("/etc/opt/chrome/policies/managed",),
    "Google Chrome Beta": ("/etc/opt/chrome/policies/managed",),
    "Chromium": ("/etc/chromium/policies/managed", "/etc/chromium-browser/policies/managed"),
    "Microsoft Edge": ("/etc/opt/edge/policies/managed",),
    "Brave": ("/etc/brave/policies/managed",),
}
MACOS_BUNDLES = {
    "Google Chrome": "com.google.Chrome",
    "Chromium": "org.chromium.Chromium",
    "Microsoft Edge": "com.microsoft.Edge",
    "Brave": "com.brave.Browser",
}


@dataclass
class Policies:
    """What the managed policy files say about extensions, kept per file where a file's word alone cannot be
    trusted (several files setting one policy: the browser uses one of them)."""

    settings: list[tuple[str, dict]] = field(default_factory=list)  # (file, ExtensionSettings)
    blocklists: list[tuple[str, list]] = field(default_factory=list)  # (file, ExtensionInstallBlocklist)
    allowed: set[str] = field(default_factory=set)  # allowlist and forcelist ids, of every file

    def blocked_by(self, ext_id: str) -> str | None:
        """The file that blocks ``ext_id`` for certain, or None (see the module's rules)."""
        if ext_id in self.allowed:
            return None
        for _file, table in self.settings:
            own = table.get(ext_id)
            if own is not None and _mode(own) not in BLOCKING:
                return None
            if any(isinstance(k, str) and k.startswith("update_url:") for k in table):
                return None
            if "*" in table and _mode(table["*"]) != "blocked" and own is None:
                return None
        if len(self.settings) == 1:
            file, table = self.settings[0]
            if _mode(table.get(ext_id)) in BLOCKING:
                return file
            if ext_id not in table and _mode(table.get("*")) == "blocked":
                return file
        listed = self.blocklists and all(ext_id in ids or "*" in ids for _f, ids in self.blocklists)
        if listed and all(ext_id not in table for _f, table in self.settings):
            return self.blocklists[0][0]
        return None


def _by_id(settings: dict) -> dict:
    """``ExtensionSettings`` with one key per extension id: a key may name several, separated by commas. Where
    two keys give one id different modes, the one that does not block is kept (it could be the one that wins)."""
    out: dict = {}
    for key, value in settings.items():
        for part in str(key).split(","):
            name = part.strip()
            if name not in out or (_mode(out[name]) in BLOCKING and _mode(value) not in BLOCKING):
                out[name] = value
    return out


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _mode(entry: object) -> str:
    value = entry.get("installation_mode") if isinstance(entry, dict) else None
    return value if isinstance(value, str) else ""


def policies(ctx: Context, browser: str) -> Policies:
    """The managed extension policies of ``browser`` on the scanned machine (read once a scan)."""
    cache: dict[str, Policies] = ctx.disk.remembered(policies, dict)
    if browser not in cache:
        cache[browser] = _read(ctx, browser)
    return cache[browser]


def _read(ctx: Context, browser: str) -> Policies:
    found = Policies()
    for path in _files(ctx, browser):
        data = _load(ctx, path)
        if not isinstance(data, dict):
            continue
        shown = ctx.disk.display(path)
        settings = data.get("ExtensionSettings")
        if isinstance(settings, str):  # the JSON string form an administrator may give it
            try:
                settings = json.loads(settings)
            except ValueError:
                settings = None
        if isinstance(settings, dict):
            found.settings.append((shown, _by_id(settings)))
        blocklist = data.get("ExtensionInstallBlocklist")
        if isinstance(blocklist, list):
            found.blocklists.append((shown, [i for i in blocklist if isinstance(i, str)]))
        for key in ("ExtensionInstallAllowlist", "ExtensionInstallWhitelist"):
            found.allowed |= set(_strings(data.get(key)))
        found.allowed |= {entry.split(";", 1)[0].strip() for entry in _strings(data.get("ExtensionInstallForcelist"))}
    return found


def _files(ctx: Context, browser: str) -> list[str]:
    platform = ctx.machine.platform
    if platform == "linux":
        out: list[str] = []
        for folder in LINUX_FOLDERS.get(browser, ()):
            names = sorted(n for n in ctx.disk.children(folder) if n.endswith(".json") and not n.startswith("."))
            if len(names) > MAX_POLICY_FILES:
                ctx.disk.skip(folder, f"{len(names)} policy files: the first {MAX_POLICY_FILES} read")
            out += [f"{folder}/{n}" for n in names[:MAX_POLICY_FILES]]
        return out
    bundle = MACOS_BUNDLES.get(browser) if platform == "macos" else None
    if bundle is None:
        return []
    user = ctx.machine.home.rstrip("/").rpartition("/")[2]
    return [
        f"/Library/Managed Preferences/{bundle}.plist",
        *([f"/Library/Managed Preferences/{user}/{bundle}.plist"] if user else []),
    ]


def _load(ctx: Context, path: str) -> object:
    try:
        raw = ctx.disk.read_bytes(path, MAX_POLICY_BYTES) if ctx.disk.exists(path) else None
    except ReadSkipped as exc:
        ctx.disk.skip(path, str(exc))
        return None
    if raw is None:
        return None
    try:
        return plistlib.loads(raw) if path.endswith(".plist") else json.loads(raw)
    except (ValueError, plistlib.InvalidFileException, RecursionError) as exc:
        ctx.disk.skip(path, f"not a readable policy file: {clean(exc, 120)} (it blocks nothing)")
        return None
