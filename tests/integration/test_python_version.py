"""A Python whose regular expressions match possessive quantifiers wrongly (3.11.0 to 3.11.4) cannot run aicheck.

On Debian 12's Python 3.11.2 a settings file whose first line is a ``// comment`` "could not be read", so a
remote MCP server in Zed's settings went unjudged, among a hundred other misreadings the suite showed there.
The command refuses such a Python (exit 2, one line that says which Python to use), never an answer from it."""

from __future__ import annotations

import json
import sys

import pytest

from tui.cli import main
from tui.interpreter import unsound_python

ZED = {"context_servers": {"r": {"type": "http", "url": "https://evil.example.com/mcp"}}}


@pytest.mark.parametrize("command", ["check", "scan"])
def test_a_python_with_the_possessive_quantifier_bug_is_refused(capsys, monkeypatch, machine_factory, command):
    m = machine_factory("linux")
    m.write(m.h(".config/zed/settings.json"), "// Zed settings\n" + json.dumps(ZED))
    monkeypatch.setattr(sys, "version_info", (3, 11, 2, "final", 0))
    code = main([command, "--json", "--content", "example", *m.cli_args()])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("aicheck: Python 3.11.2 cannot run aicheck: ") and "3.11.5 or newer" in err


@pytest.mark.parametrize(
    "version, sound",
    [((3, 11, 0), False), ((3, 11, 4, "final", 0), False), ((3, 11, 5), True), ((3, 12, 0), True), ((4, 0), True)],
)
def test_the_first_sound_python_is_3_11_5(version, sound):
    assert (unsound_python(version) is None) == sound


def test_the_same_machine_is_judged_on_a_sound_python(capsys, machine_factory):
    """The file the refused Python misread, judged here: the remote server is found and prohibited."""
    m = machine_factory("linux")
    m.write(m.h(".config/zed/settings.json"), "// Zed settings\n" + json.dumps(ZED))
    code = main(["check", "--json", "--content", "example", *m.cli_args()])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and [s["name"] for s in report["mcp_servers"]] == ["r"]
