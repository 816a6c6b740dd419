"""End to end through `aicheck check`: a shell startup file that exports the gateway for every session, and
then sets something else for the tool's own sessions (an alias, a function, an unset), or turns on a cloud
provider that bypasses the gateway, was a clean bill on a fleet's scan of the home. Each way now exits 1 and
names the line; the value read there is never shown."""

from __future__ import annotations

import json

import pytest

from support.packs import isolate_cli, run_cli

GATEWAY = "https://ai-gateway.example.com"
DIRECT = "https://api.example-direct.test/SECRET-MARKER-77a0"

EXPORT = {
    "linux": f"export ANTHROPIC_BASE_URL={GATEWAY}",
    "macos": f"set -gx ANTHROPIC_BASE_URL {GATEWAY}",
    "windows": f"$env:ANTHROPIC_BASE_URL = '{GATEWAY}'",
}
STARTUP = {
    "linux": ".zshrc",
    "macos": ".config/fish/config.fish",
    "windows": "Documents/PowerShell/Microsoft.PowerShell_profile.ps1",
}
# (platform, the lines after the export, the condition they break, the line that breaks it)
BENDS = [
    ("linux", f"alias claude='ANTHROPIC_BASE_URL={DIRECT} claude'", "gateway", 2),
    ("linux", f'claude() {{ ANTHROPIC_BASE_URL="{DIRECT}" command claude "$@"; }}', "gateway", 2),
    ("linux", "unset ANTHROPIC_BASE_URL", "gateway", 2),
    ("linux", "alias claude='CLAUDE_CODE_USE_BEDROCK=1 claude'", "no-direct-bedrock", 2),
    # set to what a command takes in when the shell runs it: a value that cannot be known
    ("linux", f"read -r ANTHROPIC_BASE_URL <<< '{DIRECT}'", "gateway", 2),
    ("linux", "IFS= read -r CLAUDE_CODE_USE_BEDROCK < ~/.bedrock", "no-direct-bedrock", 2),
    ("macos", "set -e ANTHROPIC_BASE_URL", "gateway", 2),
    ("macos", f"function claude\n    env ANTHROPIC_BASE_URL={DIRECT} command claude $argv\nend", "gateway", 3),
    ("macos", "if status is-interactive\n    set -gx CLAUDE_CODE_USE_VERTEX 1\nend", "no-direct-vertex", 3),
    ("windows", f"function claude {{ $env:ANTHROPIC_BASE_URL = '{DIRECT}'; claude.exe @args }}", "gateway", 2),
    ("windows", "Remove-Item Env:ANTHROPIC_BASE_URL", "gateway", 2),
    ("windows", "function claude { $env:CLAUDE_CODE_USE_FOUNDRY = '1'; claude.exe @args }", "no-direct-foundry", 2),
]


def _state(tmp_path, monkeypatch, capsys, m, condition: str) -> tuple[int, dict, str]:
    """`aicheck check --json` of the machine's disk: (exit code, the Claude Code condition's state, all output)."""
    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", m.platform, "--home", m.home)
    code, out, err = run_cli(capsys, *args, "--json")
    finding = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    return code, next(c for c in finding["conditions"] if c["id"] == condition), out + err


def _home(machine_factory, platform: str, after: str):
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    path = m.write(m.h(STARTUP[platform]), f"{EXPORT[platform]}\n{after}\n")
    return m, m.machine().display(path)


