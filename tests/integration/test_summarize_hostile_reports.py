"""``aicheck report summarize`` on reports of the wrong shape: one line naming the file, never a traceback.

Before, a report whose ``tools[i].advisories`` was a number or a boolean, or whose ``check.exit_code`` was a
list or an object, ended the summary with an internal error (exit 3), and ``--expiring-days 3000000`` with an
OverflowError. Real ``check --json`` reports, spoiled, through the real command line."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.packs import run_cli


@pytest.fixture
def report(capsys, machine_factory) -> dict:
    """A real ``check --json`` report of a machine with an affected Claude Code (so a tool has advisories) and
    an unreviewed tool."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.100", bin_name="claude")
    code, out, err = run_cli(capsys, "check", "--json", *m.cli_args())
    assert code == 1, err
    data = json.loads(out)
    assert any(t["advisories"] for t in data["tools"]), "the report should name an advisory"
    return data


def _summarize(capsys, folder: Path, *extra: str) -> tuple[int, str, str]:
    try:
        code, out, err = run_cli(capsys, "report", "summarize", *extra, str(folder))
    except SystemExit as exc:  # a usage error found by argparse
        out, err = capsys.readouterr()
        code = int(exc.code or 0)
    assert "internal error" not in err and "Traceback" not in err, err
    return code, out, err


@pytest.fixture
def folder(tmp_path) -> Path:
    """Where the reports go (the machine's disk is elsewhere under tmp_path)."""
    (tmp_path / "reports").mkdir()
    return tmp_path / "reports"


def _tool_with_advisories(data: dict) -> dict:
    return next(t for t in data["tools"] if t["advisories"])


@pytest.mark.parametrize("value", [3, True, 2.5, "AICHECK-2026-0001", {"id": "x"}])
def test_advisories_that_are_not_a_list_skip_the_report_with_its_name(folder, capsys, report, value):
    spoiled = copy.deepcopy(report)
    _tool_with_advisories(spoiled)["advisories"] = value
    (folder / "good.json").write_text(json.dumps(report))
    (folder / "bad.json").write_text(json.dumps(spoiled))
    code, out, err = _summarize(capsys, folder)
    assert code == 1 and "Machines compliant: 0 of 1" in out, out + err  # the good one needs action
    assert f"{folder / 'bad.json'}: skipped: " in err and "advisories" in err, err
    assert [line for line in err.splitlines() if "skipped" in line] == [err.splitlines()[-1]]


@pytest.mark.parametrize("value", [[0], {"code": 0}, "0", 0.0, None, True])
def test_an_exit_code_of_the_wrong_type_is_never_compliant(folder, capsys, report, value):
    spoiled = copy.deepcopy(report)
    spoiled["check"]["exit_code"], spoiled["check"]["compliant"] = value, True
    (folder / "r.json").write_text(json.dumps(spoiled))
    code, out, err = _summarize(capsys, folder, "--json")
    assert code == 2, err
    summary = json.loads(out)
    assert summary["compliant"] == 0 and summary["machines"] == 1
    assert summary["not_compliant"][0]["result"].startswith("cannot be decided"), summary


@pytest.mark.parametrize("value", [[], 0, "yes"])
def test_a_check_member_that_is_not_an_object_skips_the_report(folder, capsys, report, value):
    spoiled = copy.deepcopy(report)
    spoiled["check"] = value
    (folder / "r.json").write_text(json.dumps(spoiled))
    code, out, err = _summarize(capsys, folder)
    assert code == 2 and out == "" and "r.json: skipped: " in err and "check" in err, err


@pytest.mark.parametrize("days", ["3000000", "99999999999999999999", "-1", "ten"])
def test_expiring_days_out_of_range_is_a_usage_error(folder, capsys, report, days):
    (folder / "r.json").write_text(json.dumps(report))
    code, out, err = _summarize(capsys, folder, "--expiring-days", days)
    assert code == 2 and out == "" and "--expiring-days" in err, err


def test_expiring_days_at_its_bounds_are_taken(folder, capsys, report):
    (folder / "r.json").write_text(json.dumps(report))
    for days in ("0", "3650"):
        code, out, err = _summarize(capsys, folder, "--expiring-days", days)
        assert code == 1 and f"Exceptions expiring within {days} days" in out, err


