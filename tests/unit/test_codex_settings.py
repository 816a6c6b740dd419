"""Codex's settings as Codex reads them: the gateway is the provider *selected* (model_provider), a profile
is a file of its own (``codex --profile NAME`` lays ``~/.codex/NAME.config.toml`` over config.toml, Codex
0.134 and later), and ``-c key=value`` sets any key for one run. Each was a way round the example pack's
conditions: a provider defined but not selected, a profile file with the sandbox off, an alias with -c."""

from __future__ import annotations

import pytest

from tui.core.conditions import MET, UNMET
from tui.core.remediation import fix_plan
from tui.core.scanner import scan

GATEWAY = 'model_provider = "example-gateway"\n\n[model_providers.example-gateway]\nbase_url = "https://ai-gateway.example.com/v1"\n'


def _codex(m, config: str | None = GATEWAY) -> None:
    m.npm("@openai/codex", "0.150.0", bin_name="codex")
    if config is not None:
        m.write(m.h(".codex/config.toml"), config)


def _states(report) -> dict:
    f = next(f for f in report.findings if f.tool.id == "openai-codex")
    return {c.condition.id: c for c in f.conditions}


def _plan(report, m) -> str:
    f = next(f for f in report.findings if f.tool.id == "openai-codex")
    return " ".join(s.text for r in fix_plan(f, m.machine()) for s in r.steps)


def test_the_gateway_provider_selected_and_pointing_at_the_gateway(machine_factory, platform_name, pack):
    m = machine_factory(platform_name)
    _codex(m)
    states = _states(scan(m.machine(), pack))
    assert states["gateway"].state == MET, states["gateway"].detail
    assert states["gateway-address"].state == MET
    assert states["gateway-on-the-command-line"].state == MET


def test_a_gateway_provider_defined_but_not_selected_is_not_the_gateway(machine_factory, pack):
    """The provider table copied from the guide, model_provider left out: Codex uses its built-in provider."""
    m = machine_factory("linux")
    _codex(m, GATEWAY.split("\n", 1)[1])
    report = scan(m.machine(), pack)
    states = _states(report)
    assert states["gateway"].state == UNMET and states["gateway-address"].state == MET
    assert f"Set model_provider to 'example-gateway' in {m.h('.codex/config.toml')}" in _plan(report, m)


def test_a_profile_file_with_another_provider_or_the_sandbox_off(machine_factory, pack):
    m = machine_factory("macos")
    _codex(m)
    m.write(m.h(".codex/fast.config.toml"), 'model = "gpt-5.5"\n')  # a profile that changes nothing here
    direct = m.write(
        m.h(".codex/direct.config.toml"), 'model_provider = "openai"\nsandbox_mode = "danger-full-access"\n'
    )
    report = scan(m.machine(), pack)
    states = _states(report)
    assert states["gateway"].state == UNMET
    assert states["gateway"].detail.endswith(f"model_provider is set to another value in {direct}")
    assert states["sandboxed"].state == UNMET and direct in states["sandboxed"].detail
    assert str(m.host(m.h(".codex/fast.config.toml"))) in report.audit.paths_read
    plan = _plan(report, m)
    assert f"In {direct}: set model_provider to 'example-gateway', or remove the key." in plan
    assert m.h(".codex/fast.config.toml") not in plan
    # config.toml itself is no profile, and a profile file elsewhere is not Codex's
    m.write(m.h(".codex/direct.config.toml"), 'model = "o3"\n')
    m.write(m.h("direct.config.toml"), 'sandbox_mode = "danger-full-access"\n')
    states = _states(scan(m.machine(), pack))
    assert states["gateway"].state == MET and states["sandboxed"].state == MET


def test_more_profile_files_than_are_read_cannot_confirm_it(machine_factory, pack):
    from tui.core.conditions import MAX_GLOBBED_FILES

    m = machine_factory("linux")
    _codex(m)
    for i in range(MAX_GLOBBED_FILES + 1):
        m.write(m.h(f".codex/p{i:03}.config.toml"), "")
    states = _states(scan(m.machine(), pack))
    assert states["sandboxed"].state == UNMET
    assert f"*.config.toml (more than {MAX_GLOBBED_FILES} files) cannot be read" in states["sandboxed"].detail


@pytest.mark.parametrize(
    "line, condition",
    [
        ("alias codex='codex -c sandbox_mode=danger-full-access'", "not-started-unattended"),
        ("alias codex='codex -c sandbox_mode=\"danger-full-access\"'", "not-started-unattended"),
        ('alias cx="codex --config \'approval_policy = \\"never\\"\'"', "not-started-unattended"),
        ("alias cx='codex --config=approval_policy=never'", "not-started-unattended"),
        ("alias cx='codex -c model_provider=openai'", "gateway-on-the-command-line"),
        (
            "alias cx='codex -c model_providers.example-gateway.base_url=\"https://x.test\"'",
            "gateway-on-the-command-line",
        ),
        ("alias cx='codex -c sandbox_mode=workspace-write -c approval_policy=on-request'", None),
        ("alias cx='codex -c model_reasoning_effort=high'", None),
    ],
)
def test_a_setting_an_alias_gives_with_c(machine_factory, pack, line, condition):
    m = machine_factory("linux")
    _codex(m)
    m.write(m.h(".bashrc"), f"{line}\n")
    states = _states(scan(m.machine(), pack))
    broken = {cid for cid in ("not-started-unattended", "gateway-on-the-command-line") if states[cid].state == UNMET}
    assert broken == ({condition} if condition else set()), {c: states[c].detail for c in broken}
    if condition:
        assert states[condition].detail.startswith(f"{m.h('.bashrc')} line 1 starts codex with ")


