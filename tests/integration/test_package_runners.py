"""A catalogued package run through a package runner (npx, npm exec, pnpm dlx, pnpx, bunx, bun x, yarn dlx).

Red team: a compliant global Claude Code stood beside ``alias oldclaude='npx -y @anthropic-ai/claude-code@2.1.150'``
(a version inside an advisory of the example pack) and the scan said exit 0; so it did with the npx copy kept
where an export, an alias's assignment or ``npx --cache`` moved npm's cache; a prohibited Gemini CLI run by
``pnpm dlx``/``bunx`` from an alias was "only traces of use". A line that runs the package is evidence it runs
on this machine, in every session: an install named by its file and line, whose pinned version is judged (and
whose missing pin cannot confirm a restricted version). The runners' own copies (pnpm's dlx cache, bunx's
folder) are read as npx's are; bun's install cache holds a trace. Synthetic machines as real files, the recorded
trees of real pnpm and bun runs replayed, the real CLI."""

from __future__ import annotations

import json

import pytest

from support.layouts import load, replay
from tui.cli import main
from tui.core.scanner import scan
from tui.demo.synthetic import SyntheticMachine

CLAUDE = "@anthropic-ai/claude-code"
GEMINI = "@google/gemini-cli"
ADVISORY = "AICHECK-2026-0001"  # the example pack's advisory on Claude Code 2.1.150


def _claude_machine(tmp_path, bashrc: str) -> SyntheticMachine:
    m = SyntheticMachine(tmp_path / "disk", "linux")
    m.npm(CLAUDE, "2.1.250", bin_name="claude")  # a compliant global install beside the line
    m.write(m.h(".bashrc"), bashrc)
    return m


def _runs(report, tool: str = "claude-code") -> list[tuple[str, str | None, str]]:
    return [
        (i.path, i.version, i.detail)
        for i in report.installs
        if i.tool_id == tool and i.channel == "npm" and i.manager == "runner"
    ]


def _finding(report, tool: str):
    return next(f for f in report.findings if f.tool.id == tool)


def _check_json(capsys, m: SyntheticMachine) -> tuple[int, dict]:
    code = main(["check", "--json", *m.cli_args()])
    out, _err = capsys.readouterr()
    return code, json.loads(out)


def test_an_alias_running_an_advisory_version_through_npx_needs_action(tmp_path, pack, capsys):
    m = _claude_machine(tmp_path, "# tools\nalias oldclaude='npx -y @anthropic-ai/claude-code@2.1.150'\n")
    report = scan(m.machine(), pack)
    assert _runs(report) == [
        ("/home/ada/.bashrc:2", "2.1.150", f"runs {CLAUDE}@2.1.150 through npx (/home/ada/.bashrc:2)")
    ]
    f = _finding(report, "claude-code")
    assert f.action_required and ADVISORY in {a.id for a in f.advisories}
    code, data = _check_json(capsys, m)
    assert code == 1
    tool = next(t for t in data["tools"] if t["id"] == "claude-code")
    assert tool["action_required"] is True
    assert {"channel": "npm", "version": "2.1.150", "path": "/home/ada/.bashrc:2", "manager": "runner"}.items() <= {
        k: v for i in tool["installs"] for k, v in i.items() if i["manager"] == "runner"
    }.items()


def test_the_fix_names_the_file_and_line_and_aicheck_never_edits_it(tmp_path, pack):
    from tui.core.remediation import fix_plan

    m = _claude_machine(tmp_path, "alias oldclaude='npx -y @anthropic-ai/claude-code@2.1.150'\n")
    before = m.host(m.h(".bashrc")).read_text()
    report = scan(m.machine(), pack)
    f = _finding(report, "claude-code")
    plans = [r for r in fix_plan(f, m.machine()) if r.install.manager == "runner"]
    text = " ".join(s.text for r in plans for s in r.steps)
    assert "/home/ada/.bashrc line 1" in text and "never edits" in text
    assert m.host(m.h(".bashrc")).read_text() == before


