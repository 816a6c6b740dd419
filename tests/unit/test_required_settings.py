"""Conditions that ask for a value (the gateway: ``equals``, ``prefix``, ``present``, ``one_of``) are met only
where the tool's sessions really get that value. A project's settings outrank the user's, so another value
there breaks the condition (``overridden_by``); a folder variable (CLAUDE_CONFIG_DIR) moves the settings the
sessions with it read, so the value must be set there too; the environment's own value counts only when
nothing set elsewhere contradicts it. Values read are compared, never shown or stored."""

from __future__ import annotations

import json

import pytest

from support.packs import condition_refusal, isolate_cli, run_cli
from tui.core.conditions import MET, UNKNOWN, UNMET
from tui.core.remediation import fix_plan
from tui.core.scanner import scan

GATEWAY = "https://ai-gateway.example.com"
DIRECT = "https://api.example-direct.test/SECRET-MARKER-5d1e"  # a value read: must never be shown


def _finding(report, tool_id: str = "claude-code"):
    return next(f for f in report.findings if f.tool.id == tool_id)


def _gateway(report, tool_id: str = "claude-code"):
    return next(c for c in _finding(report, tool_id).conditions if c.condition.id == "gateway")


def _plan(finding, m) -> str:
    return " ".join(s.text for r in fix_plan(finding, m.machine()) for s in r.steps)


def _claude(m, projects: tuple[str, ...] = (), gateway: str | None = GATEWAY) -> None:
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    if gateway is not None:
        m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": gateway}})
    m.write_json(m.h(".claude.json"), {"projects": {m.machine().display(p): {} for p in projects}})


def _env(url: str) -> dict:
    return {"env": {"ANTHROPIC_BASE_URL": url}}


def test_the_users_gateway_alone_meets_the_condition(machine_factory, platform_name, pack):
    m = machine_factory(platform_name)
    proj = m.h("src/api")
    _claude(m, (proj,))
    m.write_json(proj + "/.claude/settings.json", {"permissions": {"defaultMode": "plan"}})  # no gateway of its own
    state = _gateway(scan(m.machine(), pack))
    assert state.state == MET, state.detail
    assert (
        state.detail == f"env.ANTHROPIC_BASE_URL = {GATEWAY!r} in {m.machine().display(m.h('.claude/settings.json'))}"
    )


@pytest.mark.parametrize("rel", [".claude/settings.local.json", ".claude/settings.json"])
def test_a_project_pointing_claude_code_elsewhere_breaks_the_gateway(machine_factory, platform_name, pack, rel):
    """The user's settings name the gateway; one project's settings (often the git-ignored local file) send
    its sessions straight to another endpoint. Before, the condition was met by the user's settings."""
    m = machine_factory(platform_name)
    quiet, wild = m.h("src/quiet"), m.h("src/wild")
    _claude(m, (quiet, wild))
    m.write_json(quiet + "/" + rel, _env(GATEWAY))  # the same gateway in a project is no break
    local = m.write_json(wild + "/" + rel, _env(DIRECT))
    report = scan(m.machine(), pack)
    state, shown = _gateway(report), m.machine().display(local)
    assert state.state == UNMET
    assert state.detail == f"expected = {GATEWAY!r}: env.ANTHROPIC_BASE_URL is set to another value in {shown}"
    assert state.offending_files == (shown,)
    finding = _finding(report)
    assert finding.action_required
    plan = _plan(finding, m)
    assert plan == f"In {shown}: set env.ANTHROPIC_BASE_URL to {GATEWAY!r}, or remove the key."
    assert "SECRET-MARKER" not in json.dumps(state.to_json()) + plan + state.detail


def test_a_gateway_set_in_one_project_covers_that_project_alone(machine_factory, pack):
    m = machine_factory("linux")
    proj = m.h("src/api")
    _claude(m, (proj,), gateway=None)
    m.write_json(proj + "/.claude/settings.json", _env(GATEWAY))
    state = _gateway(scan(m.machine(), pack))
    assert state.state == UNMET
    assert state.to_set_in == (m.h(".claude/settings.json"),)


