"""Red team: ways a startup file or a wrapper starts claude unattended that the check read as compliant
(exit 0). Each now breaks the condition or cannot confirm it, through the real scan of a synthetic home; the
harmless line of the same shape stays clean (a false "action required" hurts too)."""

from __future__ import annotations

import json

import pytest

from support.packs import isolate_cli, run_cli

PROFILE = "Documents/PowerShell/Microsoft.PowerShell_profile.ps1"
FLAG = "'--dangerously-skip-permissions'"


def _state(tmp_path, machine_factory, monkeypatch, capsys, platform: str, files: dict[str, str]) -> dict:
    """The state of Claude Code's not-started-unattended condition on a home holding ``files``."""
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    for rel, text in files.items():
        m.write(m.h(rel), text)
    isolate_cli(monkeypatch, tmp_path)
    code, out, err = run_cli(capsys, "check", "--root", str(m.root), "--platform", platform, "--home", m.home, "--json")
    assert "Traceback" not in err
    tool = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    state = next(c for c in tool["conditions"] if c["id"] == "not-started-unattended")
    assert code == 1 or state["state"] == "met", state
    return state


def _broken(state: dict) -> bool:
    """Found (the flag named) or cannot confirm: never a clean bill."""
    return state["state"] == "unmet" and (FLAG in state["detail"] or state["detail"].startswith("cannot confirm"))


# (id, platform, {file: text}) that start claude with the flag, or with what cannot be known
BENT = [
    # 1. printf -v with the name written onto the option: what the command takes in, not the earlier value
    (
        "printf-vF",
        "linux",
        {".bashrc": "F=--verbose\nprintf -vF -- '--dangerously-skip-permissions'\nalias claude=\"claude $F\"\n"},
    ),
    (
        "read-aF",
        "linux",
        {
            ".bashrc": "F=(--verbose)\nread -raF <<< '--dangerously-skip-permissions'\nalias claude='claude \"${F[@]}\"'\n"
        },
    ),
]


@pytest.mark.parametrize("platform, files", [c[1:] for c in BENT], ids=[c[0] for c in BENT])
def test_a_bent_start_never_passes(tmp_path, machine_factory, monkeypatch, capsys, platform, files):
    state = _state(tmp_path, machine_factory, monkeypatch, capsys, platform, files)
    assert _broken(state), state


# (id, platform, {file: text}): the same shapes, harmless
HARMLESS = [
    ("printf-vX", "linux", {".bashrc": "printf -vTODAY '%(%F)T' -1\nalias claude='claude --model opus'\n"}),
]


@pytest.mark.parametrize("platform, files", [c[1:] for c in HARMLESS], ids=[c[0] for c in HARMLESS])
def test_the_harmless_line_of_the_same_shape_stays_clean(
    tmp_path, machine_factory, monkeypatch, capsys, platform, files
):
    state = _state(tmp_path, machine_factory, monkeypatch, capsys, platform, files)
    assert state["state"] == "met", state
