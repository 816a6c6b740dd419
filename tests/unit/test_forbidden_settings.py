"""Conditions that say what must NOT be set (autonomy and data settings): not_equals, one_of, none_of,
absent, on env vars and keys in JSON/TOML files. Values read are compared, never shown or stored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support.agents import every_output
from support.packs import condition_refusal
from tui.core.conditions import MET, UNKNOWN, UNMET
from tui.core.content import ContentError, load_pack
from tui.core.remediation import fix_plan
from tui.core.scanner import scan
from tui.paths import bundled_content_dir

MARKER = "sk-ant-SECRET-MARKER-91be4"


def _pack_with(tmp_path: Path, policy_extra: str):
    root = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), root)
    with open(root / "policy.toml", "a", encoding="utf-8") as fh:
        fh.write(policy_extra)
    return root


# Ollama is approved in the example pack; these conditions exercise every operator on it
OPERATORS = """
[[tools.ollama.conditions]]
id = "no-remote-host"
text = "Ollama is not exposed to the network"
env = "OLLAMA_HOST"
files = ["{home}/.ollama/settings.json"]
key = "server.host"
none_of = ["0.0.0.0", "::"]

[[tools.ollama.conditions]]
id = "no-token"
text = "No shared token is configured"
files = ["{home}/.ollama/settings.json", "{home}/.ollama/settings.toml"]
key = "auth.token"
absent = true

[[tools.ollama.conditions]]
id = "channel"
text = "Ollama uses a supported update channel"
files = ["{home}/.ollama/settings.toml"]
key = "update.channel"
one_of = ["stable", "lts"]
"""


@pytest.fixture
def ollama_pack(tmp_path):
    return load_pack(_pack_with(tmp_path, OPERATORS))


def _states(report, tool_id: str) -> dict[str, tuple[str, str]]:
    f = next(f for f in report.findings if f.tool.id == tool_id)
    return {c.condition.id: (c.state, c.detail) for c in f.conditions}


def _ollama(m):
    m.brew_formula("ollama", "0.12.6")
    m.config(m.h(".ollama"))


def test_forbidding_conditions_are_met_when_nothing_sets_them(machine_factory, ollama_pack):
    m = machine_factory("linux")
    _ollama(m)
    m.write(m.h(".ollama/settings.toml"), '[update]\nchannel = "stable"\n')
    states = _states(scan(m.machine(), ollama_pack), "ollama")
    # no file; the variable cannot be seen on another machine's disk: not a clean bill
    assert states["no-remote-host"][0] == UNKNOWN
    assert states["no-token"][0] == MET
    assert states["channel"][0] == MET and "'stable', 'lts'" in states["channel"][1]


def test_each_operator_unmet_without_showing_the_value(machine_factory, ollama_pack, tmp_path):
    m = machine_factory("macos")
    _ollama(m)
    m.write_json(m.h(".ollama/settings.json"), {"server": {"host": "0.0.0.0"}, "auth": {"token": MARKER}})
    m.write(m.h(".ollama/settings.toml"), f'[update]\nchannel = "{MARKER}"\n')
    report = scan(m.machine(), ollama_pack)
    states = _states(report, "ollama")
    assert states["no-remote-host"] == (
        UNMET,
        f"server.host is set to '0.0.0.0' (forbidden by the policy) in {m.h('.ollama/settings.json')}",
    )
    assert states["no-token"][0] == UNMET and "is set (the policy forbids setting it)" in states["no-token"][1]
    assert states["channel"][0] == UNMET
    finding = next(f for f in report.findings if f.tool.id == "ollama")
    assert finding.action_required
    plan = " ".join(s.text for r in fix_plan(finding, m.machine()) for s in r.steps)
    assert "Remove the key auth.token from" in plan and "settings.toml" in plan
    assert "set server.host to a value other than '0.0.0.0', '::', or remove the key" in plan
    assert "update.channel to one of 'stable', 'lts'" in plan
    assert MARKER not in json.dumps([s for s in states.values()]) + plan


def test_env_variable_forbidden_value_and_another_machines_disk(machine_factory, ollama_pack):
    m = machine_factory("linux")
    _ollama(m)
    m.env["OLLAMA_HOST"] = "::"
    states = _states(scan(m.machine(), ollama_pack), "ollama")
    assert states["no-remote-host"] == (UNMET, "$OLLAMA_HOST is set to '::' (forbidden by the policy)")
    m2 = machine_factory("linux", name="other")
    _ollama(m2)
    m2.write_json(m2.h(".ollama/settings.json"), {"server": {"host": "127.0.0.1"}})
    states = _states(scan(m2.machine(), ollama_pack), "ollama")
    assert states["no-remote-host"][0] == UNKNOWN  # the file is fine, the variable cannot be seen


def test_an_unreadable_settings_file_is_never_a_clean_bill(machine_factory, ollama_pack):
    m = machine_factory("linux")
    _ollama(m)
    m.write(m.h(".ollama/settings.json"), '{"auth": {"token": "' + MARKER + '"')  # cut short
    report = scan(m.machine(), ollama_pack)
    state, detail = _states(report, "ollama")["no-token"]
    assert state == UNMET and "cannot be read" in detail and MARKER not in detail
    assert MARKER not in " ".join(s.reason for s in report.audit.skipped)


@pytest.mark.parametrize(
    "body, message",
    [
        ('not_equals = "a"\nabsent = true', "exactly one of"),
        ("none_of = []", "at least one value"),
        ('one_of = ["a", 1]', "must be a string"),
        ("none_matching = ['Bash(']", "is not a regular expression"),
        ("none_matching = ['a']\nnone_of = ['b']", "exactly one of"),
        ("none_matching = [{}]", "not an empty table"),
        ("none_matching = [{ decision = 1 }]", "a table with a value that is not a string"),
        ("none_matching = [{ decision = '(' }]", "is not a regular expression"),
        ("none_matching = [1]", "must be a regular expression, or a table of field names"),
        ("none_matching = []", "at least one value"),
    ],
)
def test_exactly_one_operator_and_well_formed_lists(tmp_path, body, message):
    root = _pack_with(
        tmp_path,
        f"""