def test_the_user_level_local_settings_outrank_the_users_settings(machine_factory, pack):
    """~/.claude/settings.local.json is the local settings of a session started in the home folder."""
    m = machine_factory("macos")
    _claude(m)
    m.write_json(m.h(".claude/settings.local.json"), _env(DIRECT))
    assert _gateway(scan(m.machine(), pack)).state == UNMET


def test_a_moved_settings_folder_needs_the_gateway_too(machine_factory, pack, tmp_path):
    """`export CLAUDE_CONFIG_DIR=~/.claude-work` in ~/.zshrc: the sessions started from zsh read only the
    moved folder, so a gateway set in ~/.claude alone does not reach them (and one set in the moved folder
    alone does not reach a bash session)."""
    m = machine_factory("linux")
    _claude(m)
    m.write(m.h(".zshrc"), 'export CLAUDE_CONFIG_DIR="$HOME/.claude-work"\n')
    moved = m.h(".claude-work/settings.json")
    m.write_json(moved, {"permissions": {"defaultMode": "plan"}})
    report = scan(m.machine(), pack)
    state = _gateway(report)
    assert state.state == UNMET
    assert state.detail == (
        f"expected = {GATEWAY!r}: $ANTHROPIC_BASE_URL or env.ANTHROPIC_BASE_URL in {moved} "
        f"(set in {m.h('.claude/settings.json')}, which sessions with $CLAUDE_CONFIG_DIR do not read)"
    )
    assert _plan(_finding(report), m).startswith(f"Set env.ANTHROPIC_BASE_URL to {GATEWAY!r} in {moved}.")
    # set in the moved folder alone: the sessions without the variable read ~/.claude
    m.write_json(moved, _env(GATEWAY))
    m.write_json(m.h(".claude/settings.json"), {})
    state = _gateway(scan(m.machine(), pack))
    assert state.state == UNMET and "which sessions without $CLAUDE_CONFIG_DIR do not read" in state.detail
    assert state.to_set_in == (m.h(".claude/settings.json"),)
    # in both: met, and the detail names both
    m.write_json(m.h(".claude/settings.json"), _env(GATEWAY))
    state = _gateway(scan(m.machine(), pack))
    assert state.state == MET and moved in state.detail and m.h(".claude/settings.json") in state.detail
    # no variable anywhere: the moved folder is not one the tool reads (nothing to ask of it)
    m.write(m.h(".zshrc"), "")
    m.write_json(moved, _env(DIRECT))
    assert _gateway(scan(m.machine(), pack)).state == MET


def test_a_variable_set_for_aichecks_run_alone_does_not_meet_it(machine_factory, pack):
    """`ANTHROPIC_BASE_URL=<gateway> aicheck check` passed the gateway condition for that run, though no
    session of Claude Code has the variable. aicheck's own environment counts where a shell startup file
    exports the same value (every session of that shell has it)."""
    m = machine_factory("linux")
    proj = m.h("src/api")
    _claude(m, (proj,), gateway=None)
    m.env = {"ANTHROPIC_BASE_URL": GATEWAY}
    report = scan(m.machine(), pack)
    state = _gateway(report)
    assert state.state == UNMET
    assert "$ANTHROPIC_BASE_URL is set in the environment aicheck runs in, but in no shell startup file" in state.detail
    plan = _plan(_finding(report), m)
    assert plan.startswith(f"Set env.ANTHROPIC_BASE_URL to {GATEWAY!r} in {m.h('.claude/settings.json')}")
    assert f"Or export the environment variable ANTHROPIC_BASE_URL to {GATEWAY!r} in your shell startup file" in plan
    # exported in ~/.zshrc (and so in aicheck's environment when started from zsh): met, with the line
    m.write(m.h(".zshrc"), f"# the company gateway\nexport ANTHROPIC_BASE_URL='{GATEWAY}'\n")
    state = _gateway(scan(m.machine(), pack))
    assert state.state == MET and state.detail == f"$ANTHROPIC_BASE_URL = {GATEWAY!r} in {m.h('.zshrc')} line 2"
    # a fleet's scan of the same home has no environment: the startup file alone meets it
    m.env = {}
    assert _gateway(scan(m.machine(), pack)).state == MET
    # a project's settings still win in its sessions
    m.write_json(proj + "/.claude/settings.local.json", _env(DIRECT))
    assert _gateway(scan(m.machine(), pack)).state == UNMET


