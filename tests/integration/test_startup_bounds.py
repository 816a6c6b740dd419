"""Startup files built to make the reading of function bodies quadratic: each function's body is read up to
where it closes, so a file of thousands of nested functions made every head read the next 500 lines (a
1 MiB fish config took 20 s and 400 MiB). Bodies are read up to a budget per file; a file past it cannot
confirm the condition (what its later names run is unread), and is never a clean bill."""

from __future__ import annotations

import json
import time

import pytest

from support.packs import isolate_cli, run_cli

NESTED = 2_000  # deep enough that the heads' bodies, read whole, pass the budget (20,000 lines) many times over


def _check(tmp_path, machine_factory, monkeypatch, capsys, rel: str, text: str) -> tuple[dict, str]:
    """(Claude Code's not-started-unattended condition, check's text) on a home holding ``text`` at ``rel``."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write(m.h(rel), text)
    isolate_cli(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", "/usr/local/bin:/usr/bin:/bin")
    args = ("--root", str(m.root), "--platform", "linux", "--home", m.home)
    code, out, err = run_cli(capsys, "check", "--json", *args)
    assert "Traceback" not in err
    tool = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    state = next(c for c in tool["conditions"] if c["id"] == "not-started-unattended")
    assert code == 1 or state["state"] == "met", state
    return state, run_cli(capsys, "check", *args)[1]


@pytest.mark.parametrize(
    "rel, text",
    [
        (".config/fish/config.fish", "function f\n" * NESTED + "claude\n" + "end\n" * NESTED),
        (".bashrc", "f() {\n" * NESTED + "claude\n" + "}\n" * NESTED),
    ],
    ids=["fish", "sh"],
)
def test_nested_function_bodies_past_the_budget_cannot_confirm(
    tmp_path, machine_factory, monkeypatch, capsys, rel, text
):
    started = time.perf_counter()
    state, out = _check(tmp_path, machine_factory, monkeypatch, capsys, rel, text)
    assert state["state"] == "unmet" and state["detail"].startswith("cannot confirm"), state
    assert "starts more function bodies than aicheck reads" in state["detail"], state
    assert "keep the file's functions fewer and less deeply nested" in out, out  # the fix says what to change
    assert time.perf_counter() - started < 60  # a bound for a hang, not a speed test


def test_functions_within_the_budget_are_read_as_before(tmp_path, machine_factory, monkeypatch, capsys):
    """Hundreds of ordinary functions: well within the budget, the file is read whole (the flag found)."""
    funcs = "".join(f"f{i}() {{\n  echo {i}\n  ls -la\n}}\n" for i in range(400))
    text = funcs + "c() { claude \"$@\"; }\nalias cc='c --dangerously-skip-permissions'\n"
    state, _out = _check(tmp_path, machine_factory, monkeypatch, capsys, ".bashrc", text)
    assert state["state"] == "unmet" and "--dangerously-skip-permissions" in state["detail"], state
    assert "function bodies" not in state["detail"], state


@pytest.mark.parametrize(
    "text, says",
    [
        ('yolo() { env "$@" --dangerously-skip-permissions; }\n', "out of the function that adds it"),
        ('RC=$(cat ~/.rcname)\n. "$RC"\n', "write out the name of the file the line runs"),
    ],
    ids=["given-command", "named-at-run-time"],
)
def test_each_unknown_line_gets_its_own_fix(tmp_path, machine_factory, monkeypatch, capsys, text, says):
    """The fix for a line that cannot confirm says what to change there (a runner function was told to 'set the
    command it is given in your shell startup files')."""
    state, out = _check(tmp_path, machine_factory, monkeypatch, capsys, ".bashrc", text)
    assert state["detail"].startswith("cannot confirm"), state
    assert says in out and "set the command it is given" not in out, out
