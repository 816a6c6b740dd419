"""Verdicts: policy status, version constraints, advisories on every channel, conditions, exceptions."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.core.grants import CheckedGrant
from tui.core.scanner import scan
from tui.services import attestations

TODAY = dt.date(2026, 11, 21)


def claude_via(m, channel: str, version: str):
    if channel == "npm":
        m.npm("@anthropic-ai/claude-code", version)
    elif channel == "native":
        m.native(m.h(".local/share/claude/versions"), version)
    elif channel == "brew":
        m.brew_cask("claude-code", version)
    elif channel == "vscode":
        m.vscode_extension("anthropic.claude-code", version)
    elif channel == "jetbrains":
        m.jetbrains_plugin("com.anthropic.code.plugin", version, "claude-code-jetbrains-plugin")


@pytest.mark.parametrize("channel", ["npm", "native", "brew", "vscode", "jetbrains"])
@pytest.mark.parametrize(
    "version,affected",
    [("2.1.90", False), ("2.1.91", True), ("2.1.150", True), ("2.1.197", True), ("2.1.198", False), ("2.2.0", False)],
)
def test_tracking_advisory_applies_to_every_channel(machine_factory, pack, channel, version, affected):
    m = machine_factory("macos" if channel == "brew" else "linux")
    claude_via(m, channel, version)
    f = scan(m.machine(), pack).finding("claude-code")
    ids = [a.id for a in f.advisories]
    assert ("AICHECK-2026-0001" in ids) is affected
    if affected:
        assert f.verdict == "prohibited" and f.action_required
        assert any("AICHECK-2026-0001" in r for r in f.reasons)


def test_version_constraint_outside_range_needs_action(machine_factory, pack):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.0.5")  # before the advisory, but below the allowed >=2.1.198
    f = scan(m.machine(), pack).finding("claude-code")
    assert f.advisories == []
    assert f.verdict == "prohibited"
    assert any("outside the allowed range >=2.1.198" in r for r in f.reasons)


def test_conditional_tool_with_gateway_env_met(machine_factory, pack):
    """The variable in the user's shell, as every session of that shell gets it (the startup file's export;
    aicheck's own environment alone is one run's, see test_required_settings)."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250")
    m.env["ANTHROPIC_BASE_URL"] = "https://ai-gateway.example.com"
    m.write(m.h(".bashrc"), "export ANTHROPIC_BASE_URL=https://ai-gateway.example.com\n")
    f = scan(m.machine(), pack).finding("claude-code")
    states = {c.condition.id: c.state for c in f.conditions}
    assert states["gateway"] == "met"
    assert f.verdict == "conditional" and not f.action_required


def test_conditional_tool_with_gateway_in_settings_file(machine_factory, pack):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250")
    m.write_json(
        m.h(".claude/settings.json"),
        {"env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com", "ANTHROPIC_API_KEY": "sk-secret"}},
    )
    f = scan(m.machine(), pack).finding("claude-code")
    gateway = next(c for c in f.conditions if c.condition.id == "gateway")
    assert gateway.state == "met"
    assert "sk-secret" not in gateway.detail
    assert not f.action_required


def test_unmet_condition_is_action_required(machine_factory, pack):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250")
    m.env["ANTHROPIC_BASE_URL"] = "https://api.personal-proxy.example.net"
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": "https://wrong.example.org"}})
    f = scan(m.machine(), pack).finding("claude-code")
    assert f.verdict == "conditional" and f.action_required
    assert [c.condition.id for c in f.unmet_conditions()] == ["gateway"]


def test_attestation_is_a_warning_until_confirmed(machine_factory, pack):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250")
    m.env["ANTHROPIC_BASE_URL"] = "https://ai-gateway.example.com"
    f = scan(m.machine(), pack).finding("claude-code")
    assert any("confirm" in w.lower() for w in f.warnings)
    attestations.record(pack.policy, "claude-code", "no-customer-data")
    f = scan(m.machine(), pack, attested=attestations.load(pack.policy)).finding("claude-code")
    assert {c.condition.id: c.state for c in f.conditions}["no-customer-data"] == "confirmed"
    assert not any("confirm" in w.lower() for w in f.warnings)
    # another policy version asks again (tests/test_attestations.py: a comment does not)
    import dataclasses

    assert attestations.load(dataclasses.replace(pack.policy, version="2099.1")) == set()


