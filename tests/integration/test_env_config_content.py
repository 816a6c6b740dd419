"""A whole config in an environment variable: opencode reads ``OPENCODE_CONFIG_CONTENT`` and Kilo's CLI
``KILO_CONFIG_CONTENT`` as one more config file, merged over the others (opencode-linux-x64 1.18.33,
@kilocode/cli-linux-x64 7.7.9). ``export OPENCODE_CONFIG_CONTENT='{"mcp": {...}}'`` in ``~/.bashrc`` gave every
session a prohibited remote server while ``aicheck check`` said compliant: no file named it. Now the value is
read as the client's config where it is set (the startup files, aicheck's own environment), and one that cannot
be read (computed by the shell, malformed, too long) is an unchecked config, never a clean bill."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from support.agents import MARKER, every_output
from tui.cli import main
from tui.core.scanner import scan
from tui.demo.synthetic import SyntheticMachine

EVIL = "mcp.evil.example"
SCHEMAS = Path(__file__).resolve().parents[2] / "tui" / "schemas"


def _config(secret: str = MARKER) -> dict:
    """opencode's shape, a secret in every place one hides (the URL, a header, an env value, an argument)."""
    return {
        "$schema": "https://opencode.ai/config.json",  # a `$` in single quotes: text, never computed
        "mcp": {
            "tracker": {
                "type": "remote",
                "url": f"https://{EVIL}/mcp?key={secret}",
                "headers": {"Authorization": f"Bearer {secret}"},
            },
            "local": {
                "type": "local",
                "command": ["npx", "-y", "@modelcontextprotocol/server-github", f"--token={secret}"],
                "environment": {"GITHUB_TOKEN": secret},
            },
        },
    }


def _check(capsys, m: SyntheticMachine) -> tuple[int, dict]:
    code = main(["check", "--json", *m.cli_args()])
    out, _err = capsys.readouterr()
    return code, json.loads(out)


def _one(report: dict, name: str) -> dict:
    [server] = [s for s in report["mcp_servers"] if s["name"] == name]
    return server


VALUE = json.dumps(_config())
DOUBLE_QUOTED = json.dumps(VALUE).replace("$", "\\$")  # as sh double quotes write it: \" and \$


@pytest.mark.parametrize(
    "platform, rel, line",
    [
        ("linux", ".bashrc", f"export OPENCODE_CONFIG_CONTENT='{VALUE}'"),
        ("linux", ".zshrc", f"oc() {{ OPENCODE_CONFIG_CONTENT='{VALUE}' opencode \"$@\"; }}"),  # one command
        # double quotes inside an alias's single quotes: the shell removes the backslashes when it runs
        (
            "linux",
            ".bash_aliases",
            f"alias oc='OPENCODE_CONFIG_CONTENT={DOUBLE_QUOTED} opencode'",
        ),
        ("macos", ".config/fish/config.fish", f"set -gx OPENCODE_CONFIG_CONTENT '{VALUE}'"),
        ("windows", "Documents/PowerShell/profile.ps1", f"$env:OPENCODE_CONFIG_CONTENT = '{VALUE}'"),
        ("linux", ".envrc", f"export OPENCODE_CONFIG_CONTENT='{VALUE}'"),  # direnv: the sessions in the home
        ("linux", ".config/mise/config.toml", f"[env]\nOPENCODE_CONFIG_CONTENT = '{VALUE}'"),
    ],
    ids=["bash", "zsh function", "alias", "fish", "powershell", "direnv", "mise"],
)
def test_servers_a_startup_file_sets_through_the_variable_are_judged(capsys, machine_factory, platform, rel, line):
    m = machine_factory(platform)
    startup = m.write(m.h(rel), f"# opencode, the team's way\n{line}\n")
    code, report = _check(capsys, m)
    jsonschema.validate(report, json.loads((SCHEMAS / "scan-report.schema.json").read_text()))
    server = _one(report, "tracker")
    number = line.count("\n") + 2
    where = f"OPENCODE_CONFIG_CONTENT in {m.machine().display(startup)} line {number}"
    assert code == 1 and server["verdict"] == "prohibited" and server["url_host"] == EVIL
    assert (server["client"], server["client_label"]) == ("opencode", "opencode (OPENCODE_CONFIG_CONTENT)")
    assert server["config"] == where and server["key"] == "mcp.tracker"
    assert f"remove the server 'tracker' from {where} (key mcp.tracker)" in server["fix"]
    local = _one(report, "local")
    assert local["npm"] == "@modelcontextprotocol/server-github" and local["env"] == ["GITHUB_TOKEN"]


