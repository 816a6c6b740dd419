"""Red team: switches of the tools themselves that the example pack did not name, so a user's settings sent
Claude Code past the gateway or let Codex, Gemini's agent mode and Copilot's Claude agent act unasked while
`aicheck check` exited 0. Through the real CLI on a synthetic home that is compliant as it stands; each switch
now breaks a condition (exit 1), and the harmless setting of the same key stays clean."""

from __future__ import annotations

import json

import pytest

from support.packs import isolate_cli, run_cli

GATEWAY = "https://ai-gateway.example.com"
CODEX_PROVIDER = 'model_provider = "example-gateway"\n'
CODEX_GATEWAY = f'[model_providers.example-gateway]\nbase_url = "{GATEWAY}/v1"\n'


def _check(tmp_path, monkeypatch, capsys, m, tool_id: str) -> tuple[int, dict[str, dict], str]:
    """(exit code, the tool's conditions by id, everything printed) of `aicheck check --json`."""
    isolate_cli(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", "/usr/local/bin:/usr/bin:/bin")  # the scanned disk's, whatever runs the tests
    code, out, err = run_cli(capsys, "check", *m.cli_args(), "--json")
    assert "Traceback" not in err
    tool = next(t for t in json.loads(out)["tools"] if t["id"] == tool_id)
    return code, {c["id"]: c for c in tool["conditions"]}, out + err


def _unmet(conditions: dict[str, dict]) -> set[str]:
    return {cid for cid, c in conditions.items() if c["state"] == "unmet"}


# -- Claude Code: the providers that leave ANTHROPIC_BASE_URL unused ------------------------------------------


def _claude(machine_factory, platform: str = "linux", settings: dict | None = None):
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}, **(settings or {})})
    return m


def test_claude_code_with_the_gateway_is_compliant(tmp_path, monkeypatch, capsys, machine_factory):
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, _claude(machine_factory), "claude-code")
    assert code == 0 and not _unmet(conditions), out


@pytest.mark.parametrize(
    "variable, condition",
    [("CLAUDE_CODE_USE_ANTHROPIC_AWS", "no-direct-anthropic-aws"), ("CLAUDE_CODE_USE_MANTLE", "no-direct-mantle")],
)
@pytest.mark.parametrize("where", ["settings", "bashrc"])
def test_a_provider_switch_past_the_gateway_needs_action(
    tmp_path, monkeypatch, capsys, machine_factory, variable, condition, where
):
    """Claude Platform on AWS and Bedrock's Mantle endpoint take Claude Code's requests while the gateway is
    still set in ANTHROPIC_BASE_URL: in a settings file's env or exported by a startup file alike."""
    m = _claude(machine_factory)
    if where == "settings":
        m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY, variable: "1"}})
    else:
        m.write(m.h(".bashrc"), f"export {variable}=1\n")
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "claude-code")
    assert code == 1 and _unmet(conditions) == {condition}, out
    assert conditions["gateway"]["state"] == "met"


@pytest.mark.parametrize(
    "settings, startup, unmet",
    [
        ({"permissions": {"defaultMode": "auto"}}, "", {"asks-you-not-a-classifier"}),
        ({}, "alias cc='claude --permission-mode auto'\n", {"asks-you-not-a-classifier-at-start"}),
        ({}, "alias cc='claude --permission-mode=auto'\n", {"asks-you-not-a-classifier-at-start"}),
        ({"permissions": {"defaultMode": "acceptEdits"}}, "alias cc='claude --permission-mode plan'\n", set()),
    ],
)
def test_claude_codes_auto_mode_hands_approvals_to_a_classifier(
    tmp_path, monkeypatch, capsys, machine_factory, settings, startup, unmet
):
    """Claude Code's auto mode answers its permission requests with a classifier, not the user: the approval
    without a person the pack forbids for Codex's auto-review and Copilot's Claude agent too. A mode that still
    asks (acceptEdits asks before commands, plan acts on nothing) stays clean."""
    m = _claude(machine_factory, settings=settings)
    if startup:
        m.write(m.h(".bashrc"), startup)
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "claude-code")
    assert (code, _unmet(conditions)) == ((1, unmet) if unmet else (0, set())), out


