"""Traces of use: configuration and data folders, and API-key variables (only whether they are set)."""

from __future__ import annotations

from tui.core.channels.base import Context
from tui.core.models import Install

NAME = "config"


def scan(ctx: Context) -> list[Install]:
    results: list[Install] = []
    for tool in ctx.catalog.tools.values():
        for spec in tool.config:
            path = ctx.expand(spec)
            if path is None:
                continue
            if "*" in path:
                hits = ctx.disk.glob_dirs(path)
            else:
                hits = [path] if ctx.disk.exists(path) else []
            for hit in hits:
                results.append(ctx.install(tool, NAME, hit, None, manager="config", evidence_only=True,
                                           detail=f"{tool.name} configuration or data (evidence of use)"))
        for var in tool.env_vars:
            if var in ctx.machine.env:  # presence only: the value is never read
                results.append(Install(tool.id, NAME, f"${var}", None, "environment variable is set (value not read)",
                                       "env", var, True))
    return results