def test_kilos_variable_is_kilos_and_empty_or_unset_lines_set_nothing(capsys, machine_factory):
    """KILO_CONFIG_CONTENT's servers are Kilo Code's; a line that sets the variable empty or unsets it sets up
    nothing (both clients read the variable only when it is not empty): no unchecked config for it."""
    m = machine_factory("linux")
    m.write(
        m.h(".bashrc"),
        f"export KILO_CONFIG_CONTENT='{VALUE}'\nexport OPENCODE_CONFIG_CONTENT=\nunset OPENCODE_CONFIG_CONTENT\n",
    )
    code, report = _check(capsys, m)
    server = _one(report, "tracker")
    assert code == 1 and (server["client"], server["client_label"]) == ("kilo-code", "Kilo Code (KILO_CONFIG_CONTENT)")
    assert server["config"] == f"KILO_CONFIG_CONTENT in {m.h('.bashrc')} line 1"
    assert report["unchecked_configs"] == []


def test_the_variable_in_aicheck_s_own_environment_is_read(machine_factory, pack):
    """On the live machine aicheck's environment is a session's: the variable set there is read too, the
    place named as such."""
    m = machine_factory("linux")
    m.env = {"OPENCODE_CONFIG_CONTENT": "// set by hand\n" + VALUE.replace("}}}", "},},}", 1)}  # JSONC, as opencode
    report = scan(m.machine(), pack)
    [found] = [f for f in report.surface.servers if f.item.name == "tracker"]
    assert found.verdict == "prohibited" and found.item.config == "OPENCODE_CONFIG_CONTENT in aicheck's environment"
    assert not report.surface.unchecked


@pytest.mark.parametrize(
    "line, reason",
    [
        ('export OPENCODE_CONFIG_CONTENT="$(cat ~/team/mcp.json)"', "a value computed when a session starts"),
        ('export OPENCODE_CONFIG_CONTENT="$TEAM_CONFIG"', "a value computed when a session starts"),
        ('export OPENCODE_CONFIG_CONTENT=\'{"mcp": {"tracker": ' + f'{{"url": "{MARKER}"\'', "invalid JSON"),
        ("export OPENCODE_CONFIG_CONTENT='[1, 2]'", "not a JSON object"),
        # a quoted part that parses alone, and a part the shell computes after it: the value is not known
        (
            'export OPENCODE_CONFIG_CONTENT=\'{"mcp": {}}\'"$(cat ~/more.json)"',
            "a value computed when a session starts",
        ),
        ('export OPENCODE_CONFIG_CONTENT=\'{"mcp": ' + " " * 300_000 + "{}}'", "characters: not read"),
    ],
    ids=["command substitution", "another variable", "malformed", "not an object", "quoted then computed", "too long"],
)
def test_a_value_that_cannot_be_read_is_an_unchecked_config(capsys, machine_factory, line, reason):
    m = machine_factory("linux")
    m.write(m.h(".bashrc"), line + "\n")
    code, report = _check(capsys, m)
    [unchecked] = report["unchecked_configs"]
    assert code == 1 and report["check"]["exit_code"] == 1 and not report["mcp_servers"]
    assert unchecked["config"] == f"OPENCODE_CONFIG_CONTENT in {m.h('.bashrc')} line 1"
    assert unchecked["client"] == "opencode" and reason in unchecked["reason"] and MARKER not in unchecked["reason"]
    code = main(["check", *m.cli_args()])
    out, _err = capsys.readouterr()
    assert code == 1 and f"Cannot check OPENCODE_CONFIG_CONTENT in {m.h('.bashrc')} line 1" in out


@pytest.mark.parametrize(
    "text, line",
    [
        (f"read -r -d '' OPENCODE_CONFIG_CONTENT <<'EOF'\n{VALUE}\nEOF\nexport OPENCODE_CONFIG_CONTENT\n", 1),
        (f"export OPENCODE_CONFIG_CONTENT\nread -r OPENCODE_CONFIG_CONTENT <<< '{VALUE}'\n", 2),
        (f"printf -v OPENCODE_CONFIG_CONTENT '%s' '{VALUE}'\nexport OPENCODE_CONFIG_CONTENT\n", 1),
        ("IFS= read -rd '' OPENCODE_CONFIG_CONTENT < ~/.oc.json; export OPENCODE_CONFIG_CONTENT\n", 1),
        ("mapfile -t OPENCODE_CONFIG_CONTENT < ~/.oc.json\nexport OPENCODE_CONFIG_CONTENT\n", 1),
    ],
    ids=["read here-document", "read here-string", "printf -v", "read a file", "mapfile"],
)
def test_a_value_a_command_takes_in_is_an_unchecked_config(capsys, machine_factory, text, line):
    """``read -r -d '' OPENCODE_CONFIG_CONTENT <<'EOF'`` (JSON over several lines), a here-string, ``printf -v``:
    the value is what the command takes in when the shell runs it, never read from the line (the here-document
    may be the one written, or not): an unchecked config at that line, the exit code 1 (it was 0, nothing
    listed)."""
    m = machine_factory("linux")
    m.write(m.h(".oc.json"), VALUE)
    m.write(m.h(".bashrc"), text)
    code, report = _check(capsys, m)
    [unchecked] = report["unchecked_configs"]
    assert code == 1 and unchecked["config"] == f"OPENCODE_CONFIG_CONTENT in {m.h('.bashrc')} line {line}"
    assert "a value computed when a session starts" in unchecked["reason"]


