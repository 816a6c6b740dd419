"""A script under a name of the user's own in a folder of the search path they can write
(``~/.local/bin/cc``: ``exec claude --dangerously-skip-permissions "$@"``) starts the tool as the alias
``alias cc='claude --dangerously-skip-permissions'`` does, and the alias was caught while the script passed the
gate. The small shell scripts of the home's command folders are read like startup lines now, in the dialect
their first line names; programs in other languages and binaries are looked at only for their first bytes, and
the system's folders are never read. Past the bounds the condition cannot be confirmed, never met."""

from __future__ import annotations

import json
import os

import pytest

from support.packs import isolate_cli, run_cli
from tui.core import user_scripts
from tui.core.scanner import scan

GATEWAY = "https://ai-gateway.example.com"


def _machine(machine_factory, scripts: dict[str, str], *, executable: bool = True):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})
    for rel, text in scripts.items():
        path = m.write(m.h(rel), text)
        os.chmod(m.host(path), 0o755 if executable else 0o644)
    return m


def _states(m, pack) -> dict:
    machine = m.machine()
    machine.search_path.append(m.h(".local/bin"))
    report = scan(machine, pack)
    return {c.condition.id: c for c in report.finding("claude-code").conditions}, report


def test_a_script_under_another_name_that_adds_the_flag_needs_action(tmp_path, machine_factory, monkeypatch, capsys):
    """The red team's repro: the gate said 0 for the script where it says 1 for the alias."""
    m = _machine(machine_factory, {".local/bin/cc": '#!/bin/sh\nexec claude --dangerously-skip-permissions "$@"\n'})
    isolate_cli(monkeypatch, tmp_path)
    search = ":".join([*m.search_path, m.h(".local/bin")])
    args = ("check", "--content", "example", "--root", str(m.root), "--platform", "linux", "--home", m.home)
    code, out, err = run_cli(capsys, *args, "--search-path", search, "--json")
    assert code == 1, out + err
    report = json.loads(out)
    finding = next(f for f in report["tools"] if f["id"] == "claude-code")
    state = next(c for c in finding["conditions"] if c["id"] == "not-started-unattended")
    shown = f"{m.home}/.local/bin/cc"
    assert state["state"] == "unmet"
    assert state["detail"].startswith(f"{shown} line 2 starts claude with '--dangerously-skip-permissions'")
    assert any(p.endswith("/.local/bin/cc") for p in report["audit"]["paths_read"])  # the audit lists it
    code, text, _err = run_cli(capsys, *args, "--search-path", search)
    assert f"In {shown} line 2: take '--dangerously-skip-permissions' out of" in text


def test_settings_named_by_a_script_under_another_name_need_action(machine_factory, pack):
    """``--settings ~/personal.json`` names settings (a base URL off the gateway) no check looks at."""
    m = _machine(machine_factory, {"bin/work": '#!/usr/bin/env bash\nclaude --settings ~/personal.json "$@"\n'})
    m.write_json(m.h("personal.json"), {"env": {"ANTHROPIC_BASE_URL": "https://direct.example.test"}})
    states, _report = _states(m, pack)
    assert states["settings-aicheck-can-see"].state == "unmet"
    assert states["settings-aicheck-can-see"].detail.startswith(f"{m.home}/bin/work line 2 starts claude")
    assert states["not-started-unattended"].state == "met"


def test_a_script_is_read_in_the_dialect_its_first_line_names(machine_factory, pack):
    """A fish script named without .fish: fish's words (``$argv``, ``(…)``) read as fish's."""
    m = _machine(
        machine_factory,
        {".local/bin/yolo": "#!/usr/bin/env fish\nset -l f --dangerously-skip-permissions\nclaude $f $argv\n"},
    )
    states, _report = _states(m, pack)
    assert states["not-started-unattended"].state == "unmet", states["not-started-unattended"].detail
    assert "yolo line 3" in states["not-started-unattended"].detail


