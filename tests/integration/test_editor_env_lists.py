"""The Claude Code extension in VS Code (and Cursor, Windsurf, VSCodium) starts its sessions with the variables
of its setting ``claudeCode.environmentVariables``, a list of ``{name, value}`` tables in the editor's settings.
Another endpoint there, or a cloud provider's switch, sends those sessions round the gateway, and aicheck did not
look: the gateway was met by ~/.claude/settings.json. A condition's ``env_lists`` names such lists now."""

from __future__ import annotations

import json

import pytest

from support.packs import condition_refusal, isolate_cli, run_cli

GATEWAY = "https://ai-gateway.example.com"
DIRECT = "https://api.example-direct.test/SECRET-MARKER-31c4"
KEY = "claudeCode.environmentVariables"


def _home(machine_factory, platform: str):
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})
    return m


def _editor_settings(m, entries: list[dict], editor: str = "Code") -> str:
    # JSON with comments and a trailing comma, as VS Code writes and allows it
    body = json.dumps({KEY: entries}, indent=2)
    return m.write(f"{m.ud}/{editor}/User/settings.json", "// user settings\n" + body[:-2] + ",\n}\n")


def _check(tmp_path, monkeypatch, capsys, m, platform: str):
    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", platform, "--home", m.home)
    code, out, err = run_cli(capsys, *args, "--json")
    finding = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    states = {c["id"]: c for c in finding["conditions"]}
    _code, text, text_err = run_cli(capsys, *args)
    assert "SECRET-MARKER" not in out + err + text + text_err
    return code, states, text


@pytest.mark.parametrize(
    "platform, editor, entry, condition",
    [
        ("linux", "Code", {"name": "ANTHROPIC_BASE_URL", "value": DIRECT}, "gateway"),
        ("macos", "Cursor", {"name": "CLAUDE_CODE_USE_BEDROCK", "value": "1"}, "no-direct-bedrock"),
        ("windows", "Code", {"name": "claude_code_use_vertex", "value": "1"}, "no-direct-vertex"),  # case folds
        ("linux", "Windsurf", {"name": "CLAUDE_CODE_USE_FOUNDRY", "value": ""}, "no-direct-foundry"),  # set at all
    ],
)
def test_an_editor_list_that_goes_round_the_gateway_needs_action(
    tmp_path, machine_factory, monkeypatch, capsys, platform, editor, entry, condition
):
    m = _home(machine_factory, platform)
    settings = _editor_settings(m, [{"name": "OTHER", "value": "x"}, entry], editor)
    code, states, text = _check(tmp_path, monkeypatch, capsys, m, platform)
    assert code == 1
    shown = m.machine().display(settings)
    assert states[condition]["state"] == "unmet"
    assert states[condition]["detail"].endswith(f"by {KEY} in {shown}")
    variable = entry["name"]
    fix = f"In {shown}: take the {variable.upper() if platform == 'windows' else variable} entry out of {KEY}"
    assert fix in text  # the first step, the one `check` shows


def test_the_gateway_in_the_editor_list_breaks_nothing(tmp_path, machine_factory, monkeypatch, capsys):
    """The same gateway in the list: those sessions use it; the condition is met by the user's settings."""
    m = _home(machine_factory, "linux")
    _editor_settings(m, [{"name": "ANTHROPIC_BASE_URL", "value": GATEWAY}])
    _code, states, _text = _check(tmp_path, monkeypatch, capsys, m, "linux")
    assert states["gateway"]["state"] == "met", states["gateway"]["detail"]


def test_a_projects_workspace_settings_are_looked_at_too(tmp_path, machine_factory, monkeypatch, capsys):
    m = _home(machine_factory, "linux")
    proj = m.h("src/api")
    m.write_json(m.h(".claude.json"), {"projects": {proj: {}}})
    ws = m.write_json(proj + "/.vscode/settings.json", {KEY: [{"name": "ANTHROPIC_BASE_URL", "value": DIRECT}]})
    code, states, _text = _check(tmp_path, monkeypatch, capsys, m, "linux")
    assert code == 1 and states["gateway"]["state"] == "unmet"
    assert states["gateway"]["detail"].endswith(f"in {ws}")