def test_managed_settings_that_turn_auto_mode_off_settle_it(tmp_path, monkeypatch, capsys, machine_factory):
    m = _claude(machine_factory, settings={"permissions": {"defaultMode": "auto"}})
    m.write(m.h(".bashrc"), "alias cc='claude --permission-mode auto'\n")
    m.write_json("/etc/claude-code/managed-settings.json", {"permissions": {"disableAutoMode": "disable"}})
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "claude-code")
    assert code == 0 and not _unmet(conditions), out
    assert conditions["asks-you-not-a-classifier"]["state"] == "met"


@pytest.mark.parametrize("platform", ["linux", "windows"])
@pytest.mark.parametrize(
    "allow, met",
    [
        (["PowerShell"], False),
        (["PowerShell(*)"], False),
        (["PowerShell( : * )"], False),
        (["PowerShell(pwsh -Command *)"], False),
        (["PowerShell(IEX:*)"], False),
        (["PowerShell(cmd.exe /c *)"], False),
        (["PowerShell(Get-ChildItem:*)", "PowerShell(git status)"], True),
    ],
)
def test_an_allow_rule_for_every_powershell_command_needs_action(
    tmp_path, monkeypatch, capsys, machine_factory, platform, allow, met
):
    """The PowerShell tool (CLAUDE_CODE_USE_POWERSHELL_TOOL=1, or Windows' default) is allowed by the same rules
    as Bash, under its own name: allowing it whole runs every PowerShell command without asking."""
    settings = {"env": {"ANTHROPIC_BASE_URL": GATEWAY, "CLAUDE_CODE_USE_POWERSHELL_TOOL": "1"}}
    m = _claude(machine_factory, platform, {**settings, "permissions": {"allow": allow}})
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "claude-code")
    assert _unmet(conditions) == (set() if met else {"asks-before-shell-commands"}), out
    assert code == (0 if met else 1)
    assert all(entry not in conditions["asks-before-shell-commands"]["detail"] for entry in allow if "(" in entry)


@pytest.mark.parametrize(
    "line, met",
    [
        ("alias cc='claude --allowedTools PowerShell'", False),
        ("alias cc='claude --allowed-tools \"PowerShell(*)\"'", False),
        ("alias cc='claude --allowedTools Read'", True),
    ],
)
def test_an_alias_that_allows_every_powershell_command_needs_action(
    tmp_path, monkeypatch, capsys, machine_factory, line, met
):
    m = _claude(machine_factory)
    m.write(m.h(".zshrc"), line + "\n")
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "claude-code")
    assert _unmet(conditions) == (set() if met else {"asks-before-shell-commands-at-start"}), out
    assert code == (0 if met else 1)


# -- Codex: permission profiles and the reviewer agent --------------------------------------------------------


def _codex(machine_factory, extra: str = "", file: str = ".codex/config.toml"):
    m = machine_factory("linux")
    m.npm("@openai/codex", "0.140.0", bin_name="codex")
    mine = extra if file == ".codex/config.toml" else ""  # the top-level keys before the provider's table
    m.write(m.h(".codex/config.toml"), CODEX_PROVIDER + mine + CODEX_GATEWAY)
    if extra and not mine:
        m.write(m.h(file), extra)
    return m


@pytest.mark.parametrize(
    "extra, file, broken",
    [
        ("", ".codex/config.toml", set()),
        ('default_permissions = ":workspace"\n', ".codex/config.toml", set()),
        ('default_permissions = ":danger-full-access"\n', ".codex/config.toml", {"sandboxed-by-permission-profile"}),
        (
            'default_permissions = ":danger-no-sandbox"\n',
            ".codex/yolo.config.toml",
            {"sandboxed-by-permission-profile"},
        ),
        (
            'default_permissions = "dev"\n[permissions.dev.filesystem]\n":root" = "write"\n',
            ".codex/config.toml",
            {"no-permission-profile-writes-everywhere"},
        ),
        ('[permissions.dev.filesystem]\n":root" = "read"\n', ".codex/config.toml", set()),
        (
            'default_permissions = "dev"\n[permissions.dev.filesystem]\n"/" = "write"\n',
            ".codex/config.toml",
            {"no-permission-profile-writes-from-the-root-folder"},
        ),
        ('[permissions.dev.filesystem]\n"/" = "read"\n"/home/ada/src" = "write"\n', ".codex/config.toml", set()),
        (
            '[permissions.open]\nextends = ":danger-full-access"\n',
            ".codex/work.config.toml",
            {"no-permission-profile-extends-full-access"},
        ),
        ('[permissions.mine]\nextends = ":workspace"\n', ".codex/config.toml", set()),
        ('approvals_reviewer = "auto_review"\n', ".codex/config.toml", {"approvals-answered-by-the-user"}),
        ('approvals_reviewer = "guardian_subagent"\n', ".codex/work.config.toml", {"approvals-answered-by-the-user"}),
        ('approvals_reviewer = "user"\n', ".codex/config.toml", set()),
        (
            '[profiles.auto]\napprovals_reviewer = "auto_review"\n',
            ".codex/config.toml",
            {"approvals-answered-by-the-user-profiles"},
        ),
    ],
)
def test_codex_without_its_sandbox_or_its_user_needs_action(
    tmp_path, monkeypatch, capsys, machine_factory, extra, file, broken
):
    """A permission profile removes the sandbox with no sandbox_mode key anywhere (the built-in :danger-full-access,
    :danger-no-sandbox in the first releases, or a profile of the user's that writes everywhere), and auto-review
    answers the approval requests with an agent instead of the user."""
    m = _codex(machine_factory, extra, file)
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "openai-codex")
    assert _unmet(conditions) == broken, out
    assert code == (1 if broken else 0)