LINES = {
    "npx --package=": f"alias c='npx --yes --package={CLAUDE}@2.1.150 claude'\n",
    "npx -p": f"alias c='npx -p {CLAUDE}@2.1.150 claude'\n",
    "npm exec --": f'c() {{ npm exec -- {CLAUDE}@2.1.150 "$@"; }}\n',
    "npm x": f'alias c="npm x --yes {CLAUDE}@2.1.150"\n',
    "pnpm dlx": f"alias c='pnpm dlx {CLAUDE}@2.1.150'\n",
    "pnpm --package= dlx": f"alias c='pnpm --package={CLAUDE}@2.1.150 dlx claude'\n",
    "pnpx": f"alias c='pnpx {CLAUDE}@2.1.150'\n",
    "bunx": f"alias c='bunx --bun {CLAUDE}@2.1.150'\n",
    "bun x": f"alias c='bun x {CLAUDE}@2.1.150'\n",
    "yarn dlx -p": f"alias c='yarn dlx -p {CLAUDE}@2.1.150 claude'\n",
    "after an assignment": f"alias c='FOO=1 npx -y {CLAUDE}@2.1.150'\n",
    "after &&": f"work() {{ cd ~/w && npx -y {CLAUDE}@2.1.150; }}\n",
    "fish": f"alias c 'npx -y {CLAUDE}@2.1.150'\n",
}


@pytest.mark.parametrize("line", list(LINES.values()), ids=list(LINES))
def test_each_runner_form_names_the_package_and_its_version(tmp_path, pack, line):
    m = _claude_machine(tmp_path, line)
    report = scan(m.machine(), pack)
    assert [(path, version) for path, version, _d in _runs(report)] == [("/home/ada/.bashrc:1", "2.1.150")]
    assert _finding(report, "claude-code").action_required


def test_a_script_in_the_users_folder_and_a_menu_entry_are_read_too(tmp_path, pack):
    m = _claude_machine(tmp_path, "")
    m.executable("oldclaude", content=f'#!/bin/sh\nexec npx -y {CLAUDE}@2.1.150 "$@"\n')
    m.write(
        m.h(".local/share/applications/oldclaude.desktop"),
        f"[Desktop Entry]\nType=Application\nName=Old\nExec=npx -y {CLAUDE}@2.1.149\nTerminal=true\n",
    )
    report = scan(m.machine(), pack)
    found = {(path.rpartition("/")[2], version) for path, version, _d in _runs(report)}
    assert found == {("oldclaude:2", "2.1.150"), ("oldclaude.desktop:4", "2.1.149")}


UNRELATED = {
    "a longer scoped name": f"alias r='npx -y {CLAUDE}-router@1.0.0'\n",
    "another scope": "alias r='npx -y @someone/claude-code@2.1.150'\n",
    "the name unscoped": "alias r='npx -y claude-code@2.1.150'\n",
    "a comment": f"# alias c='npx -y {CLAUDE}@2.1.150'\n",
    "npm install": f"alias c='npm install {CLAUDE}@2.1.150'\n",
    "pnpm add": f"alias c='pnpm add {CLAUDE}@2.1.150'\n",
    "the command npx runs, from another package": f"alias c='npx -p other-tool@1.0.0 {CLAUDE}'\n",
}


@pytest.mark.parametrize("line", list(UNRELATED.values()), ids=list(UNRELATED))
def test_an_unrelated_package_or_command_is_never_matched(tmp_path, pack, line):
    report = scan(_claude_machine(tmp_path, line).machine(), pack)
    assert _runs(report) == []


@pytest.mark.parametrize("spec", ["", "@latest", "@next", "@^2.1.0"])
def test_no_pinned_version_cannot_be_confirmed_where_the_policy_restricts_versions(tmp_path, pack, spec):
    m = _claude_machine(tmp_path, f"alias c='npx -y {CLAUDE}{spec}'\n")
    report = scan(m.machine(), pack)
    assert [version for _p, version, _d in _runs(report)] == [None]
    f = _finding(report, "claude-code")
    assert f.action_required
    assert [i.path for i in f.unknown_versions] == ["/home/ada/.bashrc:1"]
    reason = next(r for r in f.reasons if "/home/ada/.bashrc:1" in r)
    assert "cannot be confirmed" in reason and "npx" in reason