def test_requirements_toml_that_allows_no_forbidden_value_settles_it(machine_factory, pack):
    """A company that deploys /etc/codex/requirements.toml (Codex falls back to an allowed value whatever
    config.toml, a profile or -c says) was told its users need action for a sandbox_mode Codex never uses."""
    m = machine_factory("linux")
    _codex(m, 'sandbox_mode = "danger-full-access"\napproval_policy = "never"\n' + GATEWAY)
    m.write(m.h(".codex/yolo.config.toml"), 'sandbox_mode = "danger-full-access"\n')
    states = _states(scan(m.machine(), pack))
    assert states["sandboxed"].state == UNMET and states["asks-for-approval"].state == UNMET
    requirements = m.write(
        "/etc/codex/requirements.toml",
        'allowed_sandbox_modes = ["read-only", "workspace-write"]\nallowed_approval_policies = ["on-request", "never"]\n',
    )
    states = _states(scan(m.machine(), pack))
    assert states["sandboxed"].state == MET
    assert states["sandboxed"].detail == (
        f"sandbox_mode is not 'danger-full-access': allowed_sandbox_modes in {requirements} does not allow it, "
        "whatever else is set"
    )
    assert states["asks-for-approval"].state == UNMET  # "never" is among the allowed: config.toml decides
    # an empty or malformed list settles nothing; an unreadable file cannot confirm anything
    m.write(requirements, "allowed_sandbox_modes = []\n")
    assert _states(scan(m.machine(), pack))["sandboxed"].state == UNMET
    m.write(requirements, "allowed_sandbox_modes = [\n")
    state = _states(scan(m.machine(), pack))["sandboxed"]
    assert state.state == UNMET and "cannot be read" in state.detail and state.by_admin


def test_allowed_key_goes_with_enforced_by_and_a_forbidding_operator(tmp_path):
    from support.packs import condition_refusal

    text = condition_refusal(
        tmp_path, 'files = ["{home}/.o.toml"]\nkey = "a"\nallowed_key = "allowed_a"\nnot_equals = "x"'
    )
    assert "allowed_key goes with enforced_by" in text and "policy.toml:" in text


def test_a_legacy_profile_table_with_another_provider_breaks_the_gateway(machine_factory, pack):
    """Before Codex 0.134 a profile was a [profiles.NAME] table in config.toml (codex --profile NAME, or
    profile = "NAME"): one with model_provider = "openai" sends its sessions past the gateway."""
    m = machine_factory("linux")
    _codex(
        m,
        GATEWAY.replace(
            "\n\n[", '\n\n[profiles.fast]\nmodel = "o3"\n\n[profiles.direct]\nmodel_provider = "openai"\n\n[', 1
        ),
    )
    report = scan(m.machine(), pack)
    state = _states(report)["gateway"]
    assert state.state == UNMET
    assert state.detail.endswith(
        f"profiles.direct.model_provider is set to another value in {m.h('.codex/config.toml')}"
    )
    # the same provider in a profile changes nothing
    _codex(m, GATEWAY.replace("\n\n[", '\n\n[profiles.gw]\nmodel_provider = "example-gateway"\n\n[', 1))
    assert _states(scan(m.machine(), pack))["gateway"].state == MET


def test_overriding_keys_go_with_a_condition_that_asks_for_a_value(tmp_path):
    from support.packs import condition_refusal

    text = condition_refusal(
        tmp_path, 'files = ["{home}/.o.toml"]\nkey = "a"\noverriding_keys = ["p.*.a"]\nnot_equals = "x"'
    )
    assert "overriding_keys goes with key and equals" in text and "policy.toml:" in text


def test_a_met_detail_names_a_key_as_set_only_where_it_is(machine_factory, pack):
    """The sandbox condition met with no sandbox_mode anywhere said "sandbox_mode is not 'danger-full-access':
    sandbox_mode in ~/.codex/config.toml", as if the file set it: a file read that lacks the key is named as
    not setting it, and one that sets an allowed value keeps the key's name."""
    m = machine_factory("linux")
    _codex(m)
    m.write(m.h(".codex/work.config.toml"), 'sandbox_mode = "workspace-write"\n')
    state = _states(scan(m.machine(), pack))["sandboxed"]
    assert state.state == MET
    assert state.detail == (
        f"sandbox_mode is not 'danger-full-access': sandbox_mode in {m.h('.codex/work.config.toml')}; "
        f"not set in {m.h('.codex/config.toml')}"
    )
