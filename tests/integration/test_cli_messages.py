"""The command line never leaves a user guessing: each wrong command gets one clear message that says what to
do instead, with the usage of the command that was typed, and exit code 2 (issue 14, point 3)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import build_parser, main
from tui.core.text import close_ids, counted
from tui.errors import ExitCode
from tui.paths import bundled_content_dir

USAGE = ExitCode.USAGE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command that must be refused by the parser; return what it printed on stderr."""
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    out, err = capsys.readouterr()
    assert exc.value.code == USAGE and out == ""
    return err


def broken_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    (pack / "catalog.toml").write_text("[tools.x\n", "utf-8")
    return pack


# -- the app needs a terminal, and a broken pack or config stops it before the screen takes over ----------


def _aicheck(*argv: str, cwd: Path, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "tui", *argv], cwd=cwd, text=True, timeout=60, env=dict(os.environ), **kwargs
    )


@pytest.mark.parametrize("argv", [[], ["--demo"]], ids=["app", "demo"])
def test_the_app_without_a_terminal_says_to_use_scan_or_check(tmp_path, argv):
    proc = _aicheck(*argv, cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True)
    assert proc.returncode == USAGE
    assert proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert line.startswith("aicheck: the app needs a terminal")
    assert "`aicheck scan`" in line and "`aicheck check`" in line


