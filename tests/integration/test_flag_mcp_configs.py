"""MCP servers a shell alias or function hands Claude Code on its command line (``claude --mcp-config FILE``):
every session started that way has them, yet no config location names the file, so a remote server there
was never listed or judged. The example pack's condition already flags such an alias; now the servers in
the file are judged too, and a file that cannot be located or read is an unchecked config."""

from __future__ import annotations

import pytest

from support.agents import MARKER, every_output
from tui.core.scanner import scan


def _claude(m) -> None:
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")


def _remote(host: str = "mcp.evil.example") -> dict:
    return {
        "mcpServers": {
            "tracker": {"type": "http", "url": f"https://{host}/mcp?key={MARKER}", "headers": {"Authorization": MARKER}}
        }
    }


@pytest.mark.parametrize(
    "platform, rel, line, config",
    [
        ("linux", ".zshrc", "alias cc='claude --mcp-config ~/work/mcp.json'", "work/mcp.json"),
        ("linux", ".bashrc", 'ccw() { claude --mcp-config="$HOME/work/m.json" "$@"; }', "work/m.json"),
        ("macos", ".config/fish/functions/claude.fish", "command claude --mcp-config ~/w/mcp.json $argv", "w/mcp.json"),
        (
            "windows",
            "Documents/PowerShell/profile.ps1",
            "function cc { claude --mcp-config ~/w/mcp.json @args }",
            "w/mcp.json",
        ),
    ],
)
def test_servers_in_a_config_an_alias_names_are_judged(machine_factory, pack, platform, rel, line, config):
    m = machine_factory(platform)
    _claude(m)
    m.write(m.h(rel), f"# work setup\n{line}\n")
    path = m.write_json(m.h(config), _remote())
    report = scan(m.machine(), pack)
    [found] = [f for f in report.surface.servers if f.item.name == "tracker"]
    shown = m.machine().display(m.h(rel))
    assert found.item.client == "claude-code"
    assert found.item.client_label == f"Claude Code (--mcp-config in {shown} line 2)"
    assert found.item.config == m.machine().display(path)
    assert found.verdict == "prohibited" and found.item.url_host == "mcp.evil.example"
    assert str(m.host(path)) in report.audit.paths_read


def test_check_exits_1_and_no_secret_reaches_any_output(machine_factory, capsys):
    m = machine_factory("linux")
    _claude(m)
    m.write(m.h(".zshrc"), "alias cc='claude --mcp-config ~/work/mcp.json'\n")
    m.write_json(m.h("work/mcp.json"), _remote())
    outputs = every_output(m, capsys)
    for argv, text in outputs.items():
        assert MARKER not in text, argv
    assert "tracker" in outputs["check"] and "mcp.evil.example" in outputs["check"]


@pytest.mark.parametrize(
    "line, reason",
    [
        ("alias cc='claude --mcp-config mcp.json'", "cannot be located"),  # relative: the folder it runs in
        ("alias cc='claude --mcp-config $WORK/mcp.json'", "cannot be located"),  # computed by the shell
        ("alias cc='claude --mcp-config {\"mcpServers\":{}}'", "cannot be located"),  # JSON on the line
        ("alias cc='claude --mcp-config ~/gone.json'", "not found"),
    ],
)
def test_a_config_that_cannot_be_located_is_unchecked(machine_factory, pack, line, reason):
    m = machine_factory("linux")
    _claude(m)
    m.write(m.h(".zshrc"), line + "\n")
    report = scan(m.machine(), pack)
    [unchecked] = report.surface.unchecked
    assert unchecked.client == "claude-code" and reason in unchecked.reason
    assert not report.surface.servers


def test_a_malformed_config_is_unchecked_and_other_lines_are_not_claudes(machine_factory, pack):
    m = machine_factory("linux")
    _claude(m)
    m.write(
        m.h(".zshrc"),
        "# alias cc='claude --mcp-config ~/a.json'\n"  # a comment
        "alias x='other-tool --mcp-config ~/b.json'\n"  # not Claude Code
        "alias cc='claude --mcp-config ~/c.json'\n",
    )
    for name in ("a", "b"):
        m.write_json(m.h(f"{name}.json"), _remote(f"{name}.example"))
    m.write(m.h("c.json"), '{"mcpServers": {"x": ')
    report = scan(m.machine(), pack)
    assert not report.surface.servers
    assert [u.config for u in report.surface.unchecked] == [m.h("c.json")]