# -- npm's cache, moved ------------------------------------------------------------------------------------


def _copy(m: SyntheticMachine, folder: str, version: str) -> None:
    m.write_json(f"{folder}/package.json", {"name": CLAUDE, "version": version, "bin": {"claude": "cli.js"}})
    m.write(f"{folder}/cli.js", "#!/usr/bin/env node\n")


MOVED = {
    "export lower": 'export npm_config_cache="$HOME/.cache/npm2"\n',
    "export upper": 'export NPM_CONFIG_CACHE="$HOME/.cache/npm2"\n',
    "alias assignment": f"alias c='npm_config_cache=$HOME/.cache/npm2 npx -y {CLAUDE}'\n",
    "npx --cache": f"alias c='npx --cache ~/.cache/npm2 -y {CLAUDE}'\n",
    "npx --cache=": f"alias c='npx --cache=/home/ada/.cache/npm2 -y {CLAUDE}'\n",
}


@pytest.mark.parametrize("line", list(MOVED.values()), ids=list(MOVED))
def test_npx_copies_are_read_where_the_startup_lines_move_npms_cache(tmp_path, pack, line):
    m = _claude_machine(tmp_path, line)
    _copy(m, m.h(".cache/npm2/_npx/0a1b2c3d4e5f6071/node_modules/" + CLAUDE), "2.1.150")
    report = scan(m.machine(), pack)
    copies = [(i.path, i.version) for i in report.installs if i.manager == "npx"]
    assert copies == [(m.h(".cache/npm2/_npx/0a1b2c3d4e5f6071/node_modules/" + CLAUDE), "2.1.150")]
    f = _finding(report, "claude-code")
    assert f.action_required and ADVISORY in {a.id for a in f.advisories}


def test_npx_copies_are_read_where_the_scans_own_environment_moves_the_cache(tmp_path, pack):
    m = _claude_machine(tmp_path, "")
    _copy(m, "/srv/npmcache/_npx/0a1b2c3d4e5f6071/node_modules/" + CLAUDE, "2.1.150")
    m.env["npm_config_cache"] = "/srv/npmcache"
    report = scan(m.machine(), pack)
    assert [i.version for i in report.installs if i.manager == "npx"] == ["2.1.150"]


# -- the runners' own copies: pnpm dlx, bunx, bun's install cache (recorded trees of real runs) -------------


def _replayed(tmp_path, name: str, bashrc: str = ""):
    fixture = load(name)
    machine = replay(fixture, tmp_path / "disk")
    if bashrc:
        (tmp_path / "disk" / "home/dev/.bashrc").write_text(bashrc)
    return fixture, machine


@pytest.mark.parametrize("name,manager", [("pnpm-dlx", "pnpm-dlx"), ("bunx", "bunx")])
def test_a_runners_own_copy_of_a_prohibited_tool_needs_action(tmp_path, pack, name, manager):
    _fixture, machine = _replayed(tmp_path, name)
    report = scan(machine, pack)
    copies = [
        (i.version, i.evidence_only) for i in report.installs if i.tool_id == "gemini-cli" and i.manager == manager
    ]
    assert copies == [("0.61.0", False)]
    f = _finding(report, "gemini-cli")
    assert f.verdict == "prohibited" and f.action_required and not f.evidence_only


def test_pnpm_dlx_is_read_once_not_again_through_its_link_to_the_newest(tmp_path, pack):
    _fixture, machine = _replayed(tmp_path, "pnpm-dlx")
    report = scan(machine, pack)
    paths = [i.path for i in report.installs if i.manager == "pnpm-dlx" and i.tool_id == "claude-code"]
    assert len(paths) == 1 and "/pkg/" not in paths[0]