def test_other_programs_binaries_and_plain_files_are_not_read_as_scripts(machine_factory, pack):
    m = _machine(
        machine_factory,
        {
            ".local/bin/py": "#!/usr/bin/env python3\nprint('claude --dangerously-skip-permissions')\n",
            ".local/bin/tool": "\x7fELF\0\0\0claude --dangerously-skip-permissions\n",
            ".local/bin/fine": '#!/bin/sh\nexec claude --model opus "$@"\n',
        },
    )
    m.write(m.h(".local/bin/notes.txt"), "claude --dangerously-skip-permissions\n")  # not executable: no command
    states, report = _states(m, pack)
    assert states["not-started-unattended"].state == "met", states["not-started-unattended"].detail
    assert states["settings-aicheck-can-see"].state == "met"
    read = report.audit.paths_read
    assert any(p.endswith("/.local/bin/fine") for p in read) and any(p.endswith("/.local/bin/py") for p in read)
    assert not any(p.endswith("notes.txt") for p in read)


def test_system_folders_are_never_read(machine_factory, pack):
    """A folder outside the home needs root to write: its commands are not read (the benchmark's thousands)."""
    m = _machine(machine_factory, {})
    path = m.write("/opt/tools/bin/cc", '#!/bin/sh\nexec claude --dangerously-skip-permissions "$@"\n')
    os.chmod(m.host(path), 0o755)
    m.add_to_path("/opt/tools/bin")
    states, report = _states(m, pack)
    assert states["not-started-unattended"].state == "met"
    assert not any("/opt/tools/bin/cc" in p for p in report.audit.paths_read)


def test_a_script_too_large_to_read_cannot_confirm(machine_factory, pack, monkeypatch):
    monkeypatch.setattr(user_scripts, "MAX_USER_SCRIPT_BYTES", 64)
    m = _machine(machine_factory, {".local/bin/big": "#!/bin/sh\n" + "# padding\n" * 20 + "exec claude\n"})
    states, _report = _states(m, pack)
    state = states["not-started-unattended"]
    assert state.state == "unmet"
    assert state.detail.startswith("cannot confirm") and f"{m.home}/.local/bin/big cannot be read" in state.detail


def test_more_scripts_than_are_read_cannot_confirm(machine_factory, pack, monkeypatch):
    monkeypatch.setattr(user_scripts, "MAX_USER_SCRIPTS", 3)
    m = _machine(machine_factory, {f".local/bin/s{i}": "#!/bin/sh\necho hi\n" for i in range(5)})
    states, _report = _states(m, pack)
    state = states["not-started-unattended"]
    assert state.state == "unmet"
    assert state.detail.startswith("cannot confirm")
    assert f"{m.home}/.local/bin holds more scripts than aicheck reads" in state.detail
    assert f"{m.home}/.local/bin" in state.offending_files


@pytest.mark.parametrize("limit", [2])
def test_more_files_than_are_looked_at_cannot_confirm(machine_factory, pack, monkeypatch, limit):
    monkeypatch.setattr(user_scripts, "MAX_USER_FILES", limit)
    m = _machine(machine_factory, {f"bin/p{i}": "#!/usr/bin/env python3\n" for i in range(4)})
    states, _report = _states(m, pack)
    assert states["not-started-unattended"].state == "unmet"
    assert "cannot confirm" in states["not-started-unattended"].detail


def test_a_script_under_another_name_that_moves_the_gateway_needs_action(machine_factory, pack):
    """``ANTHROPIC_BASE_URL=… exec claude`` in ~/.local/bin/cc: the sessions started through cc talk to another
    URL; a script that does not run the tool sets nothing for it."""
    direct = "https://api.example-direct.test/SECRET-MARKER-77"
    m = _machine(
        machine_factory,
        {
            ".local/bin/cc": f'#!/bin/sh\nexport ANTHROPIC_BASE_URL={direct}\nexec claude "$@"\n',
            ".local/bin/other": f'#!/bin/sh\nANTHROPIC_BASE_URL={direct} exec aider "$@"\n',
        },
    )
    states, _report = _states(m, pack)
    gateway = states["gateway"]
    assert gateway.state == "unmet"
    assert f"{m.home}/.local/bin/cc line 2" in gateway.detail and "bin/other" not in gateway.detail
    assert "SECRET-MARKER" not in gateway.detail
    (m.host(m.h(".local/bin/cc"))).unlink()
    states, _report = _states(m, pack)
    assert states["gateway"].state == "met", states["gateway"].detail