[[tools.ollama.conditions]]
id = "x"
text = "x"
files = ["{{home}}/.ollama/x.json"]
key = "a.b"
{body}
""",
    )
    with pytest.raises(ContentError) as exc:
        load_pack(root)
    assert message in str(exc.value)


# -- the example pack's autonomy conditions -------------------------------------------------------
def test_example_pack_forbids_bypassed_permissions_full_access_and_auto_accept(machine_factory, pack):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(
        m.h(".claude/settings.json"),
        {
            "permissions": {"defaultMode": "bypassPermissions"},
            "env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com", "ANTHROPIC_AUTH_TOKEN": MARKER},
        },
    )
    m.npm("@openai/codex", "0.50.0", bin_name="codex")
    m.write(
        m.h(".codex/config.toml"),
        'sandbox_mode = "danger-full-access"\napproval_policy = "on-request"\n'
        f'[model_providers.example-gateway]\nbase_url = "{MARKER}"\n',
    )
    m.vscode_extension("google.geminicodeassist", "2.50.0")
    m.write_json(m.h(".gemini/settings.json"), {"tools": {"autoAccept": True}, "apiKey": MARKER})
    report = scan(m.machine(), pack)
    cc, cx, gm = (_states(report, t) for t in ("claude-code", "openai-codex", "gemini-code-assist"))
    assert cc["asks-before-acting"][0] == UNMET and "'bypassPermissions'" in cc["asks-before-acting"][1]
    assert cx["sandboxed"][0] == UNMET and cx["asks-for-approval"][0] == MET
    assert gm["no-auto-accept"][0] == UNMET and gm["no-auto-accept-legacy"][0] == MET
    finding = next(f for f in report.findings if f.tool.id == "openai-codex")
    plan = " ".join(s.text for r in fix_plan(finding, m.machine()) for s in r.steps)
    assert f"In {m.h('.codex/config.toml')}: set sandbox_mode to a value other than 'danger-full-access'" in plan


GEMINI_SYSTEM = {
    "linux": "/etc/gemini-cli",
    "macos": "/Library/Application Support/GeminiCli",
    "windows": "/ProgramData/gemini-cli",
}


def test_geminis_system_settings_decide_auto_accept_and_its_defaults_can_break_it(machine_factory, pack, platform_name):
    """Gemini CLI (and Code Assist's agent mode) reads an administrator's system-defaults.json under the user's
    settings and settings.json over everything: auto-accept turned on in the defaults, with nothing else
    setting it, breaks the condition; turned off in the system settings, it settles it whatever the user set."""
    m = machine_factory(platform_name)
    m.vscode_extension("google.geminicodeassist", "2.50.0")
    folder = GEMINI_SYSTEM[platform_name]
    m.write_json(f"{folder}/system-defaults.json", {"tools": {"autoAccept": True}})
    gm = _states(scan(m.machine(), pack), "gemini-code-assist")
    assert gm["no-auto-accept"][0] == UNMET and "system-defaults.json" in gm["no-auto-accept"][1]
    m.write_json(m.h(".gemini/settings.json"), {"tools": {"autoAccept": True}})
    m.write_json(f"{folder}/settings.json", {"tools": {"autoAccept": False}})
    gm = _states(scan(m.machine(), pack), "gemini-code-assist")
    assert gm["no-auto-accept"][0] == MET and "outranks" in gm["no-auto-accept"][1]


@pytest.mark.parametrize("how", ["export", "alias", "environment"])
def test_a_variable_that_names_another_system_file_keeps_the_administrators_from_settling_it(
    machine_factory, pack, platform_name, how
):
    """GEMINI_CLI_SYSTEM_SETTINGS_PATH makes Gemini CLI read the file it names in place of the administrator's
    system settings: where a session may have it (a startup file exports it, an alias sets it for the command,
    aicheck's own environment has it), the administrator's file settles nothing. The user's own settings then
    decide, and so does the file the variable names (the user's to write); the audit says why."""
    m = machine_factory(platform_name)
    m.vscode_extension("google.geminicodeassist", "2.50.0")
    folder = GEMINI_SYSTEM[platform_name]
    m.write_json(f"{folder}/settings.json", {"tools": {"autoAccept": False}})
    m.write_json(m.h(".gemini/settings.json"), {"tools": {"autoAccept": True}})
    assert _states(scan(m.machine(), pack), "gemini-code-assist")["no-auto-accept"][0] == MET
    mine = m.write_json(m.h("my-system.json"), {"ui": {"theme": "dark"}})
    if how == "environment" or platform_name != "linux":
        m.env = {"GEMINI_CLI_SYSTEM_SETTINGS_PATH": mine}
    elif how == "export":
        m.write(m.h(".bashrc"), "export GEMINI_CLI_SYSTEM_SETTINGS_PATH=$HOME/my-system.json\n")
    else:
        m.write(m.h(".bashrc"), "alias gemini='GEMINI_CLI_SYSTEM_SETTINGS_PATH=~/my-system.json gemini'\n")
    report = scan(m.machine(), pack)
    state, detail = _states(report, "gemini-code-assist")["no-auto-accept"]
    assert state == UNMET and m.machine().display(m.h(".gemini/settings.json")) in detail
    shown = m.machine().display(f"{folder}/settings.json")
    [why] = [s.reason for s in report.audit.skipped if s.path == shown]
    assert "GEMINI_CLI_SYSTEM_SETTINGS_PATH is set in" in why and "not counted" in why
    # the user's settings fixed, the file the variable names breaks it as well
    m.write_json(m.h(".gemini/settings.json"), {"tools": {"autoAccept": False}})
    assert _states(scan(m.machine(), pack), "gemini-code-assist")["no-auto-accept"][0] == MET
    m.write_json(m.h("my-system.json"), {"tools": {"autoAccept": True}})
    state, detail = _states(scan(m.machine(), pack), "gemini-code-assist")["no-auto-accept"]
    assert state == UNMET and "my-system.json" in detail


def test_gemini_projects_the_user_trusted_can_break_the_auto_accept_condition(machine_factory, pack):
    """Gemini CLI reads a project's .gemini/settings.json in the folders ~/.gemini/trustedFolders.json trusts
    (a file with comments; TRUST_PARENT trusts the folder's parent too): a project there that turns auto-accept
    on breaks the condition, named in the detail. A folder marked DO_NOT_TRUST is not read."""
    m = machine_factory("linux")
    m.vscode_extension("google.geminicodeassist", "2.50.0")
    app, kid, untrusted = m.h("src/app"), m.h("work/kids/one"), m.h("src/cloned")
    m.write(
        m.h(".gemini/trustedFolders.json"),
        "{\n  // written by the trust dialog\n"
        f'  "{app}": "TRUST_FOLDER",\n  "{kid}": "TRUST_PARENT",\n  "{untrusted}": "DO_NOT_TRUST"\n}}\n',
    )
    m.write_json(f"{untrusted}/.gemini/settings.json", {"tools": {"autoAccept": True}})
    report = scan(m.machine(), pack)
    assert _states(report, "gemini-code-assist")["no-auto-accept"][0] == MET
    assert not any("src/cloned" in p for p in report.audit.paths_read)
    for folder in (app, m.h("work/kids")):  # the trusted folder, and the parent TRUST_PARENT trusts
        project = m.write_json(f"{folder}/.gemini/settings.json", {"tools": {"autoAccept": True}})
        state, detail = _states(scan(m.machine(), pack), "gemini-code-assist")["no-auto-accept"]
        assert state == UNMET and m.machine().display(project) in detail
        m.write_json(f"{folder}/.gemini/settings.json", {"tools": {"autoAccept": False}})
    m.write(m.h(".gemini/trustedFolders.json"), "{ not json")
    state, detail = _states(scan(m.machine(), pack), "gemini-code-assist")["no-auto-accept"]
    assert state == UNMET and "trustedFolders.json" in detail  # no project can be confirmed


@pytest.mark.parametrize(
    "body, message",
    [
        (
            'files = ["{home}/x.json"]\nkey = "a"\nabsent = true\n'
            'enforced_by = [{ path = "/etc/x.json", moved_by = "not a name" }]',
            "moved_by must name an environment variable",
        ),
        ('files = [{ path = "{home}/x.json", moved_by = "X_PATH" }]\nkey = "a"\nabsent = true', "moved_by"),
    ],
)
def test_moved_by_names_a_variable_and_goes_with_enforced_by_alone(tmp_path, body, message):
    text = condition_refusal(tmp_path, body)
    assert message in text and "policy.toml:" in text


def test_no_codex_profile_may_turn_the_sandbox_or_the_approvals_off(machine_factory, pack):
    """A Codex profile (``[profiles.NAME]``, chosen with ``profile = "NAME"`` or ``codex --profile NAME``)
    outranks the top-level settings: one that sets danger-full-access or never breaks the condition, named
    by its key in the file (cleaned: a profile's name is the user's text), whichever profile is selected."""
    m = machine_factory("linux")
    m.npm("@openai/codex", "0.50.0", bin_name="codex")
    m.write(
        m.h(".codex/config.toml"),
        'sandbox_mode = "workspace-write"\napproval_policy = "on-request"\n'
        '[profiles.work]\nsandbox_mode = "read-only"\n'
        '[profiles.yolo]\nsandbox_mode = "danger-full-access"\napproval_policy = "never"\n'
        '[profiles."\\u001b[31mred"]\napproval_policy = "never"\n',
    )
    report = scan(m.machine(), pack)
    cx = _states(report, "openai-codex")
    assert cx["sandboxed"][0] == MET and cx["asks-for-approval"][0] == MET
    assert cx["sandboxed-profiles"][0] == UNMET
    assert cx["sandboxed-profiles"][1].startswith("profiles.yolo.sandbox_mode is set to 'danger-full-access'")
    assert cx["asks-for-approval-profiles"][0] == UNMET
    assert "profiles.yolo.approval_policy" in cx["asks-for-approval-profiles"][1]
    assert (
        "\x1b" not in cx["asks-for-approval-profiles"][1]
        and "red.approval_policy" in cx["asks-for-approval-profiles"][1]
    )
    assert next(f for f in report.findings if f.tool.id == "openai-codex").action_required

    m.write(m.h(".codex/config.toml"), '[profiles.work]\nsandbox_mode = "read-only"\n')
    cx = _states(scan(m.machine(), pack), "openai-codex")
    assert cx["sandboxed-profiles"][0] == cx["asks-for-approval-profiles"][0] == MET


def test_a_wildcard_key_only_says_what_no_place_may_set(tmp_path):
    root = _pack_with(
        tmp_path,
        """
[[tools.ollama.conditions]]
id = "x"
text = "x"
files = ["{home}/.ollama/x.toml"]
key = "profiles.*.mode"
equals = "safe"
""",
    )
    with pytest.raises(ContentError) as exc:
        load_pack(root)
    assert "a '*' in key works only with not_equals, none_of, none_matching or absent" in str(exc.value)


def test_no_setting_value_in_any_output(machine_factory, capsys):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(
        m.h(".claude/settings.json"), {"permissions": {"defaultMode": MARKER}, "env": {"ANTHROPIC_BASE_URL": MARKER}}
    )
    m.npm("@openai/codex", "0.50.0", bin_name="codex")
    m.write(m.h(".codex/config.toml"), f'sandbox_mode = "{MARKER}"\napproval_policy = "{MARKER}"\n')
    m.vscode_extension("google.geminicodeassist", "2.50.0")
    m.write_json(m.h(".gemini/settings.json"), {"tools": {"autoAccept": MARKER}, "autoAccept": MARKER})
    outputs = every_output(m, capsys)
    assert all(MARKER not in o for o in outputs.values())
    assert "asks-before-acting" in outputs["scan --json"]


# -- flags a shell startup file adds ---------------------------------------------------------------
STARTUP = """
[[tools.claude-code.conditions]]
id = "never-unattended"
text = "Claude Code is never started with its permission checks skipped"
startup_flags = ["--dangerously-skip-permissions"]
"""


@pytest.mark.parametrize(
    "platform, rel, text",
    [
        (
            "linux",
            ".zshrc",
            f"export ANTHROPIC_AUTH_TOKEN={MARKER}\nalias cc='claude --dangerously-skip-permissions'\n",
        ),
        (
            "macos",
            ".bashrc",
            'claude() {\n  command ~/.local/bin/claude \\\n    --dangerously-skip-permissions "$@"\n}\n',
        ),
        (
            "linux",
            ".config/fish/functions/claude.fish",
            "function claude\n  command claude --dangerously-skip-permissions $argv\nend\n",
        ),
        (
            "windows",
            "Documents/PowerShell/Microsoft.PowerShell_profile.ps1",
            "function cc { claude.exe --dangerously-skip-permissions @args }\n",
        ),
    ],
)
def test_a_flag_a_shell_startup_file_adds_breaks_the_condition(machine_factory, tmp_path, capsys, platform, rel, text):
    """`alias cc='claude --dangerously-skip-permissions'` is how an agent is most often made to run unattended:
    no settings file says so. A startup_flags condition finds the line (a function, a continued line, fish's
    autoloaded function, PowerShell's profile) and names the file and line, never the line's text."""
    pack = load_pack(_pack_with(tmp_path, STARTUP))
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(m.h(rel), text)
    report = scan(m.machine(), pack)
    state, detail = _states(report, "claude-code")["never-unattended"]
    assert state == UNMET, detail
    assert detail.startswith(m.machine().display(m.h(rel)) + " line ")
    assert "starts claude with '--dangerously-skip-permissions' (forbidden by the policy)" in detail
    finding = next(f for f in report.findings if f.tool.id == "claude-code")
    assert finding.action_required
    plan = " ".join(s.text for r in fix_plan(finding, m.machine()) for s in r.steps)
    assert f"In {m.machine().display(m.h(rel))} line " in plan
    assert (
        "take '--dangerously-skip-permissions' out of the alias, function, script or launcher that starts Claude Code."
        in plan
    )
    assert MARKER not in detail + plan


@pytest.mark.parametrize(
    "rel, text",
    [
        (".bashrc", "alias cc='claude --dangerously-skip-per\"\"missions'\n"),  # the shell drops the quotes
        (".bashrc", "alias cc='claude --dangerously-skip-\"permissions\"'\n"),
        (".zshrc", 'alias cc="claude --dangerously-skip-permission\\s"\n'),  # and the backslash
        (".config/fish/functions/cc.fish", "function cc\n  claude --dangerously-skip-permissions $argv\nend\n"),
        (
            ".config/powershell/Microsoft.PowerShell_profile.ps1",
            "function cc { claude --dangerously-skip-permissions @args }\n",
        ),
        (
            ".bashrc",
            "alias cc='npx -y @anthropic-ai/claude-code@latest --dangerously-skip-permissions'\n",
        ),  # by its package
    ],
)
def test_a_flag_spelled_as_the_shell_unquotes_it_or_in_a_function_file_is_found(machine_factory, tmp_path, rel, text):
    """The shell removes quotes and backslashes from a word, so `--dangerously-skip-per""missions` is the flag;
    fish loads ~/.config/fish/functions/cc.fish (what `funcsave cc` writes) when `cc` is typed; PowerShell on
    Linux keeps its profile under ~/.config/powershell. Each starts the tool unattended, and each was missed."""
    pack = load_pack(_pack_with(tmp_path, STARTUP))
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(m.h(rel), text)
    state, detail = _states(scan(m.machine(), pack), "claude-code")["never-unattended"]
    assert state == UNMET and detail.startswith(m.machine().display(m.h(rel)) + " line "), detail


@pytest.mark.parametrize(
    "line, unmet",
    [
        ("alias cc='claude --allowedTools \"Read,Bash\"'", True),
        ("alias cc='claude --allowedTools Read Bash'", True),
        ("alias cc='claude --allowed-tools=Edit,Bash'", True),
        ("alias cc='claude --allowedTools \"Read,Edit\"'", False),
        ("alias cc='claude --allowedTools Read --model opus'", False),
    ],
)
def test_a_flag_that_takes_a_list_is_found_by_any_item_of_it(machine_factory, pack, line, unmet):
    """Claude Code's --allowedTools takes a list (comma- or space-separated): Bash anywhere in it allows
    every shell command, as the bundled pack's condition forbids; a list without it breaks nothing."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(m.h(".bashrc"), line + "\n")
    state, detail = _states(scan(m.machine(), pack), "claude-code")["asks-before-shell-commands-at-start"]
    assert (state == UNMET) is unmet, detail


def test_startup_flags_met_unless_a_line_starts_the_tool_with_them(machine_factory, tmp_path):
    """A comment, another command with the same flag, and the tool without the flag break nothing; a
    startup file that cannot be read cannot confirm the condition."""
    pack = load_pack(_pack_with(tmp_path, STARTUP))
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(
        m.h(".bashrc"),
        "# alias cc='claude --dangerously-skip-permissions'\n"
        "alias other='othertool --dangerously-skip-permissions'\n"
        "alias cc='claude --model opus'\n"
        "alias claudette='claudette-cli --dangerously-skip-permissions'\n",
    )
    state, detail = _states(scan(m.machine(), pack), "claude-code")["never-unattended"]
    assert state == MET and "no shell startup file starts it with '--dangerously-skip-permissions'" in detail
    m.write(m.h(".zshrc"), b"\x00" * 10 + b"alias cc='claude --dangerously-skip-permissions'")
    state, detail = _states(scan(m.machine(), pack), "claude-code")["never-unattended"]
    assert state == UNMET and ".zshrc line 1 starts claude" in detail  # NUL bytes dropped, as bash drops them
    m.write(m.h(".zshrc"), "# " + "x" * (1024 * 1024) + "\nalias cc='claude --dangerously-skip-permissions'\n")
    state, detail = _states(scan(m.machine(), pack), "claude-code")["never-unattended"]
    assert state == UNMET and "cannot be read" in detail  # too big to read: it cannot confirm


@pytest.mark.parametrize(
    "body, message",
    [
        ('startup_flags = ["--yolo"]\nenv = "X"\nabsent = true', "startup_flags is a condition of its own"),
        ("startup_flags = []", "at least one flag"),
        ('startup_flags = ["yolo"]', "'yolo' is not a command-line flag"),
        ('startup_flags = ["--a b"]', "is not a command-line flag"),
    ],
)
def test_startup_flags_are_checked_with_file_and_line(tmp_path, body, message):
    text = condition_refusal(tmp_path, body)
    assert message in text and "policy.toml:" in text


# -- the editors' own settings, and flags given with their values ---------------------------------------
def test_the_claude_code_extension_in_an_editor_may_not_skip_the_checks(machine_factory, pack, platform_name):
    """VS Code's settings.json (JSON with comments and trailing commas, keys written with dots) can start
    every session of the Claude Code extension with the checks skipped. Before, no condition looked there;
    a strict JSON reading would also have called every commented settings file unreadable."""
    m = machine_factory(platform_name)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com"}})
    ud = {"linux": ".config", "macos": "Library/Application Support", "windows": "AppData/Roaming"}[platform_name]
    settings = m.h(f"{ud}/Code/User/settings.json")
    m.write(settings, '{\n  // mine\n  "editor.fontSize": 13,\n  "claudeCode.initialPermissionMode": "plan",\n}\n')
    states = _states(scan(m.machine(), pack), "claude-code")
    assert states["asks-before-acting-in-editors"][0] == MET, states["asks-before-acting-in-editors"]
    assert states["no-skipping-in-editors"][0] == MET
    m.write(
        settings,
        '{\n  /* team */ "claudeCode.initialPermissionMode": "bypassPermissions",\n'
        '  "claudeCode.allowDangerouslySkipPermissions": true, // yes\n}\n',
    )
    report = scan(m.machine(), pack)
    states = _states(report, "claude-code")
    shown = m.machine().display(settings)
    state, detail = states["asks-before-acting-in-editors"]
    assert state == UNMET and detail.startswith("claudeCode.initialPermissionMode ") and detail.endswith(shown)
    state, detail = states["no-skipping-in-editors"]
    assert state == UNMET and detail.startswith("claudeCode.allowDangerouslySkipPermissions ")
    assert next(f for f in report.findings if f.tool.id == "claude-code").action_required


def test_a_key_written_with_dots_cannot_meet_what_the_tool_reads_nested(machine_factory, pack):
    """What a condition forbids is looked for nested and as a key holding dots; what it asks to be set
    must be where the tool reads it: a literal "env.ANTHROPIC_BASE_URL" beside nothing is ignored by Claude
    Code, so it does not meet the gateway condition."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(
        m.h(".claude/settings.json"),
        {"env.ANTHROPIC_BASE_URL": "https://ai-gateway.example.com", "permissions.defaultMode": "bypassPermissions"},
    )
    states = _states(scan(m.machine(), pack), "claude-code")
    assert states["gateway"][0] == UNMET
    assert states["asks-before-acting"][0] == UNMET


@pytest.mark.parametrize(
    "line, broken",
    [
        ("alias cc='claude --permission-mode bypassPermissions'", True),
        ("alias cc=\"claude --permission-mode='bypassPermissions'\"", True),
        ("alias cc='claude --permission-mode plan'", False),
        ("alias cx='codex -s danger-full-access'", True),
        ("alias cx='codex --sandbox=danger-full-access'", True),
        ("alias cx='codex -a never'", True),
        ("alias cx='codex --ask-for-approval on-request'", False),
    ],
)
def test_a_flag_given_with_its_value_is_found_written_either_way(machine_factory, pack, line, broken):
    """`--permission-mode bypassPermissions` is `--dangerously-skip-permissions` by another name, and Codex's
    `-s danger-full-access` and `-a never` turn off its sandbox and its approvals: the example pack names
    each as --flag=value, which a startup file's line matches with '=' or a space, the value quoted or not."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.npm("@openai/codex", "0.50.0", bin_name="codex")
    m.write(m.h(".bashrc"), f"export X=1\n{line}\n")
    report = scan(m.machine(), pack)
    tool = "claude-code" if "claude" in line else "openai-codex"
    state, detail = _states(report, tool)["not-started-unattended"]
    assert (state == UNMET) is broken, detail
    if broken:
        assert detail.startswith(f"{m.h('.bashrc')} line 2 starts ")
        finding = next(f for f in report.findings if f.tool.id == tool)
        plan = " ".join(s.text for r in fix_plan(finding, m.machine()) for s in r.steps)
        [flag] = [
            f
            for f in (
                "--permission-mode=bypassPermissions",
                "-s danger-full-access",  # the policy's -s=…, shown as typed
                "--sandbox=danger-full-access",
                "-a never",
            )
            if f"with {f!r}" in detail
        ]
        assert (
            f"In {m.h('.bashrc')} line 2: take {flag!r} out of the alias, function, script or launcher" in plan
        )  # that flag only


@pytest.mark.parametrize(
    "line, broken",
    [
        ("alias cx='codex -sdanger-full-access'", True),
        ("alias cx='codex -s=danger-full-access'", True),
        ("alias cx='codex -anever'", True),
        ("alias cx='codex -csandbox_mode=danger-full-access'", True),
        ("alias cx='codex -capproval_policy=never --search'", True),
        ("alias cx='codex -sworkspace-write'", False),
        ("alias cx='codex -anever-ask'", False),
        ("alias cx='codex --search-danger-full-access'", False),
    ],
)
def test_a_short_flag_with_its_value_attached_is_found(machine_factory, pack, line, broken):
    """Codex parses its command line with clap, which reads the rest of a one-letter flag's word as its value:
    `-sdanger-full-access` is `-s danger-full-access` (a red team's alias went unseen: exit 0). A long flag
    takes no value attached, and a value that only begins the same way is another value."""
    m = machine_factory("linux")
    m.npm("@openai/codex", "0.50.0", bin_name="codex")
    m.write(m.h(".bashrc"), f"export X=1\n{line}\n")
    state, detail = _states(scan(m.machine(), pack), "openai-codex")["not-started-unattended"]
    assert (state == UNMET) is broken, detail
    if broken:
        assert detail.startswith(f"{m.h('.bashrc')} line 2 starts ")


EVERY_COMMAND = "/Bash\\([*:\\s]*\\)/"  # the example pack's pattern for a run of wildcards, as a detail names it


@pytest.mark.parametrize(
    "allow, met",
    [
        (["Bash(npm test:*)", "Read", "Bash(bash scripts/build.sh)", "Bash(shellcheck:*)"], True),
        (["Read", "Bash"], False),
        (["Bash(*)"], False),
        ("Bash", False),  # a single value where a list belongs is read as what it says
        ([{"Bash": 1}, 3], True),
        # red team: each allows every command as surely as Bash(*), and passed a list of four spellings
        (["Bash(***)"], False),
        (["Bash( * )"], False),
        (["Bash(*:*)"], False),
        (["Bash()"], False),
        (["Bash(bash:*)"], False),
        (["Bash(sh -c *)"], False),
        (["Bash(sudo:*)"], False),
        (["Bash(python3 -c *)"], False),
    ],
)
def test_an_allow_rule_for_every_shell_command_is_bypassed_permissions(machine_factory, pack, allow, met):
    """`permissions.allow: ["Bash"]` runs every shell command without asking, and so does any rule the
    example pack's patterns match (none_matching). A list breaks a forbidding condition by holding an entry
    a pattern matches; the detail and the fix name the policy's pattern, never the list's entry."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.local.json"), {"permissions": {"allow": allow, "deny": [MARKER]}})
    report = scan(m.machine(), pack)
    state, detail = _states(report, "claude-code")["asks-before-shell-commands"]
    assert (state == MET) is met, detail
    assert MARKER not in detail
    if not met:
        assert detail.startswith("permissions.allow ") and "(forbidden by the policy)" in detail
        finding = next(f for f in report.findings if f.tool.id == "claude-code")
        plan = " ".join(s.text for r in fix_plan(finding, m.machine()) for s in r.steps)
        held = "/Bash/" if "Bash" in allow else EVERY_COMMAND if allow in (["Bash(*)"], ["Bash(***)"]) else "/"
        assert f"holds an entry matching {held}" in detail or not isinstance(allow, list), detail
        # the fix takes out what the list holds, not the whole key and not the policy's other values
        took = f"In {m.h('.claude/settings.local.json')}: take every entry matching {held}"
        assert (took in plan) is isinstance(allow, list), plan
        if isinstance(allow, list):
            assert all(entry not in detail + plan for entry in allow if entry != "Bash")


@pytest.mark.parametrize(
    "line, condition",
    [
        ("alias cc='claude --allowedTools \"Bash(*)\"'", "asks-before-shell-commands-at-start"),
        ("alias cc='claude --mcp-config ~/.private/servers.json'", "settings-aicheck-can-see"),
        ("alias cc='claude --settings=/tmp/s.json'", "settings-aicheck-can-see"),
        # subagents defined on the command line: a permission mode, hooks and MCP servers no file holds
        (
            """alias cc='claude --agents '"'"'{"x": {"permissionMode": "bypassPermissions"}}'"'"''""",
            "settings-aicheck-can-see",
        ),
        ("""alias cc='claude --agents={"x":{}}'""", "settings-aicheck-can-see"),
    ],
)
def test_a_startup_line_that_allows_every_command_or_brings_its_own_settings(machine_factory, pack, line, condition):
    """Settings and MCP servers from a file named in an alias are out of every other check, and
    --allowedTools Bash allows every shell command: the example pack names these flags too."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(m.h(".zshrc"), line + "\n")
    states = _states(scan(m.machine(), pack), "claude-code")
    assert states[condition][0] == UNMET, states[condition]
    assert all(states[c][0] == MET for c in ("not-started-unattended", "settings-aicheck-can-see") if c != condition)


def test_naming_a_subagent_at_start_is_no_forbidden_flag(machine_factory, pack):
    """``--agent NAME`` picks one of the subagents aicheck reads (``--agents`` defines new ones)."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(m.h(".zshrc"), "alias cc='claude --agent reviewer'\n")
    assert _states(scan(m.machine(), pack), "claude-code")["settings-aicheck-can-see"][0] == MET


def test_settings_in_the_folders_claude_config_dir_and_codex_home_name_are_checked(machine_factory, pack):
    """CLAUDE_CONFIG_DIR and CODEX_HOME move the agents' settings: exported in the shell aicheck runs from,
    the moved folders are where the agents read their settings. Before, the example pack's conditions
    looked only in ~/.claude and ~/.codex, so a bypass written in the moved folder was never seen."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.npm("@openai/codex", "0.50.0", bin_name="codex")
    m.env = {"CLAUDE_CONFIG_DIR": m.h("work/claude"), "CODEX_HOME": m.h("work/codex")}
    m.write_json(m.h("work/claude/settings.json"), {"permissions": {"defaultMode": "bypassPermissions"}})
    m.write(m.h("work/codex/config.toml"), 'sandbox_mode = "danger-full-access"\n')
    report = scan(m.machine(), pack)
    state, detail = _states(report, "claude-code")["asks-before-acting"]
    assert state == UNMET and detail.endswith(m.h("work/claude/settings.json")), detail
    state, detail = _states(report, "openai-codex")["sandboxed"]
    assert state == UNMET and detail.endswith(m.h("work/codex/config.toml")), detail


@pytest.mark.parametrize(
    "settings, broken",
    [
        ({"chat.permissions.default": "default"}, ()),
        ({"chat.permissions.default": "autopilot"}, ("agent-asks-before-acting",)),
        ({"chat": {"permissions": {"default": "autoApprove"}}}, ("agent-asks-before-acting",)),
        ({"chat.tools.global.autoApprove": True}, ("agent-no-global-auto-approve",)),
        ({"chat.tools.autoApprove": True}, ("agent-no-auto-approve-legacy",)),
    ],
)
def test_copilot_agent_mode_may_not_approve_every_tool_call(machine_factory, pack, settings, broken):
    """Copilot is approved, and its agent mode in VS Code can run every tool call without asking (the
    permission level Allow all or Autopilot, or the global auto-approve switch): each breaks a condition."""
    m = machine_factory("macos")
    m.vscode_extension("github.copilot", "1.300.0")
    m.write_json(m.h("Library/Application Support/Code/User/settings.json"), settings)
    report = scan(m.machine(), pack)
    states = _states(report, "github-copilot")
    unmet = tuple(cid for cid, (state, _) in states.items() if state == UNMET)
    assert unmet == broken, states
    assert next(f for f in report.findings if f.tool.id == "github-copilot").action_required is bool(broken)


def test_each_vs_code_profile_has_settings_of_its_own(machine_factory, pack):
    """A VS Code profile keeps its own settings.json under User/profiles/<id>/: a bypass set in a profile
    other than the default one is found too (the one profiles folder is listed, nothing else is walked)."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.vscode_extension("github.copilot", "1.300.0")
    m.write(m.h(".config/Code/User/settings.json"), "{}\n")
    m.write(m.h(".config/Code/User/profiles/-5a3c/settings.json"), '{"editor.tabSize": 2}\n')
    profile = m.h(".config/Code/User/profiles/7f1e2d/settings.json")
    m.write(
        profile,
        '{\n  "claudeCode.initialPermissionMode": "bypassPermissions", // for the demo\n'
        '  "chat.permissions.default": "autopilot"\n}\n',
    )
    report = scan(m.machine(), pack)
    state, detail = _states(report, "claude-code")["asks-before-acting-in-editors"]
    assert state == UNMET and detail.endswith(f"in {profile}"), detail
    state, detail = _states(report, "github-copilot")["agent-asks-before-acting"]
    assert state == UNMET and detail.endswith(f"in {profile}"), detail
    assert m.host(m.h(".config/Code/User/profiles")).as_posix() in report.audit.dirs_listed


def test_amazon_q_started_with_every_tool_trusted(machine_factory, pack):
    """`q chat --trust-all-tools` runs shell commands, file writes and AWS calls without asking."""
    m = machine_factory("linux")
    m.vscode_extension("amazonwebservices.amazon-q-vscode", "1.80.0")
    m.write(m.h(".zshrc"), "alias qq='q chat --trust-all-tools'\nalias qc='q chat'\n")
    state, detail = _states(scan(m.machine(), pack), "amazon-q")["not-started-unattended"]
    assert (
        state == UNMET
        and detail == f"{m.h('.zshrc')} line 1 starts q with '--trust-all-tools' (forbidden by the policy)"
    )


# -- folders the shell startup files move ---------------------------------------------------------------
def test_a_folder_moved_in_a_startup_file_is_checked_without_the_variable(machine_factory, pack):
    """`export CLAUDE_CONFIG_DIR=...` in ~/.zshrc moves Claude Code's settings for every session, but a
    fleet's scan of the user's home, or a script with a clean environment, does not have the variable: the
    folder was never looked in, so a bypass written there escaped every check. The startup files' exports
    of folder variables are read (a disk image has no environment at all, as a fleet's scan)."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.npm("@openai/codex", "0.50.0", bin_name="codex")
    m.write(
        m.h(".zshrc"),
        f'export GITHUB_TOKEN={MARKER}\nexport CLAUDE_CONFIG_DIR="$HOME/.claude-work"\n'
        "export CODEX_HOME=$(mktemp -d)  # computed: cannot be known\n",
    )
    m.write(m.h(".config/fish/config.fish"), "set -gx CODEX_HOME ~/.codex-work\n")
    m.write_json(m.h(".claude-work/settings.json"), {"permissions": {"defaultMode": "bypassPermissions"}})
    m.write_json(m.h(".claude-work/.claude.json"), {"mcpServers": {"moved": {"command": "npx", "args": ["-y", "x"]}}})
    m.write(m.h(".codex-work/config.toml"), 'approval_policy = "never"\n')
    report = scan(m.machine(), pack)
    assert report.machine.startup_env == {
        "CLAUDE_CONFIG_DIR": (m.h(".claude-work"),),
        "CODEX_HOME": (m.h(".codex-work"),),
    }
    state, detail = _states(report, "claude-code")["asks-before-acting"]
    assert state == UNMET and detail.endswith(m.h(".claude-work/settings.json")), detail
    state, detail = _states(report, "openai-codex")["asks-for-approval"]
    assert state == UNMET and detail.endswith(m.h(".codex-work/config.toml")), detail
    assert [f.item.name for f in report.surface.servers] == ["moved"]
    assert MARKER not in repr(report.machine)


@pytest.mark.parametrize(
    "platform, rel, text",
    [
        ("linux", ".bashrc", "declare -x CLAUDE_CONFIG_DIR=/srv/claude/ada\n"),
        ("macos", ".zprofile", "export PATH=$PATH:~/bin CLAUDE_CONFIG_DIR=~/.cw\n"),
        (
            "windows",
            "Documents/PowerShell/Microsoft.PowerShell_profile.ps1",
            '$env:CLAUDE_CONFIG_DIR = "$env:USERPROFILE\\.cw"\n',
        ),
    ],
)
def test_startup_exports_each_shell_writes(machine_factory, pack, platform, rel, text):
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(m.h(rel), text)
    moved = "/srv/claude/ada" if "/srv" in text else m.h(".cw")
    m.write_json(moved + "/settings.json", {"permissions": {"defaultMode": "bypassPermissions"}})
    report = scan(m.machine(), pack)
    assert report.machine.startup_env == {"CLAUDE_CONFIG_DIR": (moved,)}
    assert _states(report, "claude-code")["asks-before-acting"][0] == UNMET


def test_an_install_folder_moved_in_a_startup_file_is_scanned(machine_factory, pack):
    """The channels' own variables too: `export NVM_DIR=...` (or npm's npm_config_prefix) in a startup file
    moves where Node's global packages live; a fleet's scan, without the user's environment, looked only in
    ~/.nvm and found nothing there."""
    m = machine_factory("linux")
    m.write_json(
        m.h("tools/nvm/versions/node/v22.11.0/lib/node_modules/@anthropic-ai/claude-code/package.json"),
        {"name": "@anthropic-ai/claude-code", "version": "2.1.150"},
    )
    m.write_json(
        m.h("tools/npm-global/lib/node_modules/@openai/codex/package.json"),
        {"name": "@openai/codex", "version": "0.50.0"},
    )
    m.write(m.h(".bashrc"), 'export NVM_DIR="$HOME/tools/nvm"\nexport npm_config_prefix=~/tools/npm-global\n')
    report = scan(m.machine(), pack)
    found = {f.tool.id: f for f in report.findings}
    assert "claude-code" in found and found["claude-code"].action_required  # 2.1.150: affected
    assert "openai-codex" in found


def test_a_forbidden_value_a_startup_file_exports_breaks_the_condition(machine_factory, ollama_pack, tmp_path):
    """`export OLLAMA_HOST=0.0.0.0` in ~/.zshrc exposes every Ollama started from zsh, whatever aicheck's own
    environment holds, and a fleet's scan (no environment: the variable was `unknown`) sees it too."""
    m = machine_factory("linux")
    _ollama(m)
    m.write(m.h(".zshrc"), f"export GITHUB_TOKEN={MARKER}\nexport OLLAMA_HOST=0.0.0.0\n")
    report = scan(m.machine(), ollama_pack)
    state, detail = _states(report, "ollama")["no-remote-host"]
    assert (state, detail) == (
        UNMET,
        f"$OLLAMA_HOST is set to '0.0.0.0' (forbidden by the policy) in {m.h('.zshrc')} line 2",
    )
    finding = next(f for f in report.findings if f.tool.id == "ollama")
    plan = " ".join(s.text for r in fix_plan(finding, m.machine()) for s in r.steps)
    assert (
        f"In {m.h('.zshrc')} line 2: export OLLAMA_HOST to a value other than '0.0.0.0', '::', or remove the line."
        in plan
    )
    assert ".ollama/settings.json" not in plan  # no file breaks it: only the line is named
    assert MARKER not in plan + detail
    # a value the shell computes cannot be known, and may be the forbidden one: never a clean bill (it passed
    # on the live machine when aicheck's own environment did not have it)
    m.write(m.h(".zshrc"), 'export OLLAMA_HOST="$MY_HOST"\n')
    state, detail = _states(scan(m.machine(), ollama_pack), "ollama")["no-remote-host"]
    assert state == UNMET and "is set to a value the shell computes" in detail and "MY_HOST" not in detail
    pack = load_pack(
        _pack_with(
            tmp_path / "unset",
            '\n[[tools.ollama.conditions]]\nid = "unset"\ntext = "OLLAMA_HOST is not set"\nenv = "OLLAMA_HOST"\nabsent = true\n',
        )
    )
    report = scan(m.machine(), pack)
    state, detail = _states(report, "ollama")["unset"]
    assert state == UNMET and detail.endswith(f"is set (the policy forbids setting it) in {m.h('.zshrc')} line 1")
    finding = next(f for f in report.findings if f.tool.id == "ollama")
    assert f"In {m.h('.zshrc')} line 1: remove the line." in " ".join(
        s.text for r in fix_plan(finding, m.machine()) for s in r.steps
    )