@pytest.mark.parametrize(
    "platform, rel, line",
    [
        ("linux", ".bashrc", f"export ANTHROPIC_BASE_URL={DIRECT}"),
        ("macos", ".config/fish/config.fish", f"set -gx ANTHROPIC_BASE_URL {DIRECT}"),
        ("windows", "Documents/PowerShell/profile.ps1", f'$env:anthropic_base_url = "{DIRECT}"'),
    ],
)
def test_a_startup_file_exporting_another_endpoint_breaks_it(machine_factory, pack, platform, rel, line):
    m = machine_factory(platform)
    _claude(m)
    m.write(m.h(rel), f"alias ll='ls -l'\n{line}\n")
    report = scan(m.machine(), pack)
    state, where = _gateway(report), f"{m.machine().display(m.h(rel))} line 2"
    assert state.state == UNMET and state.env_broken == (where,)
    assert state.detail == f"expected = {GATEWAY!r}: $ANTHROPIC_BASE_URL is set to another value in {where}"
    plan = _plan(_finding(report), m)
    assert plan == f"In {where}: export ANTHROPIC_BASE_URL to {GATEWAY!r}, or remove the line."
    assert "SECRET-MARKER" not in plan + state.detail + json.dumps(state.to_json())


def test_a_computed_export_cannot_confirm_it(machine_factory, pack):
    """`export ANTHROPIC_BASE_URL="$OTHER"` gives every session of that shell a value no reading can know:
    before, it neither met nor broke the condition, so the user's settings file met it on a fleet's scan
    whatever the export held."""
    m = machine_factory("linux")
    _claude(m, gateway=None)
    m.write(m.h(".zshrc"), 'export ANTHROPIC_BASE_URL="$GATEWAY_URL"\n')
    assert _gateway(scan(m.machine(), pack)).state == UNMET
    m.write_json(m.h(".claude/settings.json"), _env(GATEWAY))
    report = scan(m.machine(), pack)
    state = _gateway(report)
    assert state.state == UNMET
    assert state.detail == (
        f"expected = {GATEWAY!r}: $ANTHROPIC_BASE_URL is set to a value the shell computes (it cannot be "
        f"confirmed) in {m.h('.zshrc')} line 1"
    )
    assert (
        _plan(_finding(report), m)
        == f"In {m.h('.zshrc')} line 1: export ANTHROPIC_BASE_URL to {GATEWAY!r}, or remove the line."
    )


@pytest.mark.parametrize("text", ['{"env": {"ANTHROPIC_BASE_URL": ', "\xff\xfe not json"])
def test_a_project_settings_file_that_cannot_be_read_cannot_confirm_it(machine_factory, pack, text):
    m = machine_factory("linux")
    proj = m.h("src/api")
    _claude(m, (proj,))
    bad = m.write(proj + "/.claude/settings.local.json", text)
    state = _gateway(scan(m.machine(), pack))
    assert state.state == UNMET and state.offending_files == (bad,)
    assert state.detail.startswith("cannot confirm that env.ANTHROPIC_BASE_URL = ")


def test_an_unreadable_project_list_cannot_confirm_it(machine_factory, pack):
    m = machine_factory("linux")
    _claude(m)
    m.write(m.h(".claude.json"), "{ not json")
    state = _gateway(scan(m.machine(), pack))
    assert state.state == UNMET and "cannot be read" in state.detail