def test_a_copy_in_buns_install_cache_alone_is_a_trace(tmp_path, pack):
    m = SyntheticMachine(tmp_path / "disk", "linux")
    m.write_json(m.h(f".bun/install/cache/{GEMINI}@0.61.0@@@1/package.json"), {"name": GEMINI, "version": "0.61.0"})
    m.write_json(m.h(f".bun/install/cache/{GEMINI}-extra@1.0.0@@@1/package.json"), {"name": GEMINI + "-extra"})
    report = scan(m.machine(), pack)
    traces = [(i.version, i.evidence_only) for i in report.installs if i.manager == "bun-cache"]
    assert traces == [("0.61.0", True)]
    f = _finding(report, "gemini-cli")
    assert f.evidence_only and not f.action_required


@pytest.mark.parametrize(
    "line",
    [
        f"alias gemini='pnpm dlx {GEMINI}'\n",
        f"alias gemini='bunx {GEMINI}'\n",
        f"alias gemini='npx -y {GEMINI}@latest'\n",
    ],
)
def test_an_alias_that_runs_a_prohibited_tool_needs_action_through_the_cli(tmp_path, capsys, line):
    m = SyntheticMachine(tmp_path / "disk", "linux")
    m.write_json(m.h(".gemini/settings.json"), {"security": {"auth": {"selectedType": "oauth-personal"}}})
    m.write_json(m.h(f".bun/install/cache/{GEMINI}@0.61.0@@@1/package.json"), {"name": GEMINI, "version": "0.61.0"})
    m.write(m.h(".bashrc"), line)
    code, data = _check_json(capsys, m)
    tool = next(t for t in data["tools"] if t["id"] == "gemini-cli")
    assert code == 1 and tool["action_required"] is True and tool["evidence_only"] is False
    assert any(i["manager"] == "runner" and i["path"] == "/home/ada/.bashrc:1" for i in tool["installs"])


@pytest.mark.parametrize(
    "line, version",
    [
        (f"alias c='npm --cache /tmp/npm2 exec -y {CLAUDE}@2.1.150'\n", "2.1.150"),
        (f"alias c='npm --yes x {CLAUDE}@2.1.150'\n", "2.1.150"),
        (f"alias c='npm --loglevel=silent exec -- {CLAUDE}@2.1.150'\n", "2.1.150"),
        ("alias c='npm install exec'\n", None),
    ],
)
def test_npms_own_options_before_exec_are_read_as_npm_reads_them(tmp_path, pack, line, version):
    """npm reads its options anywhere on its line: `npm --cache DIR exec pkg` is `npm exec --cache DIR pkg`.
    The line was passed over (it holds no "npm exec"), so a banned version ran behind exit 0."""
    report = scan(_claude_machine(tmp_path, line).machine(), pack)
    assert [v for _path, v, _d in _runs(report)] == ([version] if version else [])


def test_a_runner_after_a_long_assignment_is_found(tmp_path, pack):
    """The line was cut at 4,096 characters before it was read: an assignment that long before `npx` hid it."""
    line = f"alias c='FOO={'x' * 5000} npx -y {CLAUDE}@2.1.150'\n"
    report = scan(_claude_machine(tmp_path, line).machine(), pack)
    assert [v for _path, v, _d in _runs(report)] == ["2.1.150"]
    assert _finding(report, "claude-code").action_required


@pytest.mark.parametrize(
    "line",
    [
        f"alias c='npx {'--yes ' * 1000}{CLAUDE}@2.1.150'\n",  # its package beyond what is read
        "echo " + "npx " * 100 + "\n",  # more runners on a line than are read
    ],
    ids=["its package past what is read", "more runners than are read"],
)
def test_a_runner_whose_command_cannot_be_read_whole_is_a_scan_error(tmp_path, pack, capsys, line):
    """A runner's command read in a bounded window: one that runs on past it may run anything, so the check
    cannot confirm the machine (exit 2), never a clean bill."""
    m = SyntheticMachine(tmp_path / "disk", "linux")  # nothing else on it that needs action
    m.write(m.h(".bashrc"), line)
    report = scan(m.machine(), pack)
    assert [
        e for e in report.errors if e.startswith("cannot read what a package runner runs on /home/ada/.bashrc line 1")
    ]
    code, _data = _check_json(capsys, m)
    assert code == 2