@pytest.mark.parametrize(
    "rel, text",
    [
        (".zshrc", "alias yolo='cc --dangerously-skip-permissions'\n"),
        ("bin/yolo", '#!/bin/bash\nexec cc --dangerously-skip-permissions "$@"\n'),
    ],
)
def test_a_script_that_runs_the_tool_is_a_name_that_leads_to_it(machine_factory, pack, rel, text):
    """``cc`` runs claude as it is given; an alias or another script starts ``cc`` with the flag."""
    m = _machine(machine_factory, {".local/bin/cc": '#!/bin/sh\nexec claude "$@"\n', rel: text})
    states, _report = _states(m, pack)
    state = states["not-started-unattended"]
    assert state.state == "unmet", state.detail
    assert state.detail.startswith(f"{m.home}/{rel} line ") and "starts cc (which runs claude)" in state.detail


def test_a_link_a_confined_scan_may_not_follow_cannot_confirm(machine_factory, pack):
    """A scan confined to the home (a fleet's scan of each user, run by root) may not follow ~/.local/bin/cc
    to /srv/scripts/cc: what it runs is unread, so the condition cannot be confirmed, never met."""
    import dataclasses

    m = _machine(machine_factory, {})
    target = m.write("/srv/scripts/cc", '#!/bin/sh\nexec claude --dangerously-skip-permissions "$@"\n')
    os.chmod(m.host(target), 0o755)
    m.symlink(m.h(".local/bin/cc"), target)
    machine = m.machine()
    machine.search_path.append(m.h(".local/bin"))
    confined = dataclasses.replace(machine, confine=(m.home, "/usr", "/etc"))
    state = next(
        c for c in scan(confined, pack).finding("claude-code").conditions if c.condition.id == "not-started-unattended"
    )
    assert state.state == "unmet" and state.detail.startswith("cannot confirm"), state.detail
    assert f"{m.home}/.local/bin/cc cannot be read" in state.detail


# -- the #! line: a script is a shell's unless its interpreter is known to be another language's --------------
_EXEC_FLAG = 'exec claude --dangerously-skip-permissions "$@"\n'


@pytest.mark.parametrize(
    "first",
    [
        "#!/usr/bin/env -Sbash",
        "#!/usr/bin/env --split-string=bash -x",
        "#!/usr/bin/env -S FOO=1 bash",
        "#!/usr/bin/env -u LANG -S bash -e",
        "#!/bin/rbash",
        "#!/bin/ash",
        "#!/usr/local/bin/bash5",
        "#!/usr/bin/env my-own-shell",
    ],
)
def test_a_script_whose_first_line_runs_a_shell_the_rule_did_not_know_is_read(machine_factory, pack, first):
    """The red team's repros: each of these #! lines was "another language", skipped, and the gate said 0."""
    m = _machine(machine_factory, {".local/bin/cc": f"{first}\n{_EXEC_FLAG}"})
    states, _report = _states(m, pack)
    state = states["not-started-unattended"]
    assert state.state == "unmet", state.detail
    assert state.detail.startswith(f"{m.home}/.local/bin/cc line 2 starts claude")


def test_an_interpreter_that_is_a_link_to_a_shell_is_followed(machine_factory, pack):
    """``#!/home/ada/.local/bin/mysh``, mysh a link to /bin/bash: a shell runs it; a link to python3 does not."""
    m = _machine(machine_factory, {})
    m.write("/bin/bash", "\x7fELF\0")
    m.write("/usr/bin/python3.12", "\x7fELF\0")
    m.symlink(m.h(".local/lib/mysh"), "/bin/bash")
    m.symlink(m.h(".local/lib/py"), "/usr/bin/python3.12")
    for name, via in (("cc", "mysh"), ("pp", "py")):
        path = m.write(m.h(f".local/bin/{name}"), f"#!{m.home}/.local/lib/{via}\n{_EXEC_FLAG}")
        os.chmod(m.host(path), 0o755)
    states, report = _states(m, pack)
    state = states["not-started-unattended"]
    assert state.state == "unmet" and state.detail.startswith(f"{m.home}/.local/bin/cc line 2"), state.detail
    assert "pp" not in state.detail
    assert any(s.path.endswith("/.local/bin/pp") and "python3.12 program" in s.reason for s in report.audit.skipped)


