"""Native installers that keep one file or folder per version (e.g. ``~/.local/share/claude/versions/2.1.250``)."""

from __future__ import annotations

import re
from dataclasses import replace

from tui.core.catalog import Tool, names, paths
from tui.core.channels.base import Context, Target
from tui.core.channels.npm_versions import NATIVE_MARKS_KEY, marked_version
from tui.core.channels.remedy import Remediation, Step, cmd, remove_path, step, unsafe_note
from tui.core.models import Install
from tui.core.text import clean, clean_version

_WORD = re.compile(r"^[A-Za-z0-9._@/=:+-]+$")

NAME = "native"
LABEL = "Native installers"
# native_versions: the folders holding one entry per version; native_update: the installer's own
# update command as words (e.g. ["claude", "update"]), offered when a version must be updated;
# native_version_marks: what the version's file itself states (see npm_versions.Mark)
CATALOG_KEYS = (paths("native_versions"), names("native_update"), NATIVE_MARKS_KEY)


def locations(platform: str) -> tuple[str, ...]:
    return ()  # only the catalog's native_versions folders


def scan(ctx: Context) -> list[Install]:
    results: list[Install] = []
    for tool in ctx.catalog.tools.values():
        for spec in tool.sig("native_versions"):
            for folder in ctx.glob(spec):
                for entry in ctx.disk.listdir(folder):
                    if entry.name.startswith("."):
                        continue
                    version = clean_version(entry.name.removesuffix(".exe"))
                    if version is None:
                        continue  # e.g. a lock or staging file beside the versions
                    conflict = _conflict(ctx, tool, entry.path, version)
                    results.append(
                        ctx.install(
                            tool,
                            NAME,
                            entry.path,
                            None if conflict else version,
                            manager="installer",
                            detail=f"{tool.name} native installer version",
                            version_conflict=conflict,
                        )
                    )
    return results


def _conflict(ctx: Context, tool: Tool, path: str, version: str) -> str:
    """What the version's own file states against the version its name gives ("" when nothing does): a file
    renamed ``2.1.250`` that is the program of 2.1.150 is not taken for 2.1.250. A file that states nothing
    (no mark found) proves nothing either way."""
    for mark in tool.sig("native_version_marks"):
        stated = marked_version(ctx, path, mark)
        if stated is not None and stated != version:
            return clean(f"its name states {version}; the program in it states {stated}", 300)
    return ""


# -- remediation -----------------------------------------------------------------------------------
LAUNCHER_NOTE = (
    "Also remove the launcher that points at it (for example ~/.local/bin/<command>) if no other version remains."
)


def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    rm = remove_path(i.path, windows)
    steps = [step(f"Delete this {clean(tool_name or 'native')} installer version.", rm, i.path), Step(LAUNCHER_NOTE)]
    return Remediation(i, f"native installer version {clean(i.version or '')}".strip(), tuple(steps))


def with_launchers(rem: Remediation, launchers: list[Install], windows: bool) -> Remediation:
    """``rem`` (the removal of a version) naming the launchers found pointing into it (``~/.local/bin/claude``
    links to the version's file), each removed with it, in place of the general note: deleting the version
    alone left the link behind, dangling."""
    if not launchers:
        return rem
    named = [
        step(
            f"Remove the launcher {clean(ln.path, 300)}, which runs this version.",
            remove_path(ln.path, windows),
            ln.path,
        )
        for ln in launchers
    ]
    return replace(rem, steps=(*(s for s in rem.steps if s.text != LAUNCHER_NOTE), *named))


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    words = tool.sig("native_update")
    want = f"{clean(target.version)} or later (any version {clean(target.text)})"
    if words:
        command = cmd(windows, *words) if all(_WORD.match(w) for w in words) else None  # plain words only
        first = step(f"Update {clean(tool.name)} with its own installer to {want}.", command, " ".join(words))
    else:
        where = f" ({clean(tool.homepage, 200)})" if tool.homepage else ""
        first = Step(f"Install {clean(tool.name)} {want} with the vendor's installer{where}.")
    rm = remove_path(i.path, windows)
    leftover = (
        Step(f"Then delete this version ({clean(i.version or '?')}) if it is still there.", rm)
        if rm
        else unsafe_note(i.path)
    )
    return Remediation(i, f"native installer version {clean(i.version or '')}".strip(), (first, leftover))
