"""Traces of use: configuration and data folders, and API-key variables (only whether they are set)."""

from __future__ import annotations

from tui.core.catalog import Tool, names, paths
from tui.core.channels.base import Context, Target
from tui.core.channels.remedy import Remediation, Step, remove_path, step
from tui.core.models import Install
from tui.core.text import clean

NAME = "config"
LABEL = "Configuration and data folders"
CATALOG_KEYS = (paths("config"), names("env_vars"))


def locations(platform: str) -> tuple[str, ...]:
    return ()  # only the catalog's config folders


def scan(ctx: Context) -> list[Install]:
    results: list[Install] = []
    for tool in ctx.catalog.tools.values():
        for path in (p for spec in tool.sig("config") for p in ctx.expand_all(spec)):
            hits = ctx.disk.glob_dirs(path) if "*" in path else [path] if ctx.disk.exists(path) else []
            for hit in hits:
                results.append(
                    ctx.install(
                        tool,
                        NAME,
                        hit,
                        None,
                        manager="config",
                        evidence_only=True,
                        detail=f"{tool.name} configuration or data (evidence of use)",
                    )
                )
        for var in tool.sig("env_vars"):
            if var in ctx.machine.env:  # presence only: the value is never read
                results.append(
                    Install(
                        tool.id, NAME, f"${var}", None, "environment variable is set (value not read)", "env", var, True
                    )
                )
    return results


# -- remediation -----------------------------------------------------------------------------------
def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    if i.manager == "env":
        return Remediation(
            i,
            f"environment variable {clean(i.key)}",
            (
                Step(
                    f"Remove {clean(i.key)} from your shell profile or environment and revoke the key with the vendor "
                    "if you no longer need it."
                ),
            ),
        )
    return Remediation(
        i,
        f"{clean(tool_name)} configuration (a trace of use, not a program)",
        (
            step(
                "After uninstalling the tool, keep anything you need from this folder, then delete it.",
                remove_path(i.path, windows),
                i.path,
            ),
        ),
    )


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    return None  # a trace of use has no version