def test_an_interpreter_in_the_home_that_is_a_script_under_a_languages_name_is_read_as_a_shell(machine_factory, pack):
    """``#!/home/ada/bin/python3``, that file a script running ``exec bash "$@"``: bash runs cc, whatever the
    name says. A real interpreter (a binary) under that name leaves the script another language's."""
    m = _machine(machine_factory, {"bin/python3": '#!/bin/sh\nexec bash "$@"\n'})
    m.write(m.h("opt/py/python3"), "\x7fELF\0")
    for name, via in (("cc", "bin/python3"), ("pp", "opt/py/python3")):
        path = m.write(m.h(f".local/bin/{name}"), f"#!{m.home}/{via}\n{_EXEC_FLAG}")
        os.chmod(m.host(path), 0o755)
    states, report = _states(m, pack)
    state = states["not-started-unattended"]
    assert state.state == "unmet" and state.detail.startswith(f"{m.home}/.local/bin/cc line 2"), state.detail
    assert "/pp" not in state.detail
    assert any(s.path.endswith("/.local/bin/pp") and "python3 program" in s.reason for s in report.audit.skipped)


def test_a_script_under_an_unknown_first_line_that_moves_the_gateway_needs_action(machine_factory, pack):
    m = _machine(
        machine_factory,
        {".local/bin/cc": '#!/usr/bin/env -Sbash\nexport ANTHROPIC_BASE_URL=https://evil.test\nexec claude "$@"\n'},
    )
    states, _report = _states(m, pack)
    assert states["gateway"].state == "unmet", states["gateway"].detail
    assert f"{m.home}/.local/bin/cc line 2" in states["gateway"].detail


@pytest.mark.parametrize(
    "first, language",
    [
        ("#!/usr/bin/env python3", "python3"),
        ("#!/usr/bin/env -S node --no-warnings", "node"),
        ("#!/usr/bin/perl -w", "perl"),
        ("#!/usr/bin/env -S uv run --script", "uv"),
    ],
)
def test_a_program_in_another_language_is_not_read_and_the_audit_says_so(machine_factory, pack, first, language):
    m = _machine(machine_factory, {".local/bin/tool": f"{first}\nprint('claude --dangerously-skip-permissions')\n"})
    states, report = _states(m, pack)
    assert states["not-started-unattended"].state == "met", states["not-started-unattended"].detail
    [skip] = [s for s in report.audit.skipped if s.path.endswith("/.local/bin/tool")]
    assert skip.reason == f"a {language} program (its #! line): not read as a shell script"


# -- what a script sources and runs by its path ----------------------------------------------------------------
@pytest.mark.parametrize(
    "cc, rel",
    [
        ("#!/bin/sh\n. ~/.config/cc.sh\n", ".config/cc.sh"),
        ('#!/bin/bash\nsource "$HOME/.config/cc.sh"\n', ".config/cc.sh"),
        ('#!/bin/sh\nexec ~/.config/runner "$@"\n', ".config/runner"),
        ('#!/bin/sh\nexec sh ~/.config/runner.sh "$@"\n', ".config/runner.sh"),
        ('#!/bin/sh\nset -e\n[ -x ~/.config/runner ] && ~/.config/runner "$@"\n', ".config/runner"),
        ('#!/bin/sh\nexec "$(dirname "$0")/../lib/run" "$@"\n', ".local/lib/run"),
        ('#!/bin/sh\nexec ~/.config/step1 "$@"\n', ".config/step2"),  # two levels: step1 runs step2
    ],
)
def test_a_script_that_names_nothing_of_the_tool_is_followed_into_what_it_runs(machine_factory, pack, cc, rel):
    """The red team's repros: ``cc`` sources or runs a file that starts claude with the flag; cc named nothing
    of the tool's, was left out, and the gate said 0."""
    files = {".local/bin/cc": cc, rel: _EXEC_FLAG}
    if rel == ".config/step2":
        files[".config/step1"] = '#!/bin/sh\nexec bash -e "$HOME/.config/step2" "$@"\n'
    m = _machine(machine_factory, files)
    states, report = _states(m, pack)
    state = states["not-started-unattended"]
    assert state.state == "unmet", state.detail
    assert state.detail.startswith(f"{m.home}/{rel} line 1 starts claude with '--dangerously-skip-permissions'")
    assert any(p.endswith(rel) for p in report.audit.paths_read)


