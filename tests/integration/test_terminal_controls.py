"""No control or format character from untrusted text reaches the terminal as itself (red team: bidi controls
and C1 escapes in MCP server names, skill front matter, request records and intake settings).

Text output shows each as a visible escape (``\\x1b``, ``\\u202e``); JSON output writes each as a JSON
``\\uXXXX`` escape, so the document still decodes to exactly the original text."""

from __future__ import annotations

import json
import os
from pathlib import Path

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


def toml_str(text: str) -> str:
    """``text`` as a TOML basic string (TOML writes control characters as escapes): how a hand-edited record
    carries them."""
    out = []
    for c in text:
        if c.isprintable() and c not in '"\\':
            out.append(c)
        else:
            out.append(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


@pytest.fixture
def hostile_request(capsys) -> str:
    """A draft whose tool name, vendor, justification, requester and ticket were edited by hand to hold
    HOSTILE (the record is a TOML file in the user's data folder)."""
    code, out = run(
        capsys, "request", "new", "--tool", "cursor", "--justification", "Needed for the migration work.",
        "--no-scan", "--name", "Ada", "--email", "ada@example.com",
    )  # fmt: skip
    assert code == 0, out
    rid = out.split(":")[0]
    path = Path(os.environ["AICHECK_DATA_DIR"]) / "requests" / f"{rid}.toml"
    text = path.read_text()
    for line in ('name = "Cursor"', 'vendor = "Anysphere"', 'name = "Ada"', 'ticket = ""'):
        key = line.split(" = ")[0]
        text = text.replace(line, f"{key} = {toml_str(key + HOSTILE)}", 1)
    text = text.replace('justification = "Needed for the migration work."', f"justification = {toml_str(HOSTILE)}", 1)
    path.write_text(text)
    return rid


def decoded_strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in [k, *decoded_strings(v)]]
    if isinstance(data, list):
        return [s for v in data for s in decoded_strings(v)]
    return [data] if isinstance(data, str) else []


JSON_COMMANDS = {
    "scan": ["scan", "--json", "HOME"],
    "check": ["check", "--json", "HOME"],
    "request show": ["request", "show", "ID", "--json"],
    "request list": ["request", "list", "--json"],
    "impact list": ["impact", "list", "--json"],
}


@pytest.mark.parametrize("argv", JSON_COMMANDS.values(), ids=JSON_COMMANDS.keys())
def test_json_outputs_escape_c1_and_bidi_yet_decode_to_the_same_text(capsys, hostile_home, hostile_request, argv):
    """Every JSON document aicheck prints: no raw C1 or bidi character, and the values are the original text."""
    run(capsys, "impact", "new", "--tool", "cursor", "--title", "title" + HOSTILE, "--workflow", "Write:240:40:3")
    argv = [
        a for w in argv for a in (hostile_home.cli_args() if w == "HOME" else [hostile_request] if w == "ID" else [w])
    ]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code in (0, 1) and not raw_in(out + err), (raw_in(out + err), err)
    # lossless: the escapes decode to the very characters
    assert any(HOSTILE in s for s in decoded_strings(json.loads(out)))


@pytest.fixture
def webhook(monkeypatch):
    """A webhook intake in the user's config at ``url`` (a preview reads the settings, sends nothing)."""
    from support.intake_server import use_webhook

    def configure(url: str) -> None:
        use_webhook(url, monkeypatch)

    return configure


@pytest.mark.parametrize("view", [[], ["--markdown"]], ids=["text", "markdown"])
def test_request_show_prints_a_hand_edited_record_with_escapes(capsys, hostile_request, view):
    code, out = run(capsys, "request", "show", hostile_request, *view)
    assert code == 0 and not raw_in(out), raw_in(out)
    # every hostile character shown, NEL and U+2028 in the justification too (an escape, not a line break)
    shown = "ev\\x1b[31mil\\x9b2J\\x85\\u202eab\\u200bc\\u2066d\\u2069\\u2028e\\U000e0041"
    assert f"\n{shown}\n" in out if view else f"justification: {shown}\n" in out


