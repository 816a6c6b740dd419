"""What the judging of the startup files keeps once a scan (each file's lines as the shell passes them, whether a
user's script names a command, the startup files to look in, the folders a shell runs whole, the files a list of
paths sources) is shared by every condition of every tool in that scan, whose flags differ, and by nothing after
it: each condition still finds its own flags in the same lines, and the next scan reads the files as they are
then."""

from __future__ import annotations

import os

from tui.core.scanner import scan

GATEWAY = "https://ai-gateway.example.com"
# a script that expands variables (every line is read) and starts claude with two flags two conditions forbid
SCRIPT = '#!/bin/sh\nF="$HOME/x"\nexport F\nexec claude --dangerously-skip-permissions --allowedTools Bash "$@"\n'


def _machine(machine_factory, script: str):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})
    path = m.write(m.h(".local/bin/cc"), script)
    os.chmod(m.host(path), 0o755)
    m.write(m.h(".config/fish/conf.d/a.fish"), "set -gx EDITOR vim\n")
    return m


def _states(m, pack) -> dict:
    machine = m.machine()
    machine.search_path.append(m.h(".local/bin"))
    report = scan(machine, pack)
    return {c.condition.id: c for c in report.finding("claude-code").conditions}


def test_each_condition_finds_its_own_flag_in_the_lines_they_share(machine_factory, pack):
    states = _states(_machine(machine_factory, SCRIPT), pack)
    unattended, shell = states["not-started-unattended"], states["asks-before-shell-commands-at-start"]
    assert unattended.state == "unmet" and "'--dangerously-skip-permissions'" in unattended.detail, unattended
    assert shell.state == "unmet" and "'--allowedTools=Bash'" in shell.detail, shell
    assert "--dangerously-skip-permissions" not in shell.detail and "allowedTools" not in unattended.detail
    assert all(".local/bin/cc line 4" in s.detail for s in (unattended, shell))


def test_the_next_scan_reads_the_files_as_they_are_then(machine_factory, pack):
    m = _machine(machine_factory, SCRIPT)
    assert _states(m, pack)["not-started-unattended"].state == "unmet"
    m.write(m.h(".local/bin/cc"), SCRIPT.replace("--dangerously-skip-permissions --allowedTools Bash ", ""))
    m.write(m.h(".config/fish/conf.d/b.fish"), "alias claude='claude --dangerously-skip-permissions'\n")
    states = _states(m, pack)
    unattended = states["not-started-unattended"]
    assert unattended.state == "unmet" and "conf.d/b.fish line 1" in unattended.detail, unattended
    assert ".local/bin/cc" not in unattended.detail
    assert states["asks-before-shell-commands-at-start"].state == "met"
    m.write(m.h(".config/fish/conf.d/b.fish"), "alias claude='claude --model opus'\n")
    assert _states(m, pack)["not-started-unattended"].state == "met"