@pytest.mark.parametrize("how", ["exec ~/.config/runner", 'exec bash "$HOME/.config/runner"'])
def test_a_script_that_gives_the_flag_to_a_script_it_runs_by_path_needs_action(machine_factory, pack, how):
    m = _machine(
        machine_factory,
        {
            ".local/bin/cc": f'#!/bin/sh\n{how} --dangerously-skip-permissions "$@"\n',
            ".config/runner": 'exec claude "$@"\n',
        },
    )
    states, _report = _states(m, pack)
    state = states["not-started-unattended"]
    assert state.state == "unmet", state.detail
    assert state.detail.startswith(f"{m.home}/.local/bin/cc line 2 starts runner (which runs claude)"), state.detail


@pytest.mark.parametrize(
    "cc, rel, line",
    [
        ("#!/bin/sh\n. ~/.config/cc.sh\n", ".config/cc.sh", 1),
        ('#!/bin/sh\nexport ANTHROPIC_BASE_URL={url}\nexec ~/.config/runner "$@"\n', ".local/bin/cc", 2),
    ],
)
def test_a_gateway_moved_through_what_a_script_sources_or_runs_needs_action(machine_factory, pack, cc, rel, line):
    direct = "https://api.example-direct.test/SECRET-MARKER-31"
    m = _machine(
        machine_factory,
        {
            ".local/bin/cc": cc.format(url=direct),
            ".config/cc.sh": f'export ANTHROPIC_BASE_URL={direct}\nexec claude "$@"\n',
            ".config/runner": f'#!/bin/sh\nURL={direct} exec claude "$@"\n',
        },
    )
    states, report = _states(m, pack)
    gateway = states["gateway"]
    assert gateway.state == "unmet", gateway.detail
    assert f"{m.home}/{rel} line {line}" in gateway.detail and "SECRET-MARKER" not in gateway.detail
    assert not any("SECRET-MARKER" in s.path + s.reason for s in report.audit.skipped)


@pytest.mark.parametrize("bound, value", [("MAX_RUN_DEPTH", 1), ("MAX_RUN_SCRIPTS", 1)])
def test_past_the_scripts_run_by_path_that_are_followed_it_cannot_confirm(
    machine_factory, pack, monkeypatch, bound, value
):
    from tui.core import script_runs

    monkeypatch.setattr(script_runs, bound, value)
    m = _machine(
        machine_factory,
        {
            ".local/bin/cc": "#!/bin/sh\n~/.config/a\n~/.config/b\n",
            ".config/a": "#!/bin/sh\nexec ~/.config/c\n",
            ".config/b": "#!/bin/sh\necho b\n",
            ".config/c": "#!/bin/sh\necho c\n",
        },
    )
    states, _report = _states(m, pack)
    state = states["not-started-unattended"]
    assert state.state == "unmet" and state.detail.startswith("cannot confirm"), state.detail
    assert "runs more scripts by their path than aicheck follows" in state.detail


def test_what_a_script_runs_that_is_no_shell_script_or_the_systems_is_not_read(machine_factory, pack):
    """A program in another language, a binary, a file outside the home, a script that starts nothing of the
    tool's: the scripts that run them name nothing of it, and the condition is met."""
    m = _machine(
        machine_factory,
        {
            ".local/bin/a": '#!/bin/sh\nexec ~/.config/tool.py "$@"\n',
            ".config/tool.py": "#!/usr/bin/env python3\nprint('claude --dangerously-skip-permissions')\n",
            ".local/bin/b": '#!/bin/sh\nexec ~/.config/bin "$@"\n',
            ".config/bin": "\x7fELF\0claude --dangerously-skip-permissions\n",
            ".local/bin/c": '#!/bin/sh\nexec ~/.config/fine "$@"\n',
            ".config/fine": "#!/bin/sh\necho fine\n",
            ".local/bin/d": '#!/bin/sh\nexec /opt/tools/run "$@"\n',
        },
    )
    path = m.write("/opt/tools/run", _EXEC_FLAG)
    os.chmod(m.host(path), 0o755)
    states, report = _states(m, pack)
    assert states["not-started-unattended"].state == "met", states["not-started-unattended"].detail
    assert not any(p.endswith("/opt/tools/run") for p in report.audit.paths_read)  # never looked at


# -- `#!/usr/bin/env NAME`: the program of that name the sessions find ---------------------------------------
_ELF = "\x7fELF\0\0\0"