@pytest.mark.parametrize("platform, after, condition, line", BENDS)
def test_a_startup_line_that_undoes_the_gateway_needs_action(
    tmp_path, machine_factory, monkeypatch, capsys, platform, after, condition, line
):
    m, shown = _home(machine_factory, platform, after)
    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", platform, "--home", m.home)
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 1, out + err
    report = json.loads(out)
    finding = next(f for f in report["tools"] if f["id"] == "claude-code")
    state = next(c for c in finding["conditions"] if c["id"] == condition)
    assert state["state"] == "unmet"
    assert state["detail"].endswith(f"in {shown} line {line}")
    code, out, err = run_cli(capsys, *args)
    assert code == 1
    variable = (
        "ANTHROPIC_BASE_URL" if condition == "gateway" else f"CLAUDE_CODE_USE_{condition.rsplit('-', 1)[1].upper()}"
    )
    assert f"In {shown} line {line}: take {variable} out of the line." in out  # the first step, the one shown
    assert "SECRET-MARKER" not in out + err


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_the_export_alone_passes(tmp_path, machine_factory, monkeypatch, capsys, platform):
    """The same home without the line after the export: the gateway holds (the check's other conditions,
    which a disk image cannot show, keep it from a clean bill either way; this one is met)."""
    m, shown = _home(machine_factory, platform, "")
    isolate_cli(monkeypatch, tmp_path)
    _code, out, err = run_cli(
        capsys, "check", "--root", str(m.root), "--platform", platform, "--home", m.home, "--json"
    )
    assert not err
    finding = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    states = {c["id"]: c for c in finding["conditions"]}
    assert states["gateway"]["state"] == "met", states["gateway"]["detail"]
    assert states["gateway"]["detail"].endswith(f"in {shown} line 1")


