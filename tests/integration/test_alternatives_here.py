"""An alternative that needs action on this machine says so wherever it is named: `check`, `scan --explain`,
the JSON. The pack may name a conditional tool as an alternative, and an approved one may carry conditions:
"approved alternatives: GitHub Copilot" beside a Copilot whose agent mode approves every tool call by itself
sent people to a tool that needs action too."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tui.cli import main

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "tui" / "schemas" / "scan-report.schema.json").read_text())
COPILOT_HERE = "GitHub Copilot (approved: needs action here - 1 condition not met)"


def run(capsys, *argv):
    code = main(list(argv))
    out, _err = capsys.readouterr()
    return code, out


def with_cursor(m):
    m.appimage("Cursor-1.7.52-x86_64.AppImage")  # prohibited; alternatives: GitHub Copilot, Continue
    return m


def with_copilot_auto_approving(m):
    m.vscode_extension("GitHub.copilot-chat", "0.31.2")
    m.write_json(f"{m.ud}/Code/User/settings.json", {"chat.permissions.default": "autoApprove"})
    return m


def test_an_approved_alternative_that_needs_action_here_says_so(capsys, machine_factory):
    m = with_copilot_auto_approving(with_cursor(machine_factory("linux")))
    code, out = run(capsys, "check", *m.cli_args())
    assert code == 1
    assert f"→ alternatives: {COPILOT_HERE}, Continue\n" in out
    assert "approved alternatives" not in out
    code, out = run(capsys, "scan", "--explain", *m.cli_args())
    assert f"    alternatives: {COPILOT_HERE}, Continue\n" in out
    code, out = run(capsys, "scan", "--json", *m.cli_args())
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    cursor = next(t for t in data["tools"] if t["id"] == "cursor")
    assert cursor["alternatives"] == [
        {
            "id": "github-copilot",
            "name": "GitHub Copilot",
            "status": "approved",
            "verdict": "approved",
            "action_required": True,
        },
        {"id": "continue", "name": "Continue", "status": "approved", "verdict": None, "action_required": False},
    ]


def test_alternatives_that_need_nothing_here_are_still_approved_alternatives(capsys, machine_factory):
    m = with_cursor(machine_factory("linux"))
    m.vscode_extension("GitHub.copilot-chat", "0.31.2")  # here, and nothing in its settings breaks a condition
    code, out = run(capsys, "check", *m.cli_args())
    assert code == 1 and "→ approved alternatives: GitHub Copilot, Continue\n" in out
    data = json.loads(run(capsys, "scan", "--json", *m.cli_args())[1])
    cursor = next(t for t in data["tools"] if t["id"] == "cursor")
    assert [a["action_required"] for a in cursor["alternatives"]] == [False, False]


def test_a_conditional_alternative_is_named_conditional_and_says_when_it_needs_action(
    capsys, machine_factory, tmp_path
):
    from support.packs import pack_with_codex_for_cursor

    pack = pack_with_codex_for_cursor(tmp_path)
    m = with_cursor(machine_factory("linux"))
    code, out = run(capsys, "check", "--content", str(pack), *m.cli_args())
    assert (
        code == 1 and "→ alternatives: OpenAI Codex (conditional)\n" in out
    )  # not here: conditional, never "approved"
    m.npm("@openai/codex", "0.50.0", bin_name="codex")  # here, without the gateway
    code, out = run(capsys, "check", "--content", str(pack), *m.cli_args())
    assert code == 1 and "→ alternatives: OpenAI Codex (conditional: needs action here - 2 conditions not met)\n" in out
    data = json.loads(run(capsys, "scan", "--json", "--content", str(pack), *m.cli_args())[1])
    jsonschema.validate(data, SCHEMA)
    cursor = next(t for t in data["tools"] if t["id"] == "cursor")
    assert cursor["alternatives"] == [
        {
            "id": "openai-codex",
            "name": "OpenAI Codex",
            "status": "conditional",
            "verdict": "conditional",
            "action_required": True,
        }
    ]
