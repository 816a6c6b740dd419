"""The folders outside the homes that a scan confined to one user's home may still read (see
:mod:`tui.core.confine`): the system's own, which every user's sessions read. Used by each home of
``--all-users`` and the osquery extension, and by root scanning a home that is not its own."""

from __future__ import annotations

import dataclasses

from tui.core.channels.browser_policy import LINUX_FOLDERS
from tui.core.machine import Disk, Machine
from tui.core.startup import SYSTEM_STARTUP_FILES

# Folders outside the homes that the scan reads: a link in a user's home may lead there, and nowhere else.
# Beside the programs' folders, the AI tools' own machine-wide config folders, which every user's sessions
# read (Claude Code's managed settings and MCP servers, Codex's config, requirements and skills, Gemini CLI's
# and Qwen Code's system settings, opencode's and Kilo's managed config), and uv's and
# pip's machine-wide config, which sets where uvx and pipx fetch an MCP server's package from; on macOS
# /etc is a link to /private/etc.
BROWSER_POLICY_FOLDERS = tuple(sorted({f for folders in LINUX_FOLDERS.values() for f in folders}))


def _shell_startup_places(platform: str) -> tuple[str, ...]:
    """The system's shell startup files every user's sessions run (/etc/profile, /etc/zsh/zshrc ...; see
    :data:`tui.core.startup.SYSTEM_STARTUP_FILES`) and pam_env's /etc/environment: a file, or the folder a shell
    reads whole (/etc/profile.d, and /etc/fish with its conf.d and functions). Refused, each would leave every
    user's conditions unconfirmed; on macOS /etc is a link to /private/etc."""
    places = [
        path.rpartition("/")[0] if "*" in path or path.endswith("/fish/config.fish") else path
        for path in (*SYSTEM_STARTUP_FILES.get(platform, ()), *(("/etc/environment",) if platform == "linux" else ()))
    ]
    if platform == "macos":
        places += [f"/private{path}" for path in places]
    return tuple(dict.fromkeys(places))


SYSTEM_FOLDERS = {
    "linux": (
        "/etc/ampcode",
        "/etc/claude-code",
        "/etc/codex",
        "/etc/gemini-cli",
        # Qwen Code's system settings, opencode's and Kilo's managed config
        "/etc/qwen-code",
        "/etc/opencode",
        "/etc/kilo",
        "/etc/uv",
        "/etc/xdg/uv",
        "/etc/xdg/pip",
        "/etc/pip.conf",
        # the browsers' managed policies (which extensions they block), where the browser channel reads them
        *BROWSER_POLICY_FOLDERS,
        "/usr",
        "/opt",
        "/snap",
        "/var/lib/snapd",
        "/var/lib/flatpak",
        "/home/linuxbrew",
        "/bin",
        "/sbin",
        "/lib",
        "/lib64",
        "/nix",
        *_shell_startup_places("linux"),
    ),
    "macos": (
        "/etc/codex",
        "/private/etc/codex",
        "/etc/uv",
        "/private/etc/uv",
        "/etc/xdg/uv",
        "/private/etc/xdg/uv",
        "/Applications",
        "/Library",
        "/opt",
        "/usr",
        "/bin",
        "/sbin",
        "/System/Applications",
        "/System/Library",
        "/nix",
        *_shell_startup_places("macos"),
    ),
    "windows": ("/Program Files", "/Program Files (x86)", "/ProgramData", "/Windows"),
}


# Where programs live for every user (a user's own shell profile is not read: it is code, not data).
SYSTEM_SEARCH_PATH = {
    "linux": [
        "/usr/local/sbin",
        "/usr/local/bin",
        "/usr/sbin",
        "/usr/bin",
        "/sbin",
        "/bin",
        "/snap/bin",
        "/home/linuxbrew/.linuxbrew/bin",
    ],
    "macos": ["/opt/homebrew/bin", "/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"],
    "windows": ["/Windows/system32", "/Windows", "/Program Files/nodejs"],
}
HOME_SEARCH_PATH = {
    "linux": [".local/bin", "bin", ".npm-global/bin", ".bun/bin", ".volta/bin", ".cargo/bin", ".deno/bin"],
    "macos": [".local/bin", "bin", ".npm-global/bin", ".bun/bin", ".volta/bin", ".cargo/bin", ".deno/bin"],
    "windows": [
        "AppData/Roaming/npm",
        ".local/bin",
        ".bun/bin",
        "AppData/Local/Microsoft/WindowsApps",
        "AppData/Local/Programs/Python/Python312/Scripts",
        "AppData/Roaming/Python/Python312/Scripts",
    ],
}


def standard_search_path(platform: str, home: str) -> list[str]:
    """The user's own program folders first, then the system's."""
    h = home.rstrip("/")
    return [f"{h}/{rel}" for rel in HOME_SEARCH_PATH[platform]] + list(SYSTEM_SEARCH_PATH[platform])


def one_home(machine: Machine, home: str, search_path: list[str] | None = None) -> Machine:
    """``machine`` as the person whose home is ``home`` sees it, for a scan run by another account (root):
    that home, the standard search path of that home and the system (or ``search_path`` as given: the
    account's own PATH is not theirs), no environment (the account's is not theirs either), and confinement
    to that home and the system folders (a link in it never takes the scan elsewhere, see
    :mod:`tui.core.confine`). Each home of ``--all-users`` and the osquery extension, and root's scan of
    one home that is not its own."""
    # the home as written and where it really is (Fedora's atomic desktops link /home to /var/home): both theirs
    real = Disk(machine).resolve(home)
    homes = (home, real) if real and real != home else (home,)
    return dataclasses.replace(
        machine,
        home=home,
        search_path=search_path if search_path is not None else standard_search_path(machine.platform, home),
        env={},
        env_known=False,
        confine=(*homes, *SYSTEM_FOLDERS[machine.platform]),
    )
