"""Conditions read project-level settings the tool's own config names ({claude_project}: the projects in
~/.claude.json; {codex_project}: the trusted projects in ~/.codex/config.toml), bounded, never a walk, and
YAML settings files through the one hardened YAML loader. A forbidden value in a project makes the tool
"action required" with a fix naming that file and key; no value read ever reaches an output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support.agents import every_output
from tui.core.agents.locations import MAX_PROJECTS
from tui.core.conditions import MET, UNMET
from tui.core.content import ContentError, load_pack
from tui.core.remediation import fix_plan
from tui.core.scanner import scan
from tui.paths import bundled_content_dir

MARKER = "sk-proj-SECRET-MARKER-77c1"


def _finding(report, tool_id: str):
    return next(f for f in report.findings if f.tool.id == tool_id)


def _state(report, tool_id: str, cid: str):
    return next(c for c in _finding(report, tool_id).conditions if c.condition.id == cid)


def _plan(finding, m) -> str:
    return " ".join(s.text for r in fix_plan(finding, m.machine()) for s in r.steps)


def _claude(m, projects: list[str]) -> None:
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com"}})
    m.write_json(m.h(".claude.json"), {"projects": {m.machine().display(p): {"allowedTools": []} for p in projects}})


def test_a_project_local_setting_bypassing_permissions_requires_action(machine_factory, platform_name, pack):
    m = machine_factory(platform_name)
    quiet, wild = m.h("src/quiet"), m.h("src/wild")
    _claude(m, [quiet, wild])
    m.write_json(quiet + "/.claude/settings.json", {"permissions": {"defaultMode": "acceptEdits"}})
    local = m.write_json(
        wild + "/.claude/settings.local.json",
        {"permissions": {"defaultMode": "bypassPermissions"}, "env": {"API_KEY": MARKER}},
    )
    report = scan(m.machine(), pack)
    state = _state(report, "claude-code", "asks-before-acting")
    shown = m.machine().display(local)
    assert state.state == UNMET
    assert state.detail == f"permissions.defaultMode is set to 'bypassPermissions' (forbidden by the policy) in {shown}"
    finding = _finding(report, "claude-code")
    assert finding.action_required
    plan = _plan(finding, m)
    assert f"In {shown}: set permissions.defaultMode to a value other than 'bypassPermissions'" in plan
    assert m.machine().display(m.h(".claude/settings.json")) not in plan  # only the file that breaks it
    read = set(report.audit.paths_read)
    assert str(m.host(local)) in read and str(m.host(quiet + "/.claude/settings.json")) in read
    assert MARKER not in json.dumps(state.to_json()) + plan


def test_a_claude_config_dir_set_for_the_scan_does_not_hide_a_projects_setting(machine_factory, pack):
    """CLAUDE_CONFIG_DIR pointing at an empty folder: the projects ~/.claude.json lists are still looked at."""
    m = machine_factory("linux")
    wild = m.h("src/wild")
    _claude(m, [wild])
    m.write_json(wild + "/.claude/settings.local.json", {"permissions": {"defaultMode": "bypassPermissions"}})
    m.write_json(m.h("empty/.claude.json"), {"projects": {}})
    m.env = {"CLAUDE_CONFIG_DIR": m.h("empty")}
    report = scan(m.machine(), pack)
    assert _state(report, "claude-code", "asks-before-acting").state == UNMET
    assert _finding(report, "claude-code").action_required


def test_clean_projects_keep_the_condition_met(machine_factory, pack):
    m = machine_factory("linux")
    proj = m.h("work/api")
    _claude(m, [proj, "relative/ignored", m.h("gone")])
    m.write_json(proj + "/.claude/settings.json", {"permissions": {"defaultMode": "plan"}})
    report = scan(m.machine(), pack)
    state = _state(report, "claude-code", "asks-before-acting")
    assert state.state == MET and f"{proj}/.claude/settings.json" in state.detail


def test_codex_reads_only_trusted_projects(machine_factory, platform_name, pack):
    m = machine_factory(platform_name)
    m.npm("@openai/codex", "0.50.0", bin_name="codex")
    trusted, untrusted = m.h("code/trusted"), m.h("code/untrusted")
    d = m.machine().display
    m.write(
        m.h(".codex/config.toml"),
        'approval_policy = "on-request"\n'
        f'[projects.{json.dumps(d(trusted))}]\ntrust_level = "trusted"\n'
        f'[projects.{json.dumps(d(untrusted))}]\ntrust_level = "untrusted"\n',
    )
    bad = m.write(trusted + "/.codex/config.toml", 'approval_policy = "never"\n')
    ignored = m.write(untrusted + "/.codex/config.toml", 'sandbox_mode = "danger-full-access"\n')
    report = scan(m.machine(), pack)
    assert _state(report, "openai-codex", "asks-for-approval").state == UNMET
    assert _state(report, "openai-codex", "sandboxed").state == MET  # Codex itself ignores an untrusted project
    plan = _plan(_finding(report, "openai-codex"), m)
    assert f"In {d(bad)}: set approval_policy to a value other than 'never'" in plan
    assert str(m.host(ignored)) not in set(report.audit.paths_read)


def test_an_unreadable_project_list_is_never_a_clean_bill(machine_factory, pack):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(m.h(".claude.json"), '{"projects": {"' + MARKER)  # cut short
    report = scan(m.machine(), pack)
    state = _state(report, "claude-code", "asks-before-acting")
    assert state.state == UNMET
    assert state.detail == (
        f"cannot confirm that permissions.defaultMode is not 'bypassPermissions': {m.h('.claude.json')} cannot be read"
    )
    assert [s.path for s in report.audit.skipped] == [m.h(".claude.json")]  # noted once, though read for three uses
    assert MARKER not in state.detail + " ".join(s.reason for s in report.audit.skipped)


def test_project_lists_are_bounded_and_never_walked(machine_factory, pack):
    m = machine_factory("macos")
    projects = [m.h(f"p/{i:03d}") for i in range(MAX_PROJECTS + 10)]
    _claude(m, projects)
    m.write_json(projects[-1] + "/.claude/settings.json", {"permissions": {"defaultMode": "bypassPermissions"}})
    m.write_json(m.h("p/unlisted/.claude/settings.json"), {"permissions": {"defaultMode": "bypassPermissions"}})
    report = scan(m.machine(), pack)
    assert _state(report, "claude-code", "asks-before-acting").state == MET  # the last project is past the bound
    assert any(f"first {MAX_PROJECTS} only" in s.reason for s in report.audit.skipped)
    assert not any("unlisted" in p for p in report.audit.paths_read)
    # but a list padded past the bound never reads as clean: the list itself needs action
    [unchecked] = report.surface.unchecked
    assert unchecked.config == m.h(".claude.json") and unchecked.holds == "project MCP servers and settings"
    assert (
        unchecked.reason
        == f"{MAX_PROJECTS + 10} projects named: project settings read in the first {MAX_PROJECTS} only"
    )
    assert report.surface.counts()["action_required"] == 1


def test_project_settings_values_never_reach_any_output(machine_factory, capsys):
    m = machine_factory("linux")
    proj = m.h("src/x")
    _claude(m, [proj])
    m.write_json(proj + "/.claude/settings.local.json", {"permissions": {"defaultMode": MARKER}, "apiKey": MARKER})
    m.write(proj + "/.claude/settings.json", '{"permissions": {"defaultMode": "' + MARKER + '"')  # cut short
    outputs = every_output(m, capsys)
    assert all(MARKER not in o for o in outputs.values())
    check = outputs["check"]
    assert "cannot be read" in check and "settings.json" in check  # unreadable: never a clean bill


# -- YAML settings files in conditions ---------------------------------------------------------------
YAML_CONDITION = """
[[tools.ollama.conditions]]
id = "no-auto-mode"
text = "The agent asks before it runs tools"
files = ["{home}/.config/agent/config.yaml"]
key = "agent.mode"
none_of = ["auto", "yolo"]
"""


def _yaml_pack(tmp_path: Path, extra: str = YAML_CONDITION):
    root = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), root)
    with open(root / "policy.toml", "a", encoding="utf-8") as fh:
        fh.write(extra)
    return load_pack(root)


@pytest.mark.parametrize(
    "text, state, detail",
    [
        (f"agent:\n  mode: auto\n  token: {MARKER}\n", UNMET, "agent.mode is set to 'auto' (forbidden by the policy)"),
        ("agent:\n  mode: approve\n", MET, "agent.mode is none of 'auto', 'yolo'"),
        ("a: &x [1]\nagent: {mode: *x}\n", UNMET, "cannot be read"),
        (f"agent:\n  mode: !!python/object/apply:os.system ['{MARKER}']\n", UNMET, "cannot be read"),
    ],
)
def test_yaml_settings_files_in_conditions(machine_factory, tmp_path, text, state, detail):
    pack = _yaml_pack(tmp_path)
    m = machine_factory("linux")
    m.brew_formula("ollama", "0.12.6")
    m.config(m.h(".ollama"))
    m.write(m.h(".config/agent/config.yaml"), text)
    report = scan(m.machine(), pack)
    got = _state(report, "ollama", "no-auto-mode")
    assert got.state == state and detail in got.detail and MARKER not in got.detail
    skipped = " ".join(s.reason for s in report.audit.skipped)
    assert MARKER not in skipped
    if detail == "cannot be read":
        assert "invalid YAML" in skipped and "(line " in skipped


def test_a_project_token_must_begin_the_template(tmp_path):
    with pytest.raises(ContentError) as exc:
        _yaml_pack(
            tmp_path,
            """
[[tools.ollama.conditions]]
id = "x"
text = "x"
files = ["{home}/{claude_project}/x.json"]
key = "a"
absent = true
""",
        )
    assert "unknown path token '{claude_project}'" in str(exc.value)
