"""End to end through `aicheck check`: CLAUDE_CONFIG_DIR (which moves ~/.claude and ~/.claude.json) and
CODEX_HOME (which moves ~/.codex) were followed only when a shell startup file set them. Set by another
place a session takes its environment from (systemd's environment.d, direnv's ~/.envrc, fish's universal
variables, an editor's settings, mise, tmux, pam_env), the moved folder was never read: a prohibited remote
MCP server and `bypassPermissions` kept there gave a clean bill. Each place now moves the folder the scan
reads, and a value that cannot be known is a scan error, never a clean bill."""

from __future__ import annotations

import json

import pytest

from support.packs import (
    assert_only_the_moved_server_is_prohibited,
    check_json,
    isolate_cli,
    moved_folder_with_a_remote_server,
    run_cli,
)

REMOTE = "https://r.example/mcp"
MARKER = "SECRET-MARKER-5c1e"

# (id, platform, the file as the home names it, its text, the variable it sets): each sets the variable to
# ~/.claude-work (CLAUDE_CONFIG_DIR) or ~/.codex-work (CODEX_HOME), written the way that place writes it
PLACES = [
    ("environment.d", "linux", ".config/environment.d/60-agents.conf", "CLAUDE_CONFIG_DIR=${HOME}/.claude-work\n"),
    ("direnv", "linux", ".envrc", "export CLAUDE_CONFIG_DIR=$HOME/.claude-work\n"),
    (
        "fish universal",
        "macos",
        ".config/fish/fish_variables",
        "# This file contains fish universal variable definitions.\n# VERSION: 3.0\n"
        "SETUVAR --export CLAUDE_CONFIG_DIR:{home}/.claude\\x2dwork\n",
    ),
    (
        "vscode terminal",
        "linux",
        ".config/Code/User/settings.json",
        '{\n  // the terminal\'s shells\n  "terminal.integrated.env.linux": {"CLAUDE_CONFIG_DIR": "${env:HOME}/.claude-work"}\n}\n',
    ),
    (
        "claude extension",
        "macos",
        "Library/Application Support/Code/User/settings.json",
        json.dumps(
            {"claudeCode.environmentVariables": [{"name": "CLAUDE_CONFIG_DIR", "value": "{home}/.claude-work"}]}
        ),
    ),
    ("mise", "linux", ".config/mise/config.toml", '[env]\nCODEX_HOME = "{home}/.codex-work"\n'),
    ("tmux", "linux", ".tmux.conf", "set-environment -g CODEX_HOME {home}/.codex-work\n"),
    ("pam_env", "linux", ".pam_environment", "CLAUDE_CONFIG_DIR DEFAULT=@{HOME}/.claude-work\n"),
    ("launchd", "macos", "Library/LaunchAgents/env.plist", None),  # launchctl setenv, written below
]

LAUNCH_AGENT = """<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>Label</key><string>env</string>
<key>ProgramArguments</key><array><string>/bin/launchctl</string><string>setenv</string>
<string>CODEX_HOME</string><string>{home}/.codex-work</string></array>
</dict></plist>
"""


_check = check_json


def _home(machine_factory, platform: str, rel: str, text: str | None):
    m = machine_factory(platform)
    m.write(m.h(rel), (text or LAUNCH_AGENT).replace("{home}", m.home))
    return m


@pytest.mark.parametrize("place, platform, rel, text", PLACES, ids=[p[0] for p in PLACES])
def test_a_folder_moved_elsewhere_is_read(tmp_path, machine_factory, monkeypatch, capsys, place, platform, rel, text):
    """Nothing installed, only the moved folder's config with a prohibited remote MCP server: exit 1 and the
    server named in the moved file (it was exit 0, the moved folder never read)."""
    m = _home(machine_factory, platform, rel, text)
    moved = moved_folder_with_a_remote_server(m, "CODEX_HOME" in (text or LAUNCH_AGENT), MARKER)
    code, report, out = _check(tmp_path, monkeypatch, capsys, m)
    assert_only_the_moved_server_is_prohibited(m, moved, code, report, out, MARKER)


