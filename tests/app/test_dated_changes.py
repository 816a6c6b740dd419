"""Dated policy changes: a tool's rule takes effect on a date, the earlier status in force until then.

The judgement takes ``today`` as an argument: these tests pass fixed days. The command line has no way
to set the date (that would let a user bend the verdict), so its tests write a pack whose dates are
relative to the real day, which keeps them in the same phase whatever the clock says."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from support.app import TODAY, app_for, settle, texts
from tui.cli import main
from tui.core.content import read_pack
from tui.core.scanner import scan
from tui.paths import bundled_content_dir
from tui.report.json_report import report_json

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "tui" / "schemas" / "scan-report.schema.json").read_text())
EFFECTIVE = dt.date(2026, 12, 15)  # the example pack's Aider change
CURSOR_APP = ("Cursor.app", "com.todesktop.230313mzl4w4u92", "1.7.38")


def with_aider(m):
    m.python("aider-chat", "0.86.1", manager="pipx", bin_name="aider")
    # its gateway, where every session gets it: the condition is met, the dated change alone is ahead
    m.write(m.h(".bashrc"), "export OPENAI_API_BASE=https://ai-gateway.example.com/v1\n")
    return m


def pack_copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), target)
    return target


def set_rule(pack_dir: Path, tool: str, body: str) -> Path:
    """Replace the rule of ``tool`` in the pack's policy.toml with ``body`` (the lines after its header)."""
    policy = pack_dir / "policy.toml"
    text = policy.read_text()
    start = text.index(f"[tools.{tool}]\n")
    end = text.index("\n[tools.", start + 1)
    policy.write_text(text[:start] + f"[tools.{tool}]\n{body.strip()}\n" + text[end:])
    return policy


def cursor_change(pack_dir: Path, effective: dt.date, before: str = "approved") -> None:
    set_rule(
        pack_dir,
        "cursor",
        f'''
status = "prohibited"
effective = {effective.isoformat()}
before = "{before}"
notice = "Cursor's licence ends on {effective.isoformat()}: move to GitHub Copilot before then."
rationale = "No enterprise agreement since the licence ended."
alternatives = ["github-copilot"]
''',
    )


# -- judgement ------------------------------------------------------------------------------------


def test_before_the_date_the_earlier_status_decides_with_a_countdown(machine_factory, pack):
    m = with_aider(machine_factory("linux"))
    report = scan(m.machine(), pack, today=TODAY)
    f = report.finding("aider")
    assert f.verdict == "conditional" and f.policy_status == "conditional"
    assert f.reasons[0].startswith(
        "Conditional by policy until 2026-12-15, then prohibited: Announced by AI Governance"
    )
    assert f.warnings[0] == "Aider will be prohibited on 2026-12-15 - 22 days left."
    assert f.change is not None and f.change.days_left == 22 and f.change_action
    assert [(c.tool_id, c.before, c.after, c.effective) for c in report.changes] == [
        ("aider", "conditional", "prohibited", EFFECTIVE)
    ]


def test_the_day_before_says_one_day_left(machine_factory, pack):
    m = with_aider(machine_factory("linux"))
    f = scan(m.machine(), pack, today=EFFECTIVE - dt.timedelta(days=1)).finding("aider")
    assert f.verdict == "conditional"
    assert f.warnings[0] == "Aider will be prohibited on 2026-12-15 - 1 day left."


@pytest.mark.parametrize("today", [EFFECTIVE, EFFECTIVE + dt.timedelta(days=40)])
def test_from_the_date_on_the_new_status_decides(machine_factory, pack, today):
    m = with_aider(machine_factory("linux"))
    report = scan(m.machine(), pack, today=today)
    f = report.finding("aider")
    assert f.verdict == "prohibited" and f.action_required
    assert f.reasons[0].startswith("Prohibited by policy: Prohibited since 15 December 2026")
    assert f.change is None and not any("days left" in w or "day left" in w for w in f.warnings)
    assert report.changes == []
    assert report_json(report)["changes"] == []


def test_a_change_of_a_tool_not_on_the_machine_is_listed_but_judges_nothing(machine_factory, pack):
    report = scan(machine_factory("linux").machine(), pack, today=TODAY)
    assert report.findings == []
    data = report_json(report)
    assert data["changes"] == [
        {
            "tool": "aider",
            "name": "Aider",
            "from": "conditional",
            "to": "prohibited",
            "effective": "2026-12-15",
            "days_left": 22,
            "notice": report.changes[0].notice,
            "detected": False,
            "action_required_from_effective": None,
        }
    ]
    jsonschema.validate(data, SCHEMA)


