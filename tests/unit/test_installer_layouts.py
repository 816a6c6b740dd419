"""Installer layouts that the recorded fixtures cannot show from this one Linux machine: other platforms'
homes, folders moved by ~/.npmrc or by environment variables (known on the live machine only), text
shims of every kind, conda bases, and tool homes moved by documented variables."""

from __future__ import annotations

import pytest

from tui.core.channels.base import Context
from tui.core.channels.readers import shim_targets
from tui.core.machine import Disk
from tui.core.scanner import scan


def found(report, tool_id: str, channel: str) -> list[tuple[str | None, str]]:
    f = report.finding(tool_id)
    return [] if f is None else [(i.version, i.manager) for i in f.installs if i.channel == channel]


def pnpm_v11(m, pnpm_home: str, pkg: str, version: str, ident: str = "331e-18ea95f0d08a8e04-0") -> str:
    """pnpm 11+: global/v11/<id>/node_modules/<pkg> links into store/v11/links; a hash-named link names <id> too."""
    store = f"{pnpm_home}/store/v11/links/{pkg}/{version}/f95f/node_modules/{pkg}"
    m.write_json(f"{store}/package.json", {"name": pkg, "version": version})
    depth = pkg.count("/") + 2
    m.symlink(f"{pnpm_home}/global/v11/{ident}/node_modules/{pkg}", "../" * (depth + 2) + store[len(pnpm_home) + 1 :])
    m.symlink(f"{pnpm_home}/global/v11/{'be57' * 16}", ident)  # a 64-hex hash names it too
    return store


@pytest.mark.parametrize(
    "platform,home", [("linux", ".local/share/pnpm"), ("macos", "Library/pnpm"), ("windows", "AppData/Local/pnpm")]
)
def test_pnpm_11_global_folders_on_every_platform_count_once(machine_factory, pack, platform, home):
    m = machine_factory(platform)
    pnpm_v11(m, m.h(home), "@anthropic-ai/claude-code", "2.1.330")
    assert found(scan(m.machine(), pack), "claude-code", "npm") == [("2.1.330", "pnpm")]


def test_pnpm_home_from_the_environment_and_from_the_search_path(machine_factory, pack):
    m = machine_factory("linux")
    pnpm_v11(m, "/opt/pnpm", "@openai/codex", "0.169.0")
    assert found(scan(m.machine(), pack), "openai-codex", "npm") == []
    m.env["PNPM_HOME"] = "/opt/pnpm"  # the live machine's environment
    assert found(scan(m.machine(), pack), "openai-codex", "npm") == [("0.169.0", "pnpm")]
    m.env.clear()
    m.add_to_path("/opt/pnpm/bin")  # pnpm 11+ asks for $PNPM_HOME/bin on PATH: a disk image still shows it
    assert found(scan(m.machine(), pack), "openai-codex", "npm") == [("0.169.0", "pnpm")]


@pytest.mark.parametrize(
    "line,where",
    [
        ("prefix=~/.node-global", "/home/ada/.node-global"),
        ("prefix = ${HOME}/.node-global", "/home/ada/.node-global"),
        ('prefix="/opt/node-global"', "/opt/node-global"),
    ],
)
def test_npm_prefix_from_the_user_npmrc_keeps_nothing_else(machine_factory, pack, line, where):
    m = machine_factory("linux")
    m.write(m.h(".npmrc"), f"//registry.npmjs.org/:_authToken=npm_SECRETVALUE\n{line}\n")
    m.write_json(
        f"{where}/lib/node_modules/@google/gemini-cli/package.json", {"name": "@google/gemini-cli", "version": "0.61.0"}
    )
    report = scan(m.machine(), pack)
    assert found(report, "gemini-cli", "npm") == [("0.61.0", "npm")]
    assert "SECRETVALUE" not in repr(report.audit) + repr(report.installs)


@pytest.mark.parametrize(
    "var,value,rel,manager",
    [
        ("NPM_CONFIG_PREFIX", "/srv/npm", "lib/node_modules", "npm"),
        ("BUN_INSTALL", "/srv/bun", "install/global/node_modules", "bun"),
        ("VOLTA_HOME", "/srv/volta", "tools/image/packages/@factory/cli/lib/node_modules", "volta"),
        ("FNM_DIR", "/srv/fnm", "node-versions/v22.11.0/installation/lib/node_modules", "fnm"),
        ("NVM_DIR", "/srv/nvm", "versions/node/v22.11.0/lib/node_modules", "nvm"),
        ("ASDF_DATA_DIR", "/srv/asdf", "installs/nodejs/22.11.0/lib/node_modules", "asdf"),
        ("MISE_DATA_DIR", "/srv/mise", "installs/node/22.11.0/lib/node_modules", "mise"),
        ("YARN_GLOBAL_FOLDER", "/srv/yarn", "node_modules", "yarn"),
    ],
)
def test_node_roots_moved_by_environment_variables(machine_factory, pack, var, value, rel, manager):
    m = machine_factory("linux")
    m.write_json(f"{value}/{rel}/@factory/cli/package.json", {"name": "@factory/cli", "version": "0.225.1"})
    assert found(scan(m.machine(), pack), "factory-droid", "npm") == []  # a disk image: no environment
    m.env[var] = value
    assert found(scan(m.machine(), pack), "factory-droid", "npm") == [("0.225.1", manager)]


