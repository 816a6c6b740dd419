"""Windows program folders: per-user installs (``%LOCALAPPDATA%\\Programs\\<App>``), Squirrel
``app-<version>`` folders, MSIX/Store packages named ``<Name>_<version>_...``."""

from __future__ import annotations

import re

from tui.core.channels.base import Context
from tui.core.channels.npm import read_package
from tui.core.models import Install

NAME = "windows"
_SQUIRREL = re.compile(r"^app-(\d[\w.\-]*)$")
_PACKAGED = re.compile(r"_(\d+(?:\.\d+){1,3})_")


def _version(ctx: Context, folder: str) -> str | None:
    name = folder.rsplit("/", 1)[-1]
    m = _PACKAGED.search(name)
    if m:
        return m.group(1)
    for resources in (f"{folder}/resources/app/package.json", f"{folder}/app/resources/app/package.json"):
        if ctx.disk.is_file(resources):
            return read_package(ctx, resources.rsplit("/", 1)[0])[1]
    versions = [m.group(1) for e in ctx.disk.listdir(folder) if e.is_dir and (m := _SQUIRREL.match(e.name))]
    if versions:
        from tui.core.versions import try_parse

        return ctx.version(max(versions, key=lambda v: (try_parse(v) is not None, try_parse(v) or 0)), folder)
    return None


def scan(ctx: Context) -> list[Install]:
    if ctx.machine.platform != "windows":
        return []
    results: list[Install] = []
    for tool in ctx.catalog.tools.values():
        for spec in tool.windows_programs:
            for folder in ctx.glob(spec):
                results.append(ctx.install(tool, NAME, folder, _version(ctx, folder), manager="program",
                                           detail=f"Windows program folder of {tool.name}"))
    return results
