"""Vim and Neovim plugins: native packages and the common plugin managers, matched by repository name."""

from __future__ import annotations

from tui.core.catalog import Tool, names
from tui.core.channels.base import Context, Target
from tui.core.channels.remedy import Remediation, Step, remove_path, step
from tui.core.models import Install
from tui.core.text import clean

NAME = "vim"
LABEL = "Vim/Neovim plugins"
CATALOG_KEYS = (names("vim_plugins"),)

PACKER = "packer"
# (folder template, plugin manager that owns it)
VIM_ROOTS = {
    "unix": (
        ("{home}/.vim/pack/*/start", "vim pack"),
        ("{home}/.vim/pack/*/opt", "vim pack"),
        ("{home}/.config/nvim/pack/*/start", "nvim pack"),
        ("{home}/.config/nvim/pack/*/opt", "nvim pack"),
        ("{home}/.local/share/nvim/site/pack/*/start", "nvim pack"),
        ("{home}/.local/share/nvim/site/pack/*/opt", "nvim pack"),
        ("{home}/.local/share/nvim/lazy", "lazy.nvim"),
        ("{home}/.vim/plugged", "vim-plug"),
        ("{home}/.local/share/nvim/plugged", "vim-plug"),
        ("{home}/.config/nvim/plugged", "vim-plug"),
    ),
    "windows": (
        ("{home}/vimfiles/pack/*/start", "vim pack"),
        ("{home}/vimfiles/pack/*/opt", "vim pack"),
        ("{localappdata}/nvim/pack/*/start", "nvim pack"),
        ("{localappdata}/nvim-data/site/pack/*/start", "nvim pack"),
        ("{localappdata}/nvim-data/site/pack/*/opt", "nvim pack"),
        ("{localappdata}/nvim-data/lazy", "lazy.nvim"),
        ("{home}/vimfiles/plugged", "vim-plug"),
        ("{localappdata}/nvim-data/plugged", "vim-plug"),
    ),
}


def locations(platform: str) -> tuple[str, ...]:
    return tuple(template for template, _manager in VIM_ROOTS["windows" if platform == "windows" else "unix"])


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
            owner = PACKER if f"/pack/{PACKER}/" in folder else manager  # packer.nvim keeps its own pack
            for entry in ctx.disk.listdir(folder):
                tools = wanted.get(entry.name.lower()) if entry.is_dir else None
                for tool in tools or ():
                    results.append(
                        ctx.install(
                            tool,
                            NAME,
                            entry.path,
                            None,
                            manager=owner,
                            key=entry.name,
                            detail=f"Vim/Neovim plugin {entry.name} ({owner})",
                        )
                    )
    return results


# -- remediation -----------------------------------------------------------------------------------
# the clean-up command of each plugin manager that keeps its own folder (the manager names of VIM_ROOTS)
CLEAN_COMMANDS = (
    ("lazy", "`:Lazy clean` in Neovim"),
    ("plug", "`:PlugClean` in Vim"),
    ("packer", "`:PackerClean` in Neovim"),
)


def _clean_command(manager: str) -> str | None:
    name = manager.lower().removeprefix("vim-")  # "vim-plug" is plug's own name
    return next((text for prefix, text in CLEAN_COMMANDS if name.startswith(prefix)), None)


def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    name = clean(i.key)
    steps = [Step(f"Remove {name} from your Vim/Neovim configuration (the plugin spec or Plug line).")]
    clean_command = _clean_command(i.manager)
    if clean_command:
        steps.append(Step(f"Then run {clean_command}."))
    else:
        steps.append(step("Delete the plugin folder.", remove_path(i.path, windows), i.path))
    return Remediation(i, f"Vim/Neovim plugin {name} ({clean(i.manager)})", tuple(steps))


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    return None  # plugins carry no version here: an out-of-range plugin is removed
