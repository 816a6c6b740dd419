"""An edited package.json does not move an install out of an advisory. Claude Code 2.1.100 and 2.1.150 (inside
AICHECK-2026-0001's 2.1.91 to 2.1.197) were installed by the real npm (tests/fixtures/layouts/npm-cli-js.json and
npm-native.json) and are replayed here; then their `"version"` is edited to 2.1.250. Before, the check took the
edit's word and the advisory was gone. The package states its version elsewhere too (cli.js's header, the
platform build it pins and installs), and a version those contradict cannot be confirmed: action required."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support.layouts import load, replay
from support.packs import isolate_cli, run_cli
from tui.core.content import read_pack
from tui.core.scanner import scan
from tui.demo.synthetic import bun_executable
from tui.paths import bundled_content_dir

PKG = "home/dev/.node-global/lib/node_modules/@anthropic-ai/claude-code"


def _disk(tmp_path: Path, name: str):
    fixture = load(name)
    return fixture, replay(fixture, tmp_path / "disk"), tmp_path / "disk"


def _edit(path: Path, **changes) -> None:
    data = json.loads(path.read_text())
    data.update(changes)
    path.write_text(json.dumps(data))


def _claude(report):
    return [i for i in report.installs if i.tool_id == "claude-code"]


@pytest.mark.parametrize("name, installed", [("npm-cli-js", "2.1.100"), ("npm-native", "2.1.150")])
def test_as_installed_the_advisory_applies(tmp_path, pack, name, installed):
    _fixture, machine, _root = _disk(tmp_path, name)
    report = scan(machine, pack)
    assert {(i.channel, i.version) for i in _claude(report)} == {("npm", installed), ("path", installed)}
    assert all(not i.version_conflict for i in report.installs)
    finding = report.finding("claude-code")
    assert finding.verdict == "prohibited" and [a.id for a in finding.advisories] == ["AICHECK-2026-0001"]


def test_codexs_aliased_platform_build_agrees_with_it(tmp_path, pack):
    """Codex pins its builds as npm aliases (`npm:@openai/codex@0.171.0-linux-x64`): the platform after the
    version is the same version."""
    _fixture, machine, _root = _disk(tmp_path, "npm-native")
    codex = [i for i in scan(machine, pack).installs if i.tool_id == "openai-codex" and i.channel == "npm"]
    assert [(i.version, i.version_conflict) for i in codex] == [("0.171.0", "")]


WITNESSES = [
    # (layout, what else the edit changes, what is left to contradict it)
    ("npm-cli-js", {}, "cli.js states 2.1.100"),
    ("npm-native", {}, "its optionalDependencies pin its platform builds at 2.1.150"),
    (
        "npm-native",
        {"optionalDependencies": {}},
        "node_modules/@anthropic-ai/claude-code-linux-x64/package.json states 2.1.150",
    ),
]


@pytest.mark.parametrize("name, also, witness", WITNESSES)
def test_an_edited_version_cannot_be_confirmed(tmp_path, monkeypatch, capsys, name, also, witness):
    fixture, _machine, root = _disk(tmp_path, name)
    _edit(root / PKG / "package.json", version="2.1.250", **also)
    isolate_cli(monkeypatch, tmp_path)
    search = ":".join(fixture["search_path"])
    args = ("check", "--root", str(root), "--platform", "linux", "--home", fixture["home"], "--search-path", search)
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 1, out + err
    tool = next(t for t in json.loads(out)["tools"] if t["id"] == "claude-code")
    assert tool["action_required"] is True
    [npm] = [i for i in tool["installs"] if i["channel"] == "npm"]
    assert npm["version"] is None and "2.1.250" not in [i["version"] for i in tool["installs"]]
    assert npm["version_conflict"].startswith("package.json states 2.1.250; ")
    assert witness in npm["version_conflict"]
    reason = next(r for r in tool["reasons"] if "cannot be confirmed" in r)
    assert witness in reason and "not affected by AICHECK-2026-0001" in reason
    code, text, err = run_cli(capsys, *args)
    assert code == 1 and witness in text


def test_the_version_as_installed_still_reads_and_a_missing_witness_proves_nothing(tmp_path, pack):
    """cli.js without its header (a file the recorder did not keep whole, or another build): nothing to
    compare, so the manifest's version stands; the header's own version agrees with it as installed."""
    _fixture, machine, root = _disk(tmp_path, "npm-cli-js")
    (root / PKG / "cli.js").write_text("#!/usr/bin/env node\nconsole.log(1)\n")
    assert {i.version for i in _claude(scan(machine, pack))} == {"2.1.100"}


def test_a_hostile_program_file_is_read_by_its_head_alone(tmp_path, pack):
    """A 64 MiB cli.js (or a FIFO in its place): the first 4 KiB at most, never the whole, never a hang."""
    import os

    _fixture, machine, root = _disk(tmp_path, "npm-cli-js")
    cli = root / PKG / "cli.js"
    with open(cli, "wb") as fh:
        fh.write(b"#!/usr/bin/env node\n// Version: 2.1.100\n")
        fh.truncate(64 * 1024 * 1024)
    _edit(root / PKG / "package.json", version="2.1.250")
    report = scan(machine, pack)
    assert {i.version_conflict for i in _claude(report) if i.channel == "npm"} == {
        "package.json states 2.1.250; cli.js states 2.1.100"
    }
    cli.unlink()
    os.mkfifo(cli)
    report = scan(machine, pack)
    assert {i.version for i in _claude(report) if i.channel == "npm"} == {"2.1.250"}  # nothing else states one
    assert any(s.path.endswith("cli.js") and "not a regular file" in s.reason for s in report.audit.skipped)


@pytest.mark.parametrize(
    "mark, problem",
    [
        ("{ file = \"cli.js\", pattern = '^// Version: \\S+$' }", "must have one group (the version)"),
        ("{ file = \"cli.js\", pattern = '^// Version: (\\S+$' }", "is not a regular expression"),
        ("{ file = \"../../x.js\", pattern = '(x)' }", "must be a path inside the package"),
        ('{ file = "cli.js" }', "pattern"),
        ('"cli.js"', "must be a table"),
    ],
)
def test_a_bad_mark_is_refused_with_its_line(tmp_path, mark, problem):
    folder = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), folder)
    catalog = folder / "catalog.toml"
    text = catalog.read_text()
    start = text.index("\nnpm_version_marks") + 1
    end = text.index("\n]\n", start) + 3  # the whole array, one mark a line
    catalog.write_text(text[:start] + f"npm_version_marks = [{mark}]\n" + text[end:])
    line = next(i for i, ln in enumerate(catalog.read_text().splitlines(), 1) if ln.startswith("npm_version_marks"))
    found = [str(p) for p in read_pack(folder)[1]]
    assert any(f"catalog.toml:{line}:" in p and problem in p for p in found), found


# -- the program itself: from 2.1.120 a Bun executable of 240 MB whose stored bundle's header states the version
CLI = "/$bunfs/root/src/entrypoints/cli.js"
HEADER = "// @bun @bytecode @bun-cjs\n(function(exports, require, module, __filename, __dirname) {// Claude Code\n\n// Version: {v}\nvar x=1;\n"


def _program(version: str, **kwargs) -> bytes:
    return bun_executable(CLI, HEADER.replace("{v}", version).encode(), **kwargs)


def _spoofed(root: Path, version: str = "2.1.250") -> None:
    """The red team's two edits: the wrapper's package.json (its version and every pin) and the platform build's."""
    for path in (root / PKG / "package.json", root / PKG / BUILD / "package.json"):
        path.write_text(path.read_text().replace("2.1.150", version))


