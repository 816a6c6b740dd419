"""JSON and JSONC that hurt the reading, in the configs a scan judges: a clear reason with the line and
column, in bounded time and memory.

Red team: comments were stripped with ``/\\*.*?\\*/`` (DOTALL), which rescans to the end of the file from
every ``/*`` that is never closed: ``{`` and 40,000 ``/* `` (120 KB) in VS Code's settings.json, Cursor's
mcp.json or ~/.claude.json held the scan 20 to 47 s. The string pattern beside it kept some 140 bytes per
character of a string never closed: ~/.claude.json of ``{"a":"`` and 15,000,000 ``x`` took 2 GB. And a
~/.claude.json nested too deep, or with a 10,000-digit number, was unchecked as "unreadable config:
RecursionError" or "ValueError". The real scan, real files."""

from __future__ import annotations

import json
import time

import pytest

from support.bounded_run import run_bounded
from support.packs import isolate_cli, run_cli

OPEN_COMMENTS = "{" + "/* " * 40_000
NEVER_CLOSED = "invalid JSON: a comment opened with /* is never closed (line 1, column 2)"
BOUND = 5.0  # seconds: generous; the old stripping took 20 s and more on each of these

FILES = {  # each client's config, as the scan finds it
    "VS Code settings.json": ".config/Code/User/settings.json",
    "Cursor mcp.json": ".cursor/mcp.json",
    "~/.claude.json": ".claude.json",
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    isolate_cli(monkeypatch, tmp_path)


def _unchecked(capsys, m, rel: str) -> str:
    """The reason the scan gives for not checking ``~/rel``, timed."""
    started = time.monotonic()
    code, out, err = run_cli(capsys, "scan", "--json", *m.cli_args())
    elapsed = time.monotonic() - started
    assert code in (0, 1) and elapsed < BOUND, (code, f"{elapsed:.1f} s", err)
    [reason] = [u["reason"] for u in json.loads(out)["unchecked_configs"] if u["config"] == m.h(rel)]
    return reason


@pytest.mark.parametrize("file", FILES)
def test_a_comment_never_closed_is_a_clear_reason_at_once(capsys, machine_factory, file):
    m = machine_factory("linux")
    m.write(m.h(FILES[file]), OPEN_COMMENTS)
    assert _unchecked(capsys, m, FILES[file]).endswith(NEVER_CLOSED)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            '{"mcpServers": {},\n "a": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "invalid JSON: nested too deep to read (more than 500 levels) (line 2, column 506)",
        ),
        (
            '{"mcpServers": {},\n "a": ' + "9" * 10_000 + "}",
            "invalid JSON: a number too long to read (more than 4,300 digits) (line 2, column 7)",
        ),
        (  # the same, past a comment: read leniently, said as plainly
            '// mine\n{"mcpServers": {},\n "a": ' + "9" * 10_000 + "}",
            "invalid JSON: a number too long to read (more than 4,300 digits) (line 3, column 7)",
        ),
    ],
    ids=["nested 100,000 deep", "10,000-digit number", "10,000-digit number after a comment"],
)
def test_claude_json_that_python_cannot_read_says_why_and_where(capsys, machine_factory, text, said):
    m = machine_factory("linux")
    m.write(m.h(".claude.json"), text)
    assert _unchecked(capsys, m, ".claude.json") == said


def test_a_string_never_closed_takes_no_memory_per_character(machine_factory):
    """15,000,000 characters of a string never closed: 2 GB before; now the scan runs in a child process
    limited to 1 GiB of address space (run_bounded), and says where the string starts."""
    m = machine_factory("linux")
    m.write(m.h(".claude.json"), '{"a":"' + "x" * 15_000_000)
    result = run_bounded("scan", "--json", *m.cli_args())
    [reason] = [u["reason"] for u in json.loads(result.out)["unchecked_configs"] if u["config"] == m.h(".claude.json")]
    assert reason == "invalid JSON: Unterminated string starting at (line 1, column 6)"


def test_comments_and_trailing_commas_are_still_read_where_clients_allow_them(capsys, machine_factory):
    """What the one pass blanks, and what it keeps: strings with ``//`` and ``/*`` in them, positions."""
    m = machine_factory("linux")
    m.write(
        m.h(".cursor/mcp.json"),
        '// my servers\n{"mcpServers": {/* one */ "docs": {"command": "npx", "args": ["-y", "http://x/*not*/",'
        ' "a//b",  /* trailing: */ ], }, },\n}\n',
    )
    _code, out, _err = run_cli(capsys, "scan", "--json", *m.cli_args())
    report = json.loads(out)
    assert report["unchecked_configs"] == []
    [server] = [s for s in report["mcp_servers"] if s["name"] == "docs"]
    assert server["command"] == "npx" and server["args"][-1] == "a//b"  # in strings: kept as written
    m.write(m.h(".cursor/mcp.json"), "/* a comment\n   over two lines */\n{\n  mcpServers: {}}")
    assert _unchecked(capsys, m, ".cursor/mcp.json").endswith("(line 4, column 3)")  # positions kept


def test_a_manifest_nested_too_deep_is_skipped_with_its_place(machine_factory, pack):
    """The scan's other JSON (package.json manifests, read through the Disk): the same plain words."""
    from tui.core.scanner import scan

    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.100", bin_name="claude")
    manifest = "/usr/local/lib/node_modules/@anthropic-ai/claude-code/package.json"
    m.write(manifest, '{"name": "@anthropic-ai/claude-code",\n"x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    report = scan(m.machine(), pack)
    reasons = [s.reason for s in report.audit.skipped if s.path == manifest]
    assert reasons == ["invalid JSON: nested too deep to read (more than 500 levels) (line 2, column 505)"], reasons
