"""Vim and Neovim plugins: native packages and the common plugin managers, matched by repository name."""

from __future__ import annotations

from tui.core.channels.base import Context
from tui.core.locations import VIM_ROOTS
from tui.core.models import Install

NAME = "vim"


def scan(ctx: Context) -> list[Install]:
    wanted = ctx.index("vim_plugins", lower=True)
    if not wanted:
        return []
    roots = VIM_ROOTS["windows" if ctx.machine.platform == "windows" else "unix"]
    results: list[Install] = []
    seen: set[str] = set()
    for template, manager in roots:
        for folder in ctx.glob(template):
            if folder in seen:
                continue
            seen.add(folder)
            for entry in ctx.disk.listdir(folder):
                tools = wanted.get(entry.name.lower()) if entry.is_dir else None
                for tool in tools or ():
                    results.append(ctx.install(tool, NAME, entry.path, None, manager=manager, key=entry.name,
                                               detail=f"Vim/Neovim plugin {entry.name} ({manager})"))
    return results