@pytest.mark.parametrize("editor", ["Code", "Cursor"])
def test_a_folder_the_editor_opened_has_its_workspace_settings_looked_at(
    tmp_path, machine_factory, monkeypatch, capsys, editor
):
    """A folder Claude Code never ran in but the editor opened (its workspaceStorage names it): the workspace's
    .vscode/settings.json starts the extension's sessions and the editor's terminals with its variables too."""
    m = _home(machine_factory, "macos")
    proj = m.h("src/web")
    m.write_json(f"{m.ud}/{editor}/User/workspaceStorage/9f8e/workspace.json", {"folder": f"file://{proj}"})
    ws = m.write_json(
        proj + "/.vscode/settings.json", {"terminal.integrated.env.osx": {"CLAUDE_CODE_USE_BEDROCK": "1"}}
    )
    code, states, _text = _check(tmp_path, monkeypatch, capsys, m, "macos")
    assert code == 1 and states["no-direct-bedrock"]["state"] == "unmet"
    assert m.machine().display(ws) in states["no-direct-bedrock"]["detail"]


def test_a_workspace_settings_file_four_conditions_name_is_read_and_noted_once(machine_factory, pack):
    """The gateway and the three cloud switches all name a workspace's .vscode/settings.json: it is read once a
    scan, and a broken one is one line in the audit, not four."""
    from tui.core.scanner import scan

    m = _home(machine_factory, "linux")
    proj = m.h("src/web")
    m.write_json(f"{m.ud}/Code/User/workspaceStorage/9f8e/workspace.json", {"folder": f"file://{proj}"})
    broken = m.write(proj + "/.vscode/settings.json", '{"terminal.integrated.env.linux": ')
    report = scan(m.machine(), pack)
    assert [s.path for s in report.audit.skipped].count(m.machine().display(broken)) == 1


def test_an_editor_settings_file_that_cannot_be_read_cannot_confirm_it(tmp_path, machine_factory, monkeypatch, capsys):
    m = _home(machine_factory, "linux")
    bad = m.write(f"{m.ud}/Code/User/settings.json", '{"claudeCode.environmentVariables": [')
    code, states, _text = _check(tmp_path, monkeypatch, capsys, m, "linux")
    assert code == 1
    for cid in ("gateway", "no-direct-bedrock"):
        assert states[cid]["state"] == "unmet" and bad in states[cid]["detail"], states[cid]


def test_a_list_that_is_no_list_or_entries_without_a_name_set_nothing(tmp_path, machine_factory, monkeypatch, capsys):
    m = _home(machine_factory, "linux")
    m.write_json(
        f"{m.ud}/Code/User/settings.json",
        {KEY: [None, "ANTHROPIC_BASE_URL=x", {"value": DIRECT}, {"name": 3}], "other": {KEY: "x"}},
    )
    _code, states, _text = _check(tmp_path, monkeypatch, capsys, m, "linux")
    assert states["gateway"]["state"] == "met"
    assert states["no-direct-bedrock"]["state"] != "unmet"


@pytest.mark.parametrize(
    "body, message",
    [
        (
            'files = ["{home}/.o.json"]\nkey = "a"\nabsent = true\nenv_lists = { key = "k", files = ["{home}/x.json"] }',
            "env_lists goes with env",
        ),
        ('env = "O"\nabsent = true\nenv_lists = { key = "k", files = [] }', "env_lists needs files"),
        ('env = "O"\nabsent = true\nenv_lists = { files = ["{home}/x.json"] }', "key"),
        ('env = "O"\nabsent = true\nenv_lists = { key = "k", files = ["{nope}/x.json"] }', "nope"),
        ('env = "O"\nabsent = true\nenv_lists = { key = "k", files = ["{home}/x.json"], extra = 1 }', "extra"),
        ('env = "O"\nabsent = true\nenv_lists = ["{home}/x.json"]', "env_lists"),
        ('env = "O"\nabsent = true\nenv_lists = { key = "k", keys = ["j"], files = ["{home}/x.json"] }', "not both"),
        ('env = "O"\nabsent = true\nenv_lists = { keys = [""], files = ["{home}/x.json"] }', "must not be empty"),
        ('env = "O"\nabsent = true\nenv_lists = { keys = "k", files = ["{home}/x.json"] }', "keys"),
    ],
)
def test_env_lists_is_checked_with_file_and_line(tmp_path, body, message):
    text = condition_refusal(tmp_path, body)
    assert message in text and "policy.toml:" in text, text


TERMINAL = {"linux": "terminal.integrated.env.linux", "macos": "terminal.integrated.env.osx"}


