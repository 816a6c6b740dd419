"""Remediation that fixes exactly what the verdict needs (``tui.core.remediation.fix_plan``), through real scans
of synthetic machines: the affected or out-of-range install gets its channel's update command (or its
removal), a prohibited tool's installs are removed, an unaffected allowed install gets nothing, and a
folder holding a setting a policy condition reads is never offered for deletion: the setting is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.core.content import load_pack
from tui.core.remediation import Remediation, fix_plan
from tui.core.scanner import ScanReport, scan
from tui.demo import build_demo
from tui.demo.synthetic import SyntheticMachine
from tui.paths import bundled_content_dir
from tui.report.check import evaluate

CLAUDE = "@anthropic-ai/claude-code"


def plan_for(report: ScanReport, tool_id: str) -> list[Remediation]:
    f = report.finding(tool_id)
    assert f is not None, tool_id
    return fix_plan(f, report.machine)


def every_command(plan: list[Remediation]) -> list[str]:
    out = []
    for rem in plan:
        out += rem.commands + (rem.instead.commands if rem.instead else [])
    return out


def hints(report: ScanReport, tool_id: str) -> list[str]:
    return next(line for line in evaluate(report)[1] if line.tool_id == tool_id).hints


def test_demo_machine_updates_the_affected_install_and_keeps_the_fixed_one_and_the_settings(tmp_path, pack):
    m = build_demo(tmp_path / "demo")
    report = scan(m.machine(), pack)
    plan = plan_for(report, "claude-code")
    commands = every_command(plan)
    assert [r.action for r in plan] == ["update", "setting"]
    assert plan[0].install.version == "2.1.150"
    assert plan[0].commands == [f"npm install --global {CLAUDE}@2.1.198"]
    assert plan[0].instead is not None and plan[0].instead.commands == [f"npm uninstall --global {CLAUDE}"]
    # nothing touches the fixed native install or the folder that holds the gateway setting
    assert not any("2.1.201" in c or c.endswith("/.claude") or "claude/versions" in c for c in commands)
    assert (
        "Set env.ANTHROPIC_BASE_URL to 'https://ai-gateway.example.com' in /Users/ada/.claude/settings.json"
        in plan[1].steps[0].text
    )
    lines = hints(report, "claude-code")
    assert f"update: npm install --global {CLAUDE}@2.1.198" in lines
    assert not any("rm -rf" in h for h in lines)
    assert any(
        h.startswith(
            "meet the condition: Claude Code talks only to the company AI gateway - Set env.ANTHROPIC_BASE_URL"
        )
        for h in lines
    )


def test_an_affected_version_next_to_a_fixed_one(machine_factory, pack):
    m = machine_factory("macos")
    m.npm(CLAUDE, "2.1.150", manager="pnpm")
    m.brew_cask("claude-code", "2.1.201")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com"}})
    report = scan(m.machine(), pack)
    plan = plan_for(report, "claude-code")
    assert [(r.action, r.install.channel, r.install.version) for r in plan] == [("update", "npm", "2.1.150")]
    assert plan[0].commands == [f"pnpm add --global {CLAUDE}@2.1.198"]
    assert not any("claude-code" in c and "brew" in c for c in every_command(plan))


def test_a_version_below_the_allowed_range_outside_any_advisory(machine_factory, pack):
    m = machine_factory("linux")
    m.brew_cask("claude-code", "2.0.5")  # before the advisory, below the allowed >=2.1.198
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com"}})
    report = scan(m.machine(), pack)
    f = report.finding("claude-code")
    assert f.action_required and not f.affected
    plan = fix_plan(f, report.machine)
    assert [r.action for r in plan] == ["update"]
    assert plan[0].commands == ["brew upgrade --cask claude-code"]
    assert "update to >=2.1.198" in plan[0].summary
    assert plan[0].instead.commands == ["brew uninstall --cask claude-code"]


def test_native_installer_updates_itself_and_the_old_version_goes(machine_factory, pack):
    m = machine_factory("linux")
    old = m.native(m.h(".local/share/claude/versions"), "2.1.150", link=m.h(".local/bin/claude"))
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com"}})
    report = scan(m.machine(), pack)
    plan = plan_for(report, "claude-code")
    assert len(plan) == 1 and plan[0].action == "update" and plan[0].install.channel == "native"
    assert plan[0].commands == ["claude update", f"rm -rf -- {old}"]
    assert "2.1.198 or later" in plan[0].steps[0].text


def test_a_prohibited_tool_loses_every_install_and_its_traces_last(machine_factory, pack):
    m = machine_factory("macos")
    m.npm("@google/gemini-cli", "0.9.0", manager="nvm", bin_name="gemini")
    m.brew_formula("gemini-cli", "0.9.0", npm_package="@google/gemini-cli", npm_version="0.9.0")
    m.config(m.h(".gemini/extensions"))
    report = scan(m.machine(), pack)
    plan = plan_for(report, "gemini-cli")
    assert [r.install.channel for r in plan] == ["npm", "brew", "config"]  # the command on PATH goes with them
    assert {r.action for r in plan} == {"remove"}
    assert every_command(plan) == [
        "npm uninstall --global @google/gemini-cli",
        "brew uninstall gemini-cli",
        f"rm -rf -- {m.h('.gemini/extensions')}",
    ]
    assert list(hints(report, "gemini-cli")[:3]) == [f"remove: {c}" for c in every_command(plan)]


def test_a_folder_holding_a_needed_setting_is_never_deleted(machine_factory, pack):
    m = machine_factory("windows")
    m.npm(CLAUDE, "2.1.201", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"model": "sonnet"})  # no gateway
    report = scan(m.machine(), pack)
    f = report.finding("claude-code")
    assert any(i.channel == "config" and i.path.endswith("\\.claude") for i in f.installs)
    plan = fix_plan(f, report.machine)
    assert [r.action for r in plan] == ["setting"]
    assert every_command(plan) == []
    assert "C:\\Users\\ada\\.claude\\settings.json" in plan[0].steps[0].text


def test_a_prohibited_tools_trace_that_an_allowed_tool_here_reads_is_kept(machine_factory, pack):
    """Gemini Code Assist's agent mode (approved) reads Gemini CLI's ~/.gemini/settings.json (its auto-accept
    condition names it): removing a prohibited Gemini CLI keeps that file while Code Assist is installed, since
    deleting it would take Code Assist's settings too. Without Code Assist, the trace goes as before."""
    m = machine_factory("linux")
    m.npm("@google/gemini-cli", "0.9.0", bin_name="gemini")
    settings = m.write_json(m.h(".gemini/settings.json"), {"tools": {"autoAccept": False}})
    removal = f"rm -rf -- {settings}"
    assert removal in every_command(plan_for(scan(m.machine(), pack), "gemini-cli"))
    m.vscode_extension("google.geminicodeassist", "2.50.0")
    report = scan(m.machine(), pack)
    assert every_command(plan_for(report, "gemini-cli")) == ["npm uninstall --global @google/gemini-cli"]
    assert report.finding("gemini-cli").action_required


