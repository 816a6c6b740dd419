"""Install channels: each module answers "where could a tool be, and which version is it?" for one
way of installing software. All of them read through :class:`tui.core.machine.Disk` only."""

from __future__ import annotations

from tui.core.channels import apps, brew, config, jetbrains, native, npm, path, python, vim, vscode, windows

# run order = tui.core.models.CHANNELS
MODULES = {
    "path": path, "npm": npm, "python": python, "brew": brew, "native": native, "vscode": vscode,
    "jetbrains": jetbrains, "vim": vim, "apps": apps, "windows": windows, "config": config,
}