@pytest.mark.parametrize(
    "place, platform, rel, text", [p for p in PLACES if "CLAUDE" in (p[3] or "")], ids=lambda v: str(v)[:20]
)
def test_the_moved_settings_are_judged(tmp_path, machine_factory, monkeypatch, capsys, place, platform, rel, text):
    """Claude Code installed: `bypassPermissions` in the moved folder's settings.json breaks the condition that
    Claude Code asks before acting, and the detail names the moved file."""
    m = _home(machine_factory, platform, rel, text)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    moved = m.write_json(m.h(".claude-work/settings.json"), {"permissions": {"defaultMode": "bypassPermissions"}})
    code, report, out = _check(tmp_path, monkeypatch, capsys, m)
    finding = next(f for f in report["tools"] if f["id"] == "claude-code")
    state = next(c for c in finding["conditions"] if c["id"] == "asks-before-acting")
    assert state["state"] == "unmet" and state["detail"].endswith(m.machine().display(moved)), out
    assert code == 1


UNKNOWN = [
    ("linux", ".bashrc", 'export CLAUDE_CONFIG_DIR="$(mktemp -d)"\n', ".bashrc line 1"),
    ("linux", ".zshrc", 'export CODEX_HOME="$WORK/codex"\n', ".zshrc line 1"),
    ("linux", ".config/environment.d/agents.conf", "\nCLAUDE_CONFIG_DIR=${WORK}/claude\n", "agents.conf line 2"),
    ("linux", ".envrc", "export CLAUDE_CONFIG_DIR=.claude-here\n", ".envrc line 1"),  # relative: the session's folder
    ("linux", ".config/mise/config.toml", '[env]\nCODEX_HOME = "{{env.WORK}}/codex"\n', "config.toml line 2"),
    ("linux", ".tmux.conf", "set-environment -g CODEX_HOME\n", ".tmux.conf line 1"),
    ("linux", ".profile", 'export GEMINI_CLI_HOME="$(mktemp -d)"\n', ".profile line 1"),
    ("linux", ".bashrc", "export OPENCODE_CONFIG_DIR=$WORK/oc\n", ".bashrc line 1"),
    (
        "linux",
        ".config/Code/User/settings.json",
        json.dumps({"terminal.integrated.env.linux": {"CLAUDE_CONFIG_DIR": "${workspaceFolder}/.claude"}}),
        "settings.json",
    ),
]


@pytest.mark.parametrize("platform, rel, text, where", UNKNOWN, ids=[u[1] for u in UNKNOWN])
def test_a_folder_that_cannot_be_known_is_never_a_clean_bill(
    tmp_path, machine_factory, monkeypatch, capsys, platform, rel, text, where
):
    """The variable set to a folder computed when the session starts (`$(…)`, another variable) or a
    relative one: what that folder holds cannot be read. A scan error names the place, never a clean bill."""
    m = machine_factory(platform)
    m.write(m.h(rel), text)
    code, report, out = _check(tmp_path, monkeypatch, capsys, m)
    assert code != 0, out
    variable = next(
        v for v in ("CODEX_HOME", "GEMINI_CLI_HOME", "OPENCODE_CONFIG_DIR", "CLAUDE_CONFIG_DIR") if v in text
    )
    assert any(e.startswith(f"${variable} is set") and where in e for e in report["errors"]), report["errors"]


def test_a_known_default_is_followed_without_an_error(tmp_path, machine_factory, monkeypatch, capsys):
    """`export CLAUDE_CONFIG_DIR="${CLAUDE_CONFIG_DIR:-$HOME/.claude-work}"`: the default is a folder that can
    be known (and another place that sets the variable is read for its own value)."""
    m = machine_factory("linux")
    m.write(m.h(".bashrc"), 'export CLAUDE_CONFIG_DIR="${CLAUDE_CONFIG_DIR:-$HOME/.claude-work}"\n')
    moved = m.write_json(m.h(".claude-work/.claude.json"), {"mcpServers": {"remote": {"url": REMOTE, "type": "http"}}})
    code, report, out = _check(tmp_path, monkeypatch, capsys, m)
    assert [s["config"] for s in report["mcp_servers"]] == [m.machine().display(moved)], out
    assert code == 1 and not report["errors"], out