# -- hypothesis: a value of the wrong type anywhere in a report is one line naming the file ------------------

_WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.sampled_from(["id", "name", "verdict", "expires", "x"]), st.integers(), max_size=2),
)


def _paths(value, prefix=()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:4]):
            out += _paths(v, (*prefix, i))
    return out


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_value_of_the_wrong_type_anywhere_never_crashes_the_summary(folder, capsys, report, data):
    spoiled = copy.deepcopy(report)
    section = data.draw(st.sampled_from(sorted(spoiled)))  # each part of the report as likely as the others
    where = data.draw(st.sampled_from([(section,), *_paths(spoiled[section], (section,))]))
    target = spoiled
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = data.draw(_WRONG)
    (folder / "r.json").write_text(json.dumps(spoiled))
    for output in ("--json", "--csv", "--markdown", "--expiring-days=30"):
        code, out, err = _summarize(capsys, folder, output)
        assert code in (0, 1, 2), err
        if out == "":  # nothing readable: exit 2, the file named
            assert code == 2 and "r.json: skipped: " in err, err


# -- text from a report reaches the reader as data, in every format ------------------------------------------

_ESC = "\x1b]0;PWNED\x07\x1b[2J\x1b]52;c;ZWNobyBwd25lZA==\x07\x9b31m"  # title, clear screen, clipboard, C1 CSI
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _hostile(report: dict) -> tuple[dict, dict]:
    """Red team: a report anyone can hand in, with terminal escapes, HTML and Markdown in every text the summary
    shows (install version, advisory id, grant id, tool id and name, host, user, policy and pack), and a
    ``scanned_at`` that a spreadsheet runs as a formula; and a second report on another policy version, so the
    hostile one is listed as on an older policy."""
    evil = copy.deepcopy(report)
    tool = _tool_with_advisories(evil)
    tool["id"] = "=cmd|' /C calc'!A0" + _ESC
    tool["name"] = "Tool <img src=http://e.example/p.png>" + _ESC
    tool["installs"][0]["version"] = "1.0![x](http://e.example/v.png)" + _ESC
    tool["advisories"][0]["id"] = "ADV-![x](http://e.example/t.png)" + _ESC
    soon = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    tool["grant"] = {"id": "GRT-" + _ESC + "[click](http://e.example/g) www.e.example", "expires": soon}
    evil["host"]["hostname"] = "h1<b>" + _ESC
    evil["host"]["home"] = "/home/@u" + _ESC
    evil["scanned_at"] = '=HYPERLINK("http://e.example","x")'
    evil["policy"]["version"] = "<img src=http://e.example/pv.png>" + _ESC
    evil["policy"]["pack"]["id"] = "-acme" + _ESC
    other = copy.deepcopy(report)
    other["policy"]["version"] = "9999.1"
    return evil, other


@pytest.mark.parametrize("output", ["table", "--markdown", "--csv", "--json"])
def test_text_from_a_report_is_shown_as_data(folder, capsys, report, output):
    evil, other = _hostile(report)
    (folder / ("evil\x1b]0;FILE\x07.json")).write_text(json.dumps(evil))
    (folder / "other.json").write_text(json.dumps(other))
    code, out, err = _summarize(capsys, folder, *([] if output == "table" else [output]))
    assert code in (1, 2) and out, err
    assert not _CONTROL.search(out) and not _CONTROL.search(err), repr(out + err)
    assert "PWNED" in out and "FILE" in out  # shown, as visible escapes
    if output == "table":
        assert "v.png)\\x1b]0;PWNED\\x07" in out and "t.png)\\x1b]0;PWNED" in out and "GRT-\\x1b]0;PWNED" in out
    if output == "--markdown":
        from markdown_it import MarkdownIt

        html = MarkdownIt("gfm-like").render(out)
        assert "<img" not in html and "<a " not in html and "<b>" not in html, html
        assert "&lt;img src=http" in html and "![x](http://e.example/t.png)" in html  # the text, as text
    if output == "--csv":
        rows = list(csv.reader(io.StringIO(out)))
        cells = [c for r in rows for c in r]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], cells
        row = next(r for r in rows[1:] if "PWNED" in r[0])
        assert row[rows[0].index("scanned_at")] == '\'=HYPERLINK("http://e.example","x")'
        assert row[rows[0].index("action_required_tools")].startswith("'=cmd|")