BUILD = "node_modules/@anthropic-ai/claude-code-linux-x64"


def test_every_package_json_rewritten_the_program_still_states_its_version(tmp_path, monkeypatch, capsys):
    """The red team's bend: both package.json files edited to 2.1.250 (pins and all), the advisory gone; the
    platform build's program (recorded from the real install: its stored bundle's header) still states
    2.1.150, and so does bin/claude.exe once npm's install script has put the program there."""
    fixture, _machine, root = _disk(tmp_path, "npm-native")
    assert (root / PKG / BUILD / "claude").stat().st_size < 64 * 1024  # the replayed program, not 240 MB
    _spoofed(root)
    isolate_cli(monkeypatch, tmp_path)
    search = ":".join(fixture["search_path"])
    args = ("check", "--root", str(root), "--platform", "linux", "--home", fixture["home"], "--search-path", search)
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 1, out + err
    tool = next(t for t in json.loads(out)["tools"] if t["id"] == "claude-code")
    [npm] = [i for i in tool["installs"] if i["channel"] == "npm"]
    assert npm["version"] is None
    assert npm["version_conflict"] == f"package.json states 2.1.250; {BUILD}/claude states 2.1.150"
    assert any(p.endswith(f"{BUILD}/claude") for p in json.loads(out)["audit"]["paths_read"])
    # as npm's install script leaves it: the program copied over bin/claude.exe, the platform build gone
    (root / PKG / "bin" / "claude.exe").write_bytes((root / PKG / BUILD / "claude").read_bytes())
    shutil.rmtree(root / PKG / BUILD)
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 1, out + err
    tool = next(t for t in json.loads(out)["tools"] if t["id"] == "claude-code")
    [npm] = [i for i in tool["installs"] if i["channel"] == "npm"]
    assert npm["version_conflict"] == "package.json states 2.1.250; bin/claude.exe states 2.1.150"


