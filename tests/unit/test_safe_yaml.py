"""The one YAML parser (tui/core/safe_yaml.py) against hostile files: no anchors or aliases (billion laughs),
no explicit tags (``!!python/object``), bounded nesting and size, and a malformed file is one clear line with
its line number, never a traceback or a quote of the file. Real files on synthetic machines, read by a scan."""

from __future__ import annotations

import json
import time

import pytest

from support.agents import MARKER
from tui.cli import main
from tui.core.bounded_read import ParseFailed
from tui.core.safe_yaml import MAX_DEPTH, MAX_YAML_BYTES, parse_front_matter, parse_yaml
from tui.core.scanner import scan

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
)


def test_plain_yaml_is_plain_data():
    text = "a: 1\nb: [x, 'y']\nwhen: 2024-01-01\nflags: {on: yes, off: no}\nempty:\n"
    assert parse_yaml(text) == {
        "a": 1,
        "b": ["x", "y"],
        "when": "2024-01-01",
        "flags": {True: True, False: False},
        "empty": None,
    }


def test_front_matter_is_the_yaml_between_the_first_two_fence_lines():
    """A Markdown file's front matter (Claude Code's subagents): the first line ``---`` opens it (after a
    byte-order mark, CRLF lines too), the next line ``---`` closes it. Red team: a reader that ends it at the
    first ``---`` anywhere (a lazy `/^---\\s*\\n([\\s\\S]*?)---/`) reads other keys than a line-wise one
    (`permissionMode: bypassPermissions # ---` then `permissionMode: default`), and one that takes any white
    space after the opening dashes (a form feed, a no-break space) reads a front matter a strict one does not:
    both are files that cannot be read as one thing, never "nothing set"; so is a key written twice."""
    assert parse_front_matter("---\nname: a\ndescription: x y\n---\n---\nbody: 1\n") == {
        "name": "a",
        "description": "x y",
    }
    for two_readings in (
        "---\nname: a\ndescription: x --- y\n---\n",
        "---\npermissionMode: bypassPermissions # ---\npermissionMode: default\n---\n",
        "---\f\npermissionMode: bypassPermissions\n---\n",
        "---\u00a0\npermissionMode: bypassPermissions\n---\n",
        "---\npermissionMode: bypassPermissions\npermissionMode: default\n---\n",
    ):
        with pytest.raises(ParseFailed):
            parse_front_matter(two_readings)
    assert parse_front_matter("\ufeff---  \r\npermissionMode: plan\r\n---\r\n") == {"permissionMode": "plan"}
    assert parse_front_matter("# no front matter\n---\na: 1\n---\n") is None
    assert parse_front_matter("---\n---\nbody\n") is None  # empty: nothing set
    with pytest.raises(ParseFailed, match="no line '---' closes it"):  # never read as "nothing set"
        parse_front_matter("---\npermissionMode: bypassPermissions\n")
    with pytest.raises(ParseFailed, match="anchors and aliases"):
        parse_front_matter("---\na: &b x\nc: *b\n---\n")


@pytest.mark.parametrize(
    "text, message",
    [
        (BILLION_LAUGHS, "anchors and aliases are not accepted (line 1, column 4)"),
        ("a: 1\nb: *undefined\n", "anchors and aliases are not accepted (line 2, column 4)"),
        ("a: !!python/object/apply:os.system ['echo pwned']\n", "explicit tags are not accepted (line 1, column 4)"),
        ("a: !!python/name:os.system\n", "explicit tags are not accepted"),
        (f"x: !{MARKER} value\n", "explicit tags are not accepted"),
        ("a: !!binary aGVsbG8=\n", "explicit tags are not accepted"),
        ("a: " + "[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10) + "\n", f"nested deeper than {MAX_DEPTH} levels"),
        ("a: 1\nb: [1, 2\nc: 3\n", "(line 3, column 2)"),
        (f"a: 1\n\tb: {MARKER}\n", "(line 2, column 1)"),
        ("- a\n" * 60_000, "more than 50000 values"),
    ],
    # the message names each case: a 240,000-character id would flood every report that lists tests
    ids=lambda value: value[:40] if isinstance(value, str) else None,
)
def test_hostile_yaml_is_refused_with_a_line_number(text, message):
    started = time.monotonic()
    with pytest.raises(ParseFailed) as exc:
        parse_yaml(text)
    assert str(exc.value).startswith("invalid YAML: ") and message in str(exc.value)
    assert MARKER not in str(exc.value) and "\n" not in str(exc.value)
    assert time.monotonic() - started < 20


def test_hostile_yaml_configs_on_a_scanned_machine(machine_factory, pack, platform_name, capsys):
    m = machine_factory(platform_name)
    goose = (
        f"{m.appdata}/Block/goose/config/config.yaml"
        if platform_name == "windows"
        else m.h(".config/goose/config.yaml")
    )
    m.write(goose, BILLION_LAUGHS)
    m.write(
        m.h(".continue/config.yaml"), f"mcpServers:\n  - name: x\n    command: !!python/object:os.system {MARKER}\n"
    )
    m.write(m.h(".continue/mcpServers/big.yaml"), "#" * (MAX_YAML_BYTES + 1))
    m.write(m.h(".continue/mcpServers/bad.yml"), f"mcpServers:\n  - name: ok\n    env: {{K: {MARKER}\n")
    m.write(m.h(".continue/mcpServers/list.yaml"), "- just\n- a list\n")
    m.write(m.h(".continue/mcpServers/empty.yaml"), "")
    report = scan(m.machine(), pack)
    assert report.surface.servers == []
    skipped = {s.path.replace("\\", "/").rsplit("/", 2)[-1]: s.reason for s in report.audit.skipped}
    yaml_errors = [s for s in report.audit.skipped if s.path.endswith("config.yaml")]
    assert len(yaml_errors) == 2 and all(s.reason.startswith("invalid YAML: ") for s in yaml_errors)  # Goose, Continue
    assert skipped["big.yaml"].startswith("file too large")
    assert "(line 4, column 1)" in skipped["bad.yml"]  # the flow mapping never closes
    assert skipped["list.yaml"] == "not a YAML mapping"
    assert "empty.yaml" not in skipped
    read = set(report.audit.paths_read)
    assert str(m.host(m.h(".continue/mcpServers/empty.yaml"))) in read
    # the same through the CLI: no traceback, no secret
    code = main(["scan", "--json", *m.cli_args()])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in out + err and MARKER not in out + err
    assert json.loads(out)["mcp_servers"] == []
