"""What the launcher-settings tests share: Claude Code installed with the gateway set (compliant as it stands),
and `aicheck check --json` of such a machine."""

from __future__ import annotations

import json

from support.packs import isolate_cli, run_cli

F = "--dangerously-skip-permissions"
GATEWAY = "https://ai-gateway.example.com"


def claude_machine(machine_factory, platform: str = "linux"):
    """Claude Code with the gateway set where the user's settings hold it: compliant as it stands."""
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.198", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})
    return m


def check_json(tmp_path, monkeypatch, capsys, m, command: str = "check") -> tuple[int, dict, str]:
    """(exit code, the JSON report, everything printed) of ``aicheck COMMAND --json`` on ``m``."""
    isolate_cli(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", "/usr/local/bin:/usr/bin:/bin")  # the scanned disk's, whatever runs the tests
    code, out, err = run_cli(capsys, command, *m.cli_args(), "--json")
    assert "Traceback" not in err, err
    return code, json.loads(out), out + err