def test_check_exits_1_for_a_project_that_bypasses_the_gateway(tmp_path, machine_factory, monkeypatch, capsys):
    """End to end through the CLI: `check` on a home whose user settings name the gateway."""
    m = machine_factory("linux")
    proj = m.h("src/api")
    _claude(m, (proj,))
    local = m.write_json(proj + "/.claude/settings.local.json", _env(DIRECT))
    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", "linux", "--home", m.home)
    code, out, err = run_cli(capsys, *args)
    assert code == 1, out + err
    assert f"In {local}: set env.ANTHROPIC_BASE_URL" in out
    assert "SECRET-MARKER" not in out + err
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 1 and "SECRET-MARKER" not in out + err


@pytest.mark.parametrize(
    "body, message",
    [
        (
            'files = ["{home}/.o.json"]\noverridden_by = ["{home}/.p.json"]\nkey = "a"\nnone_of = ["x"]',
            "overridden_by goes with",
        ),
        ('env = "O"\noverridden_by = ["{home}/.p.json"]\nkey = "a"\nequals = "x"', "overridden_by goes with files"),
        ('files = ["{home}/.o.json"]\noverridden_by = "{home}/.p.json"\nkey = "a"\nequals = "x"', "overridden_by"),
        ('files = ["{home}/.o.json"]\noverridden_by = ["{nope}/.p.json"]\nkey = "a"\nequals = "x"', "nope"),
        ('env = "O"\nenforced_by = ["/etc/o.json"]\nkey = "a"\nequals = "x"', "enforced_by goes with files"),
        ('files = ["{home}/.o.json"]\nenforced_by = [1]\nkey = "a"\nequals = "x"', "enforced_by"),
    ],
)
def test_overridden_by_is_checked_with_file_and_line(tmp_path, body, message):
    text = condition_refusal(tmp_path, body)
    assert message in text and "policy.toml:" in text, text


MANAGED = {
    "linux": "/etc/claude-code/managed-settings.json",
    "macos": "/Library/Application Support/ClaudeCode/managed-settings.json",
    "windows": "/Program Files/ClaudeCode/managed-settings.json",
}


def _states(report) -> dict:
    return {c.condition.id: c for c in _finding(report).conditions}


def test_managed_settings_decide_for_every_session(machine_factory, platform_name, pack):
    """A company that deploys Claude Code's managed settings (the gateway, the permission mode) was told its
    users need action: aicheck read only the user's and the projects' files. The managed file outranks all
    of them, the environment and a project that points elsewhere included."""
    m = machine_factory(platform_name)
    proj = m.h("src/api")
    _claude(m, (proj,), gateway=None)
    m.write_json(proj + "/.claude/settings.local.json", _env(DIRECT))  # outranked by the managed settings
    managed = m.write_json(
        MANAGED[platform_name],
        {"env": {"ANTHROPIC_BASE_URL": GATEWAY}, "permissions": {"defaultMode": "default", "allow": ["Read"]}},
    )
    m.write_json(proj + "/.claude/settings.json", {"permissions": {"defaultMode": "bypassPermissions"}})
    report = scan(m.machine(), pack)
    states, shown = _states(report), m.machine().display(managed)
    assert states["gateway"].state == MET
    assert states["gateway"].detail == (
        f"env.ANTHROPIC_BASE_URL = {GATEWAY!r} in {shown}, which outranks every other settings file"
    )
    assert states["asks-before-acting"].state == MET  # the project's bypass is outranked
    assert str(m.host(managed)) in report.audit.paths_read