def test_copilot_allow_all_in_the_environment_is_every_tool_allowed(machine_factory, pack):
    """Red team: `export COPILOT_ALLOW_ALL=true` does what `copilot --yolo` does in every session, and the
    example pack forbade only the flags."""
    m = machine_factory("linux")
    m.npm("@github/copilot", "1.0.3", bin_name="copilot")
    # (the variable itself cannot be seen on another machine's disk: unknown, never met)
    assert _states(scan(m.machine(), pack), "github-copilot")["cli-not-unattended-by-environment"][0] == UNKNOWN
    m.write(m.h(".bashrc"), "export COPILOT_ALLOW_ALL=true\n")
    state, detail = _states(scan(m.machine(), pack), "github-copilot")["cli-not-unattended-by-environment"]
    assert state == UNMET and ".bashrc" in detail, detail


@pytest.mark.parametrize("editor", ["Cursor", "Windsurf", "VSCodium", "Code - OSS"])
def test_the_claude_code_extension_in_every_editors_profile_may_not_skip_the_checks(machine_factory, pack, editor):
    """Red team: a Cursor profile's settings.json (and Windsurf's, VSCodium's, Code - OSS's) starting Claude
    Code's sessions with bypassPermissions passed: only VS Code's own profiles were read."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(
        m.h(f".config/{editor}/User/profiles/5d1c/settings.json"),
        {"claudeCode.initialPermissionMode": "bypassPermissions"},
    )
    state, detail = _states(scan(m.machine(), pack), "claude-code")["asks-before-acting-in-editors"]
    assert state == UNMET and f"{editor}/User/profiles/5d1c/settings.json" in detail, detail


@pytest.mark.parametrize(
    "allow, why",
    [
        (["Read", "Bash(" + " " * 5000 + "*)"], "holds an entry longer than 4,096 characters"),
        (["Read"] * 10_000 + ["Bash(*)"], "holds more than 10,000 entries"),
    ],
    ids=["long-entry", "many-entries"],
)
def test_what_is_past_the_bound_of_a_pattern_check_is_never_passed(machine_factory, pack, allow, why):
    """Red team: a value was tried against the policy's patterns in its first 4,096 characters, a list in its
    first 10,000 entries: `Bash(`, 5,000 spaces and `*)` (or `Bash(*)` as the 10,001st entry) passed as
    allowing nothing. What cannot be checked whole breaks the condition, saying why, never the value."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"permissions": {"allow": allow}})
    report = scan(m.machine(), pack)
    state, detail = _states(report, "claude-code")["asks-before-shell-commands"]
    assert state == UNMET and why in detail, detail
    assert " " * 50 not in detail