@pytest.mark.parametrize(
    "line, condition",
    [
        ("alias cx=\"codex -c default_permissions=':danger-full-access'\"", "not-started-unattended"),
        ("alias cx='codex --config default_permissions=\":danger-no-sandbox\"'", "not-started-unattended"),
        ("alias cx='codex -c approvals_reviewer=auto_review'", "approvals-answered-by-the-user-at-start"),
        ("alias cx='codex -c approvals_reviewer=\"guardian_subagent\"'", "approvals-answered-by-the-user-at-start"),
        ("alias cx='codex -c default_permissions=:workspace -c approvals_reviewer=user'", None),
    ],
)
def test_codex_started_without_its_sandbox_or_its_user(tmp_path, monkeypatch, capsys, machine_factory, line, condition):
    m = _codex(machine_factory)
    m.write(m.h(".bashrc"), line + "\n")
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "openai-codex")
    assert _unmet(conditions) == ({condition} if condition else set()), out
    assert code == (1 if condition else 0)


def test_the_administrators_allowed_profiles_and_reviewers_settle_it(tmp_path, monkeypatch, capsys, machine_factory):
    """/etc/codex/requirements.toml lists the profiles Codex may take as a table of names set to true (those it
    omits are denied) and the reviewers as a list: one that leaves out what the pack forbids settles the condition
    whatever config.toml says; one that allows it leaves config.toml to decide."""
    extra = 'default_permissions = ":danger-full-access"\napprovals_reviewer = "auto_review"\n'
    m = _codex(machine_factory, extra)
    m.write(
        "/etc/codex/requirements.toml",
        'allowed_approvals_reviewers = ["user"]\n\n[allowed_permission_profiles]\n'
        '":workspace" = true\n":danger-full-access" = false\n',
    )
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "openai-codex")
    assert code == 0 and not _unmet(conditions), out
    assert conditions["sandboxed-by-permission-profile"]["detail"].startswith(
        "default_permissions is none of ':danger-full-access', ':danger-no-sandbox': allowed_permission_profiles in "
    )
    m.write(
        "/etc/codex/requirements.toml",
        'allowed_approvals_reviewers = ["user", "auto_review"]\n[allowed_permission_profiles]\n":danger-full-access" = true\n',
    )
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "openai-codex")
    assert _unmet(conditions) == {"sandboxed-by-permission-profile", "approvals-answered-by-the-user"}, out


# -- Gemini's agent mode: tools.allowed ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "allowed, met",
    [
        (["run_shell_command"], False),
        (["*"], False),
        (["write_file", "replace"], False),
        (["run_shell_command(*)"], False),
        (["run_shell_command(bash -c)"], False),
        (["ShellTool(python3)"], False),
        (["run_shell_command(git status)", "run_shell_command(npm test)"], True),
    ],
)
def test_gemini_tools_that_bypass_the_confirmation_dialog(tmp_path, monkeypatch, capsys, machine_factory, allowed, met):
    """Gemini CLI 0.61 (whose settings Code Assist's agent mode shares) has no autoAccept: tools.allowed names the
    tools that run unasked. A tool named whole, a wildcard, or a shell or an interpreter as the command needs action."""
    m = machine_factory("linux")
    m.vscode_extension("google.geminicodeassist", "2.60.0")
    m.write_json(m.h(".gemini/settings.json"), {"tools": {"allowed": allowed}})
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "gemini-code-assist")
    assert _unmet(conditions) == (set() if met else {"no-tools-allowed-unasked"}), out
    assert code == (0 if met else 1)


