"""The bundled demo machine: a synthetic macOS disk with a realistic mix of AI tools, built on demand.

``aicheck --demo`` opens the app on it; the tests, the benchmark and ``scripts/screenshots.py`` use the
same builder, so what the README shows is what the tests check.

Every path the scanner reports is a *machine* path (``/Users/ada/...``), so the screens look the same
wherever the demo disk is built.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.demo.synthetic import SyntheticMachine

DEMO_VERSION = "4"  # bump when the layout changes, so a cached demo disk is rebuilt
HOSTILE_VERSION = "[bold]3.1.0\x1b[31m"  # text from scanned files is data: shown literally, never interpreted


def build_demo(root: Path) -> SyntheticMachine:
    """Build (idempotently) the demo machine under ``root`` and return it."""
    from tui.demo.synthetic import SyntheticMachine

    root = Path(root)
    stamp = root / ".aicheck-demo"
    fresh = _small_text(stamp) == DEMO_VERSION
    if root.exists() and not fresh:
        shutil.rmtree(root)
    m = SyntheticMachine(root, "macos")
    m.search_path = []
    if fresh:
        _search_path(m)
        return m

    # Claude Code (restricted): an affected version via npm, a fixed one via the native installer,
    # and a settings file without the company gateway
    m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude")
    m.native(m.h(".local/share/claude/versions"), "2.1.201", link=m.h(".local/bin/claude"))
    m.write_json(m.h(".claude/settings.json"), {"model": "sonnet"})
    # Cursor (prohibited): the app and its config folder
    m.mac_app("Cursor.app", "com.todesktop.230313mzl4w4u92", "1.7.38")
    m.config(m.h(".cursor"))
    # GitHub Copilot (approved): VS Code and a JetBrains IDE
    m.vscode_extension("GitHub.copilot-chat", "0.31.2")
    m.jetbrains_plugin(
        "com.github.copilot", "1.5.59-243", "github-copilot-intellij", ide="PyCharm2025.2", name="GitHub Copilot"
    )
    # Cline (prohibited): an extension whose version is markup plus a terminal escape
    m.vscode_extension("saoudrizwan.claude-dev", HOSTILE_VERSION, display="Cline [bold]")
    # Aider (restricted) via pipx, Ollama (approved) via Homebrew, Gemini CLI (prohibited) via a formula
    m.python("aider-chat", "0.86.1", manager="pipx", bin_name="aider")
    # its gateway condition, met where every session gets it: the shell startup file's export
    m.write(m.h(".zshrc"), "export OPENAI_API_BASE=https://ai-gateway.example.com/v1\n")
    m.brew_formula("ollama", "0.12.6")
    m.config(m.h(".ollama"))
    m.brew_formula("gemini-cli", "0.9.0", npm_package="@google/gemini-cli", npm_version="0.9.0")
    # Sider (prohibited): an AI sidebar extension that can read every site, in Chrome's default profile
    m.chromium_extension(
        "difoiogjjojoaoomphldepapgpbgkhkb",
        "5.32.8",
        name="Sider: Chat with all AI",
        permissions=("storage", "sidePanel"),
        host_permissions=("<all_urls>",),
    )
    # MCP servers: an approved GitHub server (pinned) in Claude Code, and in Cursor a remote server the
    # policy prohibits, whose token (in a header) must never show anywhere; and a Claude Code skill
    m.write_json(
        m.h(".claude.json"),
        {
            "mcpServers": {
                "github": {
                    "command": "npx",
                    "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
                    "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_demo0000000000000000000000000000000"},
                }
            }
        },
    )
    m.write_json(
        m.h(".cursor/mcp.json"),
        {
            "mcpServers": {
                "docs": {
                    "url": "https://mcp.example-saas.com/mcp",
                    "headers": {"Authorization": "Bearer demo-token-not-real"},
                }
            }
        },
    )
    m.write(
        m.h(".claude/skills/release-notes/SKILL.md"),
        "---\nname: release-notes\ndescription: Drafts release notes from merged pull requests.\n---\n",
    )
    # opencode: not in the policy (unreviewed)
    m.npm("opencode-ai", "0.15.4", bin_name="opencode")
    stamp.write_text(DEMO_VERSION + "\n", "utf-8")
    m.search_path = []
    _search_path(m)
    return m


def _small_text(path: Path, limit: int = 64) -> str | None:
    """The stripped text of a small regular file of aicheck's own (a stamp, a pid), read through the bounded
    reader: a FIFO or a device in its place is refused before it is opened, never waited on."""
    from tui.core.bounded_read import ReadSkipped, read_bounded_text

    try:
        return read_bounded_text(path, limit).strip()
    except (ReadSkipped, OSError):
        return None


HOME = "/Users/ada"
PLATFORM = "macos"
SEARCH_PATH = (f"{HOME}/.local/bin", "/usr/local/bin", "/opt/homebrew/bin", "/usr/bin", "/bin")


def _search_path(m: SyntheticMachine) -> None:
    for folder in SEARCH_PATH:
        m.add_to_path(folder)


def demo_options(root: Path) -> dict[str, str]:
    """The scan options for the demo machine under ``root``, building it first only if it is missing or
    stale (``aicheck --demo`` builds it in its sandbox each time; a test or a script may keep one)."""
    root = Path(root)
    if _small_text(root / ".aicheck-demo") != DEMO_VERSION:
        build_demo(root)
    return {"root": str(root.resolve()), "home": HOME, "platform": PLATFORM, "search_path": ":".join(SEARCH_PATH)}


def _remove_cached_demo_machine() -> None:
    """Remove the demo disk that earlier versions of aicheck kept in the cache folder (``demo-machine``), only
    when its stamp says it is one: the demo now lives in its sandbox, and the cache holds fetched packs alone."""
    from tui import paths

    old = paths.cache_dir() / "demo-machine"
    if (old / ".aicheck-demo").is_file() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)


DEMO_CONFIG = """# aicheck --demo: a throw-away config. Requests go to the local intake (a folder in this
# temporary directory): nothing is sent anywhere, and the temporary directory is removed at exit.
[intake]
kind = "local"
"""
SANDBOX_VARS = ("AICHECK_DATA_DIR", "AICHECK_CONFIG")


@contextmanager
def demo_sandbox() -> Iterator[Path]:
    """While the demo runs, aicheck's data folder and config point into a new temporary directory (removed
    at exit): acknowledging the policy, attesting, drafting and "sending" requests in the demo never touch
    the user's own records, and the config's only intake is the local one, so nothing leaves the computer.
    The demo disk is built in it too (see :func:`tui.app.main.open_app`)."""
    import os
    import signal
    import tempfile

    _remove_abandoned_sandboxes()
    _remove_cached_demo_machine()
    base = Path(tempfile.mkdtemp(prefix=SANDBOX_PREFIX))
    saved = {name: os.environ.get(name) for name in SANDBOX_VARS}
    # the terminal closed (SIGHUP) or the process told to stop (SIGTERM): Python would end without the
    # cleanup below, leaving the demo's records (a request with a name and an email) in the temp folder
    handlers = {}
    for name in ("SIGHUP", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is not None:
            handlers[number] = signal.signal(number, lambda signum, _frame: _end(base, signum))
    try:
        (base / "pid").write_text(str(os.getpid()), "utf-8")
        (base / "config.toml").write_text(DEMO_CONFIG, "utf-8")
        os.environ["AICHECK_DATA_DIR"] = str(base / "data")
        os.environ["AICHECK_CONFIG"] = str(base / "config.toml")
        yield base
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(base, ignore_errors=True)


SANDBOX_PREFIX = "aicheck-demo-"


def _end(base: Path, signum: int) -> None:
    import os

    shutil.rmtree(base, ignore_errors=True)
    os._exit(128 + signum)  # at once: the terminal is gone, and nothing of the demo is worth keeping


def _remove_abandoned_sandboxes() -> None:
    """Remove the demo folders of this user whose process is gone (killed with SIGKILL, or a machine that went
    down): each holds the pid of the demo that made it. Only aicheck's own folders in the temp folder."""
    import os
    import tempfile

    if os.name == "nt":  # no uid to own them by, and os.kill(pid, 0) would end the process there
        return
    for folder in Path(tempfile.gettempdir()).glob(SANDBOX_PREFIX + "*"):
        try:
            if folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
            pid = int(_small_text(folder / "pid") or "")
        except (OSError, ValueError, AttributeError):
            continue  # not one of ours, or not readable: left alone
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (EPERM), or no way to ask: alive as far as we know
        return True
    return True