def test_as_installed_the_program_agrees_and_a_program_that_states_nothing_proves_nothing(tmp_path, pack):
    _fixture, machine, root = _disk(tmp_path, "npm-native")
    assert {(i.version, i.version_conflict) for i in _claude(scan(machine, pack))} == {("2.1.150", "")}
    # a placeholder (npm's bin/claude.exe before its install script runs), a truncated program, a table whose
    # places lie outside the data: no Bun executable aicheck knows, so nothing stated
    program = _program("2.1.150")
    for broken in (b"#!/bin/sh\necho not installed\n", program[:-5000], program.replace(b"/$bunfs/", b"/elsewh/")):
        (root / PKG / BUILD / "claude").write_bytes(broken)
        _spoofed(root, "2.1.251")
        assert {i.version for i in _claude(scan(machine, pack)) if i.channel == "npm"} == {"2.1.251"}
        _spoofed(root, "2.1.150")  # (back: the next edit starts from the install)
        for path in (root / PKG / "package.json", root / PKG / BUILD / "package.json"):
            path.write_text(path.read_text().replace("2.1.251", "2.1.150"))


def test_the_bundle_is_found_through_bun_s_index_not_by_reading_the_program(tmp_path, pack):
    """The trailer at the end of Bun's data, with megabytes of section tables after it (as a Linux build has
    50 KB, a Mac's code signature more): found by reading back from the end in pieces; past MAX_TAIL_BYTES it
    is not looked for, and the program states nothing."""
    from tui.core import bun_bundle
    from tui.core.machine import Disk

    _fixture, machine, root = _disk(tmp_path, "npm-native")
    _spoofed(root)
    build = root / PKG / BUILD / "claude"
    build.write_bytes(_program("2.1.150", tail=b"\0" * (3 * bun_bundle.TAIL_PIECE + 7)))
    [npm] = [i for i in _claude(scan(machine, pack)) if i.channel == "npm"]
    assert npm.version is None and f"{BUILD}/claude states 2.1.150" in npm.version_conflict
    with open(build, "ab") as fh:  # a file of 9 MiB after the trailer (sparse: nothing written)
        fh.truncate(build.stat().st_size + bun_bundle.MAX_TAIL_BYTES)
    assert bun_bundle.entry_head(Disk(machine), f"/{PKG}/{BUILD}/claude", 4096) is None


def test_a_native_version_renamed_cannot_be_confirmed(tmp_path, machine_factory, monkeypatch, capsys, pack):
    """The native installer keeps each version as ~/.local/share/claude/versions/<version>, the program itself:
    renamed 2.1.250 (and the launcher pointed at it), the name was the version. The program states 2.1.150."""
    m = machine_factory("linux")
    versions = m.h(".local/share/claude/versions")
    m.write(f"{versions}/2.1.150", _program("2.1.150"))
    m.symlink(m.h(".local/bin/claude"), f"{versions}/2.1.150")
    found = {(i.channel, i.version) for i in _claude(scan(m.machine(), pack))}
    assert ("native", "2.1.150") in found
    m.host(f"{versions}/2.1.150").rename(m.host(f"{versions}/2.1.250"))
    m.host(m.h(".local/bin/claude")).unlink()
    m.symlink(m.h(".local/bin/claude"), f"{versions}/2.1.250")
    [native] = [i for i in _claude(scan(m.machine(), pack)) if i.channel == "native"]
    assert native.version is None
    assert native.version_conflict == "its name states 2.1.250; the program in it states 2.1.150"
    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", "linux", "--home", m.home, "--search-path", m.h(".local/bin"))
    code, text, err = run_cli(capsys, *args)
    assert code == 1, text + err
    assert "the program in it states 2.1.150" in text and "not affected by AICHECK-2026-0001" in text