def test_a_startup_file_padded_with_aliases_stays_bounded(machine_factory, pack):
    """A megabyte of aliases and exports: every line is looked at (the verdict stands), the details name a
    few places and count the rest, and at most MAX_FLAG_CONFIGS files named with --mcp-config are read (the
    rest is an unchecked config: padding hides nothing)."""
    from tui.core.agents.mcp import MAX_FLAG_CONFIGS
    from tui.core.conditions import MAX_SHOWN

    m = machine_factory("linux")
    _claude(m)
    lines = [
        f"alias c{i}='claude --mcp-config ~/x{i}.json'\nexport ANTHROPIC_BASE_URL=https://x{i}.example"
        for i in range(3000)
    ]
    m.write(m.h(".zshrc"), "\n".join(lines) + "\n")
    report = scan(m.machine(), pack)
    states = {c.condition.id: c for c in report.finding("claude-code").conditions}
    gateway = states["gateway"]
    assert gateway.state == "unmet" and gateway.detail.endswith(f"and {3000 - MAX_SHOWN} more")
    assert len(states["settings-aicheck-can-see"].detail) < 2000
    unchecked = report.surface.unchecked
    assert len(unchecked) == MAX_FLAG_CONFIGS + 1
    assert f"3000 configs named with --mcp-config: the first {MAX_FLAG_CONFIGS} read" in unchecked[0].reason


def test_an_unlocated_config_is_named_as_the_machine_names_its_line(machine_factory, pack):
    m = machine_factory("windows")
    _claude(m)
    profile = m.write(m.h("Documents/PowerShell/profile.ps1"), "function cc { claude --mcp-config rel.json @args }\n")
    [unchecked] = scan(m.machine(), pack).surface.unchecked
    assert unchecked.config == f"{m.machine().display(profile)} line 1"


@pytest.mark.parametrize(
    "line, config",
    [
        ("alias cop='copilot --additional-mcp-config @~/team/mcp.json'", "team/mcp.json"),
        ('cop() { copilot --additional-mcp-config=@"$HOME/team/m.json" "$@"; }', "team/m.json"),
    ],
)
def test_copilot_clis_additional_config_is_judged_too(machine_factory, pack, line, config):
    """Copilot CLI takes more MCP servers from `--additional-mcp-config @FILE` (the `@` says it is a file;
    without it the word is JSON on the line, which cannot be read: an unchecked config)."""
    m = machine_factory("linux")
    m.write(m.h(".zshrc"), f'{line}\nalias cj="copilot --additional-mcp-config \'{{\\"mcpServers\\": {{}}}}\'"\n')
    path = m.write_json(m.h(config), _remote())
    report = scan(m.machine(), pack)
    [found] = [f for f in report.surface.servers if f.item.name == "tracker"]
    shown = m.machine().display(m.h(".zshrc"))
    assert found.item.client == "github-copilot"
    assert found.item.client_label == f"Copilot CLI (--additional-mcp-config in {shown} line 1)"
    assert found.item.config == m.machine().display(path) and found.verdict == "prohibited"
    [inline] = report.surface.unchecked
    assert inline.config == f"{shown} line 2" and "cannot be located" in inline.reason


@pytest.mark.parametrize(
    "line",
    [
        "alias cc='claude --mcp-config ~/work/a.json ~/work/b.json'",
        'cc() { claude --mcp-config "$HOME/work/a.json" "$HOME/work/b.json" "$@"; }',
    ],
)
def test_every_config_of_one_mcp_config_flag_is_read(machine_factory, pack, line):
    """`--mcp-config` takes several files (`<configs...>`): a remote server in the second passed unread (red
    team). Each is read; what the user types after them (`"$@"`) is none."""
    m = machine_factory("linux")
    _claude(m)
    m.write(m.h(".bashrc"), line + "\n")
    m.write_json(m.h("work/a.json"), {"mcpServers": {}})
    m.write_json(m.h("work/b.json"), _remote())
    report = scan(m.machine(), pack)
    [found] = [f for f in report.surface.servers if f.item.name == "tracker"]
    assert found.verdict == "prohibited" and found.item.config == m.machine().display(m.h("work/b.json"))
    assert not [u for u in report.surface.unchecked if "--mcp-config" in u.label], report.surface.unchecked