def test_the_example_packs_patterns_take_linear_time_on_hostile_entries(pack):
    """Red team: `Bash\\(\\s*[*:\\s]*\\)` backtracked over `Bash(` and 4,090 spaces quadratically (1,000 such
    entries: 112 s for one check). Each of the example pack's patterns is tried ten times on each of the
    longest hostile entries the bound lets through: about 500 ms of CPU for a quadratic pattern here, about
    2 ms for a linear one; the bound, 50 ms, is 25 times from either."""
    import re
    import time

    from tui.core.policy import FieldPattern

    items = [p for r in pack.policy.rules.values() for c in r.conditions for p in (c.none_matching or ())]
    patterns = {p for p in items if not isinstance(p, FieldPattern)}
    patterns |= {v for p in items if isinstance(p, FieldPattern) for _k, v in p.fields}  # a table's, field by field
    assert len(patterns) >= 8
    hostile = ["Bash(" + c * 4090 + "x" for c in (" ", "*", ":", "\t", "a", "-")]
    hostile += ["Bash(sudo " + " " * 4080 + "x", "Bash(sudo:" + ":" * 4080]
    hostile += [" " * 4095 + "x", "a" * 4095 + "|", '"command":"' + "a" * 4080 + "|", "allow" + " " * 4090]
    for pattern in patterns:
        rx = re.compile(pattern)
        start = time.process_time()
        for text in hostile * 10:
            rx.fullmatch(text)
        assert time.process_time() - start < 0.05, pattern
