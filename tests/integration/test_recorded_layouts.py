"""Detection on layouts the real installers wrote. Each fixture in tests/fixtures/layouts was recorded by
scripts/record_layouts.py from a real install (npm, pnpm 10 and 12, bun, yarn classic, pipx, uv, what npx,
pnpm dlx and bunx fetch, and npm's global folder under mise's npm backend, nodenv, n and a conda environment; the installer
version is in the fixture); here it is replayed into tmp_path as real folders, files and symbolic links, and
scanned like a mounted disk (``--root``). No network."""

from __future__ import annotations

import os

import pytest

from support.layouts import LAYOUTS, load, replay
from tui.core.scanner import scan
from tui.core.user_scripts import user_folders

FIXTURES = sorted(LAYOUTS.glob("*.json"))
NPM_MANAGERS = {
    "npm": "npm",
    "npm-cli-js": "npm",
    "npm-native": "npm",
    "pnpm10": "pnpm",
    "pnpm12": "pnpm",
    "bun": "bun",
    "yarn1": "yarn",
    "npx": "npx",
    "pnpm-dlx": "pnpm-dlx",
    "bunx": "bunx",
    "mise-npm": "mise-npm",
    "nodenv": "nodenv",
    "n": "n",
    "conda": "conda",
}
# npx runs a package from its cache: nothing of it is put on the search path; mise's npm backend and nodenv
# run a version's command through their shims (whose folder their `activate`/`init` computes), conda through
# the environment it activates
NO_COMMAND = {"npx", "pnpm-dlx", "bunx", "mise-npm", "nodenv", "conda"}
# bunx fetches into bun's install cache too (<pkg>@<version>@@@1), which is read as a trace beside its own folder
ALSO_MANAGERS = {"bunx": {"bun-cache"}}


@pytest.fixture(params=FIXTURES, ids=[p.stem for p in FIXTURES])
def recorded(request, tmp_path):
    fixture = load(request.param)
    return fixture, replay(fixture, tmp_path / "disk")


def test_every_installer_of_the_issue_was_recorded():
    names = {p.stem for p in FIXTURES}
    assert {"npm", "pnpm10", "pnpm12", "bun", "yarn1", "pipx", "uv"} <= names
    for path in FIXTURES:
        fixture = load(path)
        assert fixture["installer_version"] and fixture["commands"], path.name
        assert len(fixture["packages"]) >= (1 if fixture["commands"][0].count("@") > 1 else 2), path.name


def test_each_recorded_package_is_found_with_its_version(recorded, pack):
    fixture, machine = recorded
    report = scan(machine, pack)
    key = "npm" if fixture["installer"] in NPM_MANAGERS else "pypi"
    channel = "npm" if key == "npm" else "python"
    index = pack.catalog.index(key)
    expected = {
        pkg: version
        for pkg, version in fixture["packages"].items()
        if (pkg.lower() if key == "pypi" else pkg) in {n.lower() if key == "pypi" else n for n in index}
    }
    assert expected, "the fixture holds no catalogued package"
    found = {(i.key, i.version) for i in report.installs if i.channel == channel}
    for pkg, version in expected.items():
        name = pkg.lower().replace("_", "-") if key == "pypi" else pkg
        assert (name, version) in found, f"{fixture['installer']}: {pkg} {version} not found ({sorted(found)})"
    if key == "npm":
        managers = {i.manager for i in report.installs if i.channel == "npm"}
        assert managers == {NPM_MANAGERS[fixture["installer"]], *ALSO_MANAGERS.get(fixture["installer"], ())}
    else:
        assert {i.manager for i in report.installs if i.channel == "python"} == {fixture["installer"]}