@pytest.mark.parametrize(
    "bashrc",
    [
        f'P={CLAUDE}@2.1.150\nalias c="npx -y $P"\n',
        f'V=2.1.150\nold() {{ npx -y {CLAUDE}@${{V}} "$@"; }}\n',
        f"RUN='npx -y'\nalias c=\"$RUN {CLAUDE}@2.1.150\"\n",
        f'RUN=npx\n"$RUN" -y {CLAUDE}@2.1.150\n',
        f'RUNNER=(npx -y)\n"${{RUNNER[@]}}" {CLAUDE}@2.1.150\n',
        f"declare -a R=(npm exec --yes)\nalias c='\"${{R[@]}}\" {CLAUDE}@2.1.150'\n",
    ],
    ids=[
        "the package in a variable",
        "its version in a variable",
        "the runner in a variable",
        "the runner in a quoted variable",
        "the runner in an array expanded in quotes",
        "npm exec in an array in an alias",
    ],
)
def test_a_runner_line_is_read_through_the_variables_the_startup_files_set(tmp_path, pack, bashrc):
    """`P=pkg@2.1.150` then `npx -y $P`: no line holds the package as written, yet every session runs it (exit 0
    before). The line is read in each version the shell makes of it, as the flag conditions read theirs."""
    report = scan(_claude_machine(tmp_path, bashrc).machine(), pack)
    assert "2.1.150" in [v for _path, v, _d in _runs(report)]
    assert _finding(report, "claude-code").action_required


@pytest.mark.parametrize(
    "bashrc",
    [
        f"alias n=npx\nalias c='n -y {CLAUDE}@2.1.150'\n",
        f"alias ne='npm exec --yes'\nalias m=ne\nalias c='m {CLAUDE}@2.1.150'\n",
        f'run() {{ npx -y "$@"; }}\nalias c="run {CLAUDE}@2.1.150"\n',
    ],
    ids=["an alias of npx", "an alias of an alias of npm exec", "a function that runs npx"],
)
def test_a_runner_reached_through_an_alias_or_a_function_is_read(tmp_path, pack, bashrc):
    """`alias n=npx`, then `n -y pkg@2.1.150`: the line names no runner, yet every session runs the banned
    version (exit 0 before). A name whose body starts a runner is put in its place, a few names deep."""
    report = scan(_claude_machine(tmp_path, bashrc).machine(), pack)
    assert "2.1.150" in [v for _path, v, _d in _runs(report)]
    assert _finding(report, "claude-code").action_required


@pytest.mark.parametrize(
    "bashrc",
    [
        f"'npx' -y {CLAUDE}@2.1.150\n",
        f'"npm" exec -y {CLAUDE}@2.1.150\n',
        f"alias c='\"npx\" -y {CLAUDE}@2.1.150'\n",
        f"alias c=\"'bunx' {CLAUDE}@2.1.150\"\n",
    ],
    ids=["npx in quotes", "npm in quotes", "in quotes in an alias", "in single quotes in an alias"],
)
def test_a_runner_whose_name_is_quoted_is_read(tmp_path, pack, bashrc):
    """`"npx" -y pkg@2.1.150` runs npx as `npx` does (the shell drops the quotes): it was read as no runner (exit
    0 before), and so was a runner put in by a variable in quotes (`"$RUN" -y pkg`, `"${RUNNER[@]}" pkg`)."""
    report = scan(_claude_machine(tmp_path, bashrc).machine(), pack)
    assert "2.1.150" in [v for _path, v, _d in _runs(report)]
    assert _finding(report, "claude-code").action_required


def test_a_name_that_starts_no_runner_is_not_read_as_one(tmp_path, pack):
    bashrc = f"alias ni='npm install'\nalias c='ni {CLAUDE}@2.1.150'\nalias e=echo\nalias d='e npx'\n"
    assert _runs(scan(_claude_machine(tmp_path, bashrc).machine(), pack)) == []