def test_managed_settings_that_break_it_are_the_administrators_to_fix(machine_factory, pack):
    m = machine_factory("linux")
    _claude(m)  # the user's settings name the gateway
    managed = m.write_json(
        MANAGED["linux"],
        {"env": {"ANTHROPIC_BASE_URL": DIRECT}, "permissions": {"defaultMode": "bypassPermissions", "allow": ["Bash"]}},
    )
    report = scan(m.machine(), pack)
    states = _states(report)
    assert states["gateway"].state == UNMET
    assert (
        states["gateway"].detail
        == f"expected = {GATEWAY!r}: env.ANTHROPIC_BASE_URL is set to another value in {managed}"
    )
    assert states["asks-before-acting"].state == UNMET and managed in states["asks-before-acting"].detail
    # a managed allow rule is added to the others: holding Bash breaks it; the fix names only that value
    assert states["asks-before-shell-commands"].state == UNMET
    assert states["asks-before-shell-commands"].found_values == ("Bash",)
    plan = _plan(_finding(report), m)
    assert f"Ask whoever manages this machine's Claude Code settings: In {managed}: set env.ANTHROPIC_BASE_URL" in plan
    assert "SECRET-MARKER" not in plan + json.dumps([s.to_json() for s in states.values()])


def test_managed_settings_without_the_key_leave_the_other_places_to_decide(machine_factory, pack):
    m = machine_factory("linux")
    proj = m.h("src/api")
    _claude(m, (proj,))
    m.write_json(MANAGED["linux"], {"permissions": {"allow": ["Read"]}, "cleanupPeriodDays": 30})
    m.write_json(proj + "/.claude/settings.json", {"permissions": {"allow": ["Bash(*)"]}})
    states = _states(scan(m.machine(), pack))
    assert states["gateway"].state == MET and states["gateway"].detail.endswith("/.claude/settings.json")
    assert states["asks-before-shell-commands"].state == UNMET  # the project's rule is added to the managed ones
    m.write(MANAGED["linux"], "{ not json")
    states = _states(scan(m.machine(), pack))
    assert states["gateway"].state == UNMET and "cannot be read" in states["gateway"].detail


@pytest.mark.parametrize(
    "var, cid",
    [
        ("CLAUDE_CODE_USE_BEDROCK", "no-direct-bedrock"),
        ("CLAUDE_CODE_USE_VERTEX", "no-direct-vertex"),
        ("CLAUDE_CODE_USE_FOUNDRY", "no-direct-foundry"),
    ],
)
def test_a_cloud_provider_switch_goes_round_the_gateway(machine_factory, pack, var, cid):
    """With CLAUDE_CODE_USE_BEDROCK=1 Claude Code talks to Amazon Bedrock and ignores ANTHROPIC_BASE_URL: the
    gateway condition alone was met by a user whose every request bypassed the gateway."""
    m = machine_factory("linux")
    proj = m.h("src/api")
    _claude(m, (proj,))
    # nothing sets it; the environment of a disk image cannot be seen (a live scan sees it: met)
    assert _states(scan(m.machine(), pack))[cid].state == UNKNOWN
    local = m.write_json(proj + "/.claude/settings.local.json", {"env": {var: "1"}})
    report = scan(m.machine(), pack)
    states = _states(report)
    assert states["gateway"].state == MET  # what the gateway condition alone says
    assert states[cid].state == UNMET
    assert states[cid].detail == f"env.{var} is set (the policy forbids setting it) in {local}"
    assert f"Remove the key env.{var} from {local}." in _plan(_finding(report), m)
    # exported in a startup file: every session of that shell has it
    m.write_json(local, {})
    m.write(m.h(".zshrc"), f"export {var}=1\n")
    state = _states(scan(m.machine(), pack))[cid]
    assert state.state == UNMET and state.detail.endswith(f"in {m.h('.zshrc')} line 1")


def _gateway_on(m, pack, env_known: bool):
    from tui.core.channels.base import Context
    from tui.core.conditions import evaluate
    from tui.core.machine import Disk
    from tui.core.models import Audit

    cond = next(c for c in pack.policy.rule("claude-code").conditions if c.id == "gateway")
    machine = m.machine()
    return evaluate(cond, Context(Disk(machine, Audit()), machine, pack.catalog), False, env_known)


