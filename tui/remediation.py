"""How to remove one piece of evidence, per install channel: the exact command where a package manager
owns the install, manual instructions where none does.

Headless and pure: it builds text, it never runs anything. The app shows these steps and copies a
command to the clipboard; the user runs it themselves.

A command is only offered when every argument in it is plain printable text: a path or package name
read from disk that carries control characters (a terminal escape, a newline) gets manual
instructions instead, so a copied command can never smuggle a second command into a shell.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from tui.core.models import Install
from tui.core.text import clean

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# VS Code-family editors whose command-line tool accepts --uninstall-extension
EDITOR_CLIS = {"code", "code-insiders", "codium", "codium-insiders", "cursor", "windsurf", "devin", "trae", "kiro",
               "qoder", "antigravity", "positron"}
NODE_VERSION_MANAGERS = {"nvm", "fnm", "asdf", "mise", "homebrew", "user"}


@dataclass(frozen=True)
class Step:
    """One thing to do: a command to copy and run, or an instruction to follow by hand."""

    text: str
    command: str | None = None


@dataclass(frozen=True)
class Remediation:
    install: Install
    summary: str
    steps: tuple[Step, ...]

    @property
    def commands(self) -> list[str]:
        return [s.command for s in self.steps if s.command]


def _safe(*args: str) -> bool:
    return all(a and not _UNSAFE.search(a) for a in args)


def _q(arg: str, windows: bool) -> str:
    if windows:
        return "'" + arg.replace("'", "''") + "'"  # PowerShell single-quoted literal
    return shlex.quote(arg)


def _cmd(windows: bool, *parts: str, literal: tuple[str, ...] = ()) -> str | None:
    """``parts`` are fixed words; ``literal`` are untrusted arguments, quoted. None if any is unsafe."""
    if not _safe(*literal):
        return None
    return " ".join([*parts, *(_q(a, windows) for a in literal)])


def _remove_path(path: str, windows: bool) -> str | None:
    if windows:
        return _cmd(True, "Remove-Item", "-Recurse", "-Force", "-LiteralPath", literal=(path,))
    return _cmd(False, "rm", "-rf", "--", literal=(path,))


def _unsafe_note(what: str) -> Step:
    return Step(f"{clean(what, 300)} contains control characters, so no command is offered: remove it by hand.")


def _npm(i: Install, windows: bool) -> Remediation:
    pkg = i.key
    m = i.manager
    if m == "pnpm":
        cmd = _cmd(windows, "pnpm", "remove", "--global", literal=(pkg,))
    elif m == "bun":
        cmd = _cmd(windows, "bun", "remove", "--global", literal=(pkg,))
    elif m == "yarn":
        cmd = _cmd(windows, "yarn", "global", "remove", literal=(pkg,))
    elif m == "volta":
        cmd = _cmd(windows, "volta", "uninstall", literal=(pkg,))
    else:
        cmd = _cmd(windows, "npm", "uninstall", "--global", literal=(pkg,))
    steps = []
    if m in NODE_VERSION_MANAGERS - {"homebrew", "user"}:
        node = _node_version(i.path)
        steps.append(Step(f"Select the Node.js version that holds it first ({m}"
                          + (f", Node {node}" if node else "") + "), e.g. "
                          + (f"`nvm use {node}`" if m == "nvm" and node else "your version manager's `use` command")
                          + "."))
    steps.append(Step(f"Uninstall the global package {clean(pkg)} ({m or 'npm'}).", cmd) if cmd
                  else _unsafe_note(pkg))
    return Remediation(i, f"npm global package {clean(pkg)} ({m or 'npm'})", tuple(steps))


def _node_version(path: str) -> str | None:
    m = re.search(r"[/\\]v?(\d+\.\d+\.\d+)[/\\]", path)
    return m.group(1) if m else None


def _python(i: Install, windows: bool) -> Remediation:
    dist = i.key
    if i.manager == "pipx":
        cmd = _cmd(windows, "pipx", "uninstall", literal=(dist,))
    elif i.manager == "uv":
        cmd = _cmd(windows, "uv", "tool", "uninstall", literal=(dist,))
    else:
        cmd = _cmd(windows, "py" if windows else "python3", "-m", "pip", "uninstall", literal=(dist,))
    steps = [Step(f"Uninstall the Python package {clean(dist)} ({i.manager or 'pip'}).", cmd) if cmd
             else _unsafe_note(dist)]
    if i.manager == "pip":
        steps.append(Step("Run it with the same Python that owns this site-packages folder: "
                          f"{clean(i.path, 300)}."))
    return Remediation(i, f"Python package {clean(dist)} ({i.manager or 'pip'})", tuple(steps))


def _brew(i: Install, windows: bool) -> Remediation:
    if i.manager == "cask":
        cmd = _cmd(windows, "brew", "uninstall", "--cask", literal=(i.key,))
        what = f"Homebrew cask {clean(i.key)}"
    else:
        cmd = _cmd(windows, "brew", "uninstall", literal=(i.key,))
        what = f"Homebrew formula {clean(i.key)}"
    return Remediation(i, what, (Step(f"Uninstall the {what}.", cmd) if cmd else _unsafe_note(i.key),))


def _vscode(i: Install, windows: bool) -> Remediation:
    cli = i.manager if i.manager in EDITOR_CLIS else "code"
    cmd = _cmd(windows, cli, "--uninstall-extension", literal=(i.key,))
    steps = [Step(f"Uninstall the extension {clean(i.key)} with the editor's command-line tool ({cli}).", cmd)
             if cmd else _unsafe_note(i.key),
             Step("Or in the editor: Extensions view, the extension's gear menu, Uninstall; then reload the window.")]
    return Remediation(i, f"editor extension {clean(i.key)} ({cli})", tuple(steps))


def _jetbrains(i: Install, windows: bool, tool_name: str) -> Remediation:
    ide = clean(i.manager or "the JetBrains IDE")
    rm = _remove_path(i.path, windows)
    steps = [Step(f"In {ide}: Settings, Plugins, Installed, select {clean(tool_name or i.key)}, Uninstall, then "
                  "restart the IDE."),
             Step("Or, with the IDE closed, delete the plugin folder.", rm) if rm else _unsafe_note(i.path)]
    return Remediation(i, f"JetBrains plugin {clean(i.key)} in {ide}", tuple(steps))


def _vim(i: Install, windows: bool) -> Remediation:
    name = clean(i.key)
    steps = [Step(f"Remove {name} from your Vim/Neovim configuration (the plugin spec or Plug line).")]
    if i.manager.startswith("lazy"):
        steps.append(Step("Then run `:Lazy clean` in Neovim."))
    elif i.manager.startswith("plug"):
        steps.append(Step("Then run `:PlugClean` in Vim."))
    elif i.manager.startswith("packer"):
        steps.append(Step("Then run `:PackerClean` in Neovim."))
    else:
        rm = _remove_path(i.path, windows)
        steps.append(Step("Delete the plugin folder.", rm) if rm else _unsafe_note(i.path))
    return Remediation(i, f"Vim/Neovim plugin {name} ({clean(i.manager)})", tuple(steps))


def _native(i: Install, windows: bool, tool_name: str) -> Remediation:
    rm = _remove_path(i.path, windows)
    steps = [Step(f"Delete this {clean(tool_name or 'native')} installer version.", rm) if rm else _unsafe_note(i.path),
             Step("Also remove the launcher that points at it (for example ~/.local/bin/<command>) if no other "
                  "version remains.")]
    return Remediation(i, f"native installer version {clean(i.version or '')}".strip(), tuple(steps))


def _app(i: Install, windows: bool, tool_name: str) -> Remediation:
    rm = _remove_path(i.path, windows)
    steps = [Step(f"Quit {clean(tool_name or 'the app')}, then move {clean(i.path, 300)} to the Trash (Finder).")]
    if rm:
        steps.append(Step("Or from a terminal:", rm))
    steps.append(Step("If it was installed with Homebrew, use `brew uninstall --cask` instead."))
    return Remediation(i, f"macOS app {clean(i.path.rsplit('/', 1)[-1])}", tuple(steps))


def _windows(i: Install, tool_name: str) -> Remediation:
    return Remediation(i, f"Windows program {clean(tool_name)}", (
        Step(f"Settings, Apps, Installed apps: find {clean(tool_name or 'the program')} and choose Uninstall."),
        Step(f"Check that {clean(i.path, 300)} is gone afterwards; delete it if it remains."),
    ))


def _path(i: Install, windows: bool) -> Remediation:
    rm = _remove_path(i.path, windows)
    return Remediation(i, f"executable {clean(i.key or i.path)} on the search path", (
        Step("Uninstall it with whatever installed it (see the other evidence for this tool)."),
        Step("If nothing else owns it, delete the file.", rm) if rm else _unsafe_note(i.path),
    ))


def _config(i: Install, windows: bool, tool_name: str) -> Remediation:
    if i.manager == "env":
        return Remediation(i, f"environment variable {clean(i.key)}", (
            Step(f"Remove {clean(i.key)} from your shell profile or environment and revoke the key with the vendor "
                 "if you no longer need it."),))
    rm = _remove_path(i.path, windows)
    return Remediation(i, f"{clean(tool_name)} configuration (a trace of use, not a program)", (
        Step("After uninstalling the tool, keep anything you need from this folder, then delete it.", rm) if rm
        else _unsafe_note(i.path),))


def remediation(install: Install, *, platform: str = "linux", tool_name: str = "") -> Remediation:
    """What to do about one piece of evidence. ``platform`` is the scanned machine's (for shell quoting)."""
    windows = platform == "windows" or install.path.startswith("C:")
    ch = install.channel
    if ch == "npm":
        return _npm(install, windows)
    if ch == "python":
        return _python(install, windows)
    if ch == "brew":
        return _brew(install, windows)
    if ch == "vscode":
        return _vscode(install, windows)
    if ch == "jetbrains":
        return _jetbrains(install, windows, tool_name)
    if ch == "vim":
        return _vim(install, windows)
    if ch == "native":
        return _native(install, windows, tool_name)
    if ch == "apps":
        return _app(install, windows, tool_name)
    if ch == "windows":
        return _windows(install, tool_name)
    if ch == "path":
        return _path(install, windows)
    if ch == "config":
        return _config(install, windows, tool_name)
    return Remediation(install, clean(install.detail or install.path), (
        Step(f"Remove {clean(install.path, 300)} with the tool that installed it."),))