# -- Copilot's Claude agent in VS Code ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings, broken",
    [
        ({"github.copilot.chat.claudeAgent.enabled": True}, set()),
        (
            {"github.copilot.chat.claudeAgent.allowDangerouslySkipPermissions": True},
            {"claude-agent-asks-before-acting"},
        ),
        (
            {"github": {"copilot": {"chat": {"claudeAgent": {"allowAutoPermissions": True}}}}},
            {"claude-agent-no-auto-approval"},
        ),
        ({"github.copilot.chat.claudeAgent.allowDangerouslySkipPermissions": False}, set()),
    ],
)
def test_copilots_claude_agent_may_not_skip_or_automate_its_permissions(
    tmp_path, monkeypatch, capsys, machine_factory, settings, broken
):
    m = machine_factory("linux")
    m.vscode_extension("GitHub.copilot-chat", "0.40.0")
    m.write_json(m.h(".config/Code/User/settings.json"), settings)
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "github-copilot")
    assert _unmet(conditions) == broken, out
    assert code == (1 if broken else 0)


# -- Gemini's policy engine: [[rule]] decision = "allow" -----------------------------------------------------


@pytest.mark.parametrize(
    "rules, met",
    [
        ('toolName = "run_shell_command"\ndecision = "allow"\npriority = 100', False),
        ('toolName = "*"\ndecision = "allow"\npriority = 999', False),
        ('toolName = ["read_file", "write_file"]\ndecision = "allow"\npriority = 1', False),
        ('mcpName = "github"\ntoolName = "*"\ndecision = "allow"\npriority = 1', False),
        ('toolName = "run_shell_command"\ncommandPrefix = ""\ndecision = "allow"\npriority = 1', False),
        ('toolName = "run_shell_command"\ncommandPrefix = "bash -c"\ndecision = "allow"\npriority = 1', False),
        (
            'toolName = "run_shell_command"\ncommandPrefix = ["git status", "python3"]\ndecision = "allow"\npriority = 1',
            False,
        ),
        ('toolName = "run_shell_command"\ncommandRegex = ".*"\ndecision = "allow"\npriority = 1', False),
        ('toolName = "run_shell_command"\ncommandRegex = "git .*|rm .*"\ndecision = "allow"\npriority = 1', False),
        ('toolName = "run_shell_command"\ncommandRegex = "sh .*"\ndecision = "allow"\npriority = 1', False),
        ('toolName = "run_shell_command"\nargsPattern = \'"command":".*\'\ndecision = "allow"\npriority = 1', False),
        ('toolName = "run_shell_command"\ncommandPrefix = "git status"\ndecision = "allow"\npriority = 100', True),
        ('toolName = "run_shell_command"\ncommandRegex = "git (log|diff).*"\ndecision = "allow"\npriority = 1', False),
        ('toolName = "run_shell_command"\ncommandRegex = "npm test.*"\ndecision = "allow"\npriority = 1', True),
        ('toolName = "write_file"\nargsPattern = \'"file_path":"docs/\'\ndecision = "allow"\npriority = 1', True),
        ('toolName = "run_shell_command"\ndecision = "ask_user"\npriority = 100', True),
        ('toolName = "*"\ndecision = "deny"\npriority = 100', True),
    ],
)
@pytest.mark.parametrize(
    "where", [".gemini/policies/mine.toml", "project/.gemini/policies/team.toml", ".gemini/policies/.hidden.toml"]
)
def test_gemini_policy_rules_that_run_tools_unasked(tmp_path, monkeypatch, capsys, machine_factory, rules, met, where):
    """Gemini CLI's policy engine (its docs/reference/policy-engine.md) runs what a rule with decision = "allow"
    names without asking: in the user's policies folder and a trusted project's alike. A rule limited to no
    command or arguments, or to a shell or an interpreter, needs action (check exited 0 before); a rule limited
    to a plain command, or one that asks or denies, does not."""
    m = machine_factory("linux")
    m.vscode_extension("google.geminicodeassist", "2.60.0")
    m.write_json(m.h(".gemini/trustedFolders.json"), {m.h("project"): "TRUST_FOLDER"})
    m.write(m.h(where), f'[[rule]]\ntoolName = "read_file"\ndecision = "deny"\npriority = 1\n\n[[rule]]\n{rules}\n')
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "gemini-code-assist")
    assert _unmet(conditions) == (set() if met else {"no-policy-rule-allows-unasked"}), out
    assert code == (0 if met else 1)
    if not met:
        detail = conditions["no-policy-rule-allows-unasked"]["detail"]
        assert detail.startswith("rule holds an entry matching {decision /"), detail
        assert where.rpartition("/")[2] in detail


