"""No exit 0 without a verdict: argparse's own actions (``--version``, ``--help``) stop the program before the
gate runs, and exited 0. A gate script with a stray ``--version`` (``aicheck --version check``) read that 0 as
compliant. Now ``--version`` alone prints the version (exit 0); with anything else it is a usage error (exit 2,
one line); help asked for alone exits 0 and says no check was made, help among other arguments (a script's
command line with a stray ``-h``) prints the help and exits 2. Each case through the real CLI in a child
process, with no content pack configured (so a real check could never say "compliant")."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tui import __version__

USAGE = 2


def _aicheck(tmp_path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AICHECK_")}
    env.update(
        AICHECK_CONFIG=str(tmp_path / "config.toml"),
        AICHECK_DATA_DIR=str(tmp_path / "data"),
        AICHECK_CACHE_DIR=str(tmp_path / "cache"),
        AICHECK_STATE_DIR=str(tmp_path / "state"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    (tmp_path / "config.toml").write_text("")
    return subprocess.run(
        [sys.executable, "-m", "tui", *argv],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_version_alone_prints_the_version(tmp_path):
    proc = _aicheck(tmp_path, "--version")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"aicheck {__version__}\n", "")


@pytest.mark.parametrize(
    "argv",
    [
        ["--version", "check"],
        ["--version", "check", "--json"],
        ["check", "--json", "--version"],
        ["--version", "scan"],
        ["--version", "report", "summarize", "x"],
        ["--root", "/", "--version"],
        ["--version", "--demo"],
        ["--version", "--version"],
        ["--version", "-h"],
        ["-h", "--version"],
    ],
)
def test_version_with_anything_else_is_a_usage_error_never_exit_0(tmp_path, argv):
    proc = _aicheck(tmp_path, *argv)
    assert proc.returncode == USAGE, (proc.stdout, proc.stderr)
    assert proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert line.startswith("aicheck: ") and "Traceback" not in line


def test_version_with_a_command_says_what_to_do(tmp_path):
    proc = _aicheck(tmp_path, "--version", "check")
    assert proc.stderr == (
        "aicheck: --version takes nothing else: run `aicheck --version` alone (it prints the version and "
        "checks nothing), or leave --version out to run the command\n"
    )


@pytest.mark.parametrize(
    "argv", [["--vers", "check"], ["--versio"], ["--v", "check"], ["check", "--he"], ["check", "--hel", "--json"]]
)
def test_abbreviations_of_version_and_help_are_unknown_options(tmp_path, argv):
    proc = _aicheck(tmp_path, *argv)
    assert proc.returncode == USAGE and proc.stdout == "", proc.stderr
    assert "unrecognized arguments" in proc.stderr or "invalid choice" in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    "argv",
    [["-h"], ["--help"], ["check", "-h"], ["check", "--help"], ["-h", "check"], ["report", "summarize", "--help"]],
)
def test_help_asked_for_alone_exits_0(tmp_path, argv):
    proc = _aicheck(tmp_path, *argv)
    assert proc.returncode == 0 and proc.stdout.startswith("usage: aicheck"), proc.stderr
    assert proc.stderr == ""


def test_the_help_of_check_says_that_it_checked_nothing(tmp_path):
    proc = _aicheck(tmp_path, "check", "--help")
    text = " ".join(proc.stdout.split())
    assert "Showing this help checks nothing" in text and "exit 0 here is no verdict" in text


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--json", "-h"],
        ["check", "--strict", "--help"],
        ["--root", "/", "check", "--help"],
        ["-h", "check", "--json"],
        ["check", "--all-users", "-h"],
        ["scan", "--json", "--help"],
        ["report", "summarize", "reports/", "-h"],
        # a command's name where no such command is, and words after `--`, are other arguments too
        ["check", "check", "-h"],
        ["check", "scan", "-h"],
        ["check", "grant", "-h"],
        ["scan", "check", "--help"],
        ["check", "-h", "--", "--json", "--content", "example"],
        ["check", "-h", "--"],
        ["-h", "--", "check"],
    ],
)
def test_help_among_other_arguments_prints_the_help_and_exits_2(tmp_path, argv):
    proc = _aicheck(tmp_path, *argv)
    assert proc.returncode == USAGE, proc.stderr
    assert proc.stdout.startswith("usage: aicheck")
    [line] = proc.stderr.splitlines()
    assert line.startswith("aicheck: help shown because of ") and "nothing was checked" in line


def test_without_a_configured_pack_check_itself_still_exits_2(tmp_path):
    """The baseline the cases above rely on: with no pack configured, no real check is 0 here."""
    proc = _aicheck(tmp_path, "check")
    assert proc.returncode == USAGE, proc.stderr