def test_on_the_live_machine_an_export_must_be_in_effect(machine_factory, pack):
    """aicheck started from another shell than the one whose startup file exports the value (bash, with the
    export in ~/.zshrc): on the live machine the export must be in effect too. A fleet's scan (no
    environment) takes the startup file's word."""
    m = machine_factory("linux")
    _claude(m, gateway=None)
    m.write(m.h(".zshrc"), f"alias ll='ls -l'\nexport ANTHROPIC_BASE_URL={GATEWAY}\n")
    live = _gateway_on(m, pack, env_known=True)
    assert live.state == UNMET
    assert f"$ANTHROPIC_BASE_URL is exported in {m.h('.zshrc')} line 2, but not set in the environment" in live.detail
    assert _gateway_on(m, pack, env_known=False).state == MET  # a fleet's scan of the same home
    m.env = {"ANTHROPIC_BASE_URL": GATEWAY}  # aicheck started from that shell, the export in effect
    assert _gateway_on(m, pack, env_known=True).state == MET


@pytest.mark.parametrize(
    "text",
    [
        f"if false; then\n  export ANTHROPIC_BASE_URL={GATEWAY}\nfi\n",
        f'[ -n "$NEVER" ] &&\n  export ANTHROPIC_BASE_URL={GATEWAY}\n',
        f"gw() {{ export ANTHROPIC_BASE_URL={GATEWAY}; }}\n",
        f"alias claude='ANTHROPIC_BASE_URL={GATEWAY} claude'\n",
    ],
)
def test_an_export_only_some_sessions_run_does_not_meet_it(machine_factory, pack, text):
    """A startup line the shell may skip (`if false; then export …; fi`, after `&&`, in a function) or that
    sets the value for one command met the condition on a fleet's scan, and on the live machine with
    `ANTHROPIC_BASE_URL=… aicheck check`. Neither meets it now; the detail says why and how to export it."""
    m = machine_factory("linux")
    _claude(m, gateway=None)
    m.write(m.h(".zshrc"), text)
    for env, known in (({}, False), ({"ANTHROPIC_BASE_URL": GATEWAY}, True)):
        m.env = env
        state = _gateway_on(m, pack, env_known=known)
        assert state.state == UNMET
        assert (
            "sets it for some sessions only (one command, an alias, a function, a block, a wrapper script or one folder): export it in a shell startup file, on a line of its own"
            in state.detail
        )
    m.write(m.h(".zshrc"), f"{text}export ANTHROPIC_BASE_URL={GATEWAY}\n")  # and exported for every session
    assert _gateway_on(m, pack, env_known=False).state == MET


def test_managed_settings_that_turn_bypassing_off_settle_the_bypass_conditions(machine_factory, pack):
    """permissions.disableBypassPermissionsMode = "disable" in the managed settings turns bypassPermissions
    and --dangerously-skip-permissions off for every session: a user's bypass setting or alias does nothing,
    so the conditions about it are met. What it does not turn off (an alias allowing every shell command) is
    still checked."""
    m = machine_factory("linux")
    proj = m.h("src/api")
    _claude(m, (proj,))
    m.write_json(proj + "/.claude/settings.local.json", {"permissions": {"defaultMode": "bypassPermissions"}})
    m.write(m.h(".zshrc"), "alias cc='claude --dangerously-skip-permissions'\nalias cb='claude --allowedTools Bash'\n")
    m.write_json(m.h(".config/Code/User/settings.json"), {"claudeCode.allowDangerouslySkipPermissions": True})
    states = _states(scan(m.machine(), pack))
    bypass = ("asks-before-acting", "not-started-unattended", "no-skipping-in-editors")
    assert [states[c].state for c in bypass] == [UNMET] * 3
    managed = m.write_json(MANAGED["linux"], {"permissions": {"disableBypassPermissionsMode": "disable"}})
    states = _states(scan(m.machine(), pack))
    assert [states[c].state for c in bypass] == [MET] * 3
    assert states["not-started-unattended"].detail == (
        f"what it forbids is turned off for every session: permissions.disableBypassPermissionsMode = 'disable' in {managed}"
    )
    assert states["asks-before-shell-commands-at-start"].state == UNMET  # not a bypass: still checked
    # another value, or a managed file that cannot be read, settles nothing: the startup files decide
    m.write_json(managed, {"permissions": {"disableBypassPermissionsMode": "enable"}})
    assert _states(scan(m.machine(), pack))["not-started-unattended"].state == UNMET
    m.write(managed, "{ not json")
    states = _states(scan(m.machine(), pack))
    assert states["not-started-unattended"].state == UNMET
    assert states["asks-before-acting"].state == UNMET and states["asks-before-acting"].by_admin