def test_json_changes_match_the_schema(machine_factory, pack):
    m = with_aider(machine_factory("linux"))
    data = report_json(scan(m.machine(), pack, today=TODAY))
    jsonschema.validate(data, SCHEMA)
    change = data["changes"][0]
    assert (change["tool"], change["from"], change["to"], change["effective"], change["days_left"]) == (
        "aider",
        "conditional",
        "prohibited",
        "2026-12-15",
        22,
    )
    assert change["detected"] is True and change["action_required_from_effective"] is True
    tool = next(t for t in data["tools"] if t["id"] == "aider")
    assert (
        tool["verdict"] == "conditional"
        and "Aider will be prohibited on 2026-12-15 - 22 days left." in tool["warnings"]
    )


def test_a_change_that_relaxes_a_ban_keeps_the_ban_until_the_date(tmp_path, machine_factory):
    pack_dir = pack_copy(tmp_path)
    set_rule(
        pack_dir,
        "cursor",
        """
status = "approved"
effective = 2027-01-01
before = "prohibited"
rationale = "Covered by the Cursor Business agreement signed in December."
""",
    )
    pack, problems = read_pack(pack_dir)
    assert problems == []
    m = machine_factory("macos")
    m.mac_app(*CURSOR_APP)
    before = scan(m.machine(), pack, today=TODAY).finding("cursor")
    assert before.verdict == "prohibited" and before.action_required and not before.change_action
    assert "Cursor will be approved on 2027-01-01 - 39 days left." in before.warnings
    after = scan(m.machine(), pack, today=dt.date(2027, 1, 1)).finding("cursor")
    assert after.verdict == "approved" and not after.action_required


# -- the gate and the text report (real clock: dates relative to the real day) ---------------------------


def _cursor_machine(machine_factory):
    m = machine_factory("macos")
    m.mac_app(*CURSOR_APP)
    return m


def test_check_exits_0_before_the_date_and_1_with_strict(tmp_path, machine_factory, capsys):
    pack_dir = pack_copy(tmp_path)
    effective = dt.date.today() + dt.timedelta(days=10)
    cursor_change(pack_dir, effective)
    args = ["--content", str(pack_dir), *_cursor_machine(machine_factory).cli_args()]
    assert main(["check", *args]) == 0
    out = capsys.readouterr().out
    assert f"! Policy change: Cursor will be prohibited on {effective.isoformat()} - 10 days left" in out
    assert f"act before {effective.isoformat()}: Cursor will need action then (--strict fails on it now)" in out
    assert "Result: compliant" in out and "2 policy changes ahead" in out
    assert main(["check", "--strict", *args]) == 1
    out = capsys.readouterr().out
    assert f"✗ Policy change: Cursor will be prohibited on {effective.isoformat()} - 10 days left" in out
    assert "Result: action required" in out


def test_check_json_before_the_date(tmp_path, machine_factory, capsys):
    pack_dir = pack_copy(tmp_path)
    effective = dt.date.today() + dt.timedelta(days=3)
    cursor_change(pack_dir, effective)
    args = ["--content", str(pack_dir), *_cursor_machine(machine_factory).cli_args()]
    assert main(["check", "--json", *args]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, SCHEMA)
    assert [(c["from"], c["to"], c["days_left"], c["detected"]) for c in data["changes"] if c["tool"] == "cursor"] == [
        ("approved", "prohibited", 3, True)
    ]
    assert data["check"]["compliant"] is True
    assert main(["check", "--json", "--strict", *args]) == 1
    assert json.loads(capsys.readouterr().out)["check"]["exit_code"] == 1


@pytest.mark.parametrize("days_ago", [0, 30])
def test_check_exits_1_from_the_date_on_for_a_prohibited_tool(tmp_path, machine_factory, capsys, days_ago):
    pack_dir = pack_copy(tmp_path)
    cursor_change(pack_dir, dt.date.today() - dt.timedelta(days=days_ago))
    args = ["--content", str(pack_dir), *_cursor_machine(machine_factory).cli_args()]
    assert main(["check", *args]) == 1
    out = capsys.readouterr().out
    assert "✗ Cursor 1.7.38: prohibited - Prohibited by policy: No enterprise agreement since the licence ended." in out
    assert "Policy change: Cursor" not in out


def test_scan_text_and_explain_show_the_change(tmp_path, machine_factory, capsys):
    pack_dir = pack_copy(tmp_path)
    effective = dt.date.today() + dt.timedelta(days=1)
    cursor_change(pack_dir, effective)
    args = ["--content", str(pack_dir), *_cursor_machine(machine_factory).cli_args()]
    assert main(["scan", *args]) == 0
    out = capsys.readouterr().out
    assert f"Policy change: Cursor will be prohibited on {effective.isoformat()} - 1 day left" in out
    assert main(["scan", "--explain", *args]) == 0
    out = capsys.readouterr().out
    assert "notice: Cursor's licence ends on" in out
    assert f"why: Approved by policy until {effective.isoformat()}, then prohibited: Cursor's licence ends" in out


