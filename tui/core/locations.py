"""Where each install channel looks, per platform. Targeted folders only: a scan never walks the home.

Templates use the same ``{tokens}`` as the catalog and may contain ``*`` in a folder component,
which lists that one parent folder (never recursively).
"""

from __future__ import annotations

from tui.core.catalog import PathSpec
from tui.core.machine import Machine

_LINUX_BREW = ("/home/linuxbrew/.linuxbrew", "{home}/.linuxbrew")
_MAC_BREW = ("/opt/homebrew", "/usr/local")


def tokens(machine: Machine) -> dict[str, str]:
    h = machine.home.rstrip("/") or ""
    if machine.platform == "windows":
        return {"home": h, "ud": f"{h}/AppData/Roaming", "appdata": f"{h}/AppData/Roaming",
                "localappdata": f"{h}/AppData/Local", "programfiles": "/Program Files"}
    base = {"home": h, "xdg_config": f"{h}/.config", "xdg_data": f"{h}/.local/share"}
    if machine.platform == "macos":
        base["ud"] = f"{h}/Library/Application Support"
    else:
        base["ud"] = f"{h}/.config"
    return base


def expand(template: str, machine: Machine, toks: dict[str, str] | None = None) -> str | None:
    """A template with its tokens filled in, or None when a token means nothing on this platform."""
    toks = toks if toks is not None else tokens(machine)
    out = template
    while "{" in out:
        start = out.index("{")
        end = out.find("}", start)
        if end < 0:
            return None
        value = toks.get(out[start + 1:end])
        if value is None:
            return None
        out = out[:start] + value + out[end + 1:]
    return out


def expand_spec(spec: PathSpec, machine: Machine, toks: dict[str, str] | None = None) -> str | None:
    if machine.platform not in spec.platforms:
        return None
    return expand(spec.template, machine, toks)


def brew_prefixes(machine: Machine) -> tuple[str, ...]:
    if machine.platform == "macos":
        return _MAC_BREW
    if machine.platform == "linux":
        return _LINUX_BREW
    return ()


# -- npm -------------------------------------------------------------------------------------------
# (template, manager) pairs naming node_modules folders of global installs.
NPM_ROOTS = {
    "unix": (
        ("/usr/local/lib/node_modules", "npm"),
        ("/usr/lib/node_modules", "npm"),
        ("/opt/homebrew/lib/node_modules", "npm"),
        ("/home/linuxbrew/.linuxbrew/lib/node_modules", "npm"),
        ("{home}/.npm-global/lib/node_modules", "npm"),
        ("{home}/.npm-packages/lib/node_modules", "npm"),
        ("{home}/.local/lib/node_modules", "npm"),
        ("{home}/.nvm/versions/node/*/lib/node_modules", "nvm"),
        ("{home}/.asdf/installs/nodejs/*/lib/node_modules", "asdf"),
        ("{home}/.local/share/fnm/node-versions/*/installation/lib/node_modules", "fnm"),
        ("{home}/.local/share/mise/installs/node/*/lib/node_modules", "mise"),
        ("{home}/.volta/tools/image/node/*/lib/node_modules", "volta"),
        ("{home}/.volta/tools/image/packages/*/lib/node_modules", "volta"),
        ("{home}/.volta/tools/image/packages/*/*/lib/node_modules", "volta"),
        ("{home}/.local/share/pnpm/global/*/node_modules", "pnpm"),
        ("{home}/.bun/install/global/node_modules", "bun"),
        ("{home}/.config/yarn/global/node_modules", "yarn"),
    ),
    "macos": (
        ("{home}/Library/Application Support/fnm/node-versions/*/installation/lib/node_modules", "fnm"),
        ("{home}/Library/pnpm/global/*/node_modules", "pnpm"),
    ),
    "windows": (
        ("{appdata}/npm/node_modules", "npm"),
        ("/Program Files/nodejs/node_modules", "npm"),
        ("{localappdata}/nvm/*/node_modules", "nvm"),
        ("{appdata}/nvm/*/node_modules", "nvm"),
        ("{localappdata}/Volta/tools/image/packages/*/node_modules", "volta"),
        ("{localappdata}/Volta/tools/image/packages/*/*/node_modules", "volta"),
        ("{localappdata}/pnpm/global/*/node_modules", "pnpm"),
        ("{home}/.bun/install/global/node_modules", "bun"),
        ("{localappdata}/Yarn/Data/global/node_modules", "yarn"),
        ("{localappdata}/fnm_multishells/*/node_modules", "fnm"),
        ("{appdata}/fnm/node-versions/*/installation/node_modules", "fnm"),
    ),
}


def npm_roots(machine: Machine) -> list[tuple[str, str]]:
    if machine.platform == "windows":
        templates = NPM_ROOTS["windows"]
    else:
        templates = NPM_ROOTS["unix"] + (NPM_ROOTS["macos"] if machine.platform == "macos" else ())
    toks = tokens(machine)
    out = []
    for template, manager in templates:
        path = expand(template, machine, toks)
        if path:
            out.append((path, manager))
    return out


