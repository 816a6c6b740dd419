"""Native installers that keep one file or folder per version (e.g. ``~/.local/share/claude/versions/2.1.250``)."""

from __future__ import annotations

from tui.core.channels.base import Context
from tui.core.models import Install
from tui.core.text import clean_version

NAME = "native"


def scan(ctx: Context) -> list[Install]:
    results: list[Install] = []
    for tool in ctx.catalog.tools.values():
        for spec in tool.native_versions:
            for folder in ctx.glob(spec):
                for entry in ctx.disk.listdir(folder):
                    if entry.name.startswith("."):
                        continue
                    version = clean_version(entry.name.removesuffix(".exe"))
                    if version is None:
                        continue  # e.g. a lock or staging file beside the versions
                    results.append(ctx.install(tool, NAME, entry.path, version, manager="installer",
                                               detail=f"{tool.name} native installer version"))
    return results