def test_nvm_windows_home_from_the_environment(machine_factory, pack):
    m = machine_factory("windows")
    m.write_json(
        "/nvm/v22.11.0/node_modules/@openai/codex/package.json", {"name": "@openai/codex", "version": "0.169.0"}
    )
    m.env["NVM_HOME"] = "C:\\nvm"
    assert found(scan(m.machine(), pack), "openai-codex", "npm") == [("0.169.0", "nvm")]


@pytest.mark.parametrize(
    "var,value,venv",
    [("PIPX_HOME", "/srv/pipx", "/srv/pipx/venvs/llm"), ("UV_TOOL_DIR", "/srv/uv-tools", "/srv/uv-tools/llm")],
)
def test_python_tool_homes_moved_by_environment_variables(machine_factory, pack, var, value, venv):
    m = machine_factory("linux")
    m.write(f"{venv}/lib/python3.12/site-packages/llm-0.36.dist-info/METADATA", "Name: llm\nVersion: 0.36\n")
    assert found(scan(m.machine(), pack), "llm-cli", "python") == []
    m.env[var] = value
    assert found(scan(m.machine(), pack), "llm-cli", "python") == [("0.36", var.split("_")[0].lower())]


@pytest.mark.parametrize(
    "platform,site",
    [
        ("linux", ".local/share/mamba/lib/python3.12/site-packages"),
        ("linux", "mambaforge/lib/python3.12/site-packages"),
        ("macos", "micromamba/lib/python3.12/site-packages"),
        ("windows", "miniconda3/Lib/site-packages"),
    ],
)
def test_conda_and_mamba_base_environments(machine_factory, pack, platform, site):
    m = machine_factory(platform)
    m.write(m.h(f"{site}/mistral_vibe-3.0.3.dist-info/METADATA"), "Name: mistral-vibe\nVersion: 3.0.3\n")
    assert found(scan(m.machine(), pack), "mistral-vibe", "python") == [("3.0.3", "pip")]


def test_homebrew_on_linux_in_the_user_home(machine_factory, pack):
    m = machine_factory("linux")
    m.write_json(
        m.h(".linuxbrew/lib/node_modules/@factory/cli/package.json"), {"name": "@factory/cli", "version": "0.2.0"}
    )
    assert found(scan(m.machine(), pack), "factory-droid", "npm") == [("0.2.0", "npm")]


NPM_CMD = r"""@ECHO off
GOTO start
:find_dp0
SET dp0=%~dp0
EXIT /b
:start
SETLOCAL
CALL :find_dp0
IF EXIST "%dp0%\node.exe" (
  SET "_prog=%dp0%\node.exe"
) ELSE (
  SET "_prog=node"
  SET PATHEXT=%PATHEXT:;.JS;=;%
)
endLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & "%_prog%"  "%dp0%\node_modules\@factory\cli\bin\droid" %*
"""
NPM_PS1 = """#!/usr/bin/env pwsh
$basedir=Split-Path $MyInvocation.MyCommand.Definition -Parent
$env:NODE_PATH="C:\\somewhere\\node_modules"
if (Test-Path "$basedir/node$exe") {
  & "$basedir/node$exe"  "$basedir/node_modules/@factory/cli/bin/droid" $args
} else {
  & "node$exe"  "$basedir/node_modules/@factory/cli/bin/droid" $args
}
"""
PNPM9_SH = """#!/bin/sh
basedir=$(dirname "$(echo "$0" | sed -e 's,\\\\,/,g')")
export NODE_PATH="/home/ada/.local/share/pnpm/global/5/node_modules/.pnpm/node_modules"
if [ -x "$basedir/node" ]; then
  exec "$basedir/node"  "$basedir/global/5/node_modules/@factory/cli/bin/droid" "$@"
else
  exec node  "$basedir/global/5/node_modules/@factory/cli/bin/droid" "$@"
fi
"""
PNPM12_SH = """#!/bin/sh
case "$dir" in
  */node_modules/*|*/node_modules) ;;
esac
  export NODE_PATH='/elsewhere/node_modules'
  exec node  "$basedir_abs"/'../global/v11/be57/node_modules/@factory/cli/bin/droid' "$@"
# cmd-shim-target=/home/ada/.local/share/pnpm/global/v11/be57/node_modules/@factory/cli/bin/droid
"""