def test_ban_versus_restrict_same_vendor(machine_factory, pack):
    """The consumer Gemini CLI is banned while the enterprise Gemini Code Assist is approved."""
    m = machine_factory("linux")
    m.npm("@google/gemini-cli", "0.9.0")
    m.vscode_extension("google.geminicodeassist", "2.28.0")
    r = scan(m.machine(), pack)
    assert r.finding("gemini-cli").verdict == "prohibited"
    assert r.finding("gemini-code-assist").verdict == "approved"
    assert [t.id for t in r.finding("gemini-cli").alternatives] == ["gemini-code-assist"]


def test_unreviewed_tool_default(machine_factory, pack):
    m = machine_factory("linux")
    m.npm("@qwen-code/qwen-code", "0.1.0")
    f = scan(m.machine(), pack).finding("qwen-code")
    assert f.verdict == "unreviewed" and not f.action_required


def test_signed_grant_excepts_until_expiry_and_warns_a_week_before(machine_factory, pack, tmp_path):
    from support.grants import USER, issue, new_key
    from tui.core.grants import GrantPolicy

    key_file, public = new_key(tmp_path / "keys")
    trust = GrantPolicy((public,), tools=frozenset(pack.catalog.tools), user=USER)

    def checked(until):
        g = issue(key_file, until=until, issued=TODAY - dt.timedelta(days=60), ticket="SEC-7")
        return [CheckedGrant(g, trust.refusal(g))]

    m = machine_factory("macos")
    m.mac_app("Cursor.app", "com.todesktop.230313mzl4w4u92", "1.7.2")
    f = scan(m.machine(), pack, grants=checked(TODAY + dt.timedelta(days=30)), today=TODAY).finding("cursor")
    assert f.verdict == "excepted" and not f.action_required and not f.warnings
    assert "signed grant GRT-" in f.reasons[0] and "SEC-7" in f.reasons[0]
    f = scan(m.machine(), pack, grants=checked(TODAY + dt.timedelta(days=5)), today=TODAY).finding("cursor")
    assert f.verdict == "excepted" and any("expires in 5 days" in w for w in f.warnings)
    f = scan(m.machine(), pack, grants=checked(TODAY - dt.timedelta(days=1)), today=TODAY).finding("cursor")
    assert f.verdict == "prohibited" and f.action_required
    assert any("expired on" in w for w in f.warnings)


def test_generic_executable_alone_is_not_a_detection(machine_factory, pack):
    m = machine_factory("linux")
    for name in ("q", "goose", "amp", "cn", "agent", "copilot"):
        m.executable(name)
    assert scan(m.machine(), pack).findings == []


def test_generic_executable_counts_when_another_channel_corroborates(machine_factory, pack):
    m = machine_factory("macos")
    m.executable("goose")
    m.brew_cask("block-goose", "1.9.0")
    f = scan(m.machine(), pack).finding("goose")
    assert {i.channel for i in f.installs} == {"path", "brew"}


def test_editor_without_ai_is_not_a_tool(machine_factory, pack):
    m = machine_factory("linux")
    m.executable("code")
    m.executable("pycharm")
    m.config(m.h(".vscode"))
    m.config(m.h(".config/JetBrains"))
    assert scan(m.machine(), pack).findings == []


def test_findings_sorted_action_first(machine_factory, pack):
    m = machine_factory("linux")
    m.vscode_extension("github.copilot", "1.300.0")
    m.npm("@google/gemini-cli", "0.9.0")
    m.npm("@qwen-code/qwen-code", "0.1.0")
    ids = [f.tool.id for f in scan(m.machine(), pack).findings]
    assert ids[0] == "gemini-cli" and ids[-1] == "github-copilot"


def test_headline_is_what_decided_the_verdict(machine_factory, pack):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.120")
    f = scan(m.machine(), pack).finding("claude-code")
    assert f.headline.startswith("Affected by AICHECK-2026-0001")
    assert any(r.startswith("Conditional by policy") for r in f.reasons)
