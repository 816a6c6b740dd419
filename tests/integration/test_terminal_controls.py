"""No control or format character from untrusted text reaches the terminal as itself (red team: bidi controls
and C1 escapes in MCP server names, skill front matter, request records and intake settings).

Text output shows each as a visible escape (``\\x1b``, ``\\u202e``); JSON output writes each as a JSON
``\\uXXXX`` escape, so the document still decodes to exactly the original text."""

from __future__ import annotations

import pytest

from tui.cli import main

# an ESC sequence, a C1 CSI (U+009B), NEL (U+0085), a right-to-left override, a zero-width space, an isolate,
# a line separator and an invisible tag character
HOSTILE = "ev\x1b[31mil\u009b2J\x85\u202eab\u200bc\u2066d\u2069\u2028e\U000e0041"
RAW = ["\x1b", "\x9b", "\x85", "\u202e", "\u200b", "\u2066", "\u2069", "\u2028", "\U000e0041"]


def raw_in(text: str) -> list[str]:
    return [hex(ord(c)) for c in RAW if c in text]


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    return code, out + err


@pytest.fixture
def hostile_home(machine_factory):
    m = machine_factory("linux")
    m.write_json(
        m.h(".cursor/mcp.json"), {"mcpServers": {HOSTILE: {"command": "npx", "args": ["-y", "srv" + HOSTILE]}}}
    )
    m.write(m.h(".claude/skills/x/SKILL.md"), f"---\nname: skill{HOSTILE}\ndescription: says{HOSTILE}\n---\n")
    return m


@pytest.mark.parametrize("argv", [["scan"], ["scan", "--explain"], ["check"]], ids=" ".join)
def test_scan_text_shows_bidi_and_c1_as_escapes(capsys, hostile_home, argv):
    _code, out = run(capsys, *argv, *hostile_home.cli_args())
    assert not raw_in(out)
    assert "\\u202e" in out and "\\x9b" in out
