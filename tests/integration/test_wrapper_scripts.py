"""A script of the user's earlier on the search path than the tool, under the tool's own name
(``~/.local/bin/claude``: ``ANTHROPIC_BASE_URL=… exec /usr/local/bin/claude --dangerously-skip-permissions``),
starts every session of that shell: it went round the gateway and the unattended-start conditions, and no
startup file showed it. The tool's commands on the search path that are small shell scripts are read like
startup lines now; what they set can break a condition, never meet one. The real installers' shims (pnpm,
bun, npm's .cmd) are such scripts too, and change nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from support.layouts import load, replay
from support.packs import isolate_cli, run_cli
from tui.core.scanner import scan

GATEWAY = "https://ai-gateway.example.com"
DIRECT = "https://api.example-direct.test/SECRET-MARKER-0b57"

WRAPPERS = {
    "linux": (
        ".local/bin/claude",
        f'#!/usr/bin/env bash\nset -e\nANTHROPIC_BASE_URL={DIRECT} exec /usr/local/bin/claude --dangerously-skip-permissions "$@"\n',
    ),
    "macos": (
        "bin/claude",
        f'#!/bin/zsh\nexport ANTHROPIC_BASE_URL="{DIRECT}"\nexec /usr/local/bin/claude --dangerously-skip-permissions "$@"\n',
    ),
    "windows": (
        "bin/claude.cmd",
        f'@echo off\r\nset "ANTHROPIC_BASE_URL={DIRECT}"\r\n"C:\\tools\\claude.exe" --dangerously-skip-permissions %*\r\n',
    ),
}


def _home(machine_factory, platform: str, wrapper: bool):
    m = machine_factory(platform)
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": GATEWAY}})
    rel, text = WRAPPERS[platform]
    folder = m.h(rel.rsplit("/", 1)[0])
    if wrapper:
        path = m.write(m.h(rel), text)
        os.chmod(m.host(path), 0o755)
    return m, folder


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_a_wrapper_script_first_on_the_search_path_needs_action(
    tmp_path, machine_factory, monkeypatch, capsys, platform
):
    m, folder = _home(machine_factory, platform, wrapper=True)
    shown = m.machine().display(m.h(WRAPPERS[platform][0]))
    isolate_cli(monkeypatch, tmp_path)
    sep = ";" if platform == "windows" else ":"
    search = sep.join([m.machine().display(folder), *(m.machine().display(p) for p in m.search_path)])
    args = ("check", "--root", str(m.root), "--platform", platform, "--home", m.home, "--search-path", search)
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 1, out + err
    report = json.loads(out)
    finding = next(f for f in report["tools"] if f["id"] == "claude-code")
    states = {c["id"]: c for c in finding["conditions"]}
    assert states["gateway"]["state"] == "unmet"
    line = 3 if platform == "linux" else 2  # the Linux wrapper's second line is `set -e`
    assert states["gateway"]["detail"].endswith(f"in {shown} line {line}")
    assert states["not-started-unattended"]["state"] == "unmet"
    assert states["not-started-unattended"]["detail"].startswith(f"{shown} line ")
    assert any(p.endswith(WRAPPERS[platform][0].replace("/", os.sep)) for p in report["audit"]["paths_read"])
    code, text, err = run_cli(capsys, *args)
    assert f"In {shown} line {line}: take ANTHROPIC_BASE_URL out of the line." in text
    assert "SECRET-MARKER" not in out + text + err


def test_without_the_wrapper_the_same_home_meets_them(tmp_path, machine_factory, monkeypatch, capsys):
    m, folder = _home(machine_factory, "linux", wrapper=False)
    machine = m.machine()
    machine.search_path.insert(0, folder)
    states = {
        c.condition.id: c
        for c in next(f for f in scan(machine, _pack()).findings if f.tool.id == "claude-code").conditions
    }
    assert states["gateway"].state == "met" and states["not-started-unattended"].state == "met"


def test_a_launcher_in_another_language_is_not_read_as_a_script(machine_factory, pack):
    """A node or Python launcher under the tool's name is the tool's own program: not a shell's lines."""
    m, folder = _home(machine_factory, "linux", wrapper=False)
    path = m.write(m.h(".local/bin/claude"), f"#!/usr/bin/env node\nprocess.env.X = 'ANTHROPIC_BASE_URL={DIRECT}'\n")
    os.chmod(m.host(path), 0o755)
    machine = m.machine()
    machine.search_path.insert(0, folder)
    report = scan(machine, pack)
    states = {c.condition.id: c for c in report.finding("claude-code").conditions}
    assert states["gateway"].state == "met", states["gateway"].detail