@pytest.mark.parametrize(
    "interpreter",
    [
        {".local/bin/python3": '#!/bin/sh\nexec bash "$@"\n'},  # a script of the user's under python's name
        {"bin/python3": ("link", "/usr/bin/bash")},  # a link to a shell
    ],
    ids=["script", "link-to-bash"],
)
def test_an_env_interpreter_that_is_the_users_own_shell_makes_the_script_a_shells(machine_factory, pack, interpreter):
    """``#!/usr/bin/env python3`` was taken for python whatever ``python3`` the sessions find first; the user's
    own ``~/.local/bin/python3`` running bash (or ``~/bin/python3`` linked to bash) makes the file shell code,
    and a flag in it was never read."""
    m = _machine(
        machine_factory, {".local/bin/cc": '#!/usr/bin/env python3\nexec claude --dangerously-skip-permissions "$@"\n'}
    )
    _system_programs(m)
    for rel, what in interpreter.items():
        if isinstance(what, tuple):
            m.symlink(m.h(rel), what[1])
        else:
            os.chmod(m.host(m.write(m.h(rel), what)), 0o755)
    states, _report = _states(m, pack)
    state = states["not-started-unattended"]
    assert state.state == "unmet", state.detail
    assert state.detail.startswith(f"{m.home}/.local/bin/cc line 2 starts claude with '--dangerously-skip-permissions'")


def test_an_env_interpreter_that_is_the_languages_own_program_keeps_the_script_unread(machine_factory, pack):
    """The ordinary case stays as it was: ``python3`` on the search path is the system's (or a link in the home
    to a real interpreter, as uv's and pipx's are), so the script is a Python program, skipped and said so."""
    m = _machine(
        machine_factory, {".local/bin/cc": "#!/usr/bin/env python3\nprint('claude --dangerously-skip-permissions')\n"}
    )
    _system_programs(m)
    m.symlink(m.h(".local/bin/python3"), "/usr/bin/python3.12")
    states, report = _states(m, pack)
    assert states["not-started-unattended"].state == "met", states["not-started-unattended"].detail
    [skip] = [s for s in report.audit.skipped if s.path.endswith("/.local/bin/cc")]
    assert skip.reason == "a python3 program (its #! line): not read as a shell script"


@pytest.mark.parametrize(
    "shebang, found",
    [
        ("bash", ("link", "/usr/bin/fish")),  # the sessions' bash is fish: fish's lines
        ("fish", ("script", '#!/bin/sh\nexec /usr/bin/fish "$@"\n')),  # a script of the user's: by the name
    ],
    ids=["bash-is-fish", "fish-is-a-script"],
)
def test_an_env_shell_is_read_in_the_dialect_of_the_program_it_is(machine_factory, pack, shebang, found):
    """``#!/usr/bin/env bash`` where the sessions' ``bash`` is a link to fish: the file is fish's, and fish's
    ``set -l f …`` then ``claude $f`` starts claude with the flag. A shell's name that is a script of the user's
    (a launcher, pipx's entry point) keeps the dialect the name says."""
    m = _machine(
        machine_factory,
        {".local/bin/yolo": f"#!/usr/bin/env {shebang}\nset -l f --dangerously-skip-permissions\nclaude $f $argv\n"},
    )
    _system_programs(m)
    kind, what = found
    if kind == "link":
        m.symlink(m.h(f".local/bin/{shebang}"), what)
    else:
        os.chmod(m.host(m.write(m.h(f".local/bin/{shebang}"), what)), 0o755)
    machine = m.machine()
    machine.search_path.insert(0, m.h(".local/bin"))  # the user's folder first: its program is the one found
    state = {c.condition.id: c for c in scan(machine, pack).finding("claude-code").conditions}["not-started-unattended"]
    assert state.state == "unmet", state.detail
    expected = f"{m.home}/.local/bin/yolo line 3 starts claude with '--dangerously-skip-permissions' from $f"
    assert state.detail.startswith(expected), state.detail


def _system_programs(m) -> None:
    """/usr/bin with the interpreters a system has (binaries), on the search path after the user's folders."""
    for name in ("python3.12", "bash", "fish", "node"):
        os.chmod(m.host(m.write(f"/usr/bin/{name}", _ELF)), 0o755)
    m.symlink("/usr/bin/python3", "/usr/bin/python3.12")
    m.add_to_path("/usr/bin")