@pytest.mark.parametrize("moved", ["/home/ada/.claude-work", "/srv/claude-work"])
def test_a_fleet_scan_follows_the_folder_inside_the_home_only(tmp_path, monkeypatch, capsys, moved):
    """`--all-users` confines each scan to the user's home (and the system folders): environment.d moving
    ~/.claude within the home is followed there; a folder outside it is not read, as a startup file's
    export is not, and is never a clean bill."""
    from tui.demo.synthetic import SyntheticMachine

    m = SyntheticMachine(tmp_path / "disk", "linux", home="/home/ada")
    m.write("/etc/passwd", "ada:x:1000:1000:Ada:/home/ada:/bin/bash\n")
    m.write(m.h(".config/environment.d/agents.conf"), f"CLAUDE_CONFIG_DIR={moved}\n")
    m.write_json(f"{moved}/.claude.json", {"mcpServers": {"remote": {"url": REMOTE, "type": "http"}}})
    isolate_cli(monkeypatch, tmp_path)
    code, out, err = run_cli(capsys, "check", "--all-users", "--json", "--root", str(m.root), "--platform", "linux")
    report = json.loads(out)["users"][0]["report"]
    assert code == 1 and not report["check"]["compliant"], out + err
    if moved.startswith("/home/"):
        assert [s["config"] for s in report["mcp_servers"]] == [f"{moved}/.claude.json"]
    else:
        assert not any("/srv/" in p for p in report["audit"]["paths_read"])


def test_more_folders_than_are_followed_is_a_scan_error_never_a_silent_drop(
    tmp_path, machine_factory, monkeypatch, capsys
):
    """Red team: four decoys in .bashrc filled the four folders followed, and ~/.pam_environment's real folder
    (where a login session's Claude Code reads) was dropped without a word: exit 0."""
    from tui.core.startup import MAX_FOLDERS_PER_VAR

    m = machine_factory("linux")
    m.write(m.h(".bashrc"), "".join(f"export CLAUDE_CONFIG_DIR=$HOME/decoy{i}\n" for i in range(MAX_FOLDERS_PER_VAR)))
    m.write(m.h(".pam_environment"), f"CLAUDE_CONFIG_DIR DEFAULT={m.h('real')}\n")
    code, report, out = _check(tmp_path, monkeypatch, capsys, m)
    assert code != 0, out
    assert any(e.startswith("$CLAUDE_CONFIG_DIR is set") and "past the" in e for e in report["errors"]), report[
        "errors"
    ]


@pytest.mark.parametrize("variable", ["QWEN_HOME", "CONTINUE_GLOBAL_DIR", "KILO_CONFIG_DIR", "CLINE_DIR"])
def test_the_other_agents_folders_set_to_what_cannot_be_known_are_scan_errors(
    tmp_path, machine_factory, monkeypatch, capsys, variable
):
    """Red team: `export QWEN_HOME="$(printf ...)"` (and Continue's, Kilo's, Cline's) left that agent's MCP
    servers unread with exit 0, while a computed CLAUDE_CONFIG_DIR was a scan error."""
    m = machine_factory("linux")
    m.write(m.h(".bashrc"), f'export {variable}="$(printf /home/ada/x)"\n')
    code, report, _out = _check(tmp_path, monkeypatch, capsys, m)
    assert code != 0 and any(e.startswith(f"${variable} is set") for e in report["errors"]), report["errors"]


@pytest.mark.parametrize(
    "line",
    [
        'set-environment -g CLAUDE_CONFIG_DIR "{home}/my work"\n',
        'set -g mouse on ; set-environment -g CLAUDE_CONFIG_DIR "{home}/my work"\n',
        "setenv -g CLAUDE_CONFIG_DIR '{home}/my work' # the work folder\n",
    ],
)
def test_a_tmux_line_is_read_as_tmux_reads_it(tmp_path, machine_factory, monkeypatch, capsys, line):
    """Red team (checked with tmux 3.3a): a quoted folder with a space was read up to the space (a decoy there
    passed), and a `;` before set-environment hid the whole line."""
    m = machine_factory("linux")
    m.write(m.h(".tmux.conf"), line.replace("{home}", m.home))
    moved = m.write_json(m.h("my work/.claude.json"), {"mcpServers": {"remote": {"url": REMOTE, "type": "http"}}})
    code, report, out = _check(tmp_path, monkeypatch, capsys, m)
    assert [s["config"] for s in report["mcp_servers"]] == [m.machine().display(moved)], out
    assert code == 1, out