@pytest.mark.parametrize("fixture", ["pnpm10", "pnpm12", "bun", "npm"])
def test_the_real_installers_shims_change_nothing(tmp_path, pack, fixture):
    """The shims pnpm and bun write (shell scripts that set NODE_PATH and exec the package) are read as
    wrappers; with the gateway in the user's settings the conditions they could break stay met. Then one
    line added to the real shim, as a user might, breaks the gateway."""
    recorded = load(fixture)
    machine = replay(recorded, tmp_path / "disk")
    home = Path(str(tmp_path / "disk") + recorded["home"])
    (home / ".claude").mkdir(parents=True, exist_ok=True)
    (home / ".claude" / "settings.json").write_text(json.dumps({"env": {"ANTHROPIC_BASE_URL": GATEWAY}}))
    report = scan(machine, pack)
    finding = report.finding("claude-code")
    states = {c.condition.id: c for c in finding.conditions}
    assert states["gateway"].state == "met", states["gateway"].detail
    assert states["not-started-unattended"].state == "met", states["not-started-unattended"].detail
    shims = [i.path for i in finding.installs if i.channel == "path"]
    assert shims
    shim = Path(str(tmp_path / "disk") + shims[0]).resolve()
    if shim.stat().st_size > 64 * 1024 or not shim.read_text(errors="replace").startswith("#!/bin/sh"):
        return  # npm's link leads to the package's own program: nothing of a shell to add to
    lines = shim.read_text().splitlines(keepends=True)
    shim.write_text(lines[0] + f"export ANTHROPIC_BASE_URL={DIRECT}\n" + "".join(lines[1:]))
    state = next(c for c in scan(machine, pack).finding("claude-code").conditions if c.condition.id == "gateway")
    assert state.state == "unmet" and state.detail.endswith(" line 2")


def _pack():
    from tui.core.content import load_pack
    from tui.paths import bundled_content_dir

    return load_pack(bundled_content_dir())


def test_a_wrapper_that_names_another_system_file_keeps_the_administrators_from_settling_it(
    tmp_path, machine_factory, monkeypatch, capsys
):
    """An enforced file that a variable can replace (moved_by) settles nothing where a session may get the
    variable: a wrapper script of the tool's on the search path that sets it is one such place."""
    import shutil

    from tui.core.content import load_pack
    from tui.paths import bundled_content_dir

    root = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), root)
    with open(root / "policy.toml", "a", encoding="utf-8") as fh:
        fh.write(
            '\n[[tools.claude-code.conditions]]\nid = "moved"\ntext = "x is never bad"\n'
            'files = ["{home}/.claude/x.json"]\nkey = "x"\nnot_equals = "bad"\n'
            'enforced_by = [{ path = "/etc/claude-code/x.json", moved_by = "X_SYSTEM_PATH" }]\n'
        )
    pack = load_pack(root)
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
    m.write_json(m.h(".claude/x.json"), {"x": "bad"})
    m.write_json("/etc/claude-code/x.json", {"x": "good"})

    def moved() -> tuple[str, str]:
        f = scan(m.machine(), pack).finding("claude-code")
        state = next(c for c in f.conditions if c.condition.id == "moved")
        return state.state, state.detail

    assert moved()[0] == "met"  # the administrator's file outranks the user's
    wrapper = m.write(
        m.h(".local/bin/claude"), '#!/bin/sh\nX_SYSTEM_PATH=$HOME/x.json exec /usr/local/bin/claude "$@"\n'
    )
    os.chmod(m.host(wrapper), 0o755)
    m.search_path.insert(0, m.h(".local/bin"))
    state, detail = moved()
    assert state == "unmet" and ".claude/x.json" in detail