# -- Python ----------------------------------------------------------------------------------------
SITE_PACKAGES = {
    "linux": (
        "/usr/lib/python3*/site-packages", "/usr/lib/python3*/dist-packages", "/usr/lib/python3/dist-packages",
        "/usr/local/lib/python3*/site-packages", "/usr/local/lib/python3*/dist-packages",
        "{home}/.local/lib/python3*/site-packages",
        "{home}/.pyenv/versions/*/lib/python3*/site-packages",
        "{home}/miniconda3/lib/python3*/site-packages", "{home}/anaconda3/lib/python3*/site-packages",
        "{home}/miniforge3/lib/python3*/site-packages",
        "/home/linuxbrew/.linuxbrew/lib/python3*/site-packages",
    ),
    "macos": (
        "/Library/Python/*/site-packages", "{home}/Library/Python/*/lib/python/site-packages",
        "/opt/homebrew/lib/python3*/site-packages", "/usr/local/lib/python3*/site-packages",
        "{home}/.pyenv/versions/*/lib/python3*/site-packages",
        "{home}/miniconda3/lib/python3*/site-packages", "{home}/anaconda3/lib/python3*/site-packages",
        "{home}/miniforge3/lib/python3*/site-packages",
    ),
    "windows": (
        "{appdata}/Python/Python3*/site-packages",
        "{localappdata}/Programs/Python/Python3*/Lib/site-packages",
        "/Program Files/Python3*/Lib/site-packages",
    ),
}

# (folder holding one venv per tool, manager, site-packages pattern inside a venv)
TOOL_VENVS = {
    "linux": (("{home}/.local/share/pipx/venvs", "pipx"), ("{home}/.local/pipx/venvs", "pipx"),
              ("{home}/.local/share/uv/tools", "uv")),
    "macos": (("{home}/.local/pipx/venvs", "pipx"), ("{home}/.local/share/pipx/venvs", "pipx"),
              ("{home}/Library/Application Support/pipx/venvs", "pipx"), ("{home}/.local/share/uv/tools", "uv")),
    "windows": (("{home}/pipx/venvs", "pipx"), ("{localappdata}/pipx/pipx/venvs", "pipx"),
                ("{home}/.local/pipx/venvs", "pipx"), ("{appdata}/uv/tools", "uv"), ("{appdata}/uv/data/tools", "uv")),
}


def venv_site_patterns(machine: Machine) -> tuple[str, ...]:
    if machine.platform == "windows":
        return ("Lib/site-packages",)
    return ("lib/python3*/site-packages",)


# -- VS Code family --------------------------------------------------------------------------------
# (extensions root under the home, editor name, command that manages its extensions)
EDITOR_ROOTS = (
    (".vscode/extensions", "VS Code", "code"),
    (".vscode-insiders/extensions", "VS Code Insiders", "code-insiders"),
    (".vscode-server/extensions", "VS Code Server", "code"),
    (".vscode-server-insiders/extensions", "VS Code Server Insiders", "code-insiders"),
    (".vscode-oss/extensions", "VSCodium", "codium"),
    (".vscodium-server/extensions", "VSCodium Server", "codium"),
    (".vscodium-insiders/extensions", "VSCodium Insiders", "codium-insiders"),
    (".cursor/extensions", "Cursor", "cursor"),
    (".cursor-server/extensions", "Cursor Server", "cursor"),
    (".windsurf/extensions", "Windsurf", "windsurf"),
    (".windsurf-server/extensions", "Windsurf Server", "windsurf"),
    (".devin/extensions", "Devin Desktop", "devin"),
    (".trae/extensions", "Trae", "trae"),
    (".trae-cn/extensions", "Trae CN", "trae"),
    (".trae-server/extensions", "Trae Server", "trae"),
    (".kiro/extensions", "Kiro", "kiro"),
    (".qoder/extensions", "Qoder", "qoder"),
    (".antigravity/extensions", "Antigravity", "antigravity"),
    (".positron/extensions", "Positron", "positron"),
)


# -- JetBrains -------------------------------------------------------------------------------------
# (pattern of product folders, sub-folder holding plugins)
JETBRAINS_ROOTS = {
    "linux": (("{home}/.local/share/JetBrains/*", ""), ("{home}/.local/share/Google/AndroidStudio*", "")),
    "macos": (("{home}/Library/Application Support/JetBrains/*", "plugins"),
              ("{home}/Library/Application Support/Google/AndroidStudio*", "plugins")),
    "windows": (("{appdata}/JetBrains/*", "plugins"), ("{appdata}/Google/AndroidStudio*", "plugins")),
}

# -- Vim / Neovim ----------------------------------------------------------------------------------
VIM_ROOTS = {
    "unix": (
        ("{home}/.vim/pack/*/start", "vim pack"), ("{home}/.vim/pack/*/opt", "vim pack"),
        ("{home}/.config/nvim/pack/*/start", "nvim pack"), ("{home}/.config/nvim/pack/*/opt", "nvim pack"),
        ("{home}/.local/share/nvim/site/pack/*/start", "nvim pack"),
        ("{home}/.local/share/nvim/site/pack/*/opt", "nvim pack"),
        ("{home}/.local/share/nvim/lazy", "lazy.nvim"), ("{home}/.vim/plugged", "vim-plug"),
        ("{home}/.local/share/nvim/plugged", "vim-plug"), ("{home}/.config/nvim/plugged", "vim-plug"),
    ),
    "windows": (
        ("{home}/vimfiles/pack/*/start", "vim pack"), ("{home}/vimfiles/pack/*/opt", "vim pack"),
        ("{localappdata}/nvim/pack/*/start", "nvim pack"), ("{localappdata}/nvim-data/site/pack/*/start", "nvim pack"),
        ("{localappdata}/nvim-data/site/pack/*/opt", "nvim pack"),
        ("{localappdata}/nvim-data/lazy", "lazy.nvim"), ("{home}/vimfiles/plugged", "vim-plug"),
        ("{localappdata}/nvim-data/plugged", "vim-plug"),
    ),
}

MAC_APP_DIRS = ("/Applications", "{home}/Applications", "/Users/Shared/Applications")
WINDOWS_EXE_SUFFIXES = ("", ".exe", ".cmd", ".bat", ".ps1")