@pytest.mark.parametrize("platform, variable, condition", [
    ("linux", "CLAUDE_CODE_USE_BEDROCK", "no-direct-bedrock"),
    ("macos", "CLAUDE_CODE_USE_VERTEX", "no-direct-vertex"),
])  # fmt: skip
def test_the_editors_terminal_environment_turns_on_a_cloud_provider(
    tmp_path, machine_factory, monkeypatch, capsys, platform, variable, condition
):
    """VS Code's terminal.integrated.env.* gives every shell its terminal starts the variable (a table of NAME
    = value): Claude Code run there went to Bedrock or Vertex unseen. The fix names that key."""
    m = _home(machine_factory, platform)
    body = json.dumps({"editor.fontSize": 13, TERMINAL[platform]: {"PATH": "/x", variable: "1"}}, indent=2)
    settings = m.write(f"{m.ud}/Code/User/settings.json", "// user settings\n" + body[:-2] + ",\n}\n")
    code, states, text = _check(tmp_path, monkeypatch, capsys, m, platform)
    assert code == 1
    shown = m.machine().display(settings)
    assert states[condition]["state"] == "unmet"
    assert states[condition]["detail"].endswith(f"by {TERMINAL[platform]} in {shown}")
    assert f"In {shown}: take the {variable} entry out of {TERMINAL[platform]}." in text
    assert states["gateway"]["state"] == "met"  # the gateway's sessions: the shell's own export decides


def test_both_keys_in_one_file_each_get_their_fix(machine_factory, pack):
    from tui.core.remediation import fix_plan
    from tui.core.scanner import scan

    m = _home(machine_factory, "linux")
    settings = m.write_json(
        f"{m.ud}/Code/User/settings.json",
        {KEY: [{"name": "CLAUDE_CODE_USE_BEDROCK", "value": "1"}], TERMINAL["linux"]: {"CLAUDE_CODE_USE_BEDROCK": "1"}},
    )
    machine = m.machine()
    finding = scan(machine, pack).finding("claude-code")
    steps = [s.text for r in fix_plan(finding, machine) for s in r.steps]
    for key in (KEY, TERMINAL["linux"]):
        assert f"In {settings}: take the CLAUDE_CODE_USE_BEDROCK entry out of {key}." in steps, steps


@pytest.mark.parametrize(
    "rel, text, line",
    [
        # what `set -Ux CLAUDE_CODE_USE_BEDROCK 1` writes once: every fish session after has it
        (
            ".config/fish/fish_variables",
            "# This file contains fish universal variable definitions.\n# VERSION: 3.0\nSETUVAR --export CLAUDE_CODE_USE_BEDROCK:1\nSETUVAR fish_greeting:\n",
            3,
        ),
        (".config/mise/config.toml", '[tools]\nnode = "22"\n\n[env]\nCLAUDE_CODE_USE_BEDROCK = "1"\n', 5),
        (".config/mise/conf.d/ai.toml", '[env]\nCLAUDE_CODE_USE_BEDROCK = "1"\n', 2),  # mise's conf.d
        (".tmux.conf", "set -g mouse on\nset-environment -g CLAUDE_CODE_USE_BEDROCK 1\n", 2),
        (".tmux.conf", "set-environment -t main CLAUDE_CODE_USE_BEDROCK 1\n", 1),  # -t takes a word
    ],
)
def test_a_variable_set_outside_the_shells_own_files_breaks_the_condition(machine_factory, pack, rel, text, line):
    """Fish's universal variables, mise's [env] and tmux's set-environment give shell sessions a variable
    without a line of a startup file: Claude Code run there went to Bedrock unseen (a red-team pass)."""
    from tui.core.scanner import scan

    m = _home(machine_factory, "linux")
    clean = scan(m.machine(), pack).finding("claude-code")
    assert next(c for c in clean.conditions if c.condition.id == "no-direct-bedrock").state != "unmet"
    m.write(m.h(rel), text)
    f = scan(m.machine(), pack).finding("claude-code")
    state = next(c for c in f.conditions if c.condition.id == "no-direct-bedrock")
    assert state.state == "unmet" and f"{m.h(rel)} line {line}" in state.detail, state.detail
    if rel.endswith("fish_variables"):  # fish rewrites that file itself: the fix is fish's own command
        from tui.core.remediation import fix_plan

        commands = [s.command for r in fix_plan(f, m.machine()) for s in r.steps if s.command]
        assert "set -Ue CLAUDE_CODE_USE_BEDROCK" in commands, commands


@pytest.mark.parametrize(
    "rel, text",
    [
        (".tmux.conf", "set-environment -gh CLAUDE_CODE_USE_BEDROCK 1\n"),  # hidden: programs do not get it
        (".config/mise/config.toml", "# CLAUDE_CODE_USE_BEDROCK = 1 was tried once\n[env\n"),  # only a comment names it
    ],
)
def test_what_gives_no_session_the_variable_breaks_nothing(machine_factory, pack, rel, text):
    from tui.core.scanner import scan

    m = _home(machine_factory, "linux")
    m.write(m.h(rel), text)
    state = next(
        c for c in scan(m.machine(), pack).finding("claude-code").conditions if c.condition.id == "no-direct-bedrock"
    )
    assert state.state != "unmet", state.detail