def test_managed_drop_ins_merge_over_the_managed_file_by_name(machine_factory, pack, platform_name):
    """Claude Code (2.1.83 and later) merges each managed-settings.d/*.json over managed-settings.json, in the
    order of their names, the later winning; hidden files are ignored. A drop-in that turns bypassing off
    settles the bypass conditions; a later one that sets another value undoes it; a hidden one settles
    nothing; a drop-in that asks for bypassPermissions breaks the condition, with the fix for the admin."""
    m = machine_factory(platform_name)
    _claude(m, ())
    m.write_json(m.h(".claude/settings.json"), {"permissions": {"defaultMode": "bypassPermissions"}})
    drop_ins = MANAGED[platform_name].rpartition("/")[0] + "/managed-settings.d"
    off = {"permissions": {"disableBypassPermissionsMode": "disable"}}
    hidden = m.write_json(f"{drop_ins}/.00-hidden.json", off)
    assert _states(scan(m.machine(), pack))["asks-before-acting"].state == UNMET
    security = m.write_json(f"{drop_ins}/10-security.json", off)
    state = _states(scan(m.machine(), pack))["asks-before-acting"]
    assert state.state == MET and state.detail.endswith(f"in {m.machine().display(security)}")
    m.write_json(f"{drop_ins}/90-team.json", {"permissions": {"disableBypassPermissionsMode": "enable"}})
    assert _states(scan(m.machine(), pack))["asks-before-acting"].state == UNMET
    m.host(hidden).unlink()
    m.write_json(f"{drop_ins}/90-team.json", {"permissions": {"defaultMode": "bypassPermissions"}})
    m.write_json(m.h(".claude/settings.json"), {})
    m.host(security).unlink()
    state = _states(scan(m.machine(), pack))["asks-before-acting"]
    assert state.state == UNMET and state.by_admin and "90-team.json" in state.detail


