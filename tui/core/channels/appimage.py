"""Linux AppImages: one file per application, run where it lies (``~/Applications/Cursor-1.7.52-x86_64.AppImage``,
the vendor's Linux download), found by its name in the folders AppImages are kept in, and through the menu
entries (``.desktop`` files) that start one from anywhere else. Nothing is opened but the menu entries:
the version is the one the file's name states, as its vendor names it."""

from __future__ import annotations

import fnmatch
import re
import shlex

from tui.core.catalog import Tool, names
from tui.core.channels.base import Context, Target
from tui.core.channels.remedy import Remediation, Step, remove_path, step
from tui.core.models import Install
from tui.core.text import clean, clean_version

NAME = "appimage"
LABEL = "AppImages"
# appimages: the names of a tool's AppImage as file-name patterns, any case ("Cursor-*.AppImage")
CATALOG_KEYS = (names("appimages"),)
# where AppImages are kept: AppImageLauncher and Gear Lever's folders, the user's command folder, the
# browser's downloads (many run it from there), and /opt for one put there by hand
FOLDERS = (
    "{home}/Applications",
    "{home}/AppImages",
    "{home}/.local/bin",
    "{home}/Downloads",
    "/opt",
)
MENU = "{xdg_data}/applications"  # the user's menu entries: one may start an AppImage kept anywhere
MAX_NAMES = 50_000  # names of one folder looked at; a bigger one is a scan error (an AppImage in it is unseen)
MAX_MENU_BYTES = 64 * 1024
_VERSION = re.compile(r"(?:^|[-_ ])v?(\d+(?:\.\d+){1,3})(?=[-_ ]|\.appimage$)", re.IGNORECASE)


def locations(platform: str) -> tuple[str, ...]:
    return (*FOLDERS, MENU) if platform == "linux" else ()


def scan(ctx: Context) -> list[Install]:
    if ctx.machine.platform != "linux":
        return []
    patterns = [(pattern.lower(), tool) for tool in ctx.catalog.tools.values() for pattern in tool.sig("appimages")]
    if not patterns:
        return []
    found: dict[str, tuple[Tool, str]] = {}  # the AppImage's path -> (tool, the menu entry that starts it)
    for template in FOLDERS:
        for folder in ctx.expand_all(template):
            for name in _names(ctx, folder):
                tool = _match(name, patterns)
                if tool is not None:
                    found.setdefault(f"{folder.rstrip('/')}/{name}", (tool, ""))
    stems = {_stem(pattern) for pattern, _ in patterns}
    for folder in ctx.expand_all(MENU):
        for name in sorted(_names(ctx, folder)):
            low = name.lower()
            if not low.endswith(".desktop") or not any(stem in low for stem in stems):
                continue
            entry = f"{folder.rstrip('/')}/{name}"
            target = _started(ctx.disk.try_text(entry, MAX_MENU_BYTES))
            tool = _match(target.rpartition("/")[2], patterns) if target else None
            if tool is not None and target and (ctx.disk.exists(target) or ctx.disk.outside(target)):
                found[target] = (tool, entry)  # the menu entry is part of what goes with it
    results = []
    for path, (tool, entry) in sorted(found.items()):
        file_name = path.rpartition("/")[2]
        detail = f"AppImage {clean(file_name, 200)}"
        if entry:
            detail += f", started by the menu entry {clean(ctx.disk.display(entry), 300)}"
        key = ctx.disk.display(entry) if entry else ""
        results.append(ctx.install(tool, NAME, path, _version(file_name), detail=detail, key=key))
    return results


def _names(ctx: Context, folder: str) -> list[str]:
    children = ctx.disk.small_children(folder, MAX_NAMES)
    if children is None:  # never a clean bill: an AppImage among them would go unseen
        ctx.disk.unlisted.setdefault(ctx.disk.display(folder), f"more than {MAX_NAMES:,} names")
        return []
    return [n for n in children.names() if not children[n].is_dir]


def _match(name: str, patterns: list[tuple[str, Tool]]) -> Tool | None:
    low = name.lower()
    if not low.endswith(".appimage"):
        return None
    return next((tool for pattern, tool in patterns if fnmatch.fnmatchcase(low, pattern)), None)


def _stem(pattern: str) -> str:
    """What a menu entry's file name holds for it to be read: the pattern's name before any wildcard or
    separator (``cursor`` for ``Cursor-*.AppImage``; AppImageLauncher writes ``appimagekit_<hash>-Cursor.desktop``)."""
    return re.split(r"[*?\[\-_. ]", pattern, maxsplit=1)[0]


def _started(text: str | None) -> str | None:
    """The program a menu entry's ``Exec`` line starts (its first word, past ``env`` and its assignments)."""
    if not text:
        return None
    for line in text.splitlines():
        key, eq, value = line.partition("=")
        if eq and key.strip() == "Exec":
            try:
                words = shlex.split(value)
            except ValueError:
                return None
            while words and (words[0] == "env" or "=" in words[0]):
                words.pop(0)
            return words[0] if words and words[0].startswith("/") else None
    return None


def _version(file_name: str) -> str | None:
    m = _VERSION.search(file_name)
    return clean_version(m.group(1)) if m else None


# -- remediation -----------------------------------------------------------------------------------
def _delete(i: Install, windows: bool) -> list[Step]:
    steps = [step("Delete the AppImage (it is the whole program).", remove_path(i.path, windows), i.path)]
    if i.key:
        steps.append(step("Delete the menu entry that starts it.", remove_path(i.key, windows), i.key))
    return steps


def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    return Remediation(i, f"AppImage {clean(i.path.rpartition('/')[2], 200)}", tuple(_delete(i, windows)))


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    where = f" ({clean(tool.homepage, 200)})" if tool.homepage else ""
    first = Step(
        f"Download {clean(tool.name)} {clean(target.version)} or later (any version {clean(target.text)}) from "
        f"its vendor{where}, then delete this one."
    )
    return Remediation(i, f"AppImage {clean(i.path.rpartition('/')[2], 200)}", (first, *_delete(i, windows)))