def test_an_allowed_unaffected_install_gets_nothing(machine_factory, pack):
    m = machine_factory("linux")
    m.npm(CLAUDE, "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com"}})
    m.vscode_extension("github.copilot", "1.300.0")
    report = scan(m.machine(), pack)
    assert plan_for(report, "claude-code") == [] and plan_for(report, "github-copilot") == []


@pytest.fixture
def ranged_pack(tmp_path):
    """The bundled pack with an allowed version range for Aider (pipx/pip updates)."""
    content = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), content)
    policy = content / "policy.toml"
    text = policy.read_text()
    policy.write_text(
        text.replace('alternatives = ["continue"]\n', 'alternatives = ["continue"]\nversions = ">=0.90"\n', 1)
    )
    pack = load_pack(content)
    assert pack.policy.rule("aider").versions.text == ">=0.90"
    return pack


@pytest.mark.parametrize(
    "manager,command",
    [
        ("pipx", "pipx upgrade aider-chat"),
        ("uv", "uv tool upgrade aider-chat"),
        ("pip", "python3 -m pip install --upgrade 'aider-chat>=0.90'"),
    ],
)
def test_python_installs_outside_the_range_are_upgraded_by_their_manager(tmp_path, ranged_pack, manager, command):
    m = SyntheticMachine(Path(tmp_path) / "disk", "linux")
    m.python("aider-chat", "0.86.1", manager=manager)
    report = scan(m.machine(), ranged_pack)
    plan = plan_for(report, "aider")
    updates = [r for r in plan if r.action == "update"]
    assert len(updates) == 1 and updates[0].commands == [command]


def test_a_condition_left_unconfirmed_by_a_file_that_cannot_be_read_is_fixed_by_repairing_it(machine_factory, pack):
    """Gemini Code Assist's auto-accept condition cannot be confirmed while Gemini CLI's trust list (which names
    the projects whose settings count) or a settings file is broken: the fix is to repair that file, with the
    place to look, not to change a setting in files that are fine."""
    m = machine_factory("linux")
    m.vscode_extension("google.geminicodeassist", "2.50.0")
    trust = m.write(m.h(".gemini/trustedFolders.json"), '{ "/home/ada/src": "TRUST_FOLDER", ')
    report = scan(m.machine(), pack)
    [fix] = [r for r in plan_for(report, "gemini-code-assist") if "auto-accept is off)" in r.summary]
    [step] = fix.steps
    assert step.text.startswith(f"Repair {trust} (aicheck scan --explain") and "autoAccept" not in step.text
    m.write(m.h(".gemini/trustedFolders.json"), "{}")
    settings = m.write(m.h(".gemini/settings.json"), '{"tools": ')
    [fix] = [r for r in plan_for(scan(m.machine(), pack), "gemini-code-assist") if "auto-accept is off)" in r.summary]
    assert fix.steps[0].text.startswith(f"Repair {settings}")