@pytest.mark.parametrize(
    "name,text,expected",
    [
        ("droid.cmd", NPM_CMD, "/bin/node_modules/@factory/cli/bin/droid"),
        ("droid.ps1", NPM_PS1, "/bin/node_modules/@factory/cli/bin/droid"),
        ("droid", PNPM9_SH, "/bin/global/5/node_modules/@factory/cli/bin/droid"),
        ("droid", PNPM12_SH, "/global/v11/be57/node_modules/@factory/cli/bin/droid"),
    ],
)
def test_shim_text_names_the_file_it_runs(machine_factory, pack, name, text, expected):
    m = machine_factory("linux")
    folder = m.h(".local/share/pnpm/bin")
    m.write(f"{folder}/{name}", text)
    ctx = Context(Disk(m.machine()), m.machine(), pack.catalog)
    targets = list(shim_targets(ctx, f"{folder}/{name}"))
    assert targets and targets[0] == m.h(".local/share/pnpm") + expected
    assert all("/elsewhere" not in t and "somewhere" not in t for t in targets)


def test_a_pnpm_shim_on_the_search_path_gives_the_version(machine_factory, pack):
    m = machine_factory("linux")
    pnpm_home = m.h(".local/share/pnpm")
    store = pnpm_v11(m, pnpm_home, "@factory/cli", "0.225.1", ident="be57")
    m.write(f"{store}/bin/droid", "#!/usr/bin/env node\n")
    m.executable("droid", folder=f"{pnpm_home}/bin", content=PNPM12_SH)
    report = scan(m.machine(), pack)
    assert found(report, "factory-droid", "path") == [("0.225.1", "")]


def test_a_big_binary_on_the_search_path_is_not_read_as_a_shim(machine_factory, pack):
    m = machine_factory("linux")
    # (a system folder: in the user's own, every command's first bytes are looked at for a script, by design)
    m.executable("droid", folder="/usr/local/bin", content="\x7fELF" + "x" * (70 * 1024))
    report = scan(m.machine(), pack)
    assert found(report, "factory-droid", "path") == [(None, "")]
    assert not any(p.endswith("/droid") for p in report.audit.paths_read)
    assert not report.audit.skipped


def test_shim_parsing_is_linear_on_hostile_text(machine_factory, pack):
    m = machine_factory("linux")
    hostile = ('exec "' + "\"'" * 20000 + "\n") + ("exec " + "node_modules/" * 4000 + "\n")
    m.write(m.h("bin/droid"), hostile[: 60 * 1024])
    ctx = Context(Disk(m.machine()), m.machine(), pack.catalog)
    assert list(shim_targets(ctx, m.h("bin/droid"))) == []


@pytest.mark.parametrize(
    "tool,var,folder",
    [("claude-code", "CLAUDE_CONFIG_DIR", "/srv/claude-config"), ("openai-codex", "CODEX_HOME", "/srv/codex-home")],
)
def test_config_dirs_moved_by_documented_variables(machine_factory, pack, tool, var, folder):
    m = machine_factory("linux")
    m.mkdir(folder)
    assert found(scan(m.machine(), pack), tool, "config") == []
    m.env[var] = folder
    assert (None, "config") in found(scan(m.machine(), pack), tool, "config")


def test_xdg_config_home_moves_tool_homes_on_the_live_machine(machine_factory, pack):
    m = machine_factory("linux")
    m.mkdir("/xdg/amp")
    m.env["XDG_CONFIG_HOME"] = "/xdg"
    f = scan(m.machine(), pack).finding("amp")
    assert f is not None and any(i.path == "/xdg/amp" for i in f.installs)


@pytest.mark.parametrize(
    "folder,tool",
    [
        (".factory", "factory-droid"),
        (".augment", "augment"),
        (".qoder", "qoder"),
        (".trae", "trae"),
        (".kimi", "kimi-cli"),
        (".vibe", "mistral-vibe"),
    ],
)
def test_tool_homes_are_evidence_of_use(machine_factory, pack, folder, tool):
    m = machine_factory("linux")
    m.mkdir(m.h(folder))
    assert found(scan(m.machine(), pack), tool, "config") == [(None, "config")]


def test_homebrew_prefix_from_the_environment(machine_factory, pack):
    m = machine_factory("linux")
    m.write_json(
        "/srv/brew/Cellar/gemini-cli/0.61.0/libexec/lib/node_modules/@google/gemini-cli/package.json",
        {"name": "@google/gemini-cli", "version": "0.61.0"},
    )
    assert found(scan(m.machine(), pack), "gemini-cli", "brew") == []
    m.env["HOMEBREW_PREFIX"] = "/srv/brew"
    assert found(scan(m.machine(), pack), "gemini-cli", "brew") == [("0.61.0", "formula")]


def test_yarn_classic_run_as_root_keeps_globals_under_usr_local_share(machine_factory, pack):
    m = machine_factory("linux")
    m.write_json(
        "/usr/local/share/.config/yarn/global/node_modules/@openai/codex/package.json",
        {"name": "@openai/codex", "version": "0.169.0"},
    )
    assert found(scan(m.machine(), pack), "openai-codex", "npm") == [("0.169.0", "yarn")]
