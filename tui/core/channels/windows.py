"""Windows program folders: per-user installs (``%LOCALAPPDATA%\\Programs\\<App>``), Squirrel
``app-<version>`` folders, MSIX/Store packages named ``<Name>_<version>_...``."""

from __future__ import annotations

import re

from tui.core.catalog import Tool, paths
from tui.core.channels.base import Context, Target
from tui.core.channels.npm_versions import read_package
from tui.core.channels.remedy import Remediation, Step
from tui.core.models import Install
from tui.core.text import clean

NAME = "windows"
LABEL = "Windows programs"
CATALOG_KEYS = (paths("windows_programs"),)
_SQUIRREL = re.compile(r"^app-(\d[\w.\-]*)$")
_PACKAGED = re.compile(r"_(\d+(?:\.\d+){1,3})_")


def locations(platform: str) -> tuple[str, ...]:
    return ()  # only the catalog's windows_programs folders


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
        for spec in tool.sig("windows_programs"):
            for folder in ctx.glob(spec):
                results.append(
                    ctx.install(
                        tool,
                        NAME,
                        folder,
                        _version(ctx, folder),
                        manager="program",
                        detail=f"Windows program folder of {tool.name}",
                    )
                )
    return results


# -- remediation -----------------------------------------------------------------------------------
def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    return Remediation(
        i,
        f"Windows program {clean(tool_name)}",
        (
            Step(f"Settings, Apps, Installed apps: find {clean(tool_name or 'the program')} and choose Uninstall."),
            Step(f"Check that {clean(i.path, 300)} is gone afterwards; delete it if it remains."),
        ),
    )


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    return Remediation(
        i,
        f"Windows program {clean(tool.name)}",
        (
            Step(
                f"Update {clean(tool.name)} to {clean(target.version)} or later (any version {clean(target.text)}) "
                "from its own menu (Check for Updates) or the vendor's installer."
            ),
        ),
    )