# -- validation: clear file:line problems ----------------------------------------------------------


def line_of(path: Path, needle: str, after: str = "[tools.cursor]") -> int:
    lines = path.read_text().splitlines()
    start = lines.index(after)
    return next(i for i, line in enumerate(lines[start:], start + 1) if needle in line)


@pytest.mark.parametrize(
    "body,needle,message",
    [
        (
            'effective = "2026-12-15"\nbefore = "approved"',
            "effective =",
            "'effective' must be a TOML date like 2026-12-15",
        ),
        ('effective = 2026-12-15\nbefore = "allowed"', "before =", "unknown status 'allowed' for 'before'"),
        ('before = "approved"', "before =", "'before' needs 'effective'"),
        ("effective = 2026-12-15", "effective =", "'effective' needs 'before'"),
        ('notice = "soon"', "notice =", "'notice' needs 'effective' and 'before'"),
        ('effective = 2026-12-15\nbefore = "prohibited"', "before =", "'before' is the same as 'status'"),
    ],
)
def test_bad_dated_fields_give_file_and_line(tmp_path, capsys, body, needle, message):
    pack_dir = pack_copy(tmp_path)
    policy = set_rule(pack_dir, "cursor", f'status = "prohibited"\nrationale = "r"\n{body}')
    line = line_of(policy, needle)
    assert main(["content", "validate", str(pack_dir)]) == 2
    out = capsys.readouterr().out
    assert f"policy.toml:{line}:" in out and message in out, out


def test_a_ban_keeps_the_conditions_written_for_later_and_checks_none_of_them(tmp_path, capsys, machine_factory):
    """A company admin banning a conditional tool changes its status, as the headline case asks: the pack was
    refused ("a prohibited tool has no conditions: make it conditional instead") until its ten conditions,
    340 lines, were deleted. The ban holds with them in the file: none is checked, and validate says so."""
    pack_dir = pack_copy(tmp_path)
    policy = pack_dir / "policy.toml"
    text = policy.read_text()
    policy.write_text(
        text.replace('[tools.claude-code]\nstatus = "conditional"', '[tools.claude-code]\nstatus = "prohibited"', 1)
    )
    pack, problems = read_pack(pack_dir)
    assert problems == [] and pack.policy.rules["claude-code"].conditions == ()
    assert main(["content", "validate", str(pack_dir)]) == 0
    err = capsys.readouterr().err
    line = line_of(policy, 'status = "prohibited"', after="[tools.claude-code]")
    assert f"policy.toml:{line}: tools.claude-code is prohibited, so its conditions are not checked" in err
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    assert main(["check", "--content", str(pack_dir), *m.cli_args()]) == 1
    out = capsys.readouterr().out
    assert "✗ Claude Code" in out and "meet the condition" not in out and "remove:" in out


def test_an_alternative_prohibited_until_a_date_is_refused(tmp_path):
    pack_dir = pack_copy(tmp_path)
    set_rule(
        pack_dir, "continue", 'status = "approved"\nrationale = "r"\neffective = 2027-01-01\nbefore = "prohibited"'
    )
    problems = [str(p) for p in read_pack(pack_dir)[1]]
    assert any("alternative 'continue' of 'cline' is prohibited until 2027-01-01" in p for p in problems)


# -- the app -----------------------------------------------------------------------------------------


async def test_the_dashboard_shows_a_countdown_and_the_detail_the_notice(machine_factory):
    app = app_for(with_aider(machine_factory("linux")))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert texts(app.screen, "#changes") == "▲ Aider will be prohibited on 2026-12-15 - 22 days left"
        assert app.screen.query_one("#changes").display
        await pilot.press("enter")
        await pilot.pause()
        shown = texts(app.screen)
        assert "▲ Aider will be prohibited on 2026-12-15 - 22 days left." in shown
        assert "Policy: conditional until 2026-12-15, then prohibited - Announced by AI Governance" in shown
        assert shown.count("22 days left") == 1


async def test_from_the_date_on_the_app_shows_no_banner_and_the_new_verdict(machine_factory):
    app = app_for(with_aider(machine_factory("linux")))
    app.today = EFFECTIVE
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#changes").display
        assert app.report.finding("aider").verdict == "prohibited"
        assert app.report.today == EFFECTIVE