def test_the_payload_preview_shows_escapes_and_the_same_json(capsys, hostile_request, webhook):
    webhook("http://127.0.0.1:9/hook")
    code, out = run(capsys, "request", "show", hostile_request, "--payload")
    assert code == 0 and not raw_in(out), raw_in(out)
    body = out.split("\n\n", 1)[1]  # after the request line and headers: the body, as JSON
    assert HOSTILE in decoded_strings(json.loads(body))


def test_submit_previews_with_escapes_and_sends_the_bytes_unchanged(capsys, hostile_request, webhook):
    from support.intake_server import FakeIntake

    fake = FakeIntake()
    fake.start()
    try:
        webhook(f"{fake.base}/hook")
        code, out = run(capsys, "request", "submit", hostile_request, "--yes")
        [sent] = [r["body"] for r in fake.received if r["method"] == "POST"]
    finally:
        fake.stop()
    assert code == 0 and "# what will be sent:" in out and "sent, ticket" in out
    assert not raw_in(out), raw_in(out)
    # the display only: the body sent holds the characters themselves (UTF-8), not the escapes shown
    assert "\u202e".encode() in sent and "\u009b".encode() in sent and b"\\u202e" not in sent
    assert HOSTILE in decoded_strings(json.loads(sent))


OSC = "\x1b]0;owned\x07\u202e"  # a terminal title change, then a right-to-left override


def intake_config(settings: dict[str, str]) -> None:
    Path(os.environ["AICHECK_CONFIG"]).write_text(
        "[intake]\n" + "".join(f"{k} = {toml_str(v)}\n" for k, v in settings.items())
    )


@pytest.mark.parametrize(
    "settings, lines",
    [
        ({"kind": "jira", "url": "http://127.0.0.1:9", "project": "SEC" + OSC, "token_env": "T_TOKEN"}, ["# "]),
        (
            {
                "kind": "servicenow",
                "url": "http://127.0.0.1:9",
                "table": "u_ai_exception",
                "user": "svc" + OSC,
                "password_env": "T_TOKEN",
            },
            ["authorization: Basic <redacted> (svc"],
        ),
    ],
    ids=["jira project", "servicenow user"],  # (a url holding them is refused: the test after this one)
)
def test_intake_settings_print_cleaned_in_the_preview(capsys, hostile_request, settings, lines):
    """The intake's url, Jira project and ServiceNow user come from the pack or the user's config: the preview's
    header (where it goes), its request line and its authorization line show them cleaned."""
    intake_config(settings)
    code, out = run(capsys, "request", "show", hostile_request, "--payload")
    assert code == 0, out
    assert not [c for c in ("\x1b", "\x07", "\u202e") if c in out], out
    for start in lines:
        assert any(line.startswith(start) and "\\x1b]0;owned\\x07\\u202e" in line for line in out.split("\n")), start


def test_an_intake_url_holding_controls_is_refused_and_the_refusal_printed_cleaned(capsys, hostile_request):
    intake_config({"kind": "webhook", "url": "http://127.0.0.1:9/hook" + OSC, "secret_env": "T_SECRET"})
    code, out = run(capsys, "request", "show", hostile_request, "--payload")
    assert code == 2 and "it holds a space or a control character" in out
    # the URL's host is shown; a path segment that is no known word (controls and all) is hidden whole
    assert not [c for c in ("\x1b", "\x07", "\u202e") if c in out] and "'http://127.0.0.1:9/<redacted>" in out


def test_an_error_quoting_an_intake_setting_prints_it_cleaned(capsys, hostile_request):
    """Every error the command line reports goes through one print: a message that quotes a setting (here
    a ServiceNow table name that is no table name) shows it cleaned."""
    intake_config(
        {"kind": "servicenow", "url": "http://127.0.0.1:9", "table": "t" + OSC, "user": "u", "password_env": "T"}
    )
    code, out = run(capsys, "request", "show", hostile_request, "--payload")
    assert code == 2 and "table must be a table name" in out
    assert not [c for c in ("\x1b", "\x07", "\u202e") if c in out] and "t\\x1b]0;owned\\x07\\u202e" in out