def test_a_line_that_reads_the_variable_sets_nothing(capsys, machine_factory):
    m = machine_factory("linux")
    m.write(
        m.h(".bashrc"),
        f"export OPENCODE_CONFIG_CONTENT='{VALUE}'\n"
        'printf \'%s\\n\' "${OPENCODE_CONFIG_CONTENT}" > ~/.oc.json\nread -p "OPENCODE_CONFIG_CONTENT? " answer\n',
    )
    code, report = _check(capsys, m)
    assert code == 1 and _one(report, "tracker")["verdict"] == "prohibited" and not report["unchecked_configs"]


def test_places_past_the_bound_are_unchecked(machine_factory, pack):
    """Padding the startup files with lines that set the variable hides nothing: the first MAX_PLACES are read,
    the rest is one unchecked config."""
    from tui.core.agents.env_configs import MAX_PLACES

    m = machine_factory("linux")
    lines = [f'export OPENCODE_CONFIG_CONTENT=\'{{"mcp": {{}}, "n": {i}}}\'' for i in range(MAX_PLACES + 5)]
    m.write(m.h(".bashrc"), "\n".join(lines) + "\n")
    [unchecked] = scan(m.machine(), pack).surface.unchecked
    assert unchecked.config == f"OPENCODE_CONFIG_CONTENT in {m.h('.bashrc')} line {MAX_PLACES + 1}"
    assert f"set in {MAX_PLACES + 5} places: the first {MAX_PLACES} read" in unchecked.reason


def test_no_secret_in_the_variables_value_reaches_any_output(machine_factory, capsys):
    m = machine_factory("linux")
    m.write(
        m.h(".bashrc"),
        f"export OPENCODE_CONFIG_CONTENT='{VALUE}'\n"
        f'export KILO_CONFIG_CONTENT=\'{{"mcp": {{"x": {{"url": "https://{MARKER}.example/"\'\n',  # malformed
    )
    outputs = every_output(m, capsys)
    for argv, text in outputs.items():
        assert MARKER not in text, argv
    assert "tracker" in outputs["check"] and EVIL in outputs["check"]
    assert "KILO_CONFIG_CONTENT in" in outputs["check --json"]


def test_opencode_config_set_to_what_cannot_be_known_is_a_scan_error(capsys, machine_factory):
    """OPENCODE_CONFIG names one more config file: computed by the shell, the file is unknown (KILO_CONFIG, its
    fork's, already was a scan error)."""
    m = machine_factory("linux")
    m.write(m.h(".bashrc"), 'export OPENCODE_CONFIG="$(mktemp)"\n')
    code, report = _check(capsys, m)
    assert code != 0 and any(e.startswith("$OPENCODE_CONFIG is set") for e in report["errors"]), report["errors"]


def test_an_editors_terminal_settings_set_the_variable_too(capsys, machine_factory):
    """VS Code's terminal.integrated.env.<platform> gives every shell of its terminal the variable (opencode run
    there reads it); a value with ${…} is filled in by VS Code, so it cannot be known."""
    m = machine_factory("linux")
    settings = m.write_json(
        f"{m.ud}/Code/User/settings.json",
        {"terminal.integrated.env.linux": {"OPENCODE_CONFIG_CONTENT": VALUE, "KILO_CONFIG_CONTENT": "${env:KILO}"}},
    )
    code, report = _check(capsys, m)
    server = _one(report, "tracker")
    assert code == 1 and server["verdict"] == "prohibited"
    assert server["config"].startswith("OPENCODE_CONFIG_CONTENT in terminal.integrated.env.linux")
    assert server["config"].endswith(settings)
    [unchecked] = report["unchecked_configs"]
    assert unchecked["client"] == "kilo-code" and "an editor's ${…}" in unchecked["reason"]


def test_a_wrapper_script_under_the_clients_name_that_sets_the_variable(capsys, machine_factory):
    """`~/.local/bin/opencode`, a shell script first on the search path that sets the variable and runs the real
    opencode: every session started with `opencode` has the servers."""
    m = machine_factory("linux")
    m.add_to_path(m.h(".local/bin"))
    script = m.write(
        m.h(".local/bin/opencode"),
        f"#!/bin/sh\nexport OPENCODE_CONFIG_CONTENT='{VALUE}'\nexec /usr/local/bin/opencode \"$@\"\n",
    )
    m.host(script).chmod(0o755)
    code, report = _check(capsys, m)
    server = _one(report, "tracker")
    assert code == 1 and server["config"] == f"OPENCODE_CONFIG_CONTENT in {script} line 2"