@pytest.mark.parametrize("where", ["device", "user"])
def test_on_a_mac_an_mdm_profile_takes_the_place_of_the_managed_files(machine_factory, pack, where):
    """Claude Code takes its managed settings from the first source it finds, and an MDM profile's managed
    preferences come before managed-settings.json: while a profile's preferences are there, the files switch
    nothing off (they settle no condition, deny no server, keep no hook from running) and the audit says so."""
    m = machine_factory("macos")
    _claude(m, ())
    m.write_json(m.h(".claude/settings.json"), {"permissions": {"defaultMode": "bypassPermissions"}})
    m.write_json(m.h(".claude.json"), {"mcpServers": {"far": {"url": "https://far.example/mcp"}}})
    m.write_json(
        MANAGED["macos"],
        {"permissions": {"disableBypassPermissionsMode": "disable"}, "deniedMcpServers": [{"serverName": "far"}]},
    )
    report = scan(m.machine(), pack)
    assert _states(report)["asks-before-acting"].state == MET
    assert next(f for f in report.surface.servers if f.item.name == "far").item.not_started
    user = m.machine().home.rstrip("/").rpartition("/")[2]
    folder = f"/Library/Managed Preferences/{user}" if where == "user" else "/Library/Managed Preferences"
    plist = m.write(f"{folder}/com.anthropic.claudecode.plist", "<plist/>")
    report = scan(m.machine(), pack)
    state = _states(report)["asks-before-acting"]
    assert state.state == UNMET and not state.by_admin
    assert not next(f for f in report.surface.servers if f.item.name == "far").item.not_started
    shown = m.machine().display(plist)
    assert any(s.path == m.machine().display(MANAGED["macos"]) and shown in s.reason for s in report.audit.skipped)


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
@pytest.mark.parametrize("moved", [False, True])
def test_the_servers_settings_kept_on_disk_take_the_place_of_the_managed_files(machine_factory, pack, platform, moved):
    """The settings a company delivers from claude.ai come first of all, and Claude Code keeps them in
    remote-settings.json in its configuration folder (~/.claude, or the one CLAUDE_CONFIG_DIR names): while
    that file is there, managed-settings.json is not the source Claude Code uses, so it settles nothing and
    denies no server. The file is never read: the user can write it."""
    m = machine_factory(platform)
    _claude(m, ())
    m.write_json(m.h(".claude/settings.json"), {"permissions": {"defaultMode": "bypassPermissions"}})
    m.write_json(m.h(".claude.json"), {"mcpServers": {"far": {"url": "https://far.example/mcp"}}})
    m.write_json(
        MANAGED[platform],
        {"permissions": {"disableBypassPermissionsMode": "disable"}, "deniedMcpServers": [{"serverName": "far"}]},
    )
    folder = m.h("claude-home") if moved else m.h(".claude")
    if moved:
        m.env["CLAUDE_CONFIG_DIR"] = folder
        m.write_json(f"{folder}/settings.json", {"permissions": {"defaultMode": "bypassPermissions"}})
    report = scan(m.machine(), pack)
    assert _states(report)["asks-before-acting"].state == MET
    assert next(f for f in report.surface.servers if f.item.name == "far").item.not_started
    cache = m.write(f"{folder}/remote-settings.json", '{"permissions": {"disableBypassPermissionsMode": "disable"}}')
    report = scan(m.machine(), pack)
    state = _states(report)["asks-before-acting"]
    assert state.state == UNMET and not state.by_admin, state.detail
    assert not next(f for f in report.surface.servers if f.item.name == "far").item.not_started
    shown = m.machine().display(cache)
    assert any(s.path == m.machine().display(MANAGED[platform]) and shown in s.reason for s in report.audit.skipped)
    assert str(m.host(cache)) not in report.audit.paths_read


@pytest.mark.parametrize(
    "body, message",
    [
        ('startup_flags = ["--x"]\nenforced_by = ["/etc/o.json"]', "enforced_by and settled_by go together"),
        (
            'files = ["{home}/.o.json"]\nkey = "a"\nnot_equals = "x"\nsettled_by = { key = "b", equals = "c" }',
            "settled_by goes with",
        ),
        (
            'files = ["{home}/.o.json"]\nenforced_by = ["/etc/o.json"]\nkey = "a"\nnot_equals = "x"\nsettled_by = { key = "b" }',
            "equals",
        ),
        (
            'files = ["{home}/.o.json"]\nenforced_by = ["/etc/o.json"]\nkey = "a"\nequals = "x"\nsettled_by = { key = "b", equals = "c" }',
            "settled_by goes with",
        ),
    ],
)
def test_settled_by_is_checked_with_file_and_line(tmp_path, body, message):
    text = condition_refusal(tmp_path, body)
    assert message in text and "policy.toml:" in text, text


def test_a_folder_variable_naming_the_default_folder_needs_nothing_more(machine_factory, pack):
    """`export CLAUDE_CONFIG_DIR="$HOME/.claude"`: both settings groups are the same file, read once and
    counted for each; the gateway there meets the condition."""
    m = machine_factory("linux")
    _claude(m)
    m.write(m.h(".zshrc"), 'export CLAUDE_CONFIG_DIR="$HOME/.claude"\n')
    report = scan(m.machine(), pack)
    assert _gateway(report).state == MET, _gateway(report).detail
    assert report.audit.paths_read.count(str(m.host(m.h(".claude/settings.json")))) == 1