def test_each_command_on_the_search_path_carries_the_version(recorded, pack):
    """The command a user runs (a symlink, or a text shim as pnpm writes) leads to the package's version."""
    fixture, machine = recorded
    if fixture["installer"] in NO_COMMAND:
        pytest.skip("this installer puts no command on the search path")
    report = scan(machine, pack)
    by_tool = {}
    for i in report.installs:
        if i.channel not in ("npm", "python"):
            continue
        by_tool.setdefault(i.tool_id, set()).add(i.version)
    commands = [i for i in report.installs if i.channel == "path" and i.tool_id in by_tool]
    assert commands, "no catalogued command on the search path"
    tools_with_command = {i.tool_id for i in commands}
    for i in commands:
        assert i.version in by_tool[i.tool_id], f"{i.path}: {i.version} (package says {by_tool[i.tool_id]})"
    # every catalogued package that installs a catalogued command shows up through that command
    catalogued_commands = {
        t.id for t in pack.catalog.tools.values() if t.sig("executables") or t.sig("generic_executables")
    }
    assert {t for t in by_tool if t in catalogued_commands} <= tools_with_command


def test_npxs_copy_is_found_and_its_fix_deletes_that_copy_alone(tmp_path, pack):
    """`npx -y @anthropic-ai/claude-code@2.1.150` leaves the package in ~/.npm/_npx/<hash>, where npx runs it
    again without a download: an affected version there needs action, and the fix deletes that folder alone
    (npm uninstall --global would touch nothing)."""
    from tui.core.remediation import fix_plan

    machine = replay(load(LAYOUTS / "npx.json"), tmp_path / "disk")
    report = scan(machine, pack)
    f = report.finding("claude-code")
    assert f.action_required and f.versions == ["2.1.150"]
    [install] = [i for i in report.installs if i.tool_id == "claude-code" and i.channel == "npm"]
    assert install.manager == "npx" and install.detail == "npx's copy of @anthropic-ai/claude-code"
    folder = install.path.rpartition("/node_modules/")[0]
    commands = [s.command for r in fix_plan(f, machine) for s in r.steps if s.command]
    assert f"rm -rf -- {folder}" in commands and not any("uninstall" in c for c in commands), commands


def test_a_recorded_scan_reads_no_unrelated_file(recorded, pack):
    _fixture, machine = recorded
    report = scan(machine, pack)
    read = [p[len(str(machine.root)) :] for p in report.audit.paths_read]
    shims = ("/bin/", "/pnpm/")  # commands on the search path: links followed, text shims read
    # and the files whose first lines state a package's version (the catalog's npm_version_marks: cli.js)
    marks = tuple(f"/{file}" for tool in pack.catalog.tools.values() for file, *_ in tool.sig("npm_version_marks"))
    kept = ("package.json", "METADATA", ".npmrc", "/.bashrc", *marks)  # .bashrc: the installer's own lines
    # and the first bytes of each command in the home's folders of the search path (a script the user wrote
    # there is read: tests/integration/test_user_scripts.py), wherever it leads
    commands = {
        os.path.realpath(entry)[len(str(machine.root)) :]
        for folder in user_folders(machine)
        if os.path.isdir(str(machine.root) + folder)
        for entry in (os.path.join(str(machine.root) + folder, n) for n in os.listdir(str(machine.root) + folder))
    }
    assert all(p.endswith(kept) or any(s in p for s in shims) or p in commands for p in read), read


@pytest.mark.parametrize("how", ["npmrc", "environment"])
def test_npxs_copies_are_found_where_npms_cache_was_moved(tmp_path, pack, how):
    """`cache=${HOME}/.cache/npm` in ~/.npmrc (the XDG layout many guides give), or npm_config_cache: npx
    keeps its copies there, and they were not looked for."""
    import dataclasses
    import shutil

    machine = replay(load(LAYOUTS / "npx.json"), tmp_path / "disk")
    home = machine.root / machine.home.lstrip("/")
    (home / ".cache").mkdir(exist_ok=True)
    shutil.move(str(home / ".npm"), str(home / ".cache" / "npm"))
    if how == "npmrc":
        (home / ".npmrc").write_text("cache=${HOME}/.cache/npm\n")
    else:
        machine = dataclasses.replace(machine, env={**machine.env, "npm_config_cache": f"{machine.home}/.cache/npm"})
    found = {(i.key, i.manager) for i in scan(machine, pack).installs if i.channel == "npm"}
    assert ("@anthropic-ai/claude-code", "npx") in found
