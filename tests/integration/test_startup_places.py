"""Startup code a shell really runs that aicheck did not read (red team F10), and a startup file built to
make following its source lines quadratic (F1). Each place defines `c` or `claude` to start Claude Code with
`--dangerously-skip-permissions`; `check` passed where the same line in `~/.config/fish/functions/` did not:
fish's vendor folders in the user's data folder, a zsh function autoloaded from a folder `.zshrc` puts on
`fpath`, a zsh global alias that holds the flag, the user's own `~/.bash_completion`."""

from __future__ import annotations

import json

import pytest

from support.packs import isolate_cli, run_cli
from tui.core.sourced_files import MAX_SOURCED_FILES

FLAG = "--dangerously-skip-permissions"
GATEWAY = "https://ai-gateway.example.com"


def _claude(machine_factory, platform: str = "linux"):
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    return m


def _check(m, tmp_path, monkeypatch, capsys, *extra: str) -> tuple[int, dict, str]:
    """(check's exit code, Claude Code's conditions by id, check's text) through the real CLI."""
    isolate_cli(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", "/usr/local/bin:/usr/bin:/bin")  # the scanned disk's, whatever runs the tests
    args = ("check", "--root", str(m.root), "--platform", m.platform, "--home", m.home, *extra)
    code, out, err = run_cli(capsys, *args, "--json")
    assert "Traceback" not in err
    tool = next(f for f in json.loads(out)["tools"] if f["id"] == "claude-code")
    return code, {c["id"]: c for c in tool["conditions"]}, run_cli(capsys, *args)[1]


def _read(m, pack) -> tuple[set[str], list[tuple[str, str]]]:
    """(the files the scan read, as machine paths; the audit's notes) of a scan of ``m``."""
    from tui.core.scanner import scan

    report = scan(m.machine(), pack)
    root = str(m.root)
    return {p[len(root) :] for p in report.audit.paths_read}, [(s.path, s.reason) for s in report.audit.skipped]


# -- F1: a line past the bound of what is followed is noted once, and one file sourced again is no new file --


def test_one_file_sourced_ten_thousand_times_is_read_once(tmp_path, machine_factory, monkeypatch, capsys, pack):
    """A `.bashrc` of 10,000 `. ~/x` lines: the same file each time, read once. Every line past the 128th was
    counted as a new file past the bound and noted one by one (quadratic: 45 s), and the check could not confirm."""
    m = _claude(machine_factory)
    m.write(m.h("x"), "true\n")
    bashrc = m.write(m.h(".bashrc"), ". ~/x\n" * 10_000)
    read, notes = _read(m, pack)
    assert m.h("x") in read
    assert [n for n in notes if n[0] == m.machine().display(bashrc)] == []
    _code, states, _text = _check(m, tmp_path, monkeypatch, capsys)
    assert states["not-started-unattended"]["state"] == "met", states["not-started-unattended"]


def test_ten_thousand_files_past_the_bound_are_noted_once(tmp_path, machine_factory, monkeypatch, capsys, pack):
    """10,000 lines each sourcing another file: 128 are followed, the first line past the bound is noted and
    cannot confirm the condition, the other lines are counted in one note (not 9,872 notes, each a scan of
    the ones before)."""
    m = _claude(machine_factory)
    bashrc = m.write(m.h(".bashrc"), "".join(f". ~/.x{i}\n" for i in range(10_000)))
    shown = m.machine().display(bashrc)
    _read_files, notes = _read(m, pack)
    mine = [reason for path, reason in notes if path == shown]
    first = MAX_SOURCED_FILES + 1
    assert mine == [
        f"line {first} sources more files than are followed: not read",
        f"lines {first + 1} to 10000 (9871 lines) source more files than are followed: not read",
    ]
    code, states, _text = _check(m, tmp_path, monkeypatch, capsys)
    state = states["not-started-unattended"]
    assert code == 1 and state["state"] == "unmet", state
    assert state["detail"].count("sources more files than aicheck follows") == 1, state["detail"]