def test_the_app_with_stdout_piped_says_the_same(tmp_path):
    pytest.importorskip("pty")
    import pty

    primary, secondary = pty.openpty()
    try:  # standard input is a terminal, standard output a pipe: still no full-screen app
        proc = _aicheck(cwd=tmp_path, stdin=secondary, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    finally:
        os.close(primary)
        os.close(secondary)
    assert proc.returncode == USAGE and "the app needs a terminal" in proc.stderr


def _app_in_a_terminal(tmp_path: Path, *argv: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Start the app with a real pseudo-terminal as its standard input and output; return its exit code and
    stderr. A broken input must stop it before the screen takes over (else it would run until the timeout)."""
    pytest.importorskip("pty")
    import pty

    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "tui", *argv],
            cwd=tmp_path,
            text=True,
            timeout=60,
            stdin=secondary,
            stdout=secondary,
            stderr=subprocess.PIPE,
            env={**os.environ, **(env or {})},
        )
    finally:
        os.close(primary)
        os.close(secondary)
    return proc.returncode, proc.stderr


def test_a_broken_pack_stops_the_app_with_one_clear_error(tmp_path):
    pack = broken_pack(tmp_path)
    code, err = _app_in_a_terminal(tmp_path, "--content", str(pack))
    assert code == USAGE
    [line] = err.splitlines()  # the file, line and column, and what is wrong there
    assert line.startswith("aicheck: pack/catalog.toml:1:") and "TOML syntax error" in line


def test_a_missing_pack_stops_the_app_with_one_line(tmp_path):
    code, err = _app_in_a_terminal(tmp_path, "--content", str(tmp_path / "nowhere"))
    assert code == USAGE
    [line] = err.splitlines()
    assert line.startswith(f"aicheck: {tmp_path / 'nowhere'}") and "no such folder" in line


def test_a_broken_config_stops_the_app_with_one_line(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[intake\n", "utf-8")
    code, err = _app_in_a_terminal(tmp_path, env={"AICHECK_CONFIG": str(config)})
    assert code == USAGE
    [line] = err.splitlines()
    assert line.startswith(f"aicheck: {config}: TOML syntax error")


def test_a_root_that_is_a_file_is_named_before_the_terminal_is_asked_for(capsys, tmp_path):
    (tmp_path / "disk.img").write_bytes(b"")
    code, _out, err = run(capsys, "--root", str(tmp_path / "disk.img"))
    assert code == USAGE and "not a folder" in err and "terminal" not in err


# -- usage: the command that was typed, the actions there are -----------------------------------------------


@pytest.mark.parametrize(
    "argv, usage",
    [
        (["scan", "--bogus"], "usage: aicheck scan "),
        (["check", "--nope", "x"], "usage: aicheck check "),
        (["content", "validate", "DIR", "--bogus"], "usage: aicheck content validate "),
        (["request", "list", "--bogus"], "usage: aicheck request list "),
    ],
)
def test_an_unknown_option_shows_the_usage_of_the_command_typed(capsys, argv, usage):
    err = usage_error(capsys, *argv)
    assert err.startswith(usage) and "COMMAND" not in err
    unknown = " ".join(a for a in argv if a.startswith("-") or a == "x")
    assert err.splitlines()[-1] == f"aicheck: error: unrecognized arguments: {unknown}"


@pytest.mark.parametrize(
    "argv, hint",
    [
        (["check", "--stirct"], "unrecognized arguments: --stirct; did you mean --strict?"),
        (["scan", "--jsn", "--explian"], "did you mean --jsn -> --json, --explian -> --explain?"),
        (["request", "submit", "X", "--yse"], "did you mean --yes?"),
        # a new user: `--hom` was taken for --home without a word (abbreviations are guesses), `chek` got the
        # list of commands alone, and `--hom x scan` blamed the folder (taken for the command)
        (["check", "--stric"], "unrecognized arguments: --stric; did you mean --strict?"),
        (
            ["chek"],
            "invalid choice: 'chek' (choose from 'scan', 'check', 'attest', 'content', 'request', "
            "'impact', 'grant', 'osquery-extension', 'report'); did you mean check?",
        ),
        (["--hom", "/tmp", "scan"], "unrecognized arguments: --hom; did you mean --home?"),
        (["scan", "--", "--json"], "unrecognized arguments: -- --json"),  # no "did you mean --json -> --json"
    ],
)
def test_a_mistyped_option_is_told_the_one_it_is_like(capsys, argv, hint):
    """`aicheck check --stirct` in a script: exit 2 with the option meant (a mistyped option is never run
    as if it had not been given)."""
    assert usage_error(capsys, *argv).splitlines()[-1].endswith(hint)


@pytest.mark.parametrize(
    "command, actions",
    [
        ("content", ["path", "validate", "keygen", "pack", "sign", "verify", "fetch"]),
        ("request", ["new", "list", "show", "submit", "sync", "retry", "withdraw"]),
        ("impact", ["new", "list", "show", "export"]),
        ("grant", ["issue", "add", "list"]),
        ("report", ["summarize"]),
    ],
)
def test_a_command_without_its_action_lists_the_actions(capsys, command, actions):
    err = usage_error(capsys, command)
    lines = err.splitlines()
    assert lines[0].startswith(f"usage: aicheck {command} ")
    assert f"aicheck: error: `aicheck {command}` needs an ACTION, one of:" in lines
    listed = [line.split()[0] for line in lines if line.startswith("  ") and not line.startswith("   ")]
    assert listed == actions
    for line in lines:
        if line.startswith("  ") and line.split()[0] in actions:
            assert len(line.split()) > 1, f"action without a description: {line!r}"
    assert lines[-1] == f"See `aicheck {command} ACTION --help` for its options."


def test_scan_refuses_json_with_explain(capsys):
    err = usage_error(capsys, "scan", "--json", "--explain")
    assert err.startswith("usage: aicheck scan ")
    assert "aicheck: error: argument --explain: not allowed with argument --json" in err


# -- not a folder -----------------------------------------------------------------------------------------


def test_root_that_is_a_file_is_not_a_folder(capsys, tmp_path):
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0::/root:/bin/sh\n", "utf-8")
    for argv in (["scan", "--root", str(passwd)], ["--root", str(passwd), "check"]):
        code, out, err = run(capsys, *argv)
        assert code == USAGE and out == ""
        assert err == f"aicheck: --root {passwd}: not a folder (give the folder where the disk is mounted)\n"


def test_content_validate_on_a_file_says_not_a_folder(capsys, tmp_path):
    archive = tmp_path / "pack.tar.gz"
    archive.write_bytes(b"\x1f\x8b")
    code, out, err = run(capsys, "content", "validate", str(archive))
    assert code == USAGE and out == ""
    assert err.startswith(f"aicheck: {archive}: not a folder; give the content pack folder")
    assert "aicheck content verify FILE" in err  # an archive: the command that takes one
    code, _out, err = run(capsys, "content", "validate", str(tmp_path / "missing"))
    assert code == USAGE and err == f"aicheck: {tmp_path / 'missing'}: no such folder\n"


# -- hints point where the answer is --------------------------------------------------------------------


def test_attest_on_an_unknown_tool_lists_the_tools_that_have_conditions(capsys, pack):
    attestable = sorted(
        t for t in pack.catalog.tools if (r := pack.policy.rule(t)) is not None and any(c.attest for c in r.conditions)
    )
    assert attestable  # the bundled pack has some
    code, _out, err = run(capsys, "attest", "no-such-tool")
    assert code == USAGE
    assert err == f"aicheck: unknown tool 'no-such-tool' (tools with conditions to attest: {', '.join(attestable)})\n"
    code, _out, err = run(capsys, "attest", "claude-cod")  # a slip of the keyboard: the close ids first
    assert code == USAGE and err.startswith("aicheck: unknown tool 'claude-cod' (did you mean claude-code")
    without = next(t for t in sorted(pack.catalog.tools) if t not in attestable)
    code, _out, err = run(capsys, "attest", without)
    assert code == USAGE and f"the policy asks no attestation for '{without}'" in err
    assert "tools with conditions to attest: " in err


def test_request_new_with_an_unknown_tool_names_close_ids_and_where_all_are(capsys, pack):
    code, _out, err = run(
        capsys,
        "request",
        "new",
        "--tool",
        "claud",
        "--no-scan",
        "--justification",
        "I need it for the billing migration, nothing else fits",
    )
    assert code == USAGE
    [line] = [x for x in err.splitlines() if "unknown tool" in x]
    near = [t for t in sorted(pack.catalog.tools) if "claud" in t]
    assert near and f"did you mean {', '.join(near[:4])}?" in line
    assert "every id is in catalog.toml, in the folder `aicheck content path` prints" in line
    assert not any((Path(os.environ["AICHECK_DATA_DIR"]) / "requests").glob("*"))  # nothing recorded


def test_close_ids_prefers_what_the_word_is_part_of_then_close_spellings():
    ids = ["claude-code", "cursor", "github-copilot", "windsurf"]
    assert close_ids("claude", ids) == ["claude-code"]
    assert close_ids("curser", ids) == ["cursor"]
    assert close_ids("zzzz", ids) == []


def test_impact_new_refuses_an_unknown_tool_and_impossible_numbers_one_line_each(capsys):
    code, out, err = run(
        capsys,
        "impact",
        "new",
        "--tool",
        "curser",
        "--title",
        "t",
        "--workflow",
        "Negative:-5:3:2",
        "--workflow",
        "Too long:600:30:20",
        "--workflow",
        "Never:60:30:0",
        "--cost",
        "-3",
    )
    assert code == USAGE and out == ""
    lines = err.splitlines()
    assert lines[0] == "aicheck: the impact document is not valid:"
    assert lines[1].startswith("  tool: unknown tool 'curser' (did you mean cursor?")
    assert "  workflows[0].minutes_without: minutes without the tool must be a number of minutes, 0 or more" in lines
    assert "  workflows[1].per_week: 600 minutes 20 times a week is more than the 168 hours a week has" in lines
    assert any(x.startswith("  workflows[2].per_week: how often per week must be more than 0") for x in lines)
    assert "  cost_per_month: tool cost per month must be 0 or more" in lines
    assert len(lines) == 6  # one line each
    assert not any((Path(os.environ["AICHECK_DATA_DIR"]) / "impact").glob("*.toml"))


def test_impact_new_accepts_a_known_tool_and_a_possible_week(capsys):
    code, out, _err = run(capsys, "impact", "new", "--tool", "cursor", "--workflow", "Review:60:30:40")
    assert code == ExitCode.OK and "recorded" in out


# -- plurals ------------------------------------------------------------------------------------------------


def test_counted_agrees_with_the_number():
    assert counted(1, "problem") == "1 problem" and counted(2, "problem") == "2 problems"
    assert counted(1, "advisory") == "1 advisory" and counted(0, "advisory") == "0 advisories"
    assert counted(1, "day") == "1 day" and counted(3, "day") == "3 days"
    assert counted(1, "tool needs", "tools need") == "1 tool needs"
    assert counted(2, "tool needs", "tools need") == "2 tools need"


def test_one_tool_that_needs_action_is_singular(capsys, machine_factory):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.120", bin_name="claude")
    code, out, _err = run(capsys, "check", *m.cli_args())
    assert code == ExitCode.ACTION
    assert "(1 tool needs action, " in out and "(s)" not in out
    _code, out, _err = run(capsys, "scan", *m.cli_args())
    assert "* action required on 1 tool. " in out and "(s)" not in out
    _code, out, _err = run(capsys, "scan", "--explain", *m.cli_args())
    assert "Audit: read " in out and "(s)" not in out


def test_content_validate_counts_in_words_that_agree(capsys, tmp_path):
    code, _out, err = run(capsys, "content", "validate", str(bundled_content_dir()))
    assert code == ExitCode.OK and "(s)" not in err and " 1 tools" not in err and " 1 advisories" not in err
    pack = broken_pack(tmp_path)
    code, out, err = run(capsys, "content", "validate", str(pack))
    problems = out.splitlines()
    assert code == USAGE and problems
    assert err == f"aicheck: {counted(len(problems), 'problem')} in {pack}\n"


# -- every option says what it does ------------------------------------------------------------------------


def _parsers(parser: argparse.ArgumentParser, path: str = "aicheck"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def test_every_command_and_option_has_help_text():
    missing = []
    for path, parser in _parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if isinstance(action, argparse._SubParsersAction):
                described = {a.dest: a.help for a in action._choices_actions}
                missing += [f"{path} {name}" for name in action.choices if not (described.get(name) or "").strip()]
                continue
            if not (action.help or "").strip() or action.help == argparse.SUPPRESS:
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []
    assert sum(1 for _ in _parsers(build_parser())) > 25  # the walk reached the sub-commands' sub-commands


@pytest.mark.parametrize(
    "argv",
    [
        ["scan", "--x\x1b]0;owned\x07"],  # an unknown option: argparse repeats it
        ["scan", "stray\x1b[2J"],  # a stray word (argparse quotes an unknown command itself, with repr)
        ["scan", "--format=\u202ejson"],  # a bidi override reorders what follows on the terminal
    ],
)
def test_a_usage_error_shows_the_words_typed_never_obeys_them(capsys, argv):
    err = usage_error(capsys, *argv)
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err
    assert "\\x1b" in err or "\\u202e" in err  # shown, escaped: the user sees what they pasted