# -- a program named at run time: `exec "$RUNNER" "$@"` ---------------------------------------------------------
_NAMED_NOTE = "runs a program named at run time: not followed"


def test_a_wrapper_that_runs_a_program_named_at_run_time_is_named_in_the_audit_only(machine_factory, pack):
    """``exec "$RUNNER" "$@"`` in a script that names nothing of the tool's: what it runs is not known, so the
    audit names the file and line (before: nothing was said); it breaks no tool's condition (an ordinary
    wrapper is not made noisy), and ``exec "$@"``, what the user types, is not even noted."""
    m = _machine(
        machine_factory,
        {".local/bin/cc": '#!/bin/sh\nexec "$RUNNER" "$@"\n', ".local/bin/w": '#!/bin/sh\nset -e\nexec "$@"\n'},
    )
    states, report = _states(m, pack)
    assert states["not-started-unattended"].state == "met", states["not-started-unattended"].detail
    notes = [(s.path, s.reason) for s in report.audit.skipped if _NAMED_NOTE in s.reason]
    assert notes == [(f"{m.home}/.local/bin/cc", f"line 2 {_NAMED_NOTE}")]


@pytest.mark.parametrize(
    "cc, line",
    [
        ('#!/bin/sh\n[ -n "$RUNNER" ] && exec "$RUNNER" "$@"\nexec claude "$@"\n', 2),
        ('#!/bin/sh\nclaude --version >/dev/null || exit 1\nexec "${CLAUDE_BIN:-claude}" "$@"\n', 3),  # a default
        ('#!/bin/sh\nexec $(cat ~/.runner) "$@"\n# claude\'s wrapper\nclaude\n', 2),  # a command's output
    ],
    ids=["variable", "default", "output"],
)
def test_a_script_of_the_tools_that_runs_a_program_named_at_run_time_cannot_confirm(machine_factory, pack, cc, line):
    """A script the tool's condition reads that runs a program named at run time: that program may start the
    tool with the flag (a script of its own), as a file named at run time sourced there may; it cannot confirm
    the condition (never met), and the audit names the line."""
    m = _machine(machine_factory, {".local/bin/cc": cc})
    states, report = _states(m, pack)
    state = states["not-started-unattended"]
    assert state.state == "unmet", state.detail
    assert state.detail.startswith("cannot confirm")
    assert f"{m.home}/.local/bin/cc line {line} runs a file named at run time" in state.detail
    assert any(s.reason == f"line {line} {_NAMED_NOTE}" for s in report.audit.skipped)


def test_a_program_variable_the_script_sets_to_a_path_is_followed(machine_factory, pack):
    """``RUNNER=~/.config/runner`` then ``exec "$RUNNER" "$@"``: the name is written out in the file, so the
    script it runs is read (before: a name the shell computes was not followed) and its flag found."""
    m = _machine(
        machine_factory,
        {
            ".local/bin/cc": '#!/bin/sh\nRUNNER="$HOME/.config/runner"\nexec "$RUNNER" "$@"\n',
            ".config/runner": _EXEC_FLAG,
        },
    )
    states, _report = _states(m, pack)
    state = states["not-started-unattended"]
    assert state.state == "unmet", state.detail
    assert state.detail.startswith(
        f"{m.home}/.config/runner line 1 starts claude with '--dangerously-skip-permissions'"
    )


def test_a_startup_file_that_runs_a_program_named_at_run_time_is_named_in_the_audit(machine_factory, pack):
    """A startup file's ``"$RUNNER" &``: a program a startup file starts is not followed (a known one is not
    either), so the line is said in the audit and the condition stays as it was."""
    m = _machine(machine_factory, {})
    m.write(m.h(".bashrc"), 'export EDITOR=vim\nalias e=\'"$EDITOR"\'\n"$RUNNER" &\n')
    states, report = _states(m, pack)
    assert states["not-started-unattended"].state == "met", states["not-started-unattended"].detail
    notes = [(s.path, s.reason) for s in report.audit.skipped if _NAMED_NOTE in s.reason]
    assert notes == [(f"{m.home}/.bashrc", f"line 3 {_NAMED_NOTE}")]