# -- Python: a dist-info's METADATA states the version; its folder's name and RECORD's hash of it stand by it
def _wheel_hash(data: bytes) -> str:
    """As the wheel format's RECORD writes a file's hash (PEP 376, PEP 427): sha256, URL-safe base64 without
    padding (63 of 63 RECORDs pip wrote in this project's own virtual environment agree with it)."""
    import base64
    import hashlib

    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _aider(machine_factory, version: str = "0.86.2"):
    m = machine_factory("linux")
    folder = m.python("aider-chat", version, bin_name="aider")
    meta = m.host(folder) / "METADATA"
    name = folder.rsplit("/", 1)[1]
    (m.host(folder) / "RECORD").write_text(
        f"aider/__init__.py,sha256=AAAA,10\n{name}/METADATA,{_wheel_hash(meta.read_bytes())},{meta.stat().st_size}\n"
        f"{name}/RECORD,,\n"
    )
    return m, meta


def _aider_install(m, pack):
    return next(i for i in scan(m.machine(), pack).installs if i.tool_id == "aider" and i.channel == "python")


def test_a_python_distribution_as_installed_is_confirmed(machine_factory, pack):
    m, _meta = _aider(machine_factory)
    install = _aider_install(m, pack)
    assert (install.version, install.version_conflict) == ("0.86.2", "")


def test_an_edited_metadata_version_cannot_be_confirmed(tmp_path, machine_factory, monkeypatch, capsys, pack):
    m, meta = _aider(machine_factory)
    meta.write_text(meta.read_text().replace("Version: 0.86.2", "Version: 0.99.0"))
    install = _aider_install(m, pack)
    assert install.version is None
    assert install.version_conflict == (
        "METADATA states 0.99.0; its folder's name states 0.86.2; "
        "METADATA does not match the hash RECORD holds for it (it was edited)"
    )
    # the folder renamed too: RECORD's hash still tells
    host = meta.parent
    host.rename(host.with_name("aider_chat-0.99.0.dist-info"))
    install = _aider_install(m, pack)
    assert install.version is None
    assert install.version_conflict == (
        "METADATA states 0.99.0; its RECORD lists it as aider_chat-0.86.2.dist-info; "
        "METADATA does not match the hash RECORD holds for it (it was edited)"
    )
    # a policy that allows a range: an unconfirmed version is action required, with what disagrees
    folder = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), folder)
    policy = folder / "policy.toml"
    policy.write_text(
        policy.read_text().replace(
            '[tools.aider]\nstatus = "prohibited"', '[tools.aider]\nversions = ">=0.90"\nstatus = "prohibited"'
        )
    )
    isolate_cli(monkeypatch, tmp_path)
    code, out, err = run_cli(capsys, "check", *m.cli_args(), "--content", str(folder), "--json")
    assert code == 1, out + err
    tool = next(t for t in json.loads(out)["tools"] if t["id"] == "aider")
    assert any("cannot be confirmed (METADATA states 0.99.0;" in r for r in tool["reasons"]), tool["reasons"]


# -- VS Code family: extensions.json lists the version; the folder's name and the extension's package.json too
def _extension(machine_factory):
    m = machine_factory("linux")
    folder = m.vscode_extension("anthropic.claude-code", "2.1.150")
    return m, m.host(folder), m.host(m.h(".vscode/extensions/extensions.json"))


def _extension_install(m, pack):
    return next(i for i in scan(m.machine(), pack).installs if i.tool_id == "claude-code" and i.channel == "vscode")


def test_an_extension_as_installed_is_in_the_advisory(machine_factory, pack):
    m, _folder, _registry = _extension(machine_factory)
    assert (_extension_install(m, pack).version, _extension_install(m, pack).version_conflict) == ("2.1.150", "")
    assert scan(m.machine(), pack).finding("claude-code").verdict == "prohibited"


def test_an_edited_extension_registry_cannot_be_confirmed(machine_factory, pack):
    m, folder, registry = _extension(machine_factory)
    entries = json.loads(registry.read_text())
    entries[0]["version"] = "2.1.250"
    registry.write_text(json.dumps(entries))
    install = _extension_install(m, pack)
    assert install.version is None
    assert install.version_conflict == (
        "extensions.json states 2.1.250; its folder's name states 2.1.150; its package.json states 2.1.150"
    )
    # the folder renamed to match: the extension's own manifest (what the editor runs) still says 2.1.150
    renamed = folder.rename(folder.with_name("anthropic.claude-code-2.1.250"))
    entries[0]["relativeLocation"] = renamed.name
    entries[0]["location"]["path"] = entries[0]["location"]["path"].replace("2.1.150", "2.1.250")
    registry.write_text(json.dumps(entries))
    install = _extension_install(m, pack)
    assert (install.version, install.version_conflict) == (
        None,
        "extensions.json states 2.1.250; its package.json states 2.1.150",
    )
    assert scan(m.machine(), pack).finding("claude-code").action_required