def test_gemini_policy_paths_of_the_users_own_cannot_be_confirmed(tmp_path, monkeypatch, capsys, machine_factory):
    """policyPaths and adminPolicyPaths (and --policy, --admin-policy) make Gemini read rules from files the
    user names, an "admin" one ranked above every other rule: aicheck cannot know to read them."""
    m = machine_factory("linux")
    m.vscode_extension("google.geminicodeassist", "2.60.0")
    m.write_json(m.h(".gemini/settings.json"), {"policyPaths": ["~/p"], "adminPolicyPaths": ["~/a"]})
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "gemini-code-assist")
    assert _unmet(conditions) == {"no-own-policy-paths", "no-own-admin-policy-paths"}, out
    assert code == 1


def test_a_gemini_policy_file_that_is_not_toml_cannot_be_confirmed(tmp_path, monkeypatch, capsys, machine_factory):
    m = machine_factory("linux")
    m.vscode_extension("google.geminicodeassist", "2.60.0")
    m.write(m.h(".gemini/policies/broken.toml"), '[[rule]]\ntoolName = "*"\ndecision = "allow\n')
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "gemini-code-assist")
    assert _unmet(conditions) == {"no-policy-rule-allows-unasked"}, out
    assert "cannot be read" in conditions["no-policy-rule-allows-unasked"]["detail"]
    assert code == 1


@pytest.mark.parametrize(
    "rule",
    [
        'toolName = "run_shell_command"\ncommandPrefix = "git ' + "x" * 5000 + '"\ndecision = "allow"\npriority = 1',
        'toolName = "run_shell_command"\ncommandPrefix = ['
        + '"git", ' * 10_001
        + '"bash"]\ndecision = "allow"\npriority = 1',
    ],
    ids=["a field too long to check", "a list field too long to check"],
)
def test_a_gemini_rule_too_big_to_check_cannot_be_confirmed(tmp_path, monkeypatch, capsys, machine_factory, rule):
    """Padding a rule past what is checked (a prefix of 5,000 characters, 10,001 prefixes before a shell) hides
    nothing: the rule breaks the condition, saying why."""
    m = machine_factory("linux")
    m.vscode_extension("google.geminicodeassist", "2.60.0")
    m.write(m.h(".gemini/policies/big.toml"), f"[[rule]]\n{rule}\n")
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "gemini-code-assist")
    assert _unmet(conditions) == {"no-policy-rule-allows-unasked"}, out
    assert (
        "too long to check" in conditions["no-policy-rule-allows-unasked"]["detail"]
        or "too many" in conditions["no-policy-rule-allows-unasked"]["detail"]
    )
    assert code == 1


@pytest.mark.parametrize(
    "where",
    ["user", "profile", "workspace"],
)
def test_gemini_code_assists_yolo_mode_in_the_editor_needs_action(
    tmp_path, monkeypatch, capsys, machine_factory, where
):
    """Code Assist's agent mode in VS Code approves every tool call with geminicodeassist.agentYoloMode = true, in
    the user's settings, a profile's or an opened folder's .vscode/settings.json: check exited 0 with it."""
    m = machine_factory("linux")
    m.vscode_extension("google.geminicodeassist", "2.60.0")
    app = m.h("src/app")
    m.write_json(m.ud + "/Code/User/workspaceStorage/0a1/workspace.json", {"folder": f"file://{app}"})
    path = {
        "user": m.ud + "/Code/User/settings.json",
        "profile": m.ud + "/Code/User/profiles/6d1a/settings.json",
        "workspace": app + "/.vscode/settings.json",
    }[where]
    m.write_json(path, {"geminicodeassist.agentYoloMode": False})
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "gemini-code-assist")
    assert not _unmet(conditions) and code == 0, out
    m.write_json(path, {"geminicodeassist.agentYoloMode": True})
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "gemini-code-assist")
    assert _unmet(conditions) == {"no-agent-yolo-mode"}, out
    assert code == 1