MOVES = {
    "linux": ("alias claude='CLAUDE_CONFIG_DIR=$HOME/.claude-work claude'", ".claude-work"),
    "macos": ("function claude\n    env CLAUDE_CONFIG_DIR=~/.claude-work command claude $argv\nend", ".claude-work"),
    "windows": (
        'function claude { $env:CLAUDE_CONFIG_DIR = "$env:USERPROFILE\\.claude-work"; claude.exe @args }',
        ".claude-work",
    ),
}


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_an_alias_that_moves_the_settings_folder_needs_the_gateway_there(
    tmp_path, machine_factory, monkeypatch, capsys, platform
):
    """`alias claude='CLAUDE_CONFIG_DIR=~/.claude-work claude'`: every Claude Code session started that way
    reads the moved folder's settings, not ~/.claude's with the gateway. Only an exported folder was looked
    at, so the gateway in ~/.claude met the condition."""
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})
    line, folder = MOVES[platform]
    m.write(m.h(STARTUP[platform]), line + "\n")
    moved = m.write_json(m.h(f"{folder}/settings.json"), {"env": {"ANTHROPIC_BASE_URL": DIRECT}})
    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", platform, "--home", m.home)
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 1, out + err
    finding = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    gateway = next(c for c in finding["conditions"] if c["id"] == "gateway")
    assert gateway["state"] == "unmet"
    assert f"is set to another value in {m.machine().display(moved)}" in gateway["detail"]
    assert "SECRET-MARKER" not in out + err
    m.write_json(m.h(f"{folder}/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})  # the gateway there too
    code, out, err = run_cli(capsys, *args, "--json")
    finding = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    assert next(c for c in finding["conditions"] if c["id"] == "gateway")["state"] == "met"


def test_a_fix_names_eight_lines_and_counts_the_rest(tmp_path, machine_factory, monkeypatch, capsys):
    """Thirty aliases that each send Claude Code elsewhere: every line breaks the condition, and the fix, as
    the detail, names the first eight and counts the rest instead of being cut off mid-list."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    aliases = "".join(f"alias c{i}='ANTHROPIC_BASE_URL={DIRECT} claude'\n" for i in range(30))
    zshrc = m.write(m.h(".zshrc"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n{aliases}")
    isolate_cli(monkeypatch, tmp_path)
    code, out, err = run_cli(capsys, "check", "--root", str(m.root), "--platform", "linux", "--home", m.home)
    assert code == 1
    named = ", ".join(f"{zshrc} line {n}" for n in range(3, 10))
    assert f"In {zshrc} line 2 and {named}, and 22 more: take ANTHROPIC_BASE_URL out of those lines." in out
    assert "SECRET-MARKER" not in out + err


@pytest.mark.parametrize(
    "envrc, condition",
    [
        (f"export ANTHROPIC_BASE_URL={DIRECT}\n", "gateway"),
        ("export CLAUDE_CODE_USE_BEDROCK=1\n", "no-direct-bedrock"),
        ("unset ANTHROPIC_BASE_URL\n", "gateway"),
    ],
)
def test_a_projects_direnv_file_is_read_like_a_startup_file(
    tmp_path, machine_factory, monkeypatch, capsys, envrc, condition
):
    """direnv loads a folder's .envrc into every session started there: a project that sends Claude Code
    past the gateway (or to Bedrock) that way was unseen (`env_files`)."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})
    proj = m.h("src/api")
    m.write_json(m.h(".claude.json"), {"projects": {proj: {}}})
    envrc_path = m.write(proj + "/.envrc", "# direnv\nsource_up\n" + envrc)
    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", "linux", "--home", m.home)
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 1, out + err
    finding = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    state = next(c for c in finding["conditions"] if c["id"] == condition)
    assert state["state"] == "unmet" and state["detail"].endswith(f"in {envrc_path} line 3"), state
    code, text, err = run_cli(capsys, *args)
    variable = "CLAUDE_CODE_USE_BEDROCK" if condition != "gateway" else "ANTHROPIC_BASE_URL"
    assert f"In {envrc_path} line 3: take {variable} out of the line." in text
    assert "SECRET-MARKER" not in out + text + err


@pytest.mark.parametrize("above", ["src/.envrc", ".envrc"])
def test_a_direnv_file_in_a_folder_above_the_project_is_read(tmp_path, machine_factory, monkeypatch, capsys, above):
    """direnv loads the nearest .envrc above the folder a shell starts in: a project with none of its own
    gets its parent's (or the home's), and one with its own gets the parent's too through `source_up`. A
    cloud switch in `~/src/.envrc` reached every session of every project under `~/src` unseen: only the
    projects' own `.envrc` and the home's were read (`upward = true` in the pack's `env_files`)."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(m.h(".zshrc"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    m.write_json(m.h(".claude.json"), {"projects": {m.h("src/api"): {}, m.h("src/web/app"): {}}})
    m.write(m.h("src/web/app/.envrc"), "source_up\n")
    envrc = m.write(m.h(above), "# direnv\nexport CLAUDE_CODE_USE_BEDROCK=1\n")
    code, state, output = _state(tmp_path, monkeypatch, capsys, m, "no-direct-bedrock")
    assert code == 1, output
    assert state["state"] == "unmet" and state["detail"].endswith(f"in {envrc} line 2"), state
    assert f"In {envrc} line 2: take CLAUDE_CODE_USE_BEDROCK out of the line." in output


def test_only_the_folders_above_a_listed_project_are_looked_in(machine_factory, pack):
    """The folders above each project are looked in for `.envrc`, one name each: never a walk, and never a
    folder beside the project (a sibling's `.envrc` does not reach it)."""
    from tui.core.scanner import scan

    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude.json"), {"projects": {m.h("src/api"): {}}})
    m.write(m.h("src/other/.envrc"), "export CLAUDE_CODE_USE_BEDROCK=1\n")
    report = scan(m.machine(), pack)
    state = next(c for c in report.finding("claude-code").conditions if c.condition.id == "no-direct-bedrock")
    assert state.state != "unmet", state.detail
    assert not any("/src/other" in d for d in report.audit.dirs_listed + report.audit.paths_read)


def test_upward_is_for_env_files_alone(tmp_path):
    """`upward` means direnv's search; on a settings file it would read files no tool reads: refused, with
    the file and line."""
    from support.packs import condition_refusal

    err = condition_refusal(tmp_path, 'files = [{ path = "{home}/.x.json", upward = true }]\nkey = "a"\nequals = "b"')
    assert "policy.toml" in err and "upward" in err
    err = condition_refusal(
        tmp_path / "b", 'env = "X"\nequals = "y"\nenv_files = [{ path = "{home}/.envrc", upward = "yes" }]'
    )
    assert "policy.toml" in err and "upward" in err


def test_the_gateway_in_a_direnv_file_covers_that_folder_alone(machine_factory, pack):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    proj = m.h("src/api")
    m.write_json(m.h(".claude.json"), {"projects": {proj: {}}})
    m.write(proj + "/.envrc", f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    from tui.core.scanner import scan

    state = next(c for c in scan(m.machine(), pack).finding("claude-code").conditions if c.condition.id == "gateway")
    assert state.state == "unmet"
    assert "sets it for some sessions only" in state.detail  # counted as some sessions only


@pytest.mark.parametrize(
    "line, condition",
    [("CLAUDE_CODE_USE_BEDROCK=1", "no-direct-bedrock"), (f"ANTHROPIC_BASE_URL={DIRECT}", "gateway")],
)
def test_systemds_environment_d_is_read_on_linux(tmp_path, machine_factory, monkeypatch, capsys, line, condition):
    """~/.config/environment.d/*.conf sets variables for every program of the desktop session (VS Code started
    from its menu, and with it the Claude Code extension): a cloud switch or another endpoint there went
    unseen while ~/.zshrc exported the gateway."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(m.h(".zshrc"), f"export ANTHROPIC_BASE_URL={GATEWAY}\n")
    conf = m.write(m.h(".config/environment.d/60-ai.conf"), f"# desktop session\nPATH=$PATH:$HOME/bin\n{line}\n")
    code, state, output = _state(tmp_path, monkeypatch, capsys, m, condition)
    assert code == 1, output
    assert state["state"] == "unmet" and state["detail"].endswith(f"in {conf} line 3"), state
    assert "SECRET-MARKER" not in output


LAUNCH_AGENT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>local.ai-env</string>
  <key>ProgramArguments</key>
  <array>
    <string>/bin/launchctl</string>
    <string>setenv</string>
    <string>CLAUDE_CODE_USE_BEDROCK</string>
    <string>1</string>
  </array>
  <key>RunAtLoad</key>
  <true/>
</dict>
</plist>
"""


@pytest.mark.parametrize("form", ["xml", "binary", "shell"])
def test_a_macos_login_item_that_runs_launchctl_setenv(tmp_path, machine_factory, monkeypatch, capsys, form):
    """A LaunchAgent that runs `launchctl setenv CLAUDE_CODE_USE_BEDROCK 1` at login gives every app of the
    session the variable (the editor and the terminal started from the Dock among them): unseen before."""
    import plistlib

    m = machine_factory("macos")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    path = m.h("Library/LaunchAgents/local.ai-env.plist")
    if form == "xml":
        agent = m.write(path, LAUNCH_AGENT)
        line = 11
    else:
        args = (
            ["/bin/launchctl", "setenv", "CLAUDE_CODE_USE_BEDROCK", "1"]
            if form == "binary"
            else ["/bin/sh", "-c", "launchctl setenv PATH /x; launchctl setenv CLAUDE_CODE_USE_BEDROCK 1"]
        )
        data = plistlib.dumps(
            {"Label": "local.ai-env", "ProgramArguments": args},
            fmt=plistlib.FMT_BINARY if form == "binary" else plistlib.FMT_XML,
        )
        agent = m.write(path, data)
        line = (
            1
            if form == "binary"
            else data.decode()
            .splitlines()
            .index(next(ln for ln in data.decode().splitlines() if "CLAUDE_CODE_USE_BEDROCK" in ln))
            + 1
        )
    m.write(m.h("Library/LaunchAgents/other.plist"), b"\x00\x01 not a plist")  # one that cannot be read
    m.write(m.h("Library/LaunchAgents/com.example.updater.plist"), LAUNCH_AGENT.replace("setenv", "start"))
    code, state, output = _state(tmp_path, monkeypatch, capsys, m, "no-direct-bedrock")
    assert code == 1, output
    assert state["state"] == "unmet"
    assert f"in {agent} line {line}" in state["detail"], state["detail"]


def test_the_two_step_posix_export_meets_the_gateway(tmp_path, machine_factory, monkeypatch, capsys):
    """`ANTHROPIC_BASE_URL=…` then `export ANTHROPIC_BASE_URL`, the way sh scripts have always exported: every
    session has it. It used to be taken for a plain assignment, and the user was told to export it."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    profile = m.write(m.h(".profile"), f"ANTHROPIC_BASE_URL={GATEWAY}\nexport ANTHROPIC_BASE_URL\n")
    _code, gateway, _output = _state(tmp_path, monkeypatch, capsys, m, "gateway")
    assert gateway["state"] == "met" and gateway["detail"].endswith(f"in {profile} line 1"), gateway