# -- Amazon Q: an agent's allowedTools -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "agent, broken",
    [
        ({"tools": ["*"], "allowedTools": ["fs_read", "@git/git_status"]}, set()),
        ({"allowedTools": ["execute_bash"]}, {"no-agent-trusts-tools"}),
        ({"allowedTools": ["fs_*"]}, {"no-agent-trusts-tools"}),
        ({"allowedTools": ["*"]}, {"no-agent-trusts-tools"}),
        ({"allowedTools": ["use_aws"]}, {"no-agent-trusts-tools"}),
        ({"allowedTools": ["@github"]}, {"no-agent-trusts-tools"}),
        ({"allowedTools": ["@github/*"]}, {"no-agent-trusts-tools"}),
        ({"toolsSettings": {"execute_bash": {"allowedCommands": ["git status", "npm test.*"]}}}, set()),
        ({"toolsSettings": {"execute_bash": {"allowedCommands": [".*"]}}}, {"no-agent-allows-any-command"}),
        ({"toolsSettings": {"execute_bash": {"allowedCommands": ["bash .*"]}}}, {"no-agent-allows-any-command"}),
    ],
)
def test_amazon_q_agents_that_run_tools_unasked(tmp_path, monkeypatch, capsys, machine_factory, agent, broken):
    """An Amazon Q CLI agent's allowedTools run without asking (the CLI's docs/agent-format.md): the shell tool,
    file writes, AWS calls, a wildcard or a whole MCP server is --trust-all-tools in a file, which check let
    pass; a shell command list that allows any command is the same."""
    m = machine_factory("linux")
    m.vscode_extension("amazonwebservices.amazon-q-vscode", "1.90.0")
    m.write_json(m.h(".aws/amazonq/cli-agents/dev.json"), agent)
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "amazon-q")
    assert _unmet(conditions) == broken, out
    assert code == (1 if broken else 0)


# -- Ollama: where it listens ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bashrc, met",
    [
        ("", True),
        ("export OLLAMA_HOST=127.0.0.1:11435\n", True),
        ("export OLLAMA_HOST=http://localhost:11434\n", True),
        ("export OLLAMA_HOST=0.0.0.0\n", False),
        ("export OLLAMA_HOST=:11434\n", False),
        ("export OLLAMA_HOST=http://gpu-box.example.com:11434\n", False),
    ],
)
def test_ollama_off_this_machine_needs_action(tmp_path, monkeypatch, capsys, machine_factory, bashrc, met):
    """The example pack approves Ollama because prompts never leave the machine, and its rationale says to keep the
    server on localhost: OLLAMA_HOST=0.0.0.0 (or ":11434", all interfaces; or a remote host the command sends its
    prompts to) passed as compliant. A loopback address, or none, stays compliant."""
    m = machine_factory("linux")
    m.brew_formula("ollama", "0.12.6")
    m.write(m.h(".bashrc"), bashrc)
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "ollama")
    assert _unmet(conditions) == (set() if met else {"on-this-machine-only"}), out
    assert code == (0 if met else 1)
    assert "gpu-box" not in out  # the value read is compared, never shown


# -- Copilot CLI: --allow-tool --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, met",
    [
        ("alias cop='copilot --allow-tool shell'", False),
        ("alias cop=\"copilot --allow-tool='write,shell(git:*)'\"", False),
        ("alias cop='copilot --allow-tool=write'", False),
        ("alias cop=\"copilot --allow-tool 'shell(git status)'\"", False),  # (more, never less: as Bash(...) is)
        ("alias cop=\"copilot --allow-tool 'github-mcp'\"", True),
        ("alias cop='copilot --deny-tool shell'", True),
    ],
)
def test_copilot_cli_started_with_shell_or_writes_allowed(tmp_path, monkeypatch, capsys, machine_factory, line, met):
    """`copilot --allow-tool shell` runs every shell command unasked (GitHub's docs, "Allowing and denying tool
    use"), `write` every file edit: an alias that started it so passed, where --allow-all-tools needed action."""
    m = machine_factory("linux")
    m.npm("@github/copilot", "0.0.400", bin_name="copilot")
    m.write(m.h(".bashrc"), line + "\n")
    code, conditions, out = _check(tmp_path, monkeypatch, capsys, m, "github-copilot")
    assert _unmet(conditions) == (set() if met else {"cli-asks-before-shell-commands-at-start"}), out
    assert code == (0 if met else 1)
